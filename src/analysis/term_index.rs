//! The collection's vocabulary of content terms: term hashes from the per-article phase become
//! dense ids, with their document frequencies and a readable form for explanations.

use super::terms::{TermCounts, for_each_term};
use crate::corpus::Article;
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Term hashes are already well mixed, so the table uses them as they are.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are hashed here; keep a correct fallback all the same.
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type HashIds = HashMap<u64, u32, BuildHasherDefault<PassThrough>>;

/// Dense term ids for a collection.
#[derive(Debug, Default)]
pub struct TermIndex {
    /// Per term: how many articles contain it.
    pub df: Vec<u32>,
    /// Per term: the stem as it is shown ("ceasefire").
    pub text: Vec<String>,
    /// Per article: (term id, count), sorted by term id.
    pub counts: Vec<Vec<(u32, u32)>>,
}

impl TermIndex {
    /// Interns the terms of every article (ids in order of first appearance, so a collection
    /// always gets the same ids), then recovers each term's text from the first article that
    /// has it, re-tokenising those articles in parallel.
    pub fn build(articles: &[Article], per_article: &[TermCounts]) -> TermIndex {
        let mut ids = HashIds::default();
        let mut df: Vec<u32> = Vec::new();
        let mut first_seen: Vec<u32> = Vec::new();
        let mut hashes: Vec<u64> = Vec::new();
        let counts: Vec<Vec<(u32, u32)>> = per_article
            .iter()
            .enumerate()
            .map(|(article, tc)| {
                let mut v: Vec<(u32, u32)> = tc
                    .counts
                    .iter()
                    .map(|&(h, c)| {
                        let id = *ids.entry(h).or_insert_with(|| {
                            df.push(0);
                            first_seen.push(article as u32);
                            hashes.push(h);
                            (df.len() - 1) as u32
                        });
                        df[id as usize] += 1;
                        (id, c)
                    })
                    .collect();
                v.sort_unstable_by_key(|&(id, _)| id);
                v
            })
            .collect();
        let text = term_texts(articles, &first_seen, &hashes, &ids);
        TermIndex { df, text, counts }
    }

    pub fn len(&self) -> usize {
        self.df.len()
    }

    pub fn is_empty(&self) -> bool {
        self.df.is_empty()
    }
}

/// The text of every term, found again in the article that first used it.
fn term_texts(
    articles: &[Article],
    first_seen: &[u32],
    hashes: &[u64],
    ids: &HashIds,
) -> Vec<String> {
    let mut introducing: Vec<u32> = first_seen.to_vec();
    introducing.dedup();
    let found: Vec<Vec<(u32, String)>> = introducing
        .par_iter()
        .map(|&a| {
            let mut out = Vec::new();
            let Some(article) = articles.get(a as usize) else {
                return out;
            };
            let mut visit = |stem: &str, hash: u64| {
                if let Some(&id) = ids.get(&hash)
                    && first_seen[id as usize] == a
                    && out.iter().all(|(i, _)| *i != id)
                {
                    out.push((id, stem.to_string()));
                }
            };
            for_each_term(&article.title, &mut visit);
            for (p, text) in article.paragraphs_with_text() {
                if super::terms::is_prose(p.kind) {
                    for_each_term(text, &mut visit);
                }
            }
            out
        })
        .collect();
    let mut text = vec![String::new(); hashes.len()];
    for (id, s) in found.into_iter().flatten() {
        text[id as usize] = s;
    }
    text
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
        assert_eq!(idx.counts.len(), 2);
        assert!(idx.counts[1].windows(2).all(|w| w[0].0 < w[1].0));
    }
}
