//! A value in memory, or left in a file and read from it only when asked: the article texts and
//! entities a warm start leaves in the analysis cache. Reading is explicit and can fail —
//! [`Lazy::get`] reads and keeps, [`Lazy::read`] reads for a moment, [`Lazy::loaded`] never
//! reads — so nothing reads a file behind a `Deref` or a `Debug`, and a failed read is an error
//! rather than a value invented in its place.

use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, OnceLock};

/// Where a value is in its file: its offset, its length and the hash it must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub at: u64,
    pub len: u32,
    pub hash: u64,
}

/// Reads the value left at a key (why not, when it cannot).
pub type Reader<T, K> = Arc<dyn Fn(K) -> Result<T, String> + Send + Sync>;

pub struct Lazy<T, K> {
    repr: Repr<T, K>,
}

enum Repr<T, K> {
    Owned(T),
    Stored {
        key: K,
        read: Reader<T, K>,
        loaded: OnceLock<T>,
    },
}

impl<T, K: Copy> Lazy<T, K> {
    /// A value in memory.
    pub fn owned(value: T) -> Self {
        Lazy {
            repr: Repr::Owned(value),
        }
    }

    /// A value left at `key`, read by `read` when asked.
    pub fn stored(key: K, read: Reader<T, K>) -> Self {
        Lazy {
            repr: Repr::Stored {
                key,
                read,
                loaded: OnceLock::new(),
            },
        }
    }

    /// The value if it is in memory (owned, or stored and read already); never reads.
    pub fn loaded(&self) -> Option<&T> {
        match &self.repr {
            Repr::Owned(v) => Some(v),
            Repr::Stored { loaded, .. } => loaded.get(),
        }
    }

    /// The value, reading a stored one now (once) and keeping it.
    pub fn get(&self) -> Result<&T, String> {
        match &self.repr {
            Repr::Owned(v) => Ok(v),
            Repr::Stored { key, read, loaded } => {
                if let Some(v) = loaded.get() {
                    return Ok(v);
                }
                let v = read(*key)?;
                Ok(loaded.get_or_init(|| v))
            }
        }
    }

    /// Where the value was left, if it was.
    pub fn key(&self) -> Option<K> {
        match &self.repr {
            Repr::Owned(_) => None,
            Repr::Stored { key, .. } => Some(*key),
        }
    }

    /// The value itself, read now if it is stored and not read yet.
    pub fn into_owned(self) -> Result<T, String> {
        match self.repr {
            Repr::Owned(v) => Ok(v),
            Repr::Stored { key, read, loaded } => match loaded.into_inner() {
                Some(v) => Ok(v),
                None => read(key),
            },
        }
    }
}

impl<T: Clone, K: Copy> Lazy<T, K> {
    /// The value for a moment: a stored value not read yet is read but not kept, so a pass
    /// over many of them does not fill memory.
    pub fn read(&self) -> Result<Cow<'_, T>, String> {
        match &self.repr {
            Repr::Owned(v) => Ok(Cow::Borrowed(v)),
            Repr::Stored { key, read, loaded } => match loaded.get() {
                Some(v) => Ok(Cow::Borrowed(v)),
                None => read(*key).map(Cow::Owned),
            },
        }
    }
}

/// A copy of a stored value reads again when it needs to: cloning never forces a read.
impl<T: Clone, K: Copy> Clone for Lazy<T, K> {
    fn clone(&self) -> Self {
        match &self.repr {
            Repr::Owned(v) => Lazy::owned(v.clone()),
            Repr::Stored { key, read, .. } => Lazy::stored(*key, Arc::clone(read)),
        }
    }
}

/// Shows a value in memory; a stored one not read yet by its key (it is not read for this).
impl<T: fmt::Debug, K: fmt::Debug + Copy> fmt::Debug for Lazy<T, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.loaded(), self.key()) {
            (Some(v), _) => fmt::Debug::fmt(v, f),
            (None, Some(k)) => write!(f, "<stored at {k:?}>"),
            (None, None) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn counting(reads: &Arc<AtomicUsize>) -> Reader<String, u32> {
        let reads = Arc::clone(reads);
        Arc::new(move |k| {
            reads.fetch_add(1, Ordering::SeqCst);
            if k == 0 {
                Err("gone".into())
            } else {
                Ok(format!("value {k}"))
            }
        })
    }

    #[test]
    fn a_stored_value_is_read_only_when_asked_and_kept_by_get() {
        let reads = Arc::new(AtomicUsize::new(0));
        let v = Lazy::stored(7, counting(&reads));
        assert_eq!(v.loaded(), None);
        assert_eq!(format!("{v:?}"), "<stored at 7>");
        assert_eq!(v.read().unwrap().as_str(), "value 7");
        assert_eq!(v.loaded(), None, "read keeps nothing");
        assert_eq!(v.get().map(String::as_str), Ok("value 7"));
        assert_eq!(v.get().map(String::as_str), Ok("value 7"));
        assert_eq!(
            reads.load(Ordering::SeqCst),
            2,
            "read once each by read and get"
        );
        let copy = v.clone();
        assert_eq!(copy.loaded(), None, "a copy reads again when asked");
        assert_eq!(copy.key(), Some(7));
        assert_eq!(v.into_owned().unwrap(), "value 7");
    }

    #[test]
    fn a_failed_read_is_an_error_and_keeps_nothing() {
        let reads = Arc::new(AtomicUsize::new(0));
        let v = Lazy::stored(0, counting(&reads));
        assert_eq!(v.get(), Err("gone".to_string()));
        assert!(v.loaded().is_none());
        assert!(v.read().is_err());
        assert_eq!(
            Lazy::<String, u32>::owned("here".into()).get().unwrap(),
            "here"
        );
    }
}
