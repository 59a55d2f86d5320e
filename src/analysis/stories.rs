//! Story threads: grouping articles that report one event or one developing story.
//!
//! Input: strong links between articles close in time (each article's best matches within a
//! window of days, above a minimum score). Output: clusters by average linkage over that sparse
//! graph — two groups merge while the mean score over *all* pairs between them (missing links
//! count as zero) stays above a threshold. Single linkage would chain unrelated articles through
//! one bridging article or one common entity; average linkage needs most of both groups to agree.

use crate::hashing::FastMap;
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
/// smallest member. Every article is in exactly one group; unlinked ones are alone.
///
/// Groups never merge across the link graph's connected components (no link between them, so a
/// mean of zero), so each component is clustered on its own, in parallel. Within one, every step
/// is the one clustering the whole graph would take: its links in their given order, the same
/// ids (ties and map orders alike), hence the same sums.
pub fn average_link_clusters(
    n: usize,
    links: Vec<(u32, u32, f32)>,
    threshold: f32,
) -> Vec<Vec<u32>> {
    let usable = |&(a, b, s): &(u32, u32, f32)| {
        a != b && (a as usize) < n && (b as usize) < n && s.is_finite()
    };
    // Components by union-find, numbered in order of their smallest article.
    let mut parent: Vec<u32> = (0..n as u32).collect();
    fn root(parent: &mut [u32], mut x: u32) -> u32 {
        while parent[x as usize] != x {
            let up = parent[parent[x as usize] as usize];
            parent[x as usize] = up;
            x = up;
        }
        x
    }
    for &(a, b, _) in links.iter().filter(|l| usable(l)) {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        if ra != rb {
            parent[ra.max(rb) as usize] = ra.min(rb);
        }
    }
    const ALONE: u32 = u32::MAX;
    let mut component = vec![ALONE; n];
    let mut linked = vec![false; n];
    for &(a, b, _) in links.iter().filter(|l| usable(l)) {
        linked[a as usize] = true;
        linked[b as usize] = true;
    }
    let mut count = 0u32;
    for x in 0..n as u32 {
        if !linked[x as usize] {
            continue;
        }
        let r = root(&mut parent, x);
        if component[r as usize] == ALONE {
            component[r as usize] = count;
            count += 1;
        }
        component[x as usize] = component[r as usize];
    }
    drop(parent);
    // Each component's links in their given order, and its articles by id.
    let mut parts: Vec<Component> = (0..count).map(|_| (Vec::new(), Vec::new())).collect();
    for x in 0..n as u32 {
        if linked[x as usize] {
            parts[component[x as usize] as usize].0.push(x);
        }
    }
    for l in links.into_iter().filter(usable) {
        parts[component[l.0 as usize] as usize].1.push(l);
    }
    cluster_parts(n, parts, &linked, threshold)
}

/// The groups of each part (a set of articles closed under its links), clustered in parallel,
/// with every article in no part alone; in order of their smallest member.
fn cluster_parts(
    n: usize,
    parts: Vec<Component>,
    linked: &[bool],
    threshold: f32,
) -> Vec<Vec<u32>> {
    use rayon::prelude::*;
    // An article's index within its part's list.
    let mut local = vec![0u32; n];
    for (members, _) in &parts {
        for (i, &x) in members.iter().enumerate() {
            local[x as usize] = i as u32;
        }
    }
    let mut groups: Vec<Vec<u32>> = parts
        .into_par_iter()
        .flat_map_iter(|(members, links)| cluster_component(&members, links, &local, threshold))
        .collect();
    groups.extend(
        (0..n as u32)
            .filter(|&x| !linked[x as usize])
            .map(|x| vec![x]),
    );
    groups.sort_unstable_by_key(|g| g[0]);
    groups
}

/// A connected component: its articles by id and its links in their given order.
type Component = (Vec<u32>, Vec<(u32, u32, f32)>);

/// Average-link clustering of one connected component: `articles` its articles by id, `links`
/// its links, `local` every article's index in its component. Ids stay the articles' own
/// (keys, ties), only the vectors are indexed locally.
fn cluster_component(
    articles: &[u32],
    links: Vec<(u32, u32, f32)>,
    local: &[u32],
    threshold: f32,
) -> Vec<Vec<u32>> {
    let at = |id: u32| local[id as usize] as usize;
    // Each cluster: its members and the summed link scores to each neighbouring cluster.
    let mut members: Vec<Vec<u32>> = articles.iter().map(|&a| vec![a]).collect();
    let mut neighbours: Vec<FastMap<u32, f32>> = vec![FastMap::default(); articles.len()];
    for &(a, b, s) in &links {
        let best = neighbours[at(a)].get(&b).map_or(s, |&old| old.max(s));
        neighbours[at(a)].insert(b, best);
        neighbours[at(b)].insert(a, best);
    }
    drop(links);
    let mut heap = BinaryHeap::new();
    for (i, ns) in neighbours.iter().enumerate() {
        let a = articles[i];
        for (&b, &s) in ns {
            if a < b && s >= threshold {
                heap.push(Merge { mean: s, a, b });
            }
        }
    }
    let mean = |members: &[Vec<u32>], neighbours: &[FastMap<u32, f32>], a: u32, b: u32| {
        let sum = neighbours[at(a)].get(&b).copied().unwrap_or(0.0);
        sum / (members[at(a)].len() * members[at(b)].len()) as f32
    };
    while let Some(Merge { mean: m, a, b }) = heap.pop() {
        // Stale entries: a cluster merged away, or its mean changed since (a fresh entry exists).
        if members[at(a)].is_empty() || members[at(b)].is_empty() {
            continue;
        }
        if mean(&members, &neighbours, a, b) != m {
            continue;
        }
        let (keep, gone) = if members[at(a)].len() >= members[at(b)].len() {
            (a, b)
        } else {
            (b, a)
        };
        let moved = std::mem::take(&mut members[at(gone)]);
        members[at(keep)].extend(moved);
        let gone_links = std::mem::take(&mut neighbours[at(gone)]);
        neighbours[at(keep)].remove(&gone);
        for (c, s) in gone_links {
            if c == keep {
                continue;
            }
            *neighbours[at(keep)].entry(c).or_insert(0.0) += s;
            let other = &mut neighbours[at(c)];
            other.remove(&gone);
            *other.entry(keep).or_insert(0.0) += s;
        }
        let mut fresh: Vec<(u32, f32)> = neighbours[at(keep)]
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
    groups
}

/// The clustering of the whole graph as one part: what [`average_link_clusters`] must equal.
#[cfg(test)]
fn whole_graph_clusters(n: usize, links: Vec<(u32, u32, f32)>, threshold: f32) -> Vec<Vec<u32>> {
    let links: Vec<_> = links
        .into_iter()
        .filter(|&(a, b, s)| a != b && (a as usize) < n && (b as usize) < n && s.is_finite())
        .collect();
    let mut linked = vec![false; n];
    for &(a, b, _) in &links {
        linked[a as usize] = true;
        linked[b as usize] = true;
    }
    let articles: Vec<u32> = (0..n as u32).filter(|&x| linked[x as usize]).collect();
    cluster_parts(n, vec![(articles, links)], &linked, threshold)
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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// Component by component, the clustering is the whole graph's: random sparse graphs
        /// with duplicate, reversed, self and out-of-range links and scores from a small set, so
        /// that ties and equal sums happen.
        #[test]
        fn components_cluster_as_the_whole_graph(
            n in 1usize..60,
            raw in proptest::collection::vec((0u32..64, 0u32..64, 0usize..8), 0..160),
            threshold in proptest::sample::select(&[0.05f32, 0.1, 0.2, 0.3][..]),
        ) {
            const SCORES: [f32; 8] = [0.05, 0.1, 0.2, 0.25, 0.3, 0.5, 0.8, f32::NAN];
            let links: Vec<(u32, u32, f32)> =
                raw.iter().map(|&(a, b, s)| (a, b, SCORES[s])).collect();
            proptest::prop_assert_eq!(
                average_link_clusters(n, links.clone(), threshold),
                whole_graph_clusters(n, links, threshold)
            );
        }
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
