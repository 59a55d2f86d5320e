//! The vocabulary shared by the recogniser, the collection's entity index, related stories and the
//! reader: entity kinds and what one article names.

mod stored;

pub use stored::{Entities, EntitiesUnavailable, EntitySource};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What kind of thing a name refers to. The labels are those of the `dateline ner` contract.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Place,
    Org,
    /// Nationalities, religious and political groups: "Armenian", "Muslims".
    Group,
    Date,
    /// Events, products, laws, diseases with a proper name: "COVID-19".
    Misc,
}

impl EntityKind {
    pub const ALL: [EntityKind; 6] = [
        EntityKind::Person,
        EntityKind::Place,
        EntityKind::Org,
        EntityKind::Group,
        EntityKind::Date,
        EntityKind::Misc,
    ];

    /// The contract label: `person`, `place`, `org`, `group`, `date`, `misc`.
    pub fn label(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Place => "place",
            EntityKind::Org => "org",
            EntityKind::Group => "group",
            EntityKind::Date => "date",
            EntityKind::Misc => "misc",
        }
    }

    /// A heading for lists of this kind: "People", "Places"…
    pub fn plural_title(self) -> &'static str {
        match self {
            EntityKind::Person => "People",
            EntityKind::Place => "Places",
            EntityKind::Org => "Organisations",
            EntityKind::Group => "Groups",
            EntityKind::Date => "Dates",
            EntityKind::Misc => "Other",
        }
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// What an article itself shows of an entity's kind, beyond the kind it was given: the
/// collection weighs it against what its other articles show ("one sense per collection").
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct Evidence(u8);

impl Evidence {
    pub const NONE: Evidence = Evidence(0);
    /// Named as a person is: after a title ("Sen. Warren", "Mr Smith"), opening with a known
    /// given name or an initial ("Nikol Pashinyan", "J. Smith").
    pub const NAMED: Evidence = Evidence(1);
    /// Its kind came from the gazetteer or a context rule, not from the fallback guess.
    pub const DECIDED: Evidence = Evidence(2);

    pub fn has(self, e: Evidence) -> bool {
        self.0 & e.0 == e.0 && e.0 != 0
    }

    pub fn with(self, e: Evidence) -> Evidence {
        Evidence(self.0 | e.0)
    }

    /// As stored in a cache.
    pub fn bits(self) -> u8 {
        self.0
    }

    /// From [`Self::bits`]; unknown bits are dropped.
    pub fn from_bits(bits: u8) -> Evidence {
        Evidence(bits & 3)
    }
}

/// One distinct thing an article names, as the recogniser (or a test) builds it; a
/// [`DocEntities`] keeps it packed and gives it back as an [`EntityRef`].
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct DocEntity {
    pub kind: EntityKind,
    /// How to show it: the fullest form used in the article ("Nikol Pashinyan"), or for a gazetteer
    /// entry its canonical name ("United States" for "U.S.").
    pub name: String,
    /// The key that identifies the same thing across articles: lower-case, kind-prefixed,
    /// alias-resolved ("place:united states" for "U.S.", "US" and "United States").
    pub key: String,
    /// For dates: the calendar day the mentions resolve to (weekdays against the article's date).
    pub date: Option<NaiveDate>,
    /// How many mentions refer to it.
    pub count: u32,
    /// What the article shows of its kind.
    pub evidence: Evidence,
}

/// One entity of a [`DocEntities`], borrowed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct EntityRef<'a> {
    pub kind: EntityKind,
    pub name: &'a str,
    pub key: &'a str,
    pub date: Option<NaiveDate>,
    pub count: u32,
    pub evidence: Evidence,
}

/// One mention: a byte range of the analysed text and the entity it refers to.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Mention {
    pub start: u32,
    pub end: u32,
    /// Index into the [`DocEntities`]' entities.
    pub entity: u32,
}

/// An entity as [`DocEntities::packed`] gives it: kind, name range, key range, date, count,
/// evidence.
pub type PackedEntity = (
    EntityKind,
    (u32, u32),
    (u32, u32),
    Option<NaiveDate>,
    u32,
    Evidence,
);

/// An entity with its name and key as byte ranges of [`DocEntities::strings`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Packed {
    kind: EntityKind,
    evidence: Evidence,
    date: Option<NaiveDate>,
    count: u32,
    name: (u32, u32),
    key: (u32, u32),
}

/// What one text names: its entities and their mentions (sorted by `start`, non-overlapping,
/// on char boundaries). The entities' names and keys live in one string: a collection holds
/// millions of them, and two allocations each would cost more memory (and time to load from the
/// cache) than the article text itself.
#[derive(Clone, Default)]
pub struct DocEntities {
    entities: Vec<Packed>,
    strings: String,
    pub mentions: Vec<Mention>,
}

impl DocEntities {
    /// Names nothing (a `const`, for statics).
    pub const EMPTY: DocEntities = DocEntities {
        entities: Vec::new(),
        strings: String::new(),
        mentions: Vec::new(),
    };

    pub fn new(entities: Vec<DocEntity>, mentions: Vec<Mention>) -> DocEntities {
        let bytes = entities.iter().map(|e| e.name.len() + e.key.len()).sum();
        let mut doc = DocEntities {
            entities: Vec::with_capacity(entities.len()),
            strings: String::with_capacity(bytes),
            mentions,
        };
        for e in &entities {
            let i = doc.push(e.kind, &e.name, &e.key, e.date, e.count);
            doc.add_evidence(i as usize, e.evidence);
        }
        doc
    }

    /// Adds an entity and returns its index.
    pub fn push(
        &mut self,
        kind: EntityKind,
        name: &str,
        key: &str,
        date: Option<NaiveDate>,
        count: u32,
    ) -> u32 {
        let mut span = |s: &str| {
            let start = self.strings.len() as u32;
            self.strings.push_str(s);
            (start, self.strings.len() as u32)
        };
        let name = span(name);
        let key = span(key);
        self.entities.push(Packed {
            kind,
            evidence: Evidence::NONE,
            date,
            count,
            name,
            key,
        });
        (self.entities.len() - 1) as u32
    }

    /// Adds what the article shows of entity `i`'s kind.
    pub fn add_evidence(&mut self, i: usize, e: Evidence) {
        if let Some(p) = self.entities.get_mut(i) {
            p.evidence = p.evidence.with(e);
        }
    }

    /// Adds `n` to the mention count of entity `i`.
    pub fn add_count(&mut self, i: usize, n: u32) {
        if let Some(e) = self.entities.get_mut(i) {
            e.count += n;
        }
    }

    pub fn len(&self) -> usize {
        self.entities.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// Entity `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<EntityRef<'_>> {
        self.entities.get(i).map(|p| self.view(p))
    }

    /// The entities in order (a mention's `entity` indexes them).
    pub fn iter(&self) -> impl ExactSizeIterator<Item = EntityRef<'_>> + '_ {
        self.entities.iter().map(|p| self.view(p))
    }

    fn view(&self, p: &Packed) -> EntityRef<'_> {
        let text = |(a, b): (u32, u32)| self.strings.get(a as usize..b as usize).unwrap_or("");
        EntityRef {
            kind: p.kind,
            name: text(p.name),
            key: text(p.key),
            date: p.date,
            count: p.count,
            evidence: p.evidence,
        }
    }

    /// The packed form, for a cache: the names-and-keys string and, per entity, its kind, the
    /// byte ranges of its name and key in that string, its date and its count.
    pub fn packed(&self) -> (&str, impl ExactSizeIterator<Item = PackedEntity> + '_) {
        let entities = self
            .entities
            .iter()
            .map(|p| (p.kind, p.name, p.key, p.date, p.count, p.evidence));
        (&self.strings, entities)
    }

    /// From [`Self::packed`]'s parts; `None` if any range falls outside `strings` or off a
    /// character boundary (such parts were not written by `packed`).
    pub fn from_packed(
        strings: String,
        entities: Vec<PackedEntity>,
        mentions: Vec<Mention>,
    ) -> Option<DocEntities> {
        let fits = |(a, b): (u32, u32)| {
            a <= b && strings.is_char_boundary(a as usize) && strings.is_char_boundary(b as usize)
        };
        let entities = entities
            .into_iter()
            .map(|(kind, name, key, date, count, evidence)| {
                (fits(name) && fits(key)).then_some(Packed {
                    kind,
                    evidence,
                    date,
                    count,
                    name,
                    key,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(DocEntities {
            entities,
            strings,
            mentions,
        })
    }

    /// Gives back the room over-allocated while building.
    /// Moves its parts into blocks of their size: a collection keeps millions of entities, and
    /// `shrink_to_fit` alone frees nothing when the allocator (mimalloc) keeps a block that
    /// shrinks by at most half in place.
    pub fn shrink_to_fit(&mut self) {
        use crate::exact::exact;
        self.entities = exact(std::mem::take(&mut self.entities));
        self.mentions = exact(std::mem::take(&mut self.mentions));
        if self.strings.capacity() != self.strings.len() {
            self.strings = self.strings.as_str().to_owned();
        }
    }

    /// The mentions that fall inside `start..end` (a paragraph), found by binary search.
    pub fn mentions_in(&self, start: u32, end: u32) -> &[Mention] {
        let from = self.mentions.partition_point(|m| m.start < start);
        let to = self.mentions.partition_point(|m| m.start < end);
        &self.mentions[from..to]
    }
}

/// Equal when they name the same entities with the same mentions, however they were packed.
impl PartialEq for DocEntities {
    fn eq(&self, other: &Self) -> bool {
        self.mentions == other.mentions && self.iter().eq(other.iter())
    }
}

impl Eq for DocEntities {}

impl std::fmt::Debug for DocEntities {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DocEntities")
            .field("entities", &self.iter().collect::<Vec<_>>())
            .field("mentions", &self.mentions)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_in_a_range() {
        let m = |start, end| Mention {
            start,
            end,
            entity: 0,
        };
        let d = DocEntities::new(vec![], vec![m(0, 3), m(10, 12), m(20, 25)]);
        assert_eq!(d.mentions_in(5, 20), &[m(10, 12)]);
        assert_eq!(d.mentions_in(0, 30).len(), 3);
        assert!(d.mentions_in(13, 19).is_empty());
    }

    #[test]
    fn packed_entities_read_back_as_built() {
        let e = |name: &str, key: &str, count| DocEntity {
            kind: EntityKind::Place,
            name: name.into(),
            key: key.into(),
            date: None,
            count,
            evidence: Evidence::DECIDED,
        };
        let mut d = DocEntities::new(
            vec![e("U.S.", "place:united states", 2), e("", "", 1)],
            vec![],
        );
        assert_eq!(d.len(), 2);
        let first = d.get(0).unwrap();
        assert_eq!(
            (first.name, first.key, first.count),
            ("U.S.", "place:united states", 2)
        );
        assert_eq!(d.get(1).unwrap().name, "");
        assert!(d.get(2).is_none());
        d.add_count(1, 4);
        let i = d.push(EntityKind::Person, "Aliyev", "person:aliyev", None, 1);
        assert_eq!(i, 2);
        let names: Vec<(&str, u32)> = d.iter().map(|e| (e.name, e.count)).collect();
        assert_eq!(names, vec![("U.S.", 2), ("", 5), ("Aliyev", 1)]);
        let again = DocEntities::new(
            vec![e("U.S.", "place:united states", 2), e("", "", 5)],
            vec![],
        );
        assert_ne!(d, again);

        // The packed parts rebuild it; ranges that do not fit are refused.
        let (strings, packed) = d.packed();
        let packed: Vec<PackedEntity> = packed.collect();
        let back = DocEntities::from_packed(strings.to_string(), packed.clone(), vec![]).unwrap();
        assert_eq!(back, d);
        let mut bad = packed.clone();
        bad[0].1 = (0, strings.len() as u32 + 1);
        assert!(DocEntities::from_packed(strings.to_string(), bad, vec![]).is_none());
        let mut backwards = packed;
        backwards[0].2 = (4, 2);
        assert!(DocEntities::from_packed(strings.to_string(), backwards, vec![]).is_none());
    }
}
