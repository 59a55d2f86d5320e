//! Story threads: grouping articles that report one event or one developing story.
//!
//! Input: strong links between articles close in time (each article's best matches within a
//! window of days, above a minimum score). Output: clusters by average linkage over that sparse
//! graph — two groups merge while the mean score over *all* pairs between them (missing links
//! count as zero) stays above a threshold. Single linkage would chain unrelated articles through
//! one bridging article or one common entity; average linkage needs most of both groups to agree.

use super::hashing::FastMap;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// A candidate merge, ordered by mean link score (ties: lower ids first, for determinism).
#[derive(PartialEq)]
struct Merge {
    mean: f32,
    a: u32,
    b: u32,
}

impl Eq for Merge {}

impl Ord for Merge {
    fn cmp(&self, other: &Self) -> Ordering {
        self.mean
            .total_cmp(&other.mean)
            .then_with(|| other.a.cmp(&self.a))
            .then_with(|| other.b.cmp(&self.b))
    }
}

impl PartialOrd for Merge {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Groups `n` articles given scored links `(a, b, score)` (either direction, duplicates allowed:
/// the highest score of a pair counts). Returns the groups, each sorted, in order of their
/// smallest member. Every article is in exactly one group; unlinked ones are alone. The links are
/// taken to be freed as soon as they are read: clustering is when building peaks in memory.
pub fn average_link_clusters(
    n: usize,
    links: Vec<(u32, u32, f32)>,
    threshold: f32,
) -> Vec<Vec<u32>> {
    // Each cluster: its members and the summed link scores to each neighbouring cluster.
    let mut members: Vec<Vec<u32>> = (0..n as u32).map(|a| vec![a]).collect();
    let mut neighbours: Vec<FastMap<u32, f32>> = vec![FastMap::default(); n];
    for &(a, b, s) in &links {
        if a == b || a as usize >= n || b as usize >= n || !s.is_finite() {
            continue;
        }
        let best = neighbours[a as usize].get(&b).map_or(s, |&old| old.max(s));
        neighbours[a as usize].insert(b, best);
        neighbours[b as usize].insert(a, best);
    }
    drop(links);
    let mut heap = BinaryHeap::new();
    for (a, ns) in neighbours.iter().enumerate() {
        for (&b, &s) in ns {
            if (a as u32) < b && s >= threshold {
                heap.push(Merge {
                    mean: s,
                    a: a as u32,
                    b,
                });
            }
        }
    }
    let mean = |members: &[Vec<u32>], neighbours: &[FastMap<u32, f32>], a: u32, b: u32| {
        let sum = neighbours[a as usize].get(&b).copied().unwrap_or(0.0);
        sum / (members[a as usize].len() * members[b as usize].len()) as f32
    };
    while let Some(Merge { mean: m, a, b }) = heap.pop() {
        // Stale entries: a cluster merged away, or its mean changed since (a fresh entry exists).
        if members[a as usize].is_empty() || members[b as usize].is_empty() {
            continue;
        }
        if mean(&members, &neighbours, a, b) != m {
            continue;
        }
        let (keep, gone) = if members[a as usize].len() >= members[b as usize].len() {
            (a, b)
        } else {
            (b, a)
        };
        let moved = std::mem::take(&mut members[gone as usize]);
        members[keep as usize].extend(moved);
        let gone_links = std::mem::take(&mut neighbours[gone as usize]);
        neighbours[keep as usize].remove(&gone);
        for (c, s) in gone_links {
            if c == keep {
                continue;
            }
            *neighbours[keep as usize].entry(c).or_insert(0.0) += s;
            let other = &mut neighbours[c as usize];
            other.remove(&gone);
            *other.entry(keep).or_insert(0.0) += s;
        }
        let mut fresh: Vec<(u32, f32)> = neighbours[keep as usize]
            .keys()
            .map(|&c| (c, mean(&members, &neighbours, keep, c)))
            .filter(|&(_, m)| m >= threshold)
            .collect();
        fresh.sort_unstable_by_key(|&(c, _)| c);
        for (c, m) in fresh {
            heap.push(Merge {
                mean: m,
                a: keep.min(c),
                b: keep.max(c),
            });
        }
    }
    let mut groups: Vec<Vec<u32>> = members.into_iter().filter(|m| !m.is_empty()).collect();
    for g in &mut groups {
        g.sort_unstable();
    }
    groups.sort_unstable_by_key(|g| g[0]);
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unlinked_articles_are_stories_of_one() {
        assert_eq!(
            average_link_clusters(3, vec![], 0.2),
            vec![vec![0], vec![1], vec![2]]
        );
    }

    #[test]
    fn strong_triangle_merges_weak_link_does_not() {
        let links = [(0, 1, 0.6), (1, 2, 0.5), (0, 2, 0.55), (2, 3, 0.05)];
        assert_eq!(
            average_link_clusters(4, links.to_vec(), 0.2),
            vec![vec![0, 1, 2], vec![3]]
        );
    }

    #[test]
    fn one_bridge_does_not_chain_two_stories() {
        // Two tight pairs joined by a single strong link between 1 and 2: the mean over the four
        // pairs between the groups is 0.5 / 4, below the threshold.
        let links = [(0, 1, 0.8), (2, 3, 0.8), (1, 2, 0.5)];
        assert_eq!(
            average_link_clusters(4, links.to_vec(), 0.2),
            vec![vec![0, 1], vec![2, 3]]
        );
    }

    #[test]
    fn duplicate_and_reversed_links_count_once() {
        let links = [(0, 1, 0.3), (1, 0, 0.4), (0, 1, 0.1)];
        assert_eq!(
            average_link_clusters(2, links.to_vec(), 0.35),
            vec![vec![0, 1]]
        );
        assert_eq!(
            average_link_clusters(2, links.to_vec(), 0.45),
            vec![vec![0], vec![1]]
        );
    }

    #[test]
    fn bad_links_are_ignored() {
        let links = [(0, 0, 1.0), (0, 9, 1.0), (0, 1, f32::NAN)];
        assert_eq!(
            average_link_clusters(2, links.to_vec(), 0.1),
            vec![vec![0], vec![1]]
        );
    }
}
