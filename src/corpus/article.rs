//! The article model: what every layer above the corpus reads.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::fmt;
use std::ops::Range;

use super::article_text::{Text, TextUnavailable};

/// A stable identifier derived from the article's normalised text, so that renaming or moving a
/// file keeps its identity (and its marks). Shown as 12 hexadecimal digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct ArticleId(pub u64);

impl ArticleId {
    /// Number of hex digits shown; 48 bits keep collisions negligible at a million articles.
    pub const DISPLAY_LEN: usize = 12;

    pub fn to_hex(self) -> String {
        format!("{:016x}", self.0)[..Self::DISPLAY_LEN].to_string()
    }

    /// True when `prefix` (hex, any case) starts this id's display form.
    pub fn matches_prefix(self, prefix: &str) -> bool {
        !prefix.is_empty() && self.to_hex().starts_with(&prefix.to_ascii_lowercase())
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl Serialize for ArticleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

/// What a paragraph is, which decides how it is shown and whether it is analysed as prose.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ParagraphKind {
    Body,
    /// A photo caption, recognised by its trailing agency credit: `… (Reuters/Aziz Karimov)`.
    Caption,
    /// The `Read more:` line that introduces a block of headlines (no headline of its own).
    ReadMoreHeading,
    /// A further-reading headline: `Read more: <headline>` inline, or a line of a heading's block.
    ReadMore,
    /// `Last Update: Saturday, 31 October 2020 KSA 11:08 - GMT 08:08`.
    Update,
}

/// One paragraph: its kind and its byte range in [`Article::text`].
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct Paragraph {
    pub kind: ParagraphKind,
    pub start: u32,
    pub end: u32,
}

impl Paragraph {
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// Where the title came from.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TitleSource {
    /// The first paragraph was a headline (short, no final full stop) and is not part of the text.
    Headline,
    /// A structured source (a JSON export) gave a title.
    Given,
    /// Derived from the lead sentence, cut at a word boundary.
    LeadSentence,
    /// Nothing to derive from.
    None,
}

/// A parsed article. `text` is sanitised; paragraphs are ranges into it, separated by `"\n\n"`, so
/// analysis offsets into `text` address paragraphs directly and cost no extra strings.
#[derive(Clone, Debug, Serialize)]
pub struct Article {
    pub id: ArticleId,
    /// The file it came from, as given (for embedded seeds: `seeds/<name>`).
    pub source: String,
    /// The publication date: the ` date YYYY-MM-DD ` header, else a structured date, else the
    /// `Last Update` line's date.
    pub date: Option<NaiveDate>,
    /// A precise moment when the text gives one (the `Last Update` line, in UTC).
    pub timestamp: Option<DateTime<Utc>>,
    pub title: String,
    pub title_source: TitleSource,
    /// An address the article came from, when the source format gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Read from the analysis cache when first needed if it came from there; passes over
    /// every article use [`Text::read`] (see [`super::article_text`]).
    pub text: Text,
    pub paragraphs: Vec<Paragraph>,
    /// Headlines of the `Read more:` blocks, in order.
    pub read_more: Vec<String>,
}

/// For tests that compare articles however their texts are held: `Debug` with the text read
/// (for a moment), where `Debug` itself never reads a stored text.
#[cfg(test)]
pub(crate) fn shown(articles: &[Article]) -> String {
    let read: Vec<Article> = articles
        .iter()
        .map(|a| a.with_text(Text::from(a.text.read().unwrap().into_owned())))
        .collect();
    format!("{read:?}")
}

impl Article {
    /// Paragraphs with their text (a stored text is read now and kept).
    pub fn paragraphs_with_text(
        &self,
    ) -> Result<impl Iterator<Item = (&Paragraph, &str)>, TextUnavailable> {
        Ok(self.paragraphs_in(self.text.get()?))
    }

    /// Paragraphs with their text, cut from `text` (the article's text as [`Text::read`] gave it):
    /// for passes over every article, which must not keep stored texts in memory. A range that
    /// does not fit (a damaged cache) gives an empty paragraph, never a panic.
    pub fn paragraphs_in<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (&'a Paragraph, &'a str)> + 'a {
        self.paragraphs
            .iter()
            .map(move |p| (p, text.get(p.range()).unwrap_or_default()))
    }

    /// A copy with `text` in place of its text (the same text, kept elsewhere): copies
    /// everything but the text.
    pub fn with_text(&self, text: Text) -> Article {
        Article {
            id: self.id,
            source: self.source.clone(),
            date: self.date,
            timestamp: self.timestamp,
            title: self.title.clone(),
            title_source: self.title_source,
            url: self.url.clone(),
            text,
            paragraphs: self.paragraphs.clone(),
            read_more: self.read_more.clone(),
        }
    }

    /// The base name of the source file (what the evaluation contracts call `file`).
    pub fn file_name(&self) -> &str {
        self.source
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(self.source.as_str())
    }

    /// Date for sorting: unknown dates sort as oldest.
    pub fn sort_key(&self) -> (NaiveDate, Option<DateTime<Utc>>) {
        (self.date.unwrap_or(NaiveDate::MIN), self.timestamp)
    }
}
