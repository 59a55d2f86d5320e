//! An article's text: in memory, or in the analysis cache and read from it when asked.
//!
//! A warm start of a large collection would otherwise copy every text into memory while the
//! reader shows a few pages of them: the collection's list, its analysis and its stories need
//! titles, dates and entities only. A stored text is read (and checked against its hash) only
//! through calls that say so and can fail: [`Text::get`] reads and keeps it, [`Text::read`]
//! reads it for a moment (passes over every article: search, recounting terms, rewriting the
//! cache) and [`Text::loaded`] never reads. Nothing else — no `Deref`, `Debug` or comparison of
//! lengths — touches the cache file.

use crate::lazy::{Fetch, Lazy, Place, Unreadable};
use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// Where stored texts are read from (the analysis cache file).
pub trait TextSource: Send + Sync + fmt::Debug {
    /// The `len` bytes at `at`, once they hash to `hash` and are UTF-8; otherwise why not.
    fn read(&self, at: u64, len: u32, hash: u64) -> Result<String, Unreadable>;
}

/// Where one article's text is in a [`TextSource`].
pub type CachePlace = Place;

/// A stored text could not be read: the cache file changed or was damaged after it was opened.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("text unavailable: {reason}; reopen the collection (or open it with --no-cache)")]
pub struct TextUnavailable {
    /// What the cache said (cut short, checksum mismatch, …).
    pub reason: Unreadable,
}

impl Fetch<String, CachePlace> for dyn TextSource {
    fn fetch(&self, p: CachePlace) -> Result<String, Unreadable> {
        self.read(p.at, p.len, p.hash)
    }
}

#[derive(Clone)]
pub struct Text(Lazy<String, CachePlace, dyn TextSource>);

impl Text {
    /// A text kept in a source, read when asked for.
    pub fn stored(source: Arc<dyn TextSource>, place: CachePlace) -> Text {
        Text(Lazy::stored(place, source))
    }

    /// Length in bytes, without reading a stored text.
    pub fn len(&self) -> usize {
        match (self.0.loaded(), self.0.key()) {
            (Some(s), _) => s.len(),
            (None, Some(place)) => place.len as usize,
            (None, None) => 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The text if it is in memory (owned, or stored and read already); never reads.
    pub fn loaded(&self) -> Option<&str> {
        self.0.loaded().map(String::as_str)
    }

    /// The text, reading a stored one now (once) and keeping it.
    pub fn get(&self) -> Result<&str, TextUnavailable> {
        self.0.get().map(String::as_str).map_err(unavailable)
    }

    /// The text for a moment: a stored text not yet read is read but not kept, so a pass over
    /// every article does not fill memory with them.
    pub fn read(&self) -> Result<Cow<'_, str>, TextUnavailable> {
        match self.0.read().map_err(unavailable)? {
            Cow::Borrowed(s) => Ok(Cow::Borrowed(s.as_str())),
            Cow::Owned(s) => Ok(Cow::Owned(s)),
        }
    }

    /// True when the text is in memory (owned, or stored and read already).
    pub fn in_memory(&self) -> bool {
        self.0.loaded().is_some()
    }

    /// Where the text is kept outside memory, if it is.
    pub fn place(&self) -> Option<CachePlace> {
        self.0.key()
    }
}

fn unavailable(reason: Unreadable) -> TextUnavailable {
    TextUnavailable { reason }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(Lazy::owned(s))
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(Lazy::owned(s.to_string()))
    }
}

/// Shows a text in memory; a stored one not read yet by its place (it is not read for this).
impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.loaded(), self.place()) {
            (Some(s), _) => fmt::Debug::fmt(s, f),
            (None, Some(p)) => write!(f, "<stored text: {} bytes at {}>", p.len, p.at),
            (None, None) => Ok(()),
        }
    }
}

/// Texts compare by content, reading stored ones for a moment; one that cannot be read equals
/// nothing.
impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.len() == other.len() && matches!((self.read(), other.read()), (Ok(a), Ok(b)) if a == b)
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.len() == other.len() && self.read().is_ok_and(|s| *s == *other)
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self == *other
    }
}

/// Serialising reads a stored text for a moment; one that cannot be read is an error, never
/// other text in its place.
impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.read() {
            Ok(text) => s.serialize_str(&text),
            Err(e) => Err(serde::ser::Error::custom(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Texts in a string, counting reads; a place past its end fails.
    #[derive(Debug, Default)]
    struct Shelf {
        bytes: String,
        reads: AtomicUsize,
    }

    impl TextSource for Shelf {
        fn read(&self, at: u64, len: u32, hash: u64) -> Result<String, Unreadable> {
            self.reads.fetch_add(1, Ordering::Relaxed);
            let end = at as usize + len as usize;
            let s = self
                .bytes
                .get(at as usize..end)
                .ok_or(Unreadable::CutShort)?;
            (hash == s.len() as u64)
                .then(|| s.to_string())
                .ok_or(Unreadable::Checksum)
        }
    }

    fn shelf(bytes: &str) -> Arc<Shelf> {
        Arc::new(Shelf {
            bytes: bytes.into(),
            ..Default::default()
        })
    }

    fn place(at: u64, len: u32) -> CachePlace {
        CachePlace {
            at,
            len,
            hash: len as u64,
        }
    }

    #[test]
    fn a_stored_text_is_read_once_when_looked_at_and_kept() {
        let s = shelf("first text|second");
        let t = Text::stored(s.clone(), place(11, 6));
        assert_eq!(t.len(), 6, "the length needs no read");
        assert_eq!(s.reads.load(Ordering::Relaxed), 0);
        assert!(!t.in_memory());
        assert_eq!(t.loaded(), None, "looking reads nothing");
        assert_eq!(format!("{t:?}"), "<stored text: 6 bytes at 11>");
        assert_eq!(s.reads.load(Ordering::Relaxed), 0, "nor does Debug");
        assert_eq!(t.get(), Ok("second"));
        assert!(t.in_memory());
        assert_eq!(t.get(), Ok("second"));
        assert_eq!(s.reads.load(Ordering::Relaxed), 1);
        assert_eq!(t.loaded(), Some("second"));
        assert_eq!(t.read().unwrap(), "second");
        assert_eq!(
            s.reads.load(Ordering::Relaxed),
            1,
            "read borrows the kept text"
        );
    }

    #[test]
    fn reading_for_a_moment_keeps_nothing() {
        let s = shelf("first text|second");
        let t = Text::stored(s.clone(), place(0, 10));
        assert_eq!(t.read().unwrap(), "first text");
        assert_eq!(t.read().unwrap(), "first text");
        assert_eq!(s.reads.load(Ordering::Relaxed), 2);
        assert!(!t.in_memory());
        let copy = t.clone();
        assert_eq!(s.reads.load(Ordering::Relaxed), 2, "a clone reads nothing");
        assert_eq!(copy, t);
    }

    #[test]
    fn an_unreadable_text_is_an_error_that_says_why() {
        let s = shelf("short");
        let long = Text::stored(s.clone(), place(0, 300));
        assert_eq!(long.len(), 300);
        let e = long.get().unwrap_err();
        assert_eq!(e.reason, Unreadable::CutShort);
        assert!(
            e.to_string()
                .starts_with("text unavailable: the file is shorter than it was;"),
            "{e}"
        );
        assert!(long.read().is_err());
        assert!(!long.in_memory(), "nothing invented in its place");
        let tampered = Text::stored(
            s,
            CachePlace {
                at: 0,
                len: 5,
                hash: 99,
            },
        );
        assert_eq!(tampered.get().unwrap_err().reason, Unreadable::Checksum);
        assert_ne!(
            tampered,
            Text::from("short"),
            "an unreadable text equals nothing"
        );
        assert!(
            serde_json::to_string(&tampered).is_err(),
            "nor is it serialised"
        );
    }

    #[test]
    fn owned_texts_behave_as_strings() {
        let t = Text::from("Some text here.");
        assert_eq!(t, "Some text here.");
        assert_eq!(t.len(), 15);
        assert!(t.place().is_none());
        assert_eq!(format!("{t:?}"), "\"Some text here.\"");
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            "\"Some text here.\"".to_string()
        );
    }
}
