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

/// Why a value left in a file could not be read back: the file changed or was damaged after
/// it was opened.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Unreadable {
    #[error("cannot read the file: {0}")]
    Io(std::io::ErrorKind),
    #[error("the file is shorter than it was")]
    CutShort,
    #[error("checksum mismatch")]
    Checksum,
    #[error("not UTF-8")]
    NotUtf8,
    #[error("undecodable")]
    Undecodable,
    /// Intact, but not what its place says (entities that do not fit their text).
    #[error("{0}")]
    Inconsistent(&'static str),
}

/// Reads the values left in one place (a cache file) by their keys: why not, when it cannot.
pub trait Fetch<T, K> {
    fn fetch(&self, key: K) -> Result<T, Unreadable>;
}

/// A value, or the key to it in a shared source `S`. Every value left in one file holds the same
/// `Arc` of that file's source, so a stored value costs its key and a pointer.
pub struct Lazy<T, K, S: ?Sized> {
    repr: Repr<T, K, S>,
}

enum Repr<T, K, S: ?Sized> {
    Owned(T),
    Stored {
        key: K,
        source: Arc<S>,
        loaded: OnceLock<T>,
    },
}

impl<T, K: Copy, S: Fetch<T, K> + ?Sized> Lazy<T, K, S> {
    /// A value in memory.
    pub fn owned(value: T) -> Self {
        Lazy {
            repr: Repr::Owned(value),
        }
    }

    /// A value left at `key` in `source`, read when asked.
    pub fn stored(key: K, source: Arc<S>) -> Self {
        Lazy {
            repr: Repr::Stored {
                key,
                source,
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
    pub fn get(&self) -> Result<&T, Unreadable> {
        match &self.repr {
            Repr::Owned(v) => Ok(v),
            Repr::Stored {
                key,
                source,
                loaded,
            } => {
                if let Some(v) = loaded.get() {
                    return Ok(v);
                }
                let v = source.fetch(*key)?;
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
    pub fn into_owned(self) -> Result<T, Unreadable> {
        match self.repr {
            Repr::Owned(v) => Ok(v),
            Repr::Stored {
                key,
                source,
                loaded,
            } => match loaded.into_inner() {
                Some(v) => Ok(v),
                None => source.fetch(key),
            },
        }
    }
}

impl<T: Clone, K: Copy, S: Fetch<T, K> + ?Sized> Lazy<T, K, S> {
    /// The value for a moment: a stored value not read yet is read but not kept, so a pass
    /// over many of them does not fill memory.
    pub fn read(&self) -> Result<Cow<'_, T>, Unreadable> {
        match &self.repr {
            Repr::Owned(v) => Ok(Cow::Borrowed(v)),
            Repr::Stored {
                key,
                source,
                loaded,
            } => match loaded.get() {
                Some(v) => Ok(Cow::Borrowed(v)),
                None => source.fetch(*key).map(Cow::Owned),
            },
        }
    }
}

/// A copy of a stored value reads again when it needs to: cloning never forces a read.
impl<T: Clone, K: Copy, S: Fetch<T, K> + ?Sized> Clone for Lazy<T, K, S> {
    fn clone(&self) -> Self {
        match &self.repr {
            Repr::Owned(v) => Lazy::owned(v.clone()),
            Repr::Stored { key, source, .. } => Lazy::stored(*key, Arc::clone(source)),
        }
    }
}

/// Shows a value in memory; a stored one not read yet by its key (it is not read for this).
impl<T: fmt::Debug, K: fmt::Debug + Copy, S: Fetch<T, K> + ?Sized> fmt::Debug for Lazy<T, K, S> {
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

    /// Values "value K" for every key but 0, counting reads.
    #[derive(Default)]
    struct Counting(AtomicUsize);

    impl Fetch<String, u32> for Counting {
        fn fetch(&self, k: u32) -> Result<String, Unreadable> {
            self.0.fetch_add(1, Ordering::SeqCst);
            if k == 0 {
                Err(Unreadable::CutShort)
            } else {
                Ok(format!("value {k}"))
            }
        }
    }

    #[test]
    fn a_stored_value_is_read_only_when_asked_and_kept_by_get() {
        let reads = Arc::new(Counting::default());
        let v = Lazy::stored(7, Arc::clone(&reads));
        assert_eq!(v.loaded(), None);
        assert_eq!(format!("{v:?}"), "<stored at 7>");
        assert_eq!(v.read().unwrap().as_str(), "value 7");
        assert_eq!(v.loaded(), None, "read keeps nothing");
        assert_eq!(v.get().map(String::as_str), Ok("value 7"));
        assert_eq!(v.get().map(String::as_str), Ok("value 7"));
        assert_eq!(
            reads.0.load(Ordering::SeqCst),
            2,
            "once by read, once by get"
        );
        let copy = v.clone();
        assert_eq!(copy.loaded(), None, "a copy reads again when asked");
        assert_eq!(copy.key(), Some(7));
        assert_eq!(v.into_owned().unwrap(), "value 7");
    }

    #[test]
    fn a_failed_read_is_an_error_and_keeps_nothing() {
        let v = Lazy::stored(0, Arc::new(Counting::default()));
        assert_eq!(v.get(), Err(Unreadable::CutShort));
        assert!(v.loaded().is_none());
        assert!(v.read().is_err());
        let owned = Lazy::<String, u32, Counting>::owned("here".into());
        assert_eq!(owned.get().unwrap(), "here");
    }
}
