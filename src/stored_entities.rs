//! An article's entities as the collection's analysis holds them: in memory, or in the analysis
//! cache and decoded the first time something looks at them.
//!
//! A warm start of a large collection would otherwise decode every article's entities and
//! mentions, which only the shown article's sidebar and highlights use: the
//! collection's indexes carry what the list filters, related stories and threads need.

use crate::corpus::CachePlace;
use crate::entity::DocEntities;
use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

/// Where stored entities are decoded from (the analysis cache file).
pub trait EntitySource: Send + Sync + fmt::Debug {
    /// The entities at `place`, checked against the length of the text they index; why not.
    fn entities(&self, place: CachePlace, text_len: usize) -> Result<DocEntities, String>;
}

pub struct Entities(Repr);

enum Repr {
    Owned(DocEntities),
    Stored {
        source: Arc<dyn EntitySource>,
        place: CachePlace,
        text_len: u32,
        loaded: OnceLock<DocEntities>,
    },
}

impl Entities {
    /// Entities kept in a source, decoded when first needed.
    pub fn stored(source: Arc<dyn EntitySource>, place: CachePlace, text_len: usize) -> Entities {
        Entities(Repr::Stored {
            source,
            place,
            text_len: text_len as u32,
            loaded: OnceLock::new(),
        })
    }

    /// The entities in memory, decoded now if they are stored; `None` when they cannot be (the
    /// cache file was damaged after it was opened): the article is then recognised again.
    pub fn into_owned(self) -> Option<DocEntities> {
        match self.0 {
            Repr::Owned(d) => Some(d),
            Repr::Stored {
                source,
                place,
                text_len,
                loaded,
            } => match loaded.into_inner() {
                Some(d) => Some(d),
                None => source.entities(place, text_len as usize).ok(),
            },
        }
    }

    /// True when they are in memory (owned, or stored and decoded already).
    pub fn in_memory(&self) -> bool {
        match &self.0 {
            Repr::Owned(_) => true,
            Repr::Stored { loaded, .. } => loaded.get().is_some(),
        }
    }
}

impl Deref for Entities {
    type Target = DocEntities;

    /// The entities; stored ones are decoded now and kept. Stored entities that cannot be read
    /// any more (the cache file was changed under the reader) show as none rather than stop it.
    fn deref(&self) -> &DocEntities {
        match &self.0 {
            Repr::Owned(d) => d,
            Repr::Stored {
                source,
                place,
                text_len,
                loaded,
            } => loaded.get_or_init(|| {
                source
                    .entities(*place, *text_len as usize)
                    .unwrap_or_default()
            }),
        }
    }
}

impl Clone for Entities {
    fn clone(&self) -> Entities {
        match &self.0 {
            Repr::Owned(d) => Entities(Repr::Owned(d.clone())),
            // The copy decodes again when it needs to: cloning never forces a decode.
            Repr::Stored {
                source,
                place,
                text_len,
                ..
            } => Entities::stored(Arc::clone(source), *place, *text_len as usize),
        }
    }
}

impl From<DocEntities> for Entities {
    fn from(d: DocEntities) -> Entities {
        Entities(Repr::Owned(d))
    }
}

impl fmt::Debug for Entities {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
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
            }],
            vec![Mention {
                start: 3,
                end: 9,
                entity: 0,
            }],
        )
    }

    impl EntitySource for Shelf {
        fn entities(&self, place: CachePlace, text_len: usize) -> Result<DocEntities, String> {
            self.decodes.fetch_add(1, Ordering::Relaxed);
            (place.at == 7 && text_len >= 9)
                .then(sample)
                .ok_or_else(|| "checksum mismatch".into())
        }
    }

    fn place(at: u64) -> CachePlace {
        CachePlace {
            at,
            len: 10,
            hash: 0,
        }
    }

    #[test]
    fn stored_entities_are_decoded_once_when_looked_at() {
        let shelf = Arc::new(Shelf::default());
        let e = Entities::stored(shelf.clone(), place(7), 20);
        assert!(!e.in_memory());
        assert_eq!(shelf.decodes.load(Ordering::Relaxed), 0);
        assert_eq!(*e, sample());
        assert_eq!(e.len(), 1);
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
    fn unreadable_entities_show_as_none_and_ask_for_recognition() {
        let shelf = Arc::new(Shelf::default());
        let e = Entities::stored(shelf.clone(), place(8), 20);
        assert!(e.is_empty());
        let e = Entities::stored(shelf, place(8), 20);
        assert_eq!(e.into_owned(), None);
        assert_eq!(Entities::from(sample()).into_owned(), Some(sample()));
    }
}
