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

/// Keeps the `k` heaviest features (an article's profile: the words that say most about it), then
/// restores id order.
pub fn keep_heaviest(v: &mut SparseVec, k: usize) {
    if v.len() > k {
        v.select_nth_unstable_by(k, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(k);
        v.sort_unstable_by_key(|&(id, _)| id);
    }
}

/// The dot product of two id-sorted vectors.
///
/// The products go into [`LANES`] running sums by the position of the feature in `b` (the
/// `j`th of `b` into sum `j % LANES`), added up as [`add_lanes`] does. Exact scoring against
/// a spread vector (`similarity`) sums in the same lanes, so that both give the same value bit
/// for bit, while its additions do not each wait for the one before.
pub fn dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let mut sums = [0.0f32; LANES];
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sums[j % LANES] += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    add_lanes(sums)
}

/// How many running sums [`dot`] keeps.
pub const LANES: usize = 4;

/// The running sums of [`dot`] added up, in a fixed order.
#[inline]
pub fn add_lanes(sums: [f32; LANES]) -> f32 {
    (sums[0] + sums[1]) + (sums[2] + sums[3])
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
