//! The collection's entities: one id per real thing across articles, its display name, and the
//! articles that mention it.
//!
//! The recogniser already gives keys that are alias-resolved within an article and across the
//! usual variants ("U.S." = "United States"). Across articles one ambiguity remains: an article
//! that only ever says "Pashinyan" yields the key `person:pashinyan`, while others say "Nikol
//! Pashinyan". A surname-only person key joins the full name when exactly one full name in the
//! collection ends with that surname; with two candidates ("Bill"/"Hillary Clinton") it stays
//! apart, because guessing would merge different people.

#[cfg(test)]
use crate::entity::DocEntity;
use crate::entity::{DocEntities, EntityKind, EntityRef, Evidence};
use crate::hashing::FastMap;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use xxhash_rust::xxh3::xxh3_64;

/// An entity's index in the collection.
pub type EntityId = u32;

/// What the collection knows about one entity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntityInfo {
    /// The canonical key (`person:nikol pashinyan`).
    pub key: String,
    /// The most common full form used by the articles ("Nikol Pashinyan").
    pub name: String,
    pub kind: EntityKind,
    /// Articles that mention it.
    pub article_count: u32,
    /// Stories whose articles mention it.
    pub story_count: u32,
}

/// Entities of the whole collection and the articles mentioning each.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct EntityIndex {
    pub infos: Vec<EntityInfo>,
    /// Per article: the collection id of each of its `DocEntities` entries, `local_offsets`
    /// cutting `local_to_global` (one flat array, not one vector per article).
    #[serde(with = "super::flat")]
    local_offsets: Vec<u32>,
    #[serde(with = "super::flat")]
    local_to_global: Vec<EntityId>,
    /// Per entity, (article, mention count) sorted by article: `offsets` cut `mentions`.
    #[serde(with = "super::flat")]
    offsets: Vec<u32>,
    #[serde(with = "super::flat")]
    mentions: Vec<(u32, u32)>,
}

/// What is learnt about a key while reading the articles.
#[derive(Debug)]
pub(super) struct KeyStats {
    pub key: String,
    pub kind: EntityKind,
    /// The kind its articles gave it, before the collection settled one.
    pub read_as: EntityKind,
    /// Name forms with the number of articles using each.
    pub names: Vec<(String, u32)>,
}

/// Builds an [`EntityIndex`] one article at a time, in article order: each article's entity
/// keys are interned as they come (ids in order of first appearance), their name forms counted,
/// and the article keeps only its entities' provisional ids and counts. The articles' entities
/// themselves can go (into a cache) as soon as they are pushed.
#[derive(Debug, Default)]
pub struct EntityInterner {
    /// Key hash → provisional id: the table compares integers, and strings only to confirm.
    key_ids: FastMap<u64, u32>,
    /// Keys whose hash collided with another key's (in practice never), by string.
    collided: HashMap<String, u32>,
    keys: Vec<KeyStats>,
    /// Per article, `local_offsets` cutting the next three (one entry per local entity).
    local_offsets: Vec<u32>,
    provisional: Vec<u32>,
    /// Each local entity's mention count.
    counts: Vec<u32>,
    /// Which of its key's name forms it uses (to forget it again: see [`Self::finish`]).
    name_forms: Vec<u32>,
    /// What its article shows of its kind, for the collection to weigh.
    evidence: Vec<Evidence>,
    /// Per article: how many keys there were once it was pushed.
    introduced: Vec<u32>,
}

impl EntityInterner {
    /// An interner expecting about `articles` articles of `text_bytes` bytes of text in all
    /// (news names about one distinct entity per 150 bytes: a little more is reserved, and what
    /// goes unused is never touched).
    pub fn with_capacity(articles: usize, text_bytes: usize) -> EntityInterner {
        let locals = text_bytes / 128;
        EntityInterner {
            local_offsets: Vec::with_capacity(articles + 1),
            provisional: Vec::with_capacity(locals),
            counts: Vec::with_capacity(locals),
            name_forms: Vec::with_capacity(locals),
            evidence: Vec::with_capacity(locals),
            introduced: Vec::with_capacity(articles),
            ..EntityInterner::default()
        }
    }

    pub fn push(&mut self, doc: &DocEntities) {
        if self.local_offsets.is_empty() {
            self.local_offsets.push(0);
        }
        for e in doc.iter() {
            let h = xxh3_64(e.key.as_bytes());
            let id = match self.key_ids.get(&h) {
                Some(&id) if self.keys[id as usize].key == e.key => id,
                Some(_) => match self.collided.get(e.key) {
                    Some(&id) => id,
                    None => {
                        let id = push_key(&mut self.keys, e);
                        self.collided.insert(e.key.to_string(), id);
                        id
                    }
                },
                None => {
                    let id = push_key(&mut self.keys, e);
                    self.key_ids.insert(h, id);
                    id
                }
            };
            let names = &mut self.keys[id as usize].names;
            let form = match names.iter().position(|(n, _)| n == e.name) {
                Some(form) => {
                    names[form].1 += 1;
                    form
                }
                None => {
                    names.push((e.name.to_string(), 1));
                    names.len() - 1
                }
            };
            self.provisional.push(id);
            self.counts.push(e.count);
            self.name_forms.push(form as u32);
            self.evidence.push(e.evidence);
        }
        self.local_offsets.push(self.provisional.len() as u32);
        self.introduced.push(self.keys.len() as u32);
    }

    /// How many articles have been pushed.
    pub fn articles(&self) -> usize {
        self.introduced.len()
    }

    /// The index of the first `n` articles (missing ones name nothing; extra ones are
    /// forgotten, as if never pushed), with each local entity's mention count (cut as
    /// [`EntityIndex::locals`]).
    pub fn finish(self, n: usize) -> (EntityIndex, Vec<u32>) {
        self.settled(n).into_index()
    }

    /// Why the entities named `name` have their kinds and forms (`entities --explain`), as
    /// [`Self::finish`] would settle them.
    pub fn explain(self, n: usize, name: &str) -> Vec<super::entity_explain::Explanation> {
        self.settled(n).explain(name)
    }

    /// The keys of the first `n` articles, with what their articles show pooled, joined and
    /// their kinds settled.
    fn settled(mut self, n: usize) -> Settled {
        if self.local_offsets.is_empty() {
            self.local_offsets.push(0);
        }
        if self.articles() > n {
            let kept = self.local_offsets[n] as usize;
            for k in kept..self.provisional.len() {
                let stats = &mut self.keys[self.provisional[k] as usize];
                stats.names[self.name_forms[k] as usize].1 -= 1;
            }
            let keys = if n == 0 {
                0
            } else {
                self.introduced[n - 1] as usize
            };
            self.keys.truncate(keys);
            self.provisional.truncate(kept);
            self.counts.truncate(kept);
            self.evidence.truncate(kept);
            self.local_offsets.truncate(n + 1);
        }
        let total = *self.local_offsets.last().unwrap_or(&0);
        self.local_offsets.resize(n + 1, total);
        let mut keys = self.keys;
        let pooled = super::entity_kinds::pool(&self.provisional, &self.evidence, keys.len());
        let mut joins = super::entity_aliases::aliases(&keys, &pooled);
        super::entity_kinds::settle(&mut keys, &mut joins, &pooled);
        Settled {
            keys,
            joins,
            pooled,
            provisional: self.provisional,
            counts: self.counts,
            evidence: self.evidence,
            local_offsets: self.local_offsets,
        }
    }
}

/// What [`EntityInterner`] learnt, settled: the keys, which join which, and per local entity
/// (cut by `local_offsets`) its key, count and evidence.
pub(super) struct Settled {
    pub keys: Vec<KeyStats>,
    pub joins: super::entity_aliases::Joins,
    pub pooled: Vec<super::entity_kinds::Pooled>,
    pub provisional: Vec<u32>,
    pub counts: Vec<u32>,
    pub evidence: Vec<Evidence>,
    pub local_offsets: Vec<u32>,
}

impl Settled {
    fn into_index(self) -> (EntityIndex, Vec<u32>) {
        let keys = self.keys;
        let alias_of = self.joins.to;
        // Canonical keys get ids in first-appearance order; aliases take their target's id.
        let mut final_id = vec![u32::MAX; keys.len()];
        // Kept for the collection's lifetime: allocated for exactly the canonical keys.
        let mut infos: Vec<EntityInfo> =
            Vec::with_capacity(alias_of.iter().filter(|a| a.is_none()).count());
        for (k, stats) in keys.iter().enumerate() {
            if alias_of[k].is_none() {
                final_id[k] = infos.len() as u32;
                infos.push(EntityInfo {
                    key: stats.key.clone(),
                    name: display_name(&stats.names),
                    kind: stats.kind,
                    article_count: 0,
                    story_count: 0,
                });
            }
        }
        for k in 0..keys.len() {
            if let Some(target) = alias_of[k] {
                final_id[k] = final_id[target];
            }
        }
        let people = super::entity_aliases::people_in_their_articles(
            &keys,
            &self.local_offsets,
            &self.provisional,
        );
        drop(keys);

        let mut local_to_global = self.provisional;
        for k in &mut local_to_global {
            *k = final_id[*k as usize];
        }
        for (local, person) in people {
            local_to_global[local] = final_id[person];
        }
        let local_offsets = self.local_offsets;
        let (offsets, mentions) =
            mention_postings(&self.counts, &local_offsets, &local_to_global, infos.len());
        for (id, info) in infos.iter_mut().enumerate() {
            info.article_count = offsets[id + 1] - offsets[id];
        }
        let index = EntityIndex {
            infos,
            local_offsets,
            local_to_global,
            offsets,
            mentions,
        };
        (index, self.counts)
    }
}

impl EntityIndex {
    pub fn build(docs: &[DocEntities]) -> EntityIndex {
        let mut interner = EntityInterner::default();
        for doc in docs {
            interner.push(doc);
        }
        interner.finish(docs.len()).0
    }

    /// The collection id of entity `local` of `article` (`EntityId::MAX` when out of range,
    /// which [`Self::info`] treats as unknown).
    pub fn global(&self, article: usize, local: u32) -> EntityId {
        self.locals(article)
            .get(local as usize)
            .copied()
            .unwrap_or(EntityId::MAX)
    }

    /// Where an article's entities are among all articles' (as [`Self::locals`] cuts them).
    pub(crate) fn local_range(&self, article: usize) -> std::ops::Range<usize> {
        match (
            self.local_offsets.get(article),
            self.local_offsets.get(article + 1),
        ) {
            (Some(&s), Some(&e)) => s as usize..e as usize,
            _ => 0..0,
        }
    }

    /// The collection ids of an article's entities, in its `DocEntities` order.
    pub fn locals(&self, article: usize) -> &[EntityId] {
        self.local_to_global
            .get(self.local_range(article))
            .unwrap_or_default()
    }

    pub fn info(&self, id: EntityId) -> Option<&EntityInfo> {
        self.infos.get(id as usize)
    }

    /// (article, mention count) of every article mentioning `id`, by article.
    pub fn articles_mentioning(&self, id: EntityId) -> &[(u32, u32)] {
        let i = id as usize;
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&s), Some(&e)) => &self.mentions[s as usize..e as usize],
            _ => &[],
        }
    }

    /// Counts, for every entity, the distinct stories of the articles mentioning it.
    pub fn count_stories(&mut self, story_of: &[u32]) {
        let (offsets, mentions) = (&self.offsets, &self.mentions);
        let counts: Vec<u32> = (0..self.infos.len())
            .into_par_iter()
            .map_init(Vec::new, |seen: &mut Vec<u32>, id| {
                seen.clear();
                let s = offsets[id] as usize;
                let e = offsets[id + 1] as usize;
                seen.extend(
                    mentions[s..e]
                        .iter()
                        .filter_map(|&(a, _)| story_of.get(a as usize).copied()),
                );
                seen.sort_unstable();
                seen.dedup();
                seen.len() as u32
            })
            .collect();
        for (info, count) in self.infos.iter_mut().zip(counts) {
            info.story_count = count;
        }
    }
}

/// Adds a new key, first seen on `e`; its provisional id.
fn push_key(keys: &mut Vec<KeyStats>, e: EntityRef<'_>) -> u32 {
    keys.push(KeyStats {
        key: e.key.to_string(),
        kind: e.kind,
        read_as: e.kind,
        names: Vec::new(),
    });
    (keys.len() - 1) as u32
}

/// The form most articles use; ties go to the longer (fuller) form, then alphabetical order.
pub(super) fn display_name(names: &[(String, u32)]) -> String {
    names
        .iter()
        .max_by(|a, b| {
            a.1.cmp(&b.1)
                .then(a.0.len().cmp(&b.0.len()))
                .then(b.0.cmp(&a.0))
        })
        .map_or_else(String::new, |(n, _)| n.to_string())
}

/// Per entity, the articles mentioning it with their mention counts (an article naming one thing
/// under two local keys counts once, with the counts added).
fn mention_postings(
    counts: &[u32],
    local_offsets: &[u32],
    local_to_global: &[EntityId],
    entities: usize,
) -> (Vec<u32>, Vec<(u32, u32)>) {
    // Per article, its (entity, count) pairs: `pair_offsets` cuts `pairs`.
    let mut pairs: Vec<(EntityId, u32)> = Vec::with_capacity(local_to_global.len());
    let mut pair_offsets: Vec<usize> = Vec::with_capacity(local_offsets.len());
    pair_offsets.push(0);
    let mut offsets = vec![0u32; entities + 1];
    for w in local_offsets.windows(2) {
        let (s, e) = (w[0] as usize, w[1] as usize);
        let start = pairs.len();
        pairs.extend(
            local_to_global[s..e]
                .iter()
                .zip(&counts[s..e])
                .map(|(&g, &c)| (g, c)),
        );
        pairs[start..].sort_unstable_by_key(|&(g, _)| g);
        // Merged in place: an entity under two local keys counts once, with the counts added.
        let mut kept = start;
        for i in start..pairs.len() {
            let (g, c) = pairs[i];
            if kept > start && pairs[kept - 1].0 == g {
                pairs[kept - 1].1 += c;
            } else {
                pairs[kept] = (g, c);
                kept += 1;
            }
        }
        pairs.truncate(kept);
        for &(g, _) in &pairs[start..] {
            offsets[g as usize + 1] += 1;
        }
        pair_offsets.push(pairs.len());
    }
    for i in 1..offsets.len() {
        offsets[i] += offsets[i - 1];
    }
    let mut fill = offsets[..entities].to_vec();
    let mut mentions = vec![(0u32, 0u32); offsets[entities] as usize];
    for (article, w) in pair_offsets.windows(2).enumerate() {
        for &(g, count) in &pairs[w[0]..w[1]] {
            let slot = &mut fill[g as usize];
            mentions[*slot as usize] = (article as u32, count);
            *slot += 1;
        }
    }
    (offsets, mentions)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use EntityKind::{Person, Place};

    /// A hand-built `DocEntities` without mentions: (kind, name, key, count).
    pub(crate) fn doc(entities: &[(EntityKind, &str, &str, u32)]) -> DocEntities {
        DocEntities::new(
            entities
                .iter()
                .map(|&(kind, name, key, count)| DocEntity {
                    kind,
                    name: name.into(),
                    key: key.into(),
                    date: None,
                    count,
                    // Written as a person's name is, so tests of ids and aliases are not
                    // also tests of the kind the collection settles on.
                    evidence: Evidence::NAMED.with(Evidence::DECIDED),
                })
                .collect(),
            vec![],
        )
    }

    #[test]
    fn articles_pushed_beyond_the_end_are_forgotten() {
        let first = doc(&[
            (Person, "Nikol Pashinyan", "person:nikol pashinyan", 2),
            (Place, "Yerevan", "place:yerevan", 1),
        ]);
        // Later articles that favour another name form and bring new keys.
        let later = doc(&[
            (Person, "N. Pashinyan", "person:nikol pashinyan", 3),
            (Place, "Baku", "place:baku", 1),
        ]);
        let mut interner = EntityInterner::default();
        for d in [&first, &later, &later] {
            interner.push(d);
        }
        let (forgetting, counts) = interner.finish(1);
        let only_first = EntityIndex::build(std::slice::from_ref(&first));
        assert_eq!(forgetting.infos, only_first.infos);
        assert_eq!(forgetting.infos[0].name, "Nikol Pashinyan");
        assert_eq!(forgetting.locals(0), only_first.locals(0));
        assert_eq!(counts, [2, 1]);
        // And articles never pushed name nothing.
        let mut interner = EntityInterner::default();
        interner.push(&first);
        let (padded, _) = interner.finish(3);
        assert!(padded.locals(2).is_empty());
        assert_eq!(padded.infos, only_first.infos);
    }

    #[test]
    fn same_key_is_one_entity_with_counts_by_article() {
        let idx = EntityIndex::build(&[
            doc(&[(Place, "Armenia", "place:armenia", 3)]),
            doc(&[(Person, "Putin", "person:putin", 1)]),
            doc(&[(Place, "Armenia", "place:armenia", 2)]),
        ]);
        let armenia = idx.global(0, 0);
        assert_eq!(idx.global(2, 0), armenia);
        assert_ne!(idx.global(1, 0), armenia);
        assert_eq!(idx.articles_mentioning(armenia), &[(0, 3), (2, 2)]);
        assert_eq!(idx.info(armenia).unwrap().article_count, 2);
        assert_eq!(idx.global(7, 0), EntityId::MAX);
        assert!(idx.articles_mentioning(EntityId::MAX).is_empty());
    }

    #[test]
    fn surname_joins_the_only_full_name() {
        let idx = EntityIndex::build(&[
            doc(&[(Person, "Pashinyan", "person:pashinyan", 2)]),
            doc(&[(Person, "Nikol Pashinyan", "person:nikol pashinyan", 4)]),
            doc(&[(Person, "Nikol Pashinyan", "person:nikol pashinyan", 1)]),
        ]);
        let id = idx.global(0, 0);
        assert_eq!(idx.global(1, 0), id);
        let info = idx.info(id).unwrap();
        assert_eq!(info.key, "person:nikol pashinyan");
        assert_eq!(info.name, "Nikol Pashinyan");
        assert_eq!(info.article_count, 3);
        assert_eq!(idx.infos.len(), 1);
    }

    #[test]
    fn ambiguous_surname_stays_apart() {
        let idx = EntityIndex::build(&[
            doc(&[(Person, "Clinton", "person:clinton", 1)]),
            doc(&[(Person, "Bill Clinton", "person:bill clinton", 1)]),
            doc(&[(Person, "Hillary Clinton", "person:hillary clinton", 1)]),
        ]);
        assert_eq!(idx.infos.len(), 3);
        assert_eq!(idx.info(idx.global(0, 0)).unwrap().key, "person:clinton");
    }

    #[test]
    fn a_place_is_no_surname() {
        let idx = EntityIndex::build(&[
            doc(&[(Place, "Georgia", "place:georgia", 1)]),
            doc(&[(Person, "Tom Georgia", "person:tom georgia", 1)]),
        ]);
        assert_eq!(idx.infos.len(), 2);
    }

    #[test]
    fn display_name_is_the_most_common_form() {
        let idx = EntityIndex::build(&[
            doc(&[(Place, "U.S.", "place:united states", 1)]),
            doc(&[(Place, "United States", "place:united states", 1)]),
            doc(&[(Place, "United States", "place:united states", 1)]),
        ]);
        assert_eq!(idx.infos[0].name, "United States");
    }

    #[test]
    fn two_local_keys_for_one_thing_count_once_per_article() {
        let idx = EntityIndex::build(&[
            doc(&[
                (Person, "Nikol Pashinyan", "person:nikol pashinyan", 1),
                (Person, "Pashinyan", "person:pashinyan", 3),
            ]),
            doc(&[(Place, "Armenia", "place:armenia", 1)]),
        ]);
        let id = idx.global(0, 1);
        assert_eq!(idx.global(0, 0), id);
        assert_eq!(idx.articles_mentioning(id), &[(0, 4)]);
    }

    #[test]
    fn story_counts() {
        let mut idx = EntityIndex::build(&[
            doc(&[(Place, "Armenia", "place:armenia", 1)]),
            doc(&[(Place, "Armenia", "place:armenia", 1)]),
            doc(&[(Place, "Armenia", "place:armenia", 1)]),
        ]);
        idx.count_stories(&[0, 0, 1]);
        assert_eq!(idx.infos[0].story_count, 2);
    }
}
