//! Session limits: how many readers at once, in all and per source address. A slot is held by a
//! guard, so a session that ends in any way (even a panic) gives its slot back.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

pub struct Limits {
    max_total: usize,
    max_per_ip: usize,
    state: Mutex<Counts>,
}

#[derive(Default)]
struct Counts {
    total: usize,
    per_ip: HashMap<IpAddr, usize>,
}

/// Why a session was refused, in words for the person refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    Full(usize),
    TooManyFromYou(usize),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Full(n) => {
                write!(f, "dateline is full ({n} readers); please try again later.")
            }
            Refusal::TooManyFromYou(n) => {
                write!(
                    f,
                    "you already have {n} dateline sessions open from this address; close one first."
                )
            }
        }
    }
}

pub struct Slot {
    limits: Arc<Limits>,
    ip: Option<IpAddr>,
}

impl Limits {
    pub fn new(max_total: usize, max_per_ip: usize) -> Arc<Self> {
        Arc::new(Self {
            max_total,
            max_per_ip,
            state: Mutex::new(Counts::default()),
        })
    }

    pub fn acquire(self: &Arc<Self>, ip: Option<IpAddr>) -> Result<Slot, Refusal> {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if s.total >= self.max_total {
            return Err(Refusal::Full(self.max_total));
        }
        if let Some(ip) = ip {
            let n = s.per_ip.entry(ip).or_default();
            if *n >= self.max_per_ip {
                return Err(Refusal::TooManyFromYou(self.max_per_ip));
            }
            *n += 1;
        }
        s.total += 1;
        Ok(Slot {
            limits: Arc::clone(self),
            ip,
        })
    }

    pub fn active(&self) -> usize {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).total
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut s = self.limits.state.lock().unwrap_or_else(|p| p.into_inner());
        s.total = s.total.saturating_sub(1);
        if let Some(ip) = self.ip
            && let Some(n) = s.per_ip.get_mut(&ip)
        {
            *n -= 1;
            if *n == 0 {
                s.per_ip.remove(&ip);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_counted_and_returned() {
        let l = Limits::new(3, 2);
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        let b: IpAddr = "127.0.0.2".parse().unwrap();
        let s1 = l.acquire(Some(a)).unwrap();
        let _s2 = l.acquire(Some(a)).unwrap();
        assert_eq!(l.acquire(Some(a)).err(), Some(Refusal::TooManyFromYou(2)));
        let _s3 = l.acquire(Some(b)).unwrap();
        assert_eq!(l.acquire(Some(b)).err(), Some(Refusal::Full(3)));
        drop(s1);
        assert_eq!(l.active(), 2);
        assert!(l.acquire(Some(a)).is_ok());
    }
}
