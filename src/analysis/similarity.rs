//! How alike two articles are, and finding the most alike without comparing with everyone.
//!
//! The score of a pair is a mix of two cosines, content terms and entities, scaled by closeness in
//! time:  `(TERM_SHARE·cos_terms + ENTITY_SHARE·cos_entities) · time_factor(days apart)`.
//!
//! Candidates come from the inverted indexes: the query's features are visited rarest first,
//! their postings add partial dot products into a scratch array, and the walk stops after a
//! budget of postings, so one query costs time in proportion to that budget, not to the size of
//! the collection. Features in more than a share of the collection ("US", "Reuters", "said") are
//! never used to find candidates: two articles sharing only those are not related. The best
//! candidates by partial score are then scored exactly.

use super::sparse::{Postings, SparseVec, dot};
use std::cell::RefCell;

/// Weight of the content-term cosine in the score.
pub const TERM_SHARE: f32 = 0.55;
/// Weight of the entity cosine in the score.
pub const ENTITY_SHARE: f32 = 0.45;
/// Days over which closeness in time fades (see [`time_factor`]).
pub const TIME_SCALE_DAYS: f32 = 10.0;
/// Postings visited per query at most.
const POSTINGS_BUDGET: usize = 40_000;
/// Candidates scored exactly per query.
const RESCORED: usize = 96;
/// A feature in more than this share of the articles does not find candidates…
const COMMON_SHARE: f32 = 0.05;
/// …unless the collection is so small that every feature looks common.
const COMMON_FLOOR: usize = 50;

/// Closeness in time: 1 on the same day, fading towards `1 - TIME_WEIGHT` over weeks. Unknown
/// dates get the middle value, so they neither win nor lose much.
pub fn time_factor(days_apart: Option<i64>) -> f32 {
    const TIME_WEIGHT: f32 = 0.3;
    match days_apart {
        Some(d) => {
            1.0 - TIME_WEIGHT + TIME_WEIGHT * (-(d.unsigned_abs() as f32) / TIME_SCALE_DAYS).exp()
        }
        None => 1.0 - TIME_WEIGHT / 2.0,
    }
}

/// Profiles, postings in time order, and dates: everything a similarity query needs.
#[derive(Debug, Default)]
pub struct SimilarityIndex {
    pub terms: Vec<SparseVec>,
    pub entities: Vec<SparseVec>,
    term_postings: Postings,
    entity_postings: Postings,
    /// Per article: days since the common era, when its date is known.
    days: Vec<Option<i32>>,
    /// Per article: its position in time order (undated last).
    rank: Vec<u32>,
    /// Articles in time order.
    by_time: Vec<u32>,
    common_df: usize,
}

/// A time window as a range of time ranks.
#[derive(Clone, Copy, Debug)]
pub struct Window {
    lo: u32,
    hi: u32,
}

/// Where a feature's postings are and how its weight counts.
struct QueryFeature {
    entity: bool,
    id: u32,
    weight: f32,
    df: usize,
}

thread_local! {
    /// Partial scores per article and the articles touched, reused across queries on a thread.
    static SCRATCH: RefCell<(Vec<f32>, Vec<u32>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

impl SimilarityIndex {
    pub fn build(
        terms: Vec<SparseVec>,
        entities: Vec<SparseVec>,
        term_count: usize,
        entity_count: usize,
        days: Vec<Option<i32>>,
    ) -> SimilarityIndex {
        let n = days.len();
        let mut by_time: Vec<u32> = (0..n as u32).collect();
        by_time.sort_by_key(|&a| (days[a as usize].unwrap_or(i32::MAX), a));
        let mut rank = vec![0u32; n];
        for (r, &a) in by_time.iter().enumerate() {
            rank[a as usize] = r as u32;
        }
        let term_postings = Postings::build(term_count, &terms, &by_time);
        let entity_postings = Postings::build(entity_count, &entities, &by_time);
        let common_df = ((n as f32 * COMMON_SHARE) as usize).max(COMMON_FLOOR);
        SimilarityIndex {
            terms,
            entities,
            term_postings,
            entity_postings,
            days,
            rank,
            by_time,
            common_df,
        }
    }

    pub fn len(&self) -> usize {
        self.days.len()
    }

    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    /// `b`'s date minus `a`'s, in days, when both are known.
    pub fn days_apart(&self, a: usize, b: usize) -> Option<i64> {
        let (x, y) = (self.days.get(a).copied()??, self.days.get(b).copied()??);
        Some(i64::from(y) - i64::from(x))
    }

    /// The exact score of a pair.
    pub fn score(&self, a: usize, b: usize) -> f32 {
        let (Some(ta), Some(tb), Some(ea), Some(eb)) = (
            self.terms.get(a),
            self.terms.get(b),
            self.entities.get(a),
            self.entities.get(b),
        ) else {
            return 0.0;
        };
        // Without entities on one side there is no entity evidence either way: the terms decide.
        let content = if ea.is_empty() || eb.is_empty() {
            dot(ta, tb)
        } else {
            TERM_SHARE * dot(ta, tb) + ENTITY_SHARE * dot(ea, eb)
        };
        content * time_factor(self.days_apart(a, b))
    }

    /// The articles dated within `days` of `a`'s date (for an undated article: the undated).
    pub fn window(&self, a: usize, days: i32) -> Window {
        let at = |r: usize| self.days[self.by_time[r] as usize];
        let n = self.by_time.len();
        let (lo, hi) = match self.days.get(a).copied().flatten() {
            Some(d) => {
                let lo = partition(n, |r| at(r).is_some_and(|x| x < d.saturating_sub(days)));
                let hi = partition(n, |r| at(r).is_some_and(|x| x <= d.saturating_add(days)));
                (lo, hi)
            }
            None => (partition(n, |r| at(r).is_some()), n),
        };
        Window {
            lo: lo as u32,
            hi: hi as u32,
        }
    }

    /// The `n` articles most like `a` (best first, never `a` itself), with scores of at least
    /// `min_score`, optionally only within a time window.
    pub fn top(
        &self,
        a: usize,
        n: usize,
        min_score: f32,
        window: Option<Window>,
    ) -> Vec<(usize, f32)> {
        if a >= self.len() || n == 0 {
            return Vec::new();
        }
        let candidates = self.candidates(a, window);
        let mut scored: Vec<(usize, f32)> = candidates
            .into_iter()
            .map(|b| (b as usize, self.score(a, b as usize)))
            .filter(|&(_, s)| s >= min_score && s > 0.0)
            .collect();
        scored.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        scored.truncate(n);
        scored
    }

    /// The features of `a` that can find candidates, rarest first.
    fn query_features(&self, a: usize) -> Vec<QueryFeature> {
        let mut q: Vec<QueryFeature> = Vec::new();
        for (entity, vec, postings, share) in [
            (false, &self.terms[a], &self.term_postings, TERM_SHARE),
            (true, &self.entities[a], &self.entity_postings, ENTITY_SHARE),
        ] {
            for &(id, w) in vec {
                let df = postings.len_of(id);
                if df > 1 && df <= self.common_df {
                    q.push(QueryFeature {
                        entity,
                        id,
                        weight: w * share,
                        df,
                    });
                }
            }
        }
        q.sort_unstable_by(|x, y| x.df.cmp(&y.df).then(y.weight.total_cmp(&x.weight)));
        q
    }

    /// The best few articles by partial dot product over the postings of `a`'s rarer features.
    fn candidates(&self, a: usize, window: Option<Window>) -> Vec<u32> {
        let features = self.query_features(a);
        SCRATCH.with(|cell| {
            let mut guard = cell.borrow_mut();
            let (acc, touched) = &mut *guard;
            if acc.len() < self.len() {
                acc.resize(self.len(), 0.0);
            }
            touched.clear();
            let mut budget = POSTINGS_BUDGET;
            for f in &features {
                let all = if f.entity {
                    self.entity_postings.of(f.id)
                } else {
                    self.term_postings.of(f.id)
                };
                let list = match window {
                    Some(w) => {
                        let lo = all.partition_point(|&(d, _)| self.rank[d as usize] < w.lo);
                        let hi = all.partition_point(|&(d, _)| self.rank[d as usize] < w.hi);
                        &all[lo..hi]
                    }
                    None => all,
                };
                let list = &list[..list.len().min(budget)];
                budget -= list.len();
                for &(d, w) in list {
                    let slot = &mut acc[d as usize];
                    if *slot == 0.0 {
                        touched.push(d);
                    }
                    *slot += f.weight * w;
                }
                if budget == 0 {
                    break;
                }
            }
            let mut found: Vec<(u32, f32)> = touched
                .iter()
                .filter(|&&d| d as usize != a)
                .map(|&d| (d, acc[d as usize]))
                .collect();
            for &d in touched.iter() {
                acc[d as usize] = 0.0;
            }
            if found.len() > RESCORED {
                found.select_nth_unstable_by(RESCORED, |x, y| {
                    y.1.total_cmp(&x.1).then(x.0.cmp(&y.0))
                });
                found.truncate(RESCORED);
            }
            found.into_iter().map(|(d, _)| d).collect()
        })
    }
}

/// The first index in `0..n` where `pred` turns false (`pred` true then false).
fn partition(n: usize, pred: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(terms: Vec<SparseVec>, days: Vec<Option<i32>>) -> SimilarityIndex {
        let entities = vec![SparseVec::new(); terms.len()];
        SimilarityIndex::build(terms, entities, 10, 0, days)
    }

    #[test]
    fn time_closeness_fades() {
        assert_eq!(time_factor(Some(0)), 1.0);
        assert!(time_factor(Some(1)) > time_factor(Some(7)));
        assert!(time_factor(Some(-7)) == time_factor(Some(7)));
        assert!(time_factor(Some(10_000)) >= 0.7);
    }

    #[test]
    fn best_first_and_never_itself() {
        let idx = index(
            vec![
                vec![(0, 0.8), (1, 0.6)],
                vec![(0, 0.6), (1, 0.8)],
                vec![(1, 1.0)],
                vec![(2, 1.0)],
            ],
            vec![Some(0); 4],
        );
        let top = idx.top(0, 10, 0.0, None);
        let order: Vec<usize> = top.iter().map(|&(a, _)| a).collect();
        assert_eq!(order, vec![1, 2]);
        assert!(top[0].1 > top[1].1);
        assert!(idx.top(9, 10, 0.0, None).is_empty());
    }

    #[test]
    fn nearer_in_time_wins_a_tie() {
        let same = vec![(0, 1.0)];
        let idx = index(
            vec![same.clone(), same.clone(), same],
            vec![Some(100), Some(130), Some(101)],
        );
        let order: Vec<usize> = idx.top(0, 10, 0.0, None).iter().map(|&(a, _)| a).collect();
        assert_eq!(order, vec![2, 1]);
        assert_eq!(idx.days_apart(0, 2), Some(1));
        assert_eq!(idx.days_apart(2, 0), Some(-1));
    }

    #[test]
    fn window_keeps_only_nearby_days() {
        let same = vec![(0, 1.0)];
        let idx = index(
            vec![same.clone(), same.clone(), same.clone(), same],
            vec![Some(100), Some(130), Some(104), None],
        );
        let w = idx.window(0, 7);
        let order: Vec<usize> = idx
            .top(0, 10, 0.0, Some(w))
            .iter()
            .map(|&(a, _)| a)
            .collect();
        assert_eq!(order, vec![2]);
        let undated = idx.window(3, 7);
        assert!(idx.top(3, 10, 0.0, Some(undated)).is_empty());
    }

    #[test]
    fn common_features_find_no_candidates() {
        // Feature 0 is in every one of 60 articles (above the floor of 50): sharing it alone
        // relates nothing; articles 0 and 1 also share the rare feature 1.
        let mut terms = vec![vec![(0, 1.0)]; 60];
        terms[0] = vec![(0, 0.6), (1, 0.8)];
        terms[1] = vec![(0, 0.6), (1, 0.8)];
        let idx = index(terms, vec![Some(0); 60]);
        let order: Vec<usize> = idx.top(0, 10, 0.0, None).iter().map(|&(a, _)| a).collect();
        assert_eq!(order, vec![1]);
        assert!(idx.top(5, 10, 0.0, None).is_empty());
    }
}
