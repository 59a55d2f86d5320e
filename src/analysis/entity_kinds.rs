//! The kind the collection settles on for each name ("one sense per collection").
//!
//! The recogniser reads one article at a time, and in one article a lone capitalised word
//! ("Facebook", "Capitol", "Christmas") is often a person only because nothing says otherwise.
//! A wrong kind is worse than a missing entry, so the collection asks for evidence: a one-word
//! name is listed as a person only when enough of the articles naming it write it as people's
//! names are written (a title before it, a given name or an initial with it: see
//! [`Evidence::NAMED`]). Full names joined to it count with it, so "Pashinyan" is a person
//! wherever "Nikol Pashinyan" is. A name that fails joins the same name under another kind when
//! the collection has one ("Facebook" the organisation), or else is listed as `misc`.
//!
//! The kinds follow the conventions the entity lists use: people are humans (a person's name
//! used for an administration is still the person); places are countries, regions, cities,
//! districts and geographic features, but buildings, venues and other facilities are `misc`;
//! organisations are companies, outlets, parties, institutions, agencies, courts, armies,
//! universities, clubs and teams; groups are nationalities, religions, ethnic groups and
//! political affiliations used as adjectives or plurals; `misc` holds laws, programmes,
//! events, products, works, documents, awards, languages and facilities; holidays are dates.
//!
//! Pooling is one pass over the articles' entities, linear in the collection, and happens
//! where the index is built, so what it settles is cached with the rest of the analysis.

use super::entity_aliases::{Join, Joins};
use super::entity_index::KeyStats;
use crate::entity::{EntityKind, Evidence};
use std::collections::HashMap;

/// What the articles naming a key (or a key joined to it) show of its kind.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub(super) struct Pooled {
    pub articles: u32,
    /// Articles that name it as a person is named.
    pub named: u32,
    /// Articles whose recogniser found its kind by the gazetteer or a rule, not by guessing.
    pub decided: u32,
}

impl Pooled {
    fn add(&mut self, other: Pooled) {
        self.articles += other.articles;
        self.named += other.named;
        self.decided += other.decided;
    }

    /// Whether enough of its articles write it as a person's name: at least one, and one in
    /// ten. A share rather than a count, so a name many articles use loosely needs more.
    pub fn is_a_person(self) -> bool {
        share(self.named, self.articles)
    }

    /// For a name of several words, which the recogniser reads as a person only for want of
    /// another reading: also when enough articles decided it by a rule ("X Y said").
    pub fn is_a_full_name(self) -> bool {
        self.is_a_person() || share(self.decided, self.articles)
    }
}

/// At least one of `of`, and one in ten: a share rather than a count, so that a name many
/// articles use loosely needs more.
fn share(n: u32, of: u32) -> bool {
    n >= 1 && n.saturating_mul(10) >= of
}

/// Per key, what its articles show: `provisional[i]` is the key of local entity `i`,
/// `evidence[i]` what its article showed. An article names a key once.
pub(super) fn pool(provisional: &[u32], evidence: &[Evidence], keys: usize) -> Vec<Pooled> {
    let mut pooled = vec![Pooled::default(); keys];
    for (&k, &e) in provisional.iter().zip(evidence) {
        let p = &mut pooled[k as usize];
        p.articles += 1;
        p.named += u32::from(e.has(Evidence::NAMED));
        p.decided += u32::from(e.has(Evidence::DECIDED));
    }
    pooled
}

/// Settles the kinds: a one-word person key the collection does not name as a person joins the
/// same name under another kind, or becomes `misc`. `alias_of[k]` is the key `k` joins, if any;
/// it is updated so that every alias points at a key that stays.
pub(super) fn settle(keys: &mut [KeyStats], joins: &mut Joins, pooled: &[Pooled]) {
    let alias_of = &joins.to;
    let mut with_aliases = pooled.to_vec();
    for (k, target) in alias_of.iter().enumerate() {
        if let Some(t) = *target {
            let p = pooled[k];
            with_aliases[t].add(p);
        }
    }
    // Canonical keys of other kinds by name: where a failed person goes.
    let mut other_kinds: HashMap<&str, usize> = HashMap::new();
    let keys_ref = &*keys;
    for (k, stats) in keys_ref.iter().enumerate() {
        if alias_of[k].is_none() && stats.kind != EntityKind::Person {
            let name = name_part(&stats.key);
            let best = other_kinds.entry(name).or_insert(k);
            // Ties go by key, so that the order of the articles decides nothing.
            let strength = |k: usize| {
                let p = with_aliases[k];
                (
                    p.decided,
                    p.articles,
                    std::cmp::Reverse(keys_ref[k].key.as_str()),
                )
            };
            if strength(k) > strength(*best) {
                *best = k;
            }
        }
    }
    let mut to_join: Vec<(usize, usize)> = Vec::new();
    let mut relabel: Vec<usize> = Vec::new();
    for (k, stats) in keys.iter().enumerate() {
        let name = name_part(&stats.key);
        let evidenced = if name.contains(' ') {
            with_aliases[k].is_a_full_name()
        } else {
            with_aliases[k].is_a_person()
        };
        if alias_of[k].is_some() || stats.kind != EntityKind::Person || evidenced {
            continue;
        }
        // The other reading must have evidence of its own, in proportion: a handful of
        // guesses ("in Politico") do not make a place of what many articles name.
        let person = with_aliases[k];
        match other_kinds.get(name) {
            Some(&target)
                if with_aliases[target].decided >= 1
                    && with_aliases[target].decided.saturating_mul(10) >= person.articles =>
            {
                to_join.push((k, target))
            }
            _ => relabel.push(k),
        }
    }
    for (k, target) in to_join {
        joins.join(k, target, Join::OtherKind);
    }
    join_guesses_to_people(keys, joins, &with_aliases);
    for k in relabel {
        let stats = &mut keys[k];
        stats.kind = EntityKind::Misc;
        stats.key = format!("{}:{}", EntityKind::Misc.label(), name_part(&stats.key));
    }
}

/// A one-word place or organisation no article decided (every reading a guess: "the Obama
/// administration" read as a small town) whose name the collection knows as a person's joins
/// that person.
fn join_guesses_to_people(keys: &[KeyStats], joins: &mut Joins, pooled: &[Pooled]) {
    let mut people: HashMap<&str, usize> = HashMap::new();
    for (k, stats) in keys.iter().enumerate() {
        let name = name_part(&stats.key);
        let person = stats.kind == EntityKind::Person && !name.contains(' ');
        let target = joins.to[k].unwrap_or(k);
        let stays = keys[target].kind == EntityKind::Person;
        if person && stays && (pooled[k].is_a_person() || pooled[target].is_a_person()) {
            people.insert(name, target);
        }
    }
    for (k, stats) in keys.iter().enumerate() {
        let guessed = joins.to[k].is_none()
            && matches!(stats.kind, EntityKind::Place | EntityKind::Org)
            && pooled[k].decided == 0;
        if guessed && let Some(&person) = people.get(name_part(&stats.key)) {
            joins.join(k, person, Join::Person);
        }
    }
}

/// "facebook" of "person:facebook".
fn name_part(key: &str) -> &str {
    key.split_once(':').map_or(key, |(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::super::entity_index::EntityIndex;
    use crate::entity::{DocEntities, DocEntity, EntityKind, Evidence};
    use EntityKind::{Misc, Org, Person};
    use proptest::prelude::*;

    /// An article naming one entity: (kind, name, evidence).
    fn article(kind: EntityKind, name: &str, evidence: Evidence) -> DocEntities {
        DocEntities::new(
            vec![DocEntity {
                kind,
                name: name.into(),
                key: format!("{}:{}", kind.label(), name.to_lowercase()),
                date: None,
                count: 1,
                evidence,
            }],
            vec![],
        )
    }

    fn kind_of(index: &EntityIndex, name: &str) -> Option<EntityKind> {
        let found = index.infos.iter().find(|i| i.name == name)?;
        Some(found.kind)
    }

    #[test]
    fn a_one_word_name_nobody_names_as_a_person_is_not_listed_as_one() {
        let mut docs: Vec<DocEntities> = (0..30)
            .map(|_| article(Person, "Zentrova", Evidence::NONE))
            .collect();
        let index = EntityIndex::build(&docs);
        assert_eq!(kind_of(&index, "Zentrova"), Some(Misc));
        assert_eq!(index.infos[0].key, "misc:zentrova");
        // Three articles in thirty that write "Mr Zentrova" make it a person everywhere.
        for d in docs.iter_mut().take(3) {
            *d = article(Person, "Zentrova", Evidence::NAMED);
        }
        let index = EntityIndex::build(&docs);
        assert_eq!(kind_of(&index, "Zentrova"), Some(Person));
        assert_eq!(index.infos.len(), 1);
    }

    #[test]
    fn a_failed_person_joins_the_same_name_under_a_kind_with_evidence() {
        let mut docs: Vec<DocEntities> = (0..20)
            .map(|_| article(Person, "Zentrova", Evidence::NONE))
            .collect();
        // "shares in Zentrova", decided by a rule in five articles: the company.
        docs.extend((0..5).map(|_| article(Org, "Zentrova", Evidence::DECIDED)));
        let index = EntityIndex::build(&docs);
        assert_eq!(index.infos.len(), 1);
        assert_eq!(
            (index.infos[0].kind, index.infos[0].article_count),
            (Org, 25)
        );
        // Guesses alone for the other kind are not evidence: it stays apart, as misc.
        docs.truncate(20);
        docs.push(article(Org, "Zentrova", Evidence::NONE));
        let index = EntityIndex::build(&docs);
        let kinds: Vec<EntityKind> = index.infos.iter().map(|i| i.kind).collect();
        assert_eq!(kinds, [Misc, Org]);
    }

    #[test]
    fn a_full_name_decided_by_a_rule_stays_a_person() {
        let mut docs: Vec<DocEntities> = (0..9)
            .map(|_| article(Person, "Arvo Tanskanen", Evidence::NONE))
            .collect();
        docs.push(article(Person, "Arvo Tanskanen", Evidence::DECIDED));
        assert_eq!(
            kind_of(&EntityIndex::build(&docs), "Arvo Tanskanen"),
            Some(Person)
        );
        docs.pop();
        assert_eq!(
            kind_of(&EntityIndex::build(&docs), "Arvo Tanskanen"),
            Some(Misc)
        );
    }

    #[test]
    fn a_surname_does_not_join_a_run_on_that_ends_in_it() {
        let mut docs: Vec<DocEntities> = (0..5)
            .map(|_| article(Person, "Drugmaker Zentrova", Evidence::DECIDED))
            .collect();
        docs.extend((0..5).map(|_| article(Person, "Zentrova", Evidence::NONE)));
        let index = EntityIndex::build(&docs);
        let zentrova = index.locals(7)[0] as usize;
        assert_eq!(index.infos[zentrova].name, "Zentrova");
        assert_eq!(index.infos[zentrova].kind, Misc);
    }

    #[test]
    fn a_name_only_guessed_to_be_a_place_is_the_person_the_collection_knows() {
        use EntityKind::Place;
        // "President Brenn" in five articles; "the Brenn administration" read as a town in three.
        let mut docs: Vec<DocEntities> = (0..5)
            .map(|_| article(Person, "Brenn", Evidence::NAMED))
            .collect();
        docs.extend((0..3).map(|_| article(Place, "Brenn", Evidence::NONE)));
        let index = EntityIndex::build(&docs);
        assert_eq!(index.infos.len(), 1);
        assert_eq!(
            (index.infos[0].kind, index.infos[0].article_count),
            (Person, 8)
        );
        // A place some article decided stays a place.
        docs.push(article(Place, "Brenn", Evidence::DECIDED));
        let index = EntityIndex::build(&docs);
        let kinds: Vec<EntityKind> = index.infos.iter().map(|i| i.kind).collect();
        assert_eq!(kinds, [Person, Place]);
    }

    #[test]
    fn a_surname_read_as_an_organisation_beside_the_person_is_the_person() {
        let both = DocEntities::new(
            vec![
                DocEntity {
                    kind: Person,
                    name: "Orla Brenn".into(),
                    key: "person:orla brenn".into(),
                    date: None,
                    count: 2,
                    evidence: Evidence::NAMED,
                },
                DocEntity {
                    kind: Org,
                    name: "Brenn".into(),
                    key: "org:brenn".into(),
                    date: None,
                    count: 1,
                    evidence: Evidence::DECIDED,
                },
            ],
            vec![],
        );
        let alone = article(Org, "Brenn", Evidence::DECIDED);
        let index = EntityIndex::build(&[both, alone]);
        assert_eq!(index.global(0, 0), index.global(0, 1), "the Brenn campaign");
        assert_ne!(
            index.global(1, 0),
            index.global(0, 0),
            "elsewhere, the organisation"
        );
        assert_eq!(index.articles_mentioning(index.global(0, 0)), &[(0, 3)]);
    }

    /// One article of the property below: which name, under which kind, with what evidence.
    fn any_article() -> impl Strategy<Value = DocEntities> {
        let names = ["Zentrova", "Halvik", "Orla Brenn", "Brenn", "Mardel"];
        let kinds = [Person, Org, EntityKind::Place, Misc];
        let evidence = [
            Evidence::NONE,
            Evidence::NAMED,
            Evidence::DECIDED,
            Evidence::NAMED.with(Evidence::DECIDED),
        ];
        (0..names.len(), 0..kinds.len(), 0..evidence.len())
            .prop_map(move |(n, k, e)| article(kinds[k], names[n], evidence[e]))
    }

    /// Every entity as (key, kind, articles), in key order.
    fn settled(docs: &[DocEntities]) -> Vec<(String, EntityKind, u32)> {
        let index = EntityIndex::build(docs);
        let mut out: Vec<_> = index
            .infos
            .iter()
            .map(|i| (i.key.clone(), i.kind, i.article_count))
            .collect();
        out.sort();
        out
    }

    proptest! {
        /// The collection settles the same keys and kinds whichever article comes first.
        #[test]
        fn keys_and_kinds_do_not_depend_on_article_order(
            docs in proptest::collection::vec(any_article(), 1..40),
            rotate in 0usize..40,
        ) {
            let mut reordered = docs.clone();
            reordered.reverse();
            let r = rotate % reordered.len();
            reordered.rotate_left(r);
            prop_assert_eq!(settled(&docs), settled(&reordered));
        }
    }
}
