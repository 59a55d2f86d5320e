//! An article's entities as the collection's analysis holds them: in memory, or left in the
//! analysis cache and decoded when asked for ([`Entities::get`]).
//!
//! A warm start of a large collection would otherwise decode every article's entities and
//! mentions, which only the shown article's sidebar and highlights use: the
//! collection's indexes carry what the list filters, related stories and threads need.

use super::DocEntities;
use crate::lazy::{Fetch, Lazy, Place, Unreadable};
use std::fmt;
use std::sync::Arc;

/// Where stored entities are decoded from (the analysis cache file).
pub trait EntitySource: Send + Sync + fmt::Debug {
    /// The entities at `place`, checked against the length of the text they index; why not.
    fn entities(&self, place: Place, text_len: usize) -> Result<DocEntities, Unreadable>;
}

/// Stored entities could not be read: the cache file changed or was damaged after it was opened.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("entities unavailable: {reason}; reopen the collection (or open it with --no-cache)")]
pub struct EntitiesUnavailable {
    pub reason: Unreadable,
}

/// Where an article's entities were left: their place, and the length of the text they index.
type Left = (Place, u32);

impl Fetch<DocEntities, Left> for dyn EntitySource {
    fn fetch(&self, (place, len): Left) -> Result<DocEntities, Unreadable> {
        self.entities(place, len as usize)
    }
}

#[derive(Clone)]
pub struct Entities(Lazy<DocEntities, Left, dyn EntitySource>);

impl Entities {
    /// Entities kept in a source, decoded when asked for.
    pub fn stored(source: Arc<dyn EntitySource>, place: Place, text_len: usize) -> Entities {
        Entities(Lazy::stored((place, text_len as u32), source))
    }

    /// The entities in memory, decoded now if they are stored; `None` when they cannot be (the
    /// cache file was damaged after it was opened): the article is then recognised again.
    pub fn into_owned(self) -> Option<DocEntities> {
        self.0.into_owned().ok()
    }

    /// The entities if they are in memory (owned, or stored and decoded already); never reads.
    pub fn loaded(&self) -> Option<&DocEntities> {
        self.0.loaded()
    }

    /// The entities for a moment: stored ones not decoded yet are decoded but not kept, so a
    /// pass over every article does not fill memory with them.
    pub fn read(&self) -> Result<std::borrow::Cow<'_, DocEntities>, EntitiesUnavailable> {
        self.0
            .read()
            .map_err(|reason| EntitiesUnavailable { reason })
    }

    /// The entities, decoding stored ones now (once) and keeping them.
    pub fn get(&self) -> Result<&DocEntities, EntitiesUnavailable> {
        self.0
            .get()
            .map_err(|reason| EntitiesUnavailable { reason })
    }

    /// True when they are in memory (owned, or stored and decoded already).
    pub fn in_memory(&self) -> bool {
        self.0.loaded().is_some()
    }
}

impl From<DocEntities> for Entities {
    fn from(d: DocEntities) -> Entities {
        Entities(Lazy::owned(d))
    }
}

impl fmt::Debug for Entities {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.loaded() {
            Some(d) => fmt::Debug::fmt(d, f),
            None => f.write_str("<stored entities>"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::{DocEntity, EntityKind, Mention};
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// One article's entities, decoded on request (counted); any other place fails.
    #[derive(Debug, Default)]
    struct Shelf {
        decodes: AtomicUsize,
    }

    fn sample() -> DocEntities {
        DocEntities::new(
            vec![DocEntity {
                kind: EntityKind::Place,
                name: "Geneva".into(),
                key: "geneva".into(),
                date: None,
                count: 1,
                evidence: crate::entity::Evidence::DECIDED,
            }],
            vec![Mention {
                start: 3,
                end: 9,
                entity: 0,
            }],
        )
    }

    impl EntitySource for Shelf {
        fn entities(&self, place: Place, text_len: usize) -> Result<DocEntities, Unreadable> {
            self.decodes.fetch_add(1, Ordering::Relaxed);
            (place.at == 7 && text_len >= 9)
                .then(sample)
                .ok_or(Unreadable::Checksum)
        }
    }

    fn place(at: u64) -> Place {
        Place {
            at,
            len: 10,
            hash: 0,
        }
    }

    #[test]
    fn stored_entities_are_decoded_once_when_asked_for() {
        let shelf = Arc::new(Shelf::default());
        let e = Entities::stored(shelf.clone(), place(7), 20);
        assert!(!e.in_memory());
        assert_eq!(e.loaded(), None);
        assert_eq!(format!("{e:?}"), "<stored entities>");
        assert_eq!(
            shelf.decodes.load(Ordering::Relaxed),
            0,
            "looking decodes nothing"
        );
        assert_eq!(e.get(), Ok(&sample()));
        assert_eq!(e.loaded().map(|d| d.len()), Some(1));
        assert!(e.in_memory());
        assert_eq!(shelf.decodes.load(Ordering::Relaxed), 1);
        assert_eq!(e.into_owned(), Some(sample()));
        assert_eq!(
            shelf.decodes.load(Ordering::Relaxed),
            1,
            "kept, not decoded again"
        );
    }

    #[test]
    fn unreadable_entities_are_an_error_and_ask_for_recognition() {
        let shelf = Arc::new(Shelf::default());
        let e = Entities::stored(shelf.clone(), place(8), 20);
        assert!(e.get().is_err());
        assert!(!e.in_memory(), "nothing invented in their place");
        let e = Entities::stored(shelf, place(8), 20);
        assert_eq!(e.into_owned(), None);
        assert_eq!(Entities::from(sample()).into_owned(), Some(sample()));
    }
}
