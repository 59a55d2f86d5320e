//! Turning counts into weighted article profiles: TF-IDF over content terms, and the same over
//! entities with a weight per kind.

use super::entity_index::{EntityId, EntityIndex};
use super::sparse::{SparseVec, keep_heaviest};
use super::term_index::TermIndex;
use super::terms::is_prose;
use crate::corpus::Article;
use crate::entity::{DocEntities, EntityKind};
use rayon::prelude::*;

/// Terms kept in an article's profile. The heaviest few dozen words say what a story is about;
/// the tail adds cost to every comparison and noise to the score.
pub const PROFILE_TERMS: usize = 96;

/// How much sharing an entity of this kind says about two articles being one story. People and
/// named events are specific; nationalities ("Armenian") are shared by any two articles about a
/// country; dates are left to the time factor (two articles mentioning "Friday" share nothing).
pub fn kind_weight(kind: EntityKind) -> f32 {
    match kind {
        EntityKind::Person => 1.0,
        EntityKind::Org => 0.9,
        EntityKind::Misc => 0.9,
        EntityKind::Place => 0.8,
        EntityKind::Group => 0.5,
        EntityKind::Date => 0.0,
    }
}

/// Inverse document frequency, smoothed so that a feature in every article of a two-article
/// collection still counts a little.
pub fn idf(df: u32, articles: usize) -> f32 {
    (1.0 + articles as f32 / df.max(1) as f32).ln()
}

/// `1 + ln c`, a count's weight: from a table for the counts almost every term has (the same
/// value, computed once rather than for each of some twenty million terms).
fn log_count(c: u32) -> f32 {
    static SMALL: std::sync::LazyLock<Vec<f32>> =
        std::sync::LazyLock::new(|| (0..256u32).map(|c| 1.0 + (c as f32).ln()).collect());
    match SMALL.get(c as usize) {
        Some(&w) => w,
        None => 1.0 + (c as f32).ln(),
    }
}

/// One unit-length TF-IDF profile per article. The norm is taken over all terms, then only terms
/// some other article also has are kept (a word no one else uses cannot relate two articles),
/// at most [`PROFILE_TERMS`] of them.
pub fn term_profiles(terms: &TermIndex) -> Vec<SparseVec> {
    let n = terms.articles();
    // Once per term rather than once per article using it (the same values).
    let idfs: Vec<f32> = terms.df.par_iter().map(|&df| idf(df, n)).collect();
    (0..n)
        .into_par_iter()
        .map(|a| {
            let mut v: SparseVec = terms
                .counts_of(a)
                .map(|(t, c)| (t, log_count(c) * idfs[t as usize]))
                .collect();
            let norm = v.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
            v.retain(|&(t, _)| terms.df[t as usize] > 1);
            keep_heaviest(&mut v, PROFILE_TERMS);
            if norm > 0.0 {
                v.iter_mut().for_each(|(_, w)| *w /= norm);
            }
            // Kept for the collection's lifetime.
            crate::exact::exact(v)
        })
        .collect()
}

/// One unit-length entity profile per article: (1 + ln mentions) × IDF × kind weight, counting
/// only mentions in the article's own prose (read-more headlines name other stories' people).
/// `prose[a]` holds article `a`'s mentions per local entity that fall in its prose
/// ([`prose_counts`]).
pub fn entity_profiles(prose: &[Vec<u32>], index: &EntityIndex) -> Vec<SparseVec> {
    let n = prose.len();
    (0..n)
        .into_par_iter()
        .map(|a| {
            let counts = prose[a].iter().copied();
            let mut pairs: Vec<(EntityId, u32)> = index
                .locals(a)
                .iter()
                .zip(counts)
                .filter(|&(_, c)| c > 0)
                .map(|(&g, c)| (g, c))
                .collect();
            pairs.sort_unstable_by_key(|&(g, _)| g);
            let mut v: SparseVec = Vec::with_capacity(pairs.len());
            for (g, c) in pairs {
                let Some(info) = index.info(g) else { continue };
                let tf = 1.0 + (c as f32).ln();
                let w = tf * idf(info.article_count, n) * kind_weight(info.kind);
                match v.last_mut() {
                    Some((last, lw)) if *last == g => *lw += w,
                    _ if w > 0.0 => v.push((g, w)),
                    _ => {}
                }
            }
            // As for terms: the norm counts every entity, the profile keeps the shareable ones.
            let norm = v.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
            v.retain(|&(g, _)| index.info(g).is_some_and(|i| i.article_count > 1));
            if norm > 0.0 {
                v.iter_mut().for_each(|(_, w)| *w /= norm);
            }
            crate::exact::exact(v)
        })
        .collect()
}

/// Mentions per local entity that fall in body or caption paragraphs. A hand-built or older
/// `DocEntities` without mentions falls back to its counts.
pub fn prose_counts(article: &Article, doc: &DocEntities) -> Vec<u32> {
    if doc.mentions.is_empty() {
        return doc.iter().map(|e| e.count).collect();
    }
    let mut counts = vec![0u32; doc.len()];
    for p in article.paragraphs.iter().filter(|p| is_prose(p.kind)) {
        for m in doc.mentions_in(p.start, p.end) {
            if let Some(c) = counts.get_mut(m.entity as usize) {
                *c += 1;
            }
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rarer_is_heavier() {
        assert!(idf(1, 100) > idf(10, 100));
        assert!(idf(2, 2) > 0.0);
    }

    #[test]
    fn people_weigh_more_than_nationalities_and_dates_nothing() {
        assert!(kind_weight(EntityKind::Person) > kind_weight(EntityKind::Group));
        assert_eq!(kind_weight(EntityKind::Date), 0.0);
    }
}
