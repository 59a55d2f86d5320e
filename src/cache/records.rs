//! What the cache stores per file, in types of its own: the JSON shapes of [`Article`] and
//! [`DocEntities`] skip empty fields for readers of `--json`, which a compact binary format
//! cannot decode, and the cache's layout must change only with [`super::FORMAT_VERSION`].
//!
//! Each record comes in two forms with one encoding: a borrowed one (`…Ref`) that writing
//! serialises straight from the articles, copying no text, and an owned one that reading decodes
//! into and then moves, not copies, into articles.

use crate::corpus::report::Skip;
use crate::corpus::{
    Article, ArticleId, CachePlace, Paragraph, ParagraphKind, Text, TextSource, TitleSource,
};
use crate::entity::{DocEntities, EntityKind, Evidence, Mention};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// One file's result as read: its articles (with their entities once analysed), or why it was skipped.
/// Only outcomes that follow from the file's bytes are stored (not "unreadable", not "too large").
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub enum FileOutcome {
    Skipped(String),
    Articles {
        articles: Vec<ArticleRecord>,
        /// Entries of a multi-article file that could not be used (`path#index`, reason): the
        /// path part is rewritten when the same bytes turn up under another name.
        unusable: Vec<(u32, String)>,
    },
}

/// An article with what loading said about it and, once analysed, its entities (an article that
/// duplicated another one was never analysed).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ArticleRecord {
    pub article: StoredArticle,
    /// What the article's source adds to its file's path (`#3` for an export's third entry).
    pub suffix: String,
    pub warnings: Vec<String>,
    /// Where its [`StoredEntities`] are (written apart, like the text, and decoded only when
    /// the article is shown or analysed again).
    pub entities: Option<StoredPlace>,
}

/// A file's outcome as written: field for field the encoding of [`FileOutcome`].
#[derive(Debug, Serialize)]
pub enum FileOutcomeRef<'a> {
    Skipped(&'a str),
    Articles {
        articles: Vec<ArticleRecordRef<'a>>,
        unusable: &'a [(u32, String)],
    },
}

/// [`ArticleRecord`] as written.
#[derive(Debug, Serialize)]
pub struct ArticleRecordRef<'a> {
    pub article: StoredArticleRef<'a>,
    pub suffix: &'a str,
    pub warnings: &'a [String],
    pub entities: Option<StoredPlace>,
}

/// [`StoredArticle`] as written.
#[derive(Debug, Serialize)]
pub struct StoredArticleRef<'a> {
    id: u64,
    date: Option<i32>,
    timestamp: Option<(i64, u32)>,
    title: &'a str,
    title_source: u8,
    url: Option<&'a str>,
    text: StoredPlace,
    paragraphs: Vec<(u8, u32, u32)>,
    read_more: &'a [String],
}

/// Where something kept apart from the records is in the cache file — an article's text, its
/// entities — as offset, length and hash: opening a collection reads none of them (see
/// [`crate::corpus::article_text`], [`crate::entity::Entities`]).
pub type StoredPlace = (u64, u32, u64);

/// The place in its stored form.
pub fn stored_place(p: CachePlace) -> StoredPlace {
    (p.at, p.len, p.hash)
}

/// A stored place again.
pub fn cache_place((at, len, hash): StoredPlace) -> CachePlace {
    CachePlace { at, len, hash }
}

/// [`StoredEntities`] as written.
#[derive(Debug, Serialize)]
pub struct StoredEntitiesRef<'a> {
    strings: &'a str,
    entities: Vec<StoredEntity>,
    mentions: Vec<(u32, u32, u32)>,
}

/// An entity as stored: kind, the byte ranges of its name and key in the record's string, its
/// date (days from the common era), its count and its evidence.
type StoredEntity = (u8, (u32, u32), (u32, u32), Option<i32>, u32, u8);

impl<'a> StoredArticleRef<'a> {
    /// The article's fields except its source path (the cache keeps paths in its index) and
    /// its text, which was written at `text`.
    pub fn of(a: &'a Article, text: CachePlace) -> StoredArticleRef<'a> {
        StoredArticleRef {
            id: a.id.0,
            date: a.date.map(day_number),
            timestamp: a
                .timestamp
                .map(|t| (t.timestamp(), t.timestamp_subsec_nanos())),
            title: &a.title,
            title_source: title_source_code(a.title_source),
            url: a.url.as_deref(),
            text: stored_place(text),
            paragraphs: a
                .paragraphs
                .iter()
                .map(|p| (paragraph_code(p.kind), p.start, p.end))
                .collect(),
            read_more: &a.read_more,
        }
    }
}

impl<'a> StoredEntitiesRef<'a> {
    pub fn of(d: &'a DocEntities) -> StoredEntitiesRef<'a> {
        let (strings, entities) = d.packed();
        StoredEntitiesRef {
            strings,
            entities: entities
                .map(|(kind, name, key, date, count, evidence)| {
                    let date = date.map(day_number);
                    (kind_code(kind), name, key, date, count, evidence.bits())
                })
                .collect(),
            mentions: d
                .mentions
                .iter()
                .map(|m| (m.start, m.end, m.entity))
                .collect(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct StoredArticle {
    id: u64,
    date: Option<i32>,
    timestamp: Option<(i64, u32)>,
    title: String,
    title_source: u8,
    url: Option<String>,
    text: StoredPlace,
    paragraphs: Vec<(u8, u32, u32)>,
    read_more: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct StoredEntities {
    strings: String,
    entities: Vec<StoredEntity>,
    mentions: Vec<(u32, u32, u32)>,
}

fn day_number(d: NaiveDate) -> i32 {
    chrono::Datelike::num_days_from_ce(&d)
}

fn from_day_number(n: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(n)
}

impl StoredArticle {
    /// The article again, as loaded from `source`, its text to be read from `texts` when
    /// needed. `None` when the record is not one this version could have written (an unknown
    /// code, a paragraph outside the text): the cache is then not trusted.
    pub fn into_article(self, source: String, texts: &Arc<dyn TextSource>) -> Option<Article> {
        let len = self.text.1;
        let paragraphs = self
            .paragraphs
            .into_iter()
            .map(|(kind, start, end)| {
                // Character boundaries are checked when the text is read (it is hashed, and
                // paragraphs are cut with `get`); here only that they lie inside it.
                (start <= end && end <= len).then_some(())?;
                Some(Paragraph {
                    kind: paragraph_kind(kind)?,
                    start,
                    end,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Article {
            id: ArticleId(self.id),
            source,
            date: match self.date {
                Some(n) => Some(from_day_number(n)?),
                None => None,
            },
            timestamp: match self.timestamp {
                Some((secs, nanos)) => Some(DateTime::<Utc>::from_timestamp(secs, nanos)?),
                None => None,
            },
            title: self.title,
            title_source: title_source(self.title_source)?,
            url: self.url,
            text: Text::stored(Arc::clone(texts), cache_place(self.text)),
            paragraphs,
            read_more: self.read_more,
        })
    }
}

impl StoredEntities {
    /// The entities again, checked against the length of the text they index (`None`: not
    /// trustworthy).
    pub fn into_entities(self, text_len: usize) -> Option<DocEntities> {
        let count = self.entities.len() as u32;
        let entities = self
            .entities
            .into_iter()
            .map(|(kind, name, key, date, count, evidence)| {
                let date = match date {
                    Some(n) => Some(from_day_number(n)?),
                    None => None,
                };
                let evidence = Evidence::from_bits(evidence);
                Some((entity_kind(kind)?, name, key, date, count, evidence))
            })
            .collect::<Option<Vec<_>>>()?;
        let mentions = self
            .mentions
            .into_iter()
            .map(|(start, end, entity)| {
                // In bounds is all that can be checked without reading the text; mentions are
                // only ever cut from it with `get`.
                let ok = start <= end && (end as usize) <= text_len && entity < count;
                ok.then_some(Mention { start, end, entity })
            })
            .collect::<Option<Vec<_>>>()?;
        DocEntities::from_packed(self.strings, entities, mentions)
    }
}

/// A skip of an entry inside a multi-article file, with its path part rewritten for `path`.
pub fn unusable_skips(path: &str, unusable: &[(u32, String)]) -> Vec<Skip> {
    unusable
        .iter()
        .map(|(index, reason)| Skip {
            path: format!("{path}#{index}"),
            reason: reason.clone(),
        })
        .collect()
}

fn title_source_code(t: TitleSource) -> u8 {
    match t {
        TitleSource::Headline => 0,
        TitleSource::Given => 1,
        TitleSource::LeadSentence => 2,
        TitleSource::None => 3,
    }
}

fn title_source(code: u8) -> Option<TitleSource> {
    Some(match code {
        0 => TitleSource::Headline,
        1 => TitleSource::Given,
        2 => TitleSource::LeadSentence,
        3 => TitleSource::None,
        _ => return None,
    })
}

fn paragraph_code(k: ParagraphKind) -> u8 {
    match k {
        ParagraphKind::Body => 0,
        ParagraphKind::Caption => 1,
        ParagraphKind::ReadMoreHeading => 2,
        ParagraphKind::ReadMore => 3,
        ParagraphKind::Update => 4,
    }
}

fn paragraph_kind(code: u8) -> Option<ParagraphKind> {
    Some(match code {
        0 => ParagraphKind::Body,
        1 => ParagraphKind::Caption,
        2 => ParagraphKind::ReadMoreHeading,
        3 => ParagraphKind::ReadMore,
        4 => ParagraphKind::Update,
        _ => return None,
    })
}

fn kind_code(k: EntityKind) -> u8 {
    EntityKind::ALL.iter().position(|&x| x == k).unwrap_or(0) as u8
}

fn entity_kind(code: u8) -> Option<EntityKind> {
    EntityKind::ALL.get(code as usize).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::load_embedded;
    use crate::ner::Recognizer;

    /// One text, kept in memory as a cache file would keep it at offset 0.
    #[derive(Debug)]
    struct OneText(String);

    impl TextSource for OneText {
        fn read(&self, at: u64, len: u32, hash: u64) -> Result<String, crate::lazy::Unreadable> {
            let ok = at == 0 && len as usize == self.0.len() && hash == place_of(&self.0).hash;
            ok.then(|| self.0.clone())
                .ok_or(crate::lazy::Unreadable::Checksum)
        }
    }

    fn place_of(text: &str) -> CachePlace {
        CachePlace {
            at: 0,
            len: text.len() as u32,
            hash: xxhash_rust::xxh3::xxh3_64(text.as_bytes()),
        }
    }

    #[test]
    fn articles_and_entities_survive_the_trip() {
        for a in load_embedded().articles {
            let entities = Recognizer::shared().recognize(a.text.get().unwrap(), a.date);
            let place = place_of(a.text.get().unwrap());
            let bytes = postcard::to_stdvec(&StoredArticleRef::of(&a, place)).unwrap();
            let back: StoredArticle = postcard::from_bytes(&bytes).unwrap();
            let texts: Arc<dyn TextSource> = Arc::new(OneText(a.text.get().unwrap().to_string()));
            let again = back.into_article(a.source.clone(), &texts).unwrap();
            assert_eq!(
                again.text.place(),
                Some(place),
                "the text stays in the cache"
            );
            assert_eq!(
                crate::corpus::article::shown(std::slice::from_ref(&again)),
                crate::corpus::article::shown(std::slice::from_ref(&a))
            );

            let bytes = postcard::to_stdvec(&StoredEntitiesRef::of(&entities)).unwrap();
            let back: StoredEntities = postcard::from_bytes(&bytes).unwrap();
            assert_eq!(back.into_entities(a.text.len()).unwrap(), entities);
        }
    }

    #[test]
    fn records_that_do_not_fit_their_text_are_refused() {
        let a = &load_embedded().articles[0];
        let texts: Arc<dyn TextSource> = Arc::new(OneText(a.text.get().unwrap().to_string()));
        let bytes =
            postcard::to_stdvec(&StoredArticleRef::of(a, place_of(a.text.get().unwrap()))).unwrap();
        let mut stored: StoredArticle = postcard::from_bytes(&bytes).unwrap();
        assert!(stored.clone().into_article(String::new(), &texts).is_some());
        stored.paragraphs.push((0, 0, a.text.len() as u32 + 1));
        assert!(stored.clone().into_article(String::new(), &texts).is_none());
        stored.paragraphs.pop();
        stored.title_source = 9;
        assert!(stored.into_article(String::new(), &texts).is_none());

        let bytes = postcard::to_stdvec(&StoredEntitiesRef::of(&DocEntities::default())).unwrap();
        let mut e: StoredEntities = postcard::from_bytes(&bytes).unwrap();
        e.mentions.push((0, 3, 0));
        assert!(e.clone().into_entities(6).is_none(), "mention of no entity");
        let mut e: StoredEntities = postcard::from_bytes(&bytes).unwrap();
        e.entities.push((0, (0, 0), (0, 0), None, 1, 0));
        e.mentions.push((2, 9, 0));
        assert!(e.into_entities(6).is_none(), "mention past the text's end");
    }
}
