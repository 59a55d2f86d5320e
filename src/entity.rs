//! The vocabulary shared by the recogniser, the collection's entity index, related stories and the
//! reader: entity kinds and what one article names.

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

/// One distinct thing an article names.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct DocEntity {
    pub kind: EntityKind,
    /// How to show it: the fullest form used in the article ("Nikol Pashinyan"), or for a gazetteer
    /// entry its canonical name ("United States" for "U.S.").
    pub name: String,
    /// The key that identifies the same thing across articles: lower-case, kind-prefixed,
    /// alias-resolved ("place:united states" for "U.S.", "US" and "United States").
    pub key: String,
    /// For dates: the calendar day the mentions resolve to (weekdays against the article's date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// How many mentions refer to it.
    pub count: u32,
}

/// One mention: a byte range of the analysed text and the entity it refers to.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Mention {
    pub start: u32,
    pub end: u32,
    /// Index into [`DocEntities::entities`].
    pub entity: u32,
}

/// What one text names: its entities and their mentions (sorted by `start`, non-overlapping,
/// on char boundaries).
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
pub struct DocEntities {
    pub entities: Vec<DocEntity>,
    pub mentions: Vec<Mention>,
}

impl DocEntities {
    /// The mentions that fall inside `start..end` (a paragraph), found by binary search.
    pub fn mentions_in(&self, start: u32, end: u32) -> &[Mention] {
        let from = self.mentions.partition_point(|m| m.start < start);
        let to = self.mentions.partition_point(|m| m.start < end);
        &self.mentions[from..to]
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
        let d = DocEntities {
            entities: vec![],
            mentions: vec![m(0, 3), m(10, 12), m(20, 25)],
        };
        assert_eq!(d.mentions_in(5, 20), &[m(10, 12)]);
        assert_eq!(d.mentions_in(0, 30).len(), 3);
        assert!(d.mentions_in(13, 19).is_empty());
    }
}
