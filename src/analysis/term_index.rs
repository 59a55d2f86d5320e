//! The collection's vocabulary of content terms: term hashes from the per-article phase become
//! dense ids, with their document frequencies and a readable form for explanations.

use super::terms::{TermCounts, for_each_term};
use super::texts::Texts;
use crate::corpus::Article;
use crate::hashing::FastMap;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Dense term ids for a collection.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct TermIndex {
    /// Per term: how many articles contain it.
    #[serde(with = "super::flat")]
    pub df: Vec<u32>,
    /// Per term: the stem as it is shown ("ceasefire").
    pub text: Texts,
    /// Per article: (term id, count) sorted by term id, `offsets` cutting `entries` (one flat
    /// array rather than a vector per article), encoded as in [`Counts`]. Only the profiles
    /// need them: emptied once those are made (see [`Self::drop_counts`]).
    offsets: Vec<usize>,
    entries: Vec<u8>,
}

/// One article's (term id, count) pairs in id order, decoded from the compact form they are kept
/// in until the profiles are made: per pair, the id's difference from the previous id, then the
/// count, each as a LEB128 varint. Ids of one article are close together and counts small, so a
/// pair takes two or three bytes instead of eight.
#[derive(Clone, Debug)]
pub struct Counts<'a> {
    bytes: &'a [u8],
    at: usize,
    id: u32,
}

impl Iterator for Counts<'_> {
    type Item = (u32, u32);

    fn next(&mut self) -> Option<(u32, u32)> {
        if self.at >= self.bytes.len() {
            return None;
        }
        self.id += read_varint(self.bytes, &mut self.at);
        let count = read_varint(self.bytes, &mut self.at);
        Some((self.id, count))
    }
}

fn write_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn read_varint(bytes: &[u8], at: &mut usize) -> u32 {
    let mut v = 0u32;
    let mut shift = 0;
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        v |= u32::from(b & 0x7f) << shift;
        if b < 0x80 {
            break;
        }
        shift += 7;
    }
    v
}

/// Appends one article's pairs, sorted by id, in the form [`Counts`] reads.
fn encode(out: &mut Vec<u8>, sorted: impl IntoIterator<Item = (u32, u32)>) {
    let mut prev = 0;
    for (id, count) in sorted {
        write_varint(out, id - prev);
        write_varint(out, count);
        prev = id;
    }
}

impl TermIndex {
    /// Interns the terms of every article (ids in order of first appearance, so a collection
    /// always gets the same ids), then recovers each term's text from the first article that
    /// has it, re-tokenising those articles in parallel.
    pub fn build(articles: &[Article], per_article: &[TermCounts]) -> TermIndex {
        let mut interner = TermInterner::default();
        for tc in per_article {
            interner.push(tc);
        }
        interner.finish(articles)
    }

    pub fn len(&self) -> usize {
        self.df.len()
    }

    pub fn is_empty(&self) -> bool {
        self.df.is_empty()
    }

    /// How many articles the per-article counts cover (none once dropped).
    pub fn articles(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// (term id, count) of `article`'s terms, by id; none for an unknown article.
    pub fn counts_of(&self, article: usize) -> Counts<'_> {
        let bytes = match (self.offsets.get(article), self.offsets.get(article + 1)) {
            (Some(&s), Some(&e)) => &self.entries[s..e],
            _ => &[],
        };
        Counts {
            bytes,
            at: 0,
            id: 0,
        }
    }

    /// Frees the per-article counts (the profiles hold what similarity needs).
    pub fn drop_counts(&mut self) {
        self.offsets = Vec::new();
        self.entries = Vec::new();
    }
}

/// Builds a [`TermIndex`] one article at a time, in article order: each article's term hashes
/// become dense ids at once, so the per-article [`TermCounts`] (16 bytes a term) need not be
/// kept; what stays is two or three bytes a term in one flat array (see [`Counts`]).
#[derive(Debug)]
pub struct TermInterner {
    ids: FastMap<u64, u32>,
    df: Vec<u32>,
    /// Per term: its hash (to find its text again).
    hashes: Vec<u64>,
    /// Per article and one more: the first term id it introduced. Ids are given in order of
    /// first appearance, so the terms an article introduced are the range up to the next one's.
    introduced: Vec<u32>,
    offsets: Vec<usize>,
    entries: Vec<u8>,
    /// The article being interned as `id << 32 | count`, sorted (by id: ids are distinct within
    /// an article) before it is encoded: sorting plain integers is quicker than pairs by key.
    scratch: Vec<u64>,
    /// The article's terms not seen before, as (hash, count).
    fresh: Vec<(u64, u32)>,
}

impl Default for TermInterner {
    fn default() -> Self {
        TermInterner {
            ids: FastMap::default(),
            df: Vec::new(),
            hashes: Vec::new(),
            introduced: vec![0],
            offsets: vec![0],
            entries: Vec::new(),
            scratch: Vec::new(),
            fresh: Vec::new(),
        }
    }
}

impl TermInterner {
    /// An interner expecting about `articles` articles of `text_bytes` bytes of text in all.
    /// News text encodes to about a byte of counts per ten bytes of text: room for a little
    /// more is reserved, and what goes unused is never touched (so never resident).
    pub fn with_capacity(articles: usize, text_bytes: usize) -> TermInterner {
        let mut interner = TermInterner::default();
        interner.introduced.reserve(articles);
        interner.offsets.reserve(articles);
        interner.entries.reserve(text_bytes / 8);
        interner
    }

    /// Interns the next article's terms.
    ///
    /// The terms it introduces get their ids in order of hash, whatever the order of `tc`: ids
    /// order the features whose scores are summed, so they decide how those sums round, and
    /// they must not change with how the article's terms were counted.
    pub fn push(&mut self, tc: &TermCounts) {
        self.scratch.clear();
        self.fresh.clear();
        for &(h, c) in &tc.counts {
            match self.ids.get(&h) {
                Some(&id) => {
                    self.df[id as usize] += 1;
                    self.scratch.push(u64::from(id) << 32 | u64::from(c));
                }
                None => self.fresh.push((h, c)),
            }
        }
        // Once the collection's vocabulary is mostly known, an article has only a few.
        self.fresh.sort_unstable_by_key(|&(h, _)| h);
        for &(h, c) in &self.fresh {
            let id = self.df.len() as u32;
            self.ids.insert(h, id);
            self.df.push(1);
            self.hashes.push(h);
            self.scratch.push(u64::from(id) << 32 | u64::from(c));
        }
        self.scratch.sort_unstable();
        encode(
            &mut self.entries,
            self.scratch.iter().map(|&p| ((p >> 32) as u32, p as u32)),
        );
        self.offsets.push(self.entries.len());
        self.introduced.push(self.df.len() as u32);
    }

    /// How many articles have been interned.
    pub fn articles(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Makes it cover exactly `n` articles: missing ones are empty, extra ones are forgotten as
    /// if never interned (their terms and their share of the frequencies go).
    fn fit(&mut self, n: usize) {
        while self.articles() < n {
            self.push(&TermCounts::default());
        }
        if self.articles() > n {
            for w in self.offsets[n..].windows(2) {
                let forgotten = Counts {
                    bytes: &self.entries[w[0]..w[1]],
                    at: 0,
                    id: 0,
                };
                for (id, _) in forgotten {
                    self.df[id as usize] -= 1;
                }
            }
            self.entries.truncate(self.offsets[n]);
            self.offsets.truncate(n + 1);
            let terms = self.introduced[n] as usize;
            self.introduced.truncate(n + 1);
            self.df.truncate(terms);
            self.hashes.truncate(terms);
            self.ids.retain(|_, id| (*id as usize) < terms);
        }
    }

    /// The index for `articles` (one per interned article; see [`Self::fit`]) with every term's
    /// text.
    pub fn finish(mut self, articles: &[Article]) -> TermIndex {
        self.fit(articles.len());
        // The hash table is the largest part after the counts; texts are found without it.
        drop(std::mem::take(&mut self.ids));
        self.scratch = Vec::new();
        // `entries` keeps its spare capacity: pages past its end were never written, so they
        // take no memory, whereas shrinking it would copy it whole into fresh pages.
        let text = term_texts(articles, &self.introduced, &self.hashes);
        TermIndex {
            // Grown by pushing, kept for the collection's lifetime.
            df: crate::exact::exact(self.df),
            text,
            offsets: self.offsets,
            entries: self.entries,
        }
    }
}

/// The text of every term, found again in the article that first used it.
fn term_texts(articles: &[Article], introduced: &[u32], hashes: &[u64]) -> Texts {
    let found: Vec<Vec<Option<String>>> = articles
        .par_iter()
        .enumerate()
        .map(|(a, article)| {
            let (first, end) = (introduced[a] as usize, introduced[a + 1] as usize);
            if first == end {
                return Vec::new();
            }
            // The terms this article introduced, by hash: looked up without a table of all terms.
            let mut mine: Vec<(u64, u32)> =
                (first..end).map(|id| (hashes[id], id as u32)).collect();
            mine.sort_unstable();
            let mut out: Vec<Option<String>> = vec![None; end - first];
            let mut visit = |stem: &str, hash: u64| {
                if let Ok(i) = mine.binary_search_by_key(&hash, |&(h, _)| h) {
                    let slot = &mut out[mine[i].1 as usize - first];
                    if slot.is_none() {
                        *slot = Some(stem.to_string());
                    }
                }
            };
            for_each_term(&article.title, &mut visit);
            // Read for the moment: a text left in the analysis cache is not kept in memory. One
            // that cannot be read any more gives its terms no readable form from it.
            let text = article.text.read().unwrap_or_default();
            for (p, text) in article.paragraphs_in(&text) {
                if super::terms::is_prose(p.kind) {
                    for_each_term(text, &mut visit);
                }
            }
            out
        })
        .collect();
    Texts::collect(
        found
            .iter()
            .flatten()
            .map(|t| t.as_deref().unwrap_or_default()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::load::load_bytes;

    #[test]
    fn ids_frequencies_and_texts() {
        let a = load_bytes(
            " date 2020-01-01 Troops at the border held the line.".as_bytes(),
            "a.txt",
        );
        let b = load_bytes(
            " date 2020-01-02 Border troops withdrew.".as_bytes(),
            "b.txt",
        );
        let articles = vec![a.articles[0].clone(), b.articles[0].clone()];
        let per: Vec<TermCounts> = articles.iter().map(TermCounts::of_article).collect();
        let idx = TermIndex::build(&articles, &per);
        let id_of = |w: &str| idx.text.iter().position(|t| t == w).unwrap();
        assert_eq!(idx.df[id_of("troop")], 2);
        assert_eq!(idx.df[id_of("border")], 2);
        assert_eq!(idx.df[id_of("withdrew")], 1);
        assert!(idx.text.iter().all(|t| !t.is_empty()));
        assert_eq!(idx.articles(), 2);
        let second: Vec<(u32, u32)> = idx.counts_of(1).collect();
        assert!(second.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(second.len(), per[1].counts.len());
        assert_eq!(idx.counts_of(2).count(), 0);
    }

    #[test]
    fn new_terms_take_ids_in_order_of_hash_whatever_the_counts_order() {
        let intern = |articles: &[Vec<(u64, u32)>]| {
            let mut interner = TermInterner::default();
            for counts in articles {
                interner.push(&TermCounts {
                    counts: counts.clone(),
                });
            }
            (interner.hashes, interner.df, interner.entries)
        };
        let first = vec![(30, 1), (10, 2), (20, 1)];
        let second = vec![(40, 1), (20, 3), (5, 1)];
        let (hashes, df, entries) = intern(&[first.clone(), second.clone()]);
        assert_eq!(hashes, [10, 20, 30, 5, 40]);
        assert_eq!(df, [1, 2, 1, 1, 1]);
        let reversed = |v: &Vec<(u64, u32)>| v.iter().rev().copied().collect::<Vec<_>>();
        assert_eq!(
            intern(&[reversed(&first), reversed(&second)]),
            (hashes, df, entries)
        );
    }

    #[test]
    fn compact_counts_read_back() {
        let pairs = vec![
            (0, 1),
            (5, 300),
            (200, 3),
            (70_000, 1),
            (u32::MAX, u32::MAX),
        ];
        let mut bytes = Vec::new();
        encode(&mut bytes, pairs.iter().copied());
        let back: Vec<(u32, u32)> = Counts {
            bytes: &bytes,
            at: 0,
            id: 0,
        }
        .collect();
        assert_eq!(back, pairs);
    }
}
