//! Sparse weighted vectors and their inverted index (postings), the two shapes every similarity in
//! this module is computed from.

use serde::{Deserialize, Serialize};

/// Feature id → weight, sorted by id, so that two vectors meet in one linear merge.
pub type SparseVec = Vec<(u32, f32)>;

/// Scales `v` to unit length (a zero vector stays zero).
pub fn normalise(v: &mut SparseVec) {
    let norm = v.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|(_, w)| *w /= norm);
    }
}

/// Keeps the `k` heaviest features of an id-sorted `v` (an article's profile: the words that say
/// most about it), in id order. Ties go to the lower id.
///
/// The `k`th heaviest is found on a copy; keeping what is at least as heavy leaves `v` in id
/// order, where selecting in place and sorting back took most of building the term profiles.
pub fn keep_heaviest(v: &mut SparseVec, k: usize) {
    if v.len() <= k {
        return;
    }
    if k == 0 {
        v.clear();
        return;
    }
    debug_assert!(v.windows(2).all(|w| w[0].0 < w[1].0), "not in id order");
    let heavier = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    let mut order = v.clone();
    let (_, &mut kth, _) = order.select_nth_unstable_by(k - 1, heavier);
    v.retain(|e| heavier(e, &kth) != std::cmp::Ordering::Greater);
}

/// The dot product of two id-sorted vectors.
pub fn dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let mut sum = 0.0;
    for_each_shared(a, b, |_, x, y| sum += x * y);
    sum
}

/// Calls `f(id, weight in a, weight in b)` for every feature both vectors have.
pub fn for_each_shared(a: &[(u32, f32)], b: &[(u32, f32)], mut f: impl FnMut(u32, f32, f32)) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                f(a[i].0, a[i].1, b[j].1);
                i += 1;
                j += 1;
            }
        }
    }
}

/// Feature → the documents that have it, with their weight: one flat array cut by offsets (no
/// allocation per feature). Documents are numbered by their position in the order given at build
/// time (time order here: a time window is then a slice found by binary search, with no lookup
/// per step) and listed in that order. Features in more than a given number of documents keep
/// only that number (a search never walks their lists: see [`Postings::build`]).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Postings {
    #[serde(with = "super::flat")]
    offsets: Vec<u32>,
    #[serde(with = "super::flat")]
    entries: Vec<(u32, f32)>,
    /// Per feature: how many documents have it (listed or not).
    #[serde(with = "super::flat")]
    lens: Vec<u32>,
}

impl Postings {
    /// `docs` lists the document ids in the order postings should keep; `vectors[doc]` is that
    /// document's vector over `features` features. Entries hold positions in `docs`. Features of
    /// more than `max_listed` documents get no list, only their count: too common to find
    /// anything, their lists were a good part of the index's memory.
    pub fn build(
        features: usize,
        vectors: &[SparseVec],
        docs: &[u32],
        max_listed: usize,
    ) -> Postings {
        let mut lens = vec![0u32; features];
        for v in vectors {
            for &(f, _) in v {
                lens[f as usize] += 1;
            }
        }
        let listed = |f: usize| lens[f] as usize <= max_listed;
        let mut offsets = vec![0u32; features + 1];
        for f in 0..features {
            offsets[f + 1] = offsets[f] + if listed(f) { lens[f] } else { 0 };
        }
        let mut fill: Vec<u32> = offsets[..features].to_vec();
        let mut entries = vec![(0u32, 0f32); offsets[features] as usize];
        for (position, &doc) in docs.iter().enumerate() {
            for &(f, w) in &vectors[doc as usize] {
                if listed(f as usize) {
                    let slot = &mut fill[f as usize];
                    entries[*slot as usize] = (position as u32, w);
                    *slot += 1;
                }
            }
        }
        Postings {
            offsets,
            entries,
            lens,
        }
    }

    /// The documents having `feature`, in build order; empty for an unknown feature, and for one
    /// too common to be listed.
    pub fn of(&self, feature: u32) -> &[(u32, f32)] {
        let f = feature as usize;
        match (self.offsets.get(f), self.offsets.get(f + 1)) {
            (Some(&s), Some(&e)) => &self.entries[s as usize..e as usize],
            _ => &[],
        }
    }

    /// How many features there are.
    pub fn features(&self) -> usize {
        self.lens.len()
    }

    /// How many documents have `feature` (listed or not).
    pub fn len_of(&self, feature: u32) -> usize {
        self.lens.get(feature as usize).map_or(0, |&n| n as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_of_sorted_vectors() {
        let a = vec![(1, 1.0), (3, 2.0), (7, 1.0)];
        let b = vec![(0, 5.0), (3, 0.5), (7, 4.0), (9, 1.0)];
        assert_eq!(dot(&a, &b), 5.0);
        assert_eq!(dot(&a, &[]), 0.0);
    }

    #[test]
    fn normalised_has_unit_length() {
        let mut v = vec![(0, 3.0), (1, 4.0)];
        normalise(&mut v);
        assert_eq!(v, vec![(0, 0.6), (1, 0.8)]);
        let mut zero: SparseVec = vec![];
        normalise(&mut zero);
        assert!(zero.is_empty());
    }

    #[test]
    fn heaviest_kept_in_id_order() {
        let mut v = vec![(0, 0.1), (1, 0.9), (2, 0.5), (3, 0.7)];
        keep_heaviest(&mut v, 2);
        assert_eq!(v, vec![(1, 0.9), (3, 0.7)]);
        // Whatever the weights and ties: the k heaviest by (weight, then lower id) that
        // selecting and sorting back gives.
        let mut state = 7u64;
        for round in 0..2000 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = (state >> 33) as usize % 40;
            let k = (state >> 45) as usize % 42;
            let v: SparseVec = (0..len as u32)
                .map(|id| {
                    let w = (id.wrapping_mul(2654435761) ^ round) % 7;
                    (id * 3, w as f32 / 4.0)
                })
                .collect();
            let mut expected = v.clone();
            if expected.len() > k {
                expected.select_nth_unstable_by(k.saturating_sub(1), |a, b| {
                    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
                });
                expected.truncate(k);
                expected.sort_unstable_by_key(|&(id, _)| id);
            }
            let mut kept = v.clone();
            keep_heaviest(&mut kept, k);
            assert_eq!(kept, expected, "{v:?} k={k}");
        }
    }

    #[test]
    fn postings_follow_the_given_order() {
        let vectors = vec![vec![(0, 1.0), (2, 0.5)], vec![(2, 0.25)], vec![(0, 2.0)]];
        // Order: document 2, then 0, then 1; entries are positions in that order.
        let p = Postings::build(3, &vectors, &[2, 0, 1], 10);
        assert_eq!(p.of(0), &[(0, 2.0), (1, 1.0)]);
        assert!(p.of(1).is_empty());
        assert_eq!(p.of(2), &[(1, 0.5), (2, 0.25)]);
        assert_eq!(p.len_of(2), 2);
        assert!(p.of(99).is_empty());
        assert_eq!(p.len_of(99), 0);
        // Too common to list: counted only.
        let common = Postings::build(3, &vectors, &[2, 0, 1], 1);
        assert!(common.of(0).is_empty());
        assert_eq!(common.len_of(0), 2);
        assert_eq!(common.of(1), p.of(1));
        assert_eq!(common.features(), 3);
    }
}
