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
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;

/// Weight of the content-term cosine in the score.
pub const TERM_SHARE: f32 = 0.75;
/// Weight of the entity cosine in the score.
pub const ENTITY_SHARE: f32 = 0.25;
/// Days over which closeness in time fades (see [`time_factor`]).
pub const TIME_SCALE_DAYS: f32 = 10.0;
/// Postings visited per query at most.
const POSTINGS_BUDGET: usize = 16_000;
/// Candidates scored exactly per query: this many per result asked for…
const RESCORED_PER_RESULT: usize = 2;
/// …and at least this many.
const MIN_RESCORED: usize = 16;
/// Within a window of days few articles compete, and the rarest features an article has find
/// its story-mates: the windowed sweep asks with this many of them (exact scores still use all).
const WINDOW_QUERY_FEATURES: usize = 40;
/// A feature in more than this share of the articles does not find candidates…
const COMMON_SHARE: f32 = 0.02;
/// …unless the collection is so small that every feature looks common.
const COMMON_FLOOR: usize = 50;

/// Closeness in time: 1 on the same day, fading towards `1 - TIME_WEIGHT` over weeks. Unknown
/// dates get the middle value, so they neither win nor lose much. Half the score rides on time:
/// two reports of one event are days apart, while articles months apart that name the same
/// people are usually about another chapter (measured on basil-dev: see BENCHMARKS.md).
pub fn time_factor(days_apart: Option<i64>) -> f32 {
    const TIME_WEIGHT: f32 = 0.5;
    match days_apart {
        Some(d) => {
            1.0 - TIME_WEIGHT + TIME_WEIGHT * (-(d.unsigned_abs() as f32) / TIME_SCALE_DAYS).exp()
        }
        None => 1.0 - TIME_WEIGHT / 2.0,
    }
}

/// Profiles, postings in time order, and dates: everything a similarity query needs.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct SimilarityIndex {
    #[serde(with = "super::flat::nested")]
    pub terms: Vec<SparseVec>,
    #[serde(with = "super::flat::nested")]
    pub entities: Vec<SparseVec>,
    pub(crate) term_postings: Postings,
    pub(crate) entity_postings: Postings,
    /// Per article: days since the common era, when its date is known.
    #[serde(with = "super::flat")]
    pub(crate) days: Vec<Option<i32>>,
    /// Per article: its position in time order (undated last).
    #[serde(with = "super::flat")]
    pub(crate) rank: Vec<u32>,
    /// Articles in time order.
    #[serde(with = "super::flat")]
    pub(crate) by_time: Vec<u32>,
    pub(crate) common_df: usize,
}

/// Articles with their scores, best first.
pub type Scored = Vec<(usize, f32)>;

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
    /// The query's term and entity profiles spread over dense arrays (zero elsewhere), reused
    /// across queries on a thread.
    static DENSE: RefCell<(Vec<f32>, Vec<f32>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

/// Writes `v`'s weights into `dense` (grown as needed).
fn spread(dense: &mut Vec<f32>, v: &SparseVec) {
    if let Some(&(last, _)) = v.last()
        && dense.len() <= last as usize
    {
        dense.resize(last as usize + 1, 0.0);
    }
    for &(id, w) in v {
        dense[id as usize] = w;
    }
}

/// Zeroes what [`spread`] wrote.
fn unspread(dense: &mut [f32], v: &SparseVec) {
    for &(id, _) in v {
        dense[id as usize] = 0.0;
    }
}

/// [`dot`] of a spread vector with `b`: the same sum, bit for bit. It adds `x·y` for the shared
/// features in id order as the merge does, and `0·y = +0` for the others, which leaves a sum of
/// non-negative weights unchanged; but without the merge's unpredictable branches.
fn dense_dot(dense: &[f32], b: &SparseVec) -> f32 {
    b.iter().fold(0.0, |sum, &(id, y)| {
        sum + dense.get(id as usize).copied().unwrap_or(0.0) * y
    })
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
        let common_df = ((n as f32 * COMMON_SHARE) as usize).max(COMMON_FLOOR);
        // Features in more than `common_df` articles never find candidates (see
        // `query_features`): their lists need not be kept.
        let (term_postings, entity_postings) = rayon::join(
            || Postings::build(term_count, &terms, &by_time, common_df),
            || Postings::build(entity_count, &entities, &by_time, common_df),
        );
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
        let entity = (!ea.is_empty() && !eb.is_empty()).then(|| dot(ea, eb));
        self.combine(a, b, dot(ta, tb), entity)
    }

    /// A pair's score from its term similarity and its entity similarity (`None` when one side
    /// names no entity: then there is no entity evidence either way and the terms decide),
    /// weighed by their time apart.
    fn combine(&self, a: usize, b: usize, term: f32, entity: Option<f32>) -> f32 {
        let content = match entity {
            None => term,
            Some(entity) => TERM_SHARE * term + ENTITY_SHARE * entity,
        };
        content * time_factor(self.days_apart(a, b))
    }

    /// [`Self::score`] with `a`'s profiles spread over dense arrays (see [`spread`]): the same
    /// value, bit for bit, at a fraction of the cost when `a` is scored against many articles.
    fn score_spread(&self, a: usize, b: usize, terms: &[f32], entities: &[f32]) -> f32 {
        let (Some(tb), Some(ea), Some(eb)) = (
            self.terms.get(b),
            self.entities.get(a),
            self.entities.get(b),
        ) else {
            return 0.0;
        };
        let entity = (!ea.is_empty() && !eb.is_empty()).then(|| dense_dot(entities, eb));
        self.combine(a, b, dense_dot(terms, tb), entity)
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
        let features = self.query_features(a);
        let lists = features.iter().map(|f| {
            let all = self.postings_of(f);
            let list = match window {
                Some(w) => {
                    let lo = all.partition_point(|&(r, _)| r < w.lo);
                    let hi = all.partition_point(|&(r, _)| r < w.hi);
                    &all[lo..hi]
                }
                None => all,
            };
            (f.weight, list)
        });
        let candidates = self.best_candidates(a, rescored(n), lists);
        self.rescore(a, candidates, n, min_score)
    }

    /// For every article, [`Self::top`] within `days` of its date — computed in one sweep in time
    /// order. Windows only move forward as the sweep does, so each feature's postings keep two
    /// cursors that only advance, instead of two binary searches per feature per article (which
    /// in a large collection cost more than everything else together). The sweep runs in chunks of
    /// time in parallel, each with its own cursors.
    pub fn top_within_days(&self, n: usize, min_score: f32, days: i32) -> Vec<Vec<(usize, f32)>> {
        const CHUNK: usize = 2048;
        let len = self.len();
        let term_count = self.term_postings.features();
        let slots = term_count + self.entity_postings.features();
        let per_chunk: Vec<Vec<(usize, Scored)>> = (0..len.div_ceil(CHUNK))
            .into_par_iter()
            .map(|chunk| {
                let mut lo_at = vec![u32::MAX; slots];
                let mut hi_at = vec![u32::MAX; slots];
                let ranks = chunk * CHUNK..((chunk + 1) * CHUNK).min(len);
                let mut out = Vec::with_capacity(ranks.len());
                for r in ranks {
                    let a = self.by_time[r] as usize;
                    let w = self.window(a, days);
                    let mut features = self.query_features(a);
                    features.truncate(WINDOW_QUERY_FEATURES);
                    let lists = features.iter().map(|f| {
                        let all = self.postings_of(f);
                        let slot = f.id as usize + if f.entity { term_count } else { 0 };
                        let lo = advance(all, &mut lo_at[slot], w.lo);
                        let hi = advance(all, &mut hi_at[slot], w.hi);
                        (f.weight, &all[lo..hi.max(lo)])
                    });
                    let candidates = self.best_candidates(a, rescored(n), lists);
                    // Held for every article until the sweep ends: without the room the
                    // rescored candidates took.
                    let top = crate::exact::exact(self.rescore(a, candidates, n, min_score));
                    out.push((a, top));
                }
                out
            })
            .collect();
        let mut result = vec![Vec::new(); len];
        for (a, top) in per_chunk.into_iter().flatten() {
            result[a] = top;
        }
        result
    }

    /// Scores candidates exactly; the best `n` of at least `min_score`.
    fn rescore(
        &self,
        a: usize,
        candidates: Vec<u32>,
        n: usize,
        min_score: f32,
    ) -> Vec<(usize, f32)> {
        let mut scored: Vec<(usize, f32)> = DENSE.with(|cell| {
            let mut guard = cell.borrow_mut();
            let (terms, entities) = &mut *guard;
            let (ta, ea) = (&self.terms[a], &self.entities[a]);
            spread(terms, ta);
            spread(entities, ea);
            let scored = candidates
                .into_iter()
                .map(|b| {
                    (
                        b as usize,
                        self.score_spread(a, b as usize, terms, entities),
                    )
                })
                .filter(|&(_, s)| s >= min_score && s > 0.0)
                .collect();
            unspread(terms, ta);
            unspread(entities, ea);
            scored
        });
        scored.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        scored.truncate(n);
        scored
    }

    fn postings_of(&self, f: &QueryFeature) -> &[(u32, f32)] {
        if f.entity {
            self.entity_postings.of(f.id)
        } else {
            self.term_postings.of(f.id)
        }
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

    /// The best `keep` articles other than `a` by partial dot product over the given postings
    /// (each with the query's weight), visited in order until the postings budget is spent.
    fn best_candidates<'s>(
        &self,
        a: usize,
        keep: usize,
        lists: impl Iterator<Item = (f32, &'s [(u32, f32)])>,
    ) -> Vec<u32> {
        SCRATCH.with(|cell| {
            let mut guard = cell.borrow_mut();
            let (acc, touched) = &mut *guard;
            if acc.len() < self.len() {
                acc.resize(self.len(), 0.0);
            }
            touched.clear();
            let mut budget = POSTINGS_BUDGET;
            for (weight, list) in lists {
                let list = &list[..list.len().min(budget)];
                budget -= list.len();
                for &(r, w) in list {
                    let slot = &mut acc[r as usize];
                    if *slot == 0.0 {
                        touched.push(r);
                    }
                    // Never add an exact zero: zero marks an article not yet touched, and one
                    // touched twice would be listed twice.
                    *slot += (weight * w).max(f32::MIN_POSITIVE);
                }
                if budget == 0 {
                    break;
                }
            }
            let own_rank = self.rank[a];
            let mut found: Vec<(u32, f32)> = touched
                .iter()
                .filter(|&&r| r != own_rank)
                .map(|&r| (r, acc[r as usize]))
                .collect();
            for &r in touched.iter() {
                acc[r as usize] = 0.0;
            }
            if found.len() > keep {
                found.select_nth_unstable_by(keep, |x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
                found.truncate(keep);
            }
            found
                .into_iter()
                .map(|(r, _)| self.by_time[r as usize])
                .collect()
        })
    }
}

/// How many candidates to score exactly for `n` results.
fn rescored(n: usize) -> usize {
    n.saturating_mul(RESCORED_PER_RESULT).max(MIN_RESCORED)
}

/// Moves a cursor into `list` (sorted by rank) to the first entry of rank `>= rank` and returns
/// it; an unset cursor (`u32::MAX`) starts with a binary search.
fn advance(list: &[(u32, f32)], cursor: &mut u32, rank: u32) -> usize {
    let at = if *cursor == u32::MAX {
        list.partition_point(|&(r, _)| r < rank)
    } else {
        // Galloping from the cursor: the next rank is usually a step or two on, but a feature
        // that no article asked about for a while has a long way to go.
        let n = list.len();
        let (mut lo, mut hi) = (*cursor as usize, *cursor as usize);
        let mut step = 1;
        // Everything before `lo` ranks below `rank`.
        while hi < n && list[hi].0 < rank {
            lo = hi + 1;
            hi = lo + step;
            step *= 2;
        }
        let hi = hi.min(n);
        lo + list[lo..hi].partition_point(|&(r, _)| r < rank)
    };
    *cursor = at as u32;
    at
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
    fn galloping_cursors_stop_where_stepping_does() {
        let list: Vec<(u32, f32)> = [0, 1, 1, 4, 5, 9, 9, 9, 12, 20, 21, 40]
            .iter()
            .map(|&r| (r, 1.0))
            .collect();
        for first in 0..45 {
            for second in first..45 {
                let mut cursor = u32::MAX;
                let mut stepping = list.partition_point(|&(r, _)| r < first);
                assert_eq!(advance(&list, &mut cursor, first), stepping);
                while stepping < list.len() && list[stepping].0 < second {
                    stepping += 1;
                }
                assert_eq!(
                    advance(&list, &mut cursor, second),
                    stepping,
                    "{first} {second}"
                );
                assert_eq!(cursor as usize, stepping);
            }
        }
    }

    #[test]
    fn time_closeness_fades() {
        assert_eq!(time_factor(Some(0)), 1.0);
        assert!(time_factor(Some(1)) > time_factor(Some(7)));
        assert!(time_factor(Some(-7)) == time_factor(Some(7)));
        assert!(time_factor(Some(10_000)) >= 0.5);
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
    fn sweep_in_time_order_equals_one_query_per_article() {
        // 40 articles over 60 days, features shared in overlapping patterns.
        let terms: Vec<SparseVec> = (0..40u32)
            .map(|i| {
                let mut v: SparseVec = vec![(i % 5, 1.0), (5 + i % 7, 0.5), (12 + i % 3, 0.25)];
                v.sort_unstable_by_key(|&(f, _)| f);
                v
            })
            .collect();
        let days: Vec<Option<i32>> = (0..40)
            .map(|i| if i % 13 == 0 { None } else { Some(i * 37 % 60) })
            .collect();
        let entities = vec![SparseVec::new(); 40];
        let idx = SimilarityIndex::build(terms, entities, 15, 0, days);
        let swept = idx.top_within_days(4, 0.0, 7);
        for (a, top) in swept.iter().enumerate() {
            assert_eq!(
                *top,
                idx.top(a, 4, 0.0, Some(idx.window(a, 7))),
                "article {a}"
            );
        }
        assert!(swept.iter().any(|t| !t.is_empty()));
    }

    #[test]
    fn spread_scores_equal_merged_scores_bit_for_bit() {
        let vec_of = |i: u32, k: u32| -> SparseVec {
            let mut v: SparseVec = (0..k)
                .map(|j| ((i * 7 + j * 13) % 50, 1.0 / (1 + (i + j) % 9) as f32))
                .collect();
            v.sort_unstable_by_key(|&(f, _)| f);
            v.dedup_by_key(|&mut (f, _)| f);
            super::super::sparse::normalise(&mut v);
            v
        };
        let terms: Vec<SparseVec> = (0..30).map(|i| vec_of(i, 3 + i % 11)).collect();
        let entities: Vec<SparseVec> = (0..30)
            .map(|i| {
                if i % 4 == 0 {
                    vec![]
                } else {
                    vec_of(i + 100, 1 + i % 5)
                }
            })
            .collect();
        let days = (0..30).map(|i| (i % 7 != 0).then_some(i * 3)).collect();
        let idx = SimilarityIndex::build(terms, entities, 50, 50, days);
        let (mut t, mut e) = (Vec::new(), Vec::new());
        for a in 0..30 {
            spread(&mut t, &idx.terms[a]);
            spread(&mut e, &idx.entities[a]);
            for b in 0..30 {
                let (x, y) = (idx.score_spread(a, b, &t, &e), idx.score(a, b));
                assert_eq!(x.to_bits(), y.to_bits(), "{a} {b}");
            }
            unspread(&mut t, &idx.terms[a]);
            unspread(&mut e, &idx.entities[a]);
            assert!(t.iter().chain(&e).all(|&w| w == 0.0));
        }
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
