//! The `from="…"` option of an `authorized_keys` line: which client addresses a key may be used
//! from. Matched the way OpenSSH matches it against an address: a comma-separated list of
//! entries, each an address, a CIDR network (`10.0.0.0/8`) or a wildcard pattern (`192.168.*`,
//! `?` for one character), any of them negated with `!`. A negated entry that matches refuses the
//! key whatever else matches; otherwise some plain entry must match.
//!
//! Host names are not matched: the only name a server knows for a client is what a reverse
//! lookup claims, which whoever controls that address's DNS decides. A list naming only hosts
//! therefore never matches, and a negated host name (an exclusion this server cannot check) makes
//! the line unusable rather than silently ignored.

use std::net::IpAddr;

/// Why a `from=` list makes its line unusable. An entry it quotes is cleaned of control
/// characters and cut to 80 characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FromRuleError {
    #[error("from= has an empty entry")]
    EmptyEntry,
    #[error(
        "from= excludes a host name, which this server cannot check (it matches addresses only)"
    )]
    ExcludesHost,
    #[error("from= only excludes, so it allows no address")]
    OnlyExcludes,
    #[error(
        "from= names only host names, which this server cannot match (it matches addresses only)"
    )]
    OnlyHosts,
    #[error("from= entry {0:?} is not a valid address or network")]
    NotAnAddress(String),
    /// A network with bits set past its mask length (`10.1.2.3/8`), more likely a typo.
    #[error("from= entry {0:?} has bits set past its mask length")]
    BitsPastMask(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    Network(IpAddr, u8),
    /// A wildcard pattern over the address as text.
    Wildcard(String),
    /// A host name (pattern); never matches.
    Host,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromList {
    entries: Vec<(bool, Entry)>,
    /// Plain (not negated) host-name entries, which never match.
    pub host_entries: usize,
}

impl FromList {
    /// Parses the option's value. `Err` says why the line cannot be used.
    pub fn parse(value: &str) -> Result<FromList, FromRuleError> {
        let mut entries = Vec::new();
        let mut host_entries = 0;
        for raw in value.split(',') {
            let (negated, text) = match raw.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, raw),
            };
            if text.is_empty() {
                return Err(FromRuleError::EmptyEntry);
            }
            let entry = entry(text)?;
            if entry == Entry::Host {
                if negated {
                    return Err(FromRuleError::ExcludesHost);
                }
                host_entries += 1;
            }
            entries.push((negated, entry));
        }
        if entries.iter().all(|(negated, _)| *negated) {
            return Err(FromRuleError::OnlyExcludes);
        }
        if !entries
            .iter()
            .any(|(negated, e)| !negated && *e != Entry::Host)
        {
            return Err(FromRuleError::OnlyHosts);
        }
        Ok(FromList {
            entries,
            host_entries,
        })
    }

    /// True when a client at `addr` may use the key.
    pub fn allows(&self, addr: IpAddr) -> bool {
        // An IPv4 client of a server listening on IPv6 arrives as ::ffff:a.b.c.d.
        let addr = addr.to_canonical();
        let text = addr.to_string();
        let mut allowed = false;
        for (negated, entry) in &self.entries {
            let hit = match entry {
                Entry::Network(net, bits) => in_network(addr, *net, *bits),
                Entry::Wildcard(p) => wildcard(p.as_bytes(), text.as_bytes()),
                Entry::Host => false,
            };
            if hit && *negated {
                return false;
            }
            allowed |= hit;
        }
        allowed
    }
}

fn entry(text: &str) -> Result<Entry, FromRuleError> {
    let bad = || FromRuleError::NotAnAddress(clean(text));
    if let Some((addr, bits)) = text.split_once('/') {
        let addr: IpAddr = addr.parse().map_err(|_| bad())?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let bits: u8 = bits.parse().ok().filter(|b| *b <= max).ok_or_else(bad)?;
        if mask(addr, bits) != addr {
            // OpenSSH refuses these too: 10.1.2.3/8 is more likely a typo than a network.
            return Err(FromRuleError::BitsPastMask(clean(text)));
        }
        return Ok(Entry::Network(addr, bits));
    }
    if let Ok(addr) = text.parse::<IpAddr>() {
        let bits = if addr.is_ipv4() { 32 } else { 128 };
        return Ok(Entry::Network(addr.to_canonical(), bits));
    }
    let v4 = |c: char| c.is_ascii_digit() || matches!(c, '.' | '*' | '?');
    let v6 = |c: char| c.is_ascii_hexdigit() || matches!(c, ':' | '.' | '*' | '?');
    if text.chars().all(v4) || (text.contains(':') && text.chars().all(v6)) {
        return Ok(Entry::Wildcard(text.to_ascii_lowercase()));
    }
    Ok(Entry::Host)
}

fn clean(text: &str) -> String {
    crate::sanitize::sanitize_line(text)
        .chars()
        .take(80)
        .collect()
}

fn mask(addr: IpAddr, bits: u8) -> IpAddr {
    match addr {
        IpAddr::V4(a) => {
            let m = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            IpAddr::V4((u32::from(a) & m).into())
        }
        IpAddr::V6(a) => {
            let m = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            IpAddr::V6((u128::from(a) & m).into())
        }
    }
}

fn in_network(addr: IpAddr, net: IpAddr, bits: u8) -> bool {
    addr.is_ipv4() == net.is_ipv4() && mask(addr, bits) == net
}

/// OpenSSH's `match_pattern`: `*` any run of characters, `?` exactly one.
fn wildcard(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == b'?' || pattern[p] == text[t]) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, t));
            p += 1;
        } else if let Some((sp, st)) = star {
            p = sp + 1;
            t = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allows(list: &str, addr: &str) -> bool {
        FromList::parse(list).unwrap().allows(addr.parse().unwrap())
    }

    #[test]
    fn addresses_networks_and_wildcards() {
        assert!(allows("127.0.0.1", "127.0.0.1"));
        assert!(!allows("10.9.9.9", "127.0.0.1"));
        assert!(allows("10.9.9.9,127.0.0.0/8", "127.0.0.1"));
        assert!(allows("127.0.0.*", "127.0.0.1"));
        assert!(allows("127.0.0.?", "127.0.0.7"));
        assert!(!allows("127.0.0.?", "127.0.0.17"));
        assert!(allows("*", "192.0.2.1"));
        assert!(allows("0.0.0.0/0", "192.0.2.1"));
        assert!(allows("2001:db8::/32", "2001:db8::1"));
        assert!(!allows("2001:db8::/32", "2001:db9::1"));
        assert!(allows("2001:db8::*", "2001:db8::1"));
        // An IPv4 client seen through an IPv6 socket is still its IPv4 address.
        assert!(allows("127.0.0.1", "::ffff:127.0.0.1"));
        assert!(!allows("127.0.0.0/8", "::1"));
    }

    #[test]
    fn a_negated_match_wins() {
        assert!(!allows("!127.0.0.1,*", "127.0.0.1"));
        assert!(allows("!127.0.0.1,*", "127.0.0.2"));
        assert!(!allows("*,!127.0.0.0/8", "127.0.0.2"));
        // Only negations would allow nothing: the line is refused.
        let none = FromList::parse("!10.0.0.0/8,!192.0.2.*");
        assert_eq!(none, Err(FromRuleError::OnlyExcludes));
    }

    #[test]
    fn host_names_never_match() {
        let list = FromList::parse("*.example.com,127.0.0.1").unwrap();
        assert_eq!(list.host_entries, 1);
        assert!(list.allows("127.0.0.1".parse().unwrap()));
        assert!(!list.allows("10.0.0.1".parse().unwrap()));
        let only = FromList::parse("trusted.example.com,*.example.org");
        assert_eq!(only, Err(FromRuleError::OnlyHosts));
        let excluded = FromList::parse("!bad.example.com,*");
        assert_eq!(excluded, Err(FromRuleError::ExcludesHost));
    }

    #[test]
    fn bad_entries_are_errors() {
        use FromRuleError::*;
        for (bad, why) in [
            ("", EmptyEntry),
            ("10.0.0.0/33", NotAnAddress("10.0.0.0/33".into())),
            ("10.1.2.3/8", BitsPastMask("10.1.2.3/8".into())),
            ("10.0.0.0/x", NotAnAddress("10.0.0.0/x".into())),
            ("a/8", NotAnAddress("a/8".into())),
            ("1.2.3.4,,5.6.7.8", EmptyEntry),
        ] {
            assert_eq!(FromList::parse(bad), Err(why), "{bad:?}");
        }
        assert_eq!(
            FromList::parse("10.1.2.3/8").unwrap_err().to_string(),
            "from= entry \"10.1.2.3/8\" has bits set past its mask length"
        );
    }

    #[test]
    fn wildcards() {
        assert!(wildcard(b"*", b""));
        assert!(wildcard(b"a*b*c", b"aXXbYYc"));
        assert!(!wildcard(b"a*b*c", b"aXXbYY"));
        assert!(wildcard(b"1*1", b"1.1.1.1"));
        assert!(!wildcard(b"?", b""));
    }
}
