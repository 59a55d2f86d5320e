//! An article's text: in memory, or in the analysis cache and read from it when first needed.
//!
//! A warm start of a large collection would otherwise copy all of its text into memory that the
//! reader shows a few pages of: the collection's list, its analysis and its stories need titles,
//! dates and entities only. A stored text is read (and checked against its hash) the first time
//! something looks at it and then kept; passes over every article (search, recounting terms,
//! rewriting the cache) use [`Text::read`], which keeps nothing.

use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

/// Where stored texts are read from (the analysis cache file).
pub trait TextSource: Send + Sync + fmt::Debug {
    /// The `len` bytes at `at`, once they hash to `hash` and are UTF-8; otherwise why not.
    fn read(&self, at: u64, len: u32, hash: u64) -> Result<String, String>;
}

/// Where one article's text is in a [`TextSource`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CachePlace {
    pub at: u64,
    pub len: u32,
    pub hash: u64,
}

pub struct Text(Repr);

enum Repr {
    Owned(String),
    Stored {
        source: Arc<dyn TextSource>,
        place: CachePlace,
        loaded: OnceLock<String>,
    },
}

impl Text {
    /// A text kept in a source, read when first needed.
    pub fn stored(source: Arc<dyn TextSource>, place: CachePlace) -> Text {
        Text(Repr::Stored {
            source,
            place,
            loaded: OnceLock::new(),
        })
    }

    /// Length in bytes, without reading a stored text.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Owned(s) => s.len(),
            Repr::Stored { place, .. } => place.len as usize,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The text for a moment: a stored text not yet read is read but not kept, so a pass over
    /// every article does not fill memory with them.
    pub fn read(&self) -> Cow<'_, str> {
        match &self.0 {
            Repr::Owned(s) => Cow::Borrowed(s),
            Repr::Stored {
                loaded: l,
                source,
                place,
            } => match l.get() {
                Some(s) => Cow::Borrowed(s),
                None => Cow::Owned(fetch(source.as_ref(), *place)),
            },
        }
    }

    /// True when the text is in memory (owned, or stored and read already).
    pub fn in_memory(&self) -> bool {
        match &self.0 {
            Repr::Owned(_) => true,
            Repr::Stored { loaded, .. } => loaded.get().is_some(),
        }
    }

    /// Where the text is kept outside memory, if it is.
    pub fn place(&self) -> Option<CachePlace> {
        match &self.0 {
            Repr::Owned(_) => None,
            Repr::Stored { place, .. } => Some(*place),
        }
    }
}

/// A stored text, or — when the cache file was damaged or cut short after it was opened — a
/// line saying so, of the same length where it can be, so the article's paragraphs still fall
/// on it (no range into it is ever out of bounds).
fn fetch(source: &dyn TextSource, place: CachePlace) -> String {
    match source.read(place.at, place.len, place.hash) {
        Ok(text) => text,
        Err(why) => {
            let message = format!(
                "[dateline could not read this article's text from its analysis cache ({why}); \
                 open the collection with --no-cache to read it from its file]"
            );
            // Padded with spaces to the stored length: paragraph ranges stay inside the text
            // (the message itself is ASCII, so every cut is on a character boundary).
            let mut padded = message;
            padded.truncate(place.len as usize);
            while padded.len() < place.len as usize {
                padded.push(' ');
            }
            padded
        }
    }
}

impl Deref for Text {
    type Target = str;

    /// The text; a stored one is read now and kept for next time.
    fn deref(&self) -> &str {
        match &self.0 {
            Repr::Owned(s) => s,
            Repr::Stored {
                source,
                place,
                loaded,
            } => loaded.get_or_init(|| fetch(source.as_ref(), *place)),
        }
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(Repr::Owned(s))
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(Repr::Owned(s.to_string()))
    }
}

impl Clone for Text {
    fn clone(&self) -> Text {
        match &self.0 {
            Repr::Owned(s) => Text(Repr::Owned(s.clone())),
            // The copy reads again when it needs to: cloning never forces a read.
            Repr::Stored { source, place, .. } => Text::stored(Arc::clone(source), *place),
        }
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.read(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.read())
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.len() == other.len() && self.read() == other.read()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.len() == other.len() && *self.read() == *other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self == *other
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.read())
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
        fn read(&self, at: u64, len: u32, hash: u64) -> Result<String, String> {
            self.reads.fetch_add(1, Ordering::Relaxed);
            let end = at as usize + len as usize;
            let s = self.bytes.get(at as usize..end).ok_or("cut short")?;
            (hash == s.len() as u64)
                .then(|| s.to_string())
                .ok_or_else(|| "checksum mismatch".into())
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
        assert_eq!(&*t, "second");
        assert!(t.in_memory());
        assert_eq!(&*t, "second");
        assert_eq!(s.reads.load(Ordering::Relaxed), 1);
        assert_eq!(t.read(), "second");
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
        assert_eq!(t.read(), "first text");
        assert_eq!(t.read(), "first text");
        assert_eq!(s.reads.load(Ordering::Relaxed), 2);
        assert!(!t.in_memory());
        let copy = t.clone();
        assert_eq!(s.reads.load(Ordering::Relaxed), 2, "a clone reads nothing");
        assert_eq!(copy, t);
    }

    #[test]
    fn an_unreadable_text_says_why_at_its_own_length() {
        let s = shelf("short");
        let long = Text::stored(s.clone(), place(0, 300));
        assert_eq!(long.len(), 300);
        assert_eq!((*long).len(), 300, "paragraph ranges stay in bounds");
        assert!(long.starts_with("[dateline could not read this article's text"));
        assert!(long.contains("cut short"));
        let tampered = Text::stored(
            s,
            CachePlace {
                at: 0,
                len: 5,
                hash: 99,
            },
        );
        assert_eq!(&*tampered, "[date", "cut to the stored length");
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
