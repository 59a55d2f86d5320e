//! One entity per real thing across the collection: the keys the articles give one thing under
//! different forms are joined to one of them.
//!
//! Within an article the recogniser already joins a surname to the full name used before it,
//! and gives the usual variants one key ("F.B.I." and "FBI", "Department of Justice" and
//! "Justice Department"). Across articles, the collection joins:
//! - a full name with middle names or initials to the same name without them, when the
//!   collection uses that ("Donald J. Trump", "Hillary Rodham Clinton");
//! - a bare surname to the full name most articles with that surname mean, when it clearly
//!   dominates ("Trump" → "Donald Trump"); two people of one surname used alike stay apart
//!   ("Clinton" with both "Bill Clinton" and "Hillary Clinton");
//! - an acronym to the one name whose initials it is ("EPA" → "Environmental Protection
//!   Agency", "DOJ" → "Department of Justice").
//!
//! Every join goes to a key that joins nothing itself, so an entity's id is its target's.

use super::entity_index::KeyStats;
use super::entity_kinds::Pooled;
use crate::entity::EntityKind;
use std::collections::HashMap;

/// How much of the articles of a surname's (or an acronym's) readings the one it is joined
/// to must have: clearly the one meant, not merely the most common.
const DOMINANT: (u32, u32) = (3, 4);

/// Why a key was joined to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Join {
    /// The same first and last name, with middle names or initials.
    MiddleNames,
    /// A surname, and the full name most articles with it mean.
    Surname,
    /// The initials of the name.
    Acronym,
    /// A one-word name no article writes as a person's, and the same name under a kind the
    /// collection has evidence for.
    OtherKind,
    /// A name only guessed to be a place or an organisation, which the collection knows as a
    /// person's ("the Obama administration").
    Person,
}

impl Join {
    /// Why, in words (for `entities --explain`).
    pub fn reason(self) -> &'static str {
        match self {
            Join::MiddleNames => "the same name without middle names or initials",
            Join::Surname => "a surname: most articles with full names ending in it mean this one",
            Join::Acronym => "an acronym: its letters are this name's initials",
            Join::OtherKind => {
                "not written as a person's name: the same name of this kind has evidence"
            }
            Join::Person => "only guessed to be of its kind: the collection knows it as a person",
        }
    }
}

/// Per key, the key it joins and why (`None`: it stays an entity of its own).
#[derive(Debug)]
pub(super) struct Joins {
    pub to: Vec<Option<usize>>,
    pub why: Vec<Option<Join>>,
}

impl Joins {
    /// Joins `k` to `target` (and whatever joined `k` follows it).
    pub fn join(&mut self, k: usize, target: usize, why: Join) {
        self.to[k] = Some(target);
        self.why[k] = Some(why);
        for a in self.to.iter_mut() {
            if *a == Some(k) {
                *a = Some(target);
            }
        }
    }
}

/// For each key, the key it is another form of, if any, and why.
pub(super) fn aliases(keys: &[KeyStats], pooled: &[Pooled]) -> Joins {
    let mut alias_of = Joins {
        to: vec![None; keys.len()],
        why: vec![None; keys.len()],
    };
    let by_key: HashMap<&str, usize> = keys
        .iter()
        .enumerate()
        .map(|(k, s)| (s.key.as_str(), k))
        .collect();
    join_middle_names(keys, &by_key, &mut alias_of);
    join_surnames(keys, pooled, &mut alias_of);
    join_acronyms(keys, pooled, &mut alias_of);
    alias_of
}

/// "person:donald j. trump" → "person:donald trump" when the collection has that key.
fn join_middle_names(keys: &[KeyStats], by_key: &HashMap<&str, usize>, alias_of: &mut Joins) {
    const PERSON: &str = "person:";
    let mut shorter = String::new();
    for (k, stats) in keys.iter().enumerate() {
        let Some(name) = stats.key.strip_prefix(PERSON) else {
            continue;
        };
        let words: Vec<&str> = name.split(' ').collect();
        // "Jr", "III": a generation is part of who it is.
        let last = words.last().copied().unwrap_or("");
        if words.len() < 3 || is_generation(last) {
            continue;
        }
        shorter.clear();
        shorter.push_str(PERSON);
        shorter.push_str(words[0]);
        shorter.push(' ');
        shorter.push_str(last);
        if let Some(&target) = by_key.get(shorter.as_str())
            && keys[target].kind == EntityKind::Person
        {
            alias_of.join(k, target, Join::MiddleNames);
        }
    }
}

fn is_generation(word: &str) -> bool {
    matches!(
        word.trim_end_matches('.'),
        "jr" | "sr" | "ii" | "iii" | "iv"
    )
}

/// A one-word person key joins the full name ending in it that has most of the articles of
/// all the full names ending in it.
fn join_surnames(keys: &[KeyStats], pooled: &[Pooled], alias_of: &mut Joins) {
    const PERSON: &str = "person:";
    // Surname → (articles of every full name ending in it, the one with most, its articles).
    let mut by_surname: HashMap<&str, (u32, usize, u32)> = HashMap::new();
    for (k, stats) in keys.iter().enumerate() {
        if stats.kind != EntityKind::Person || alias_of.to[k].is_some() {
            continue;
        }
        let Some((_, surname)) = stats
            .key
            .strip_prefix(PERSON)
            .and_then(|n| n.rsplit_once(' '))
        else {
            continue;
        };
        // Its forms joined to it count with it.
        let articles = pooled[k].articles + joined_articles(k, &alias_of.to, pooled);
        let entry = by_surname.entry(surname).or_insert((0, k, 0));
        entry.0 += articles;
        if (articles, std::cmp::Reverse(&stats.key))
            > (entry.2, std::cmp::Reverse(&keys[entry.1].key))
        {
            (entry.1, entry.2) = (k, articles);
        }
    }
    let given = articles_by_first_word(keys, pooled);
    for (k, stats) in keys.iter().enumerate() {
        let Some(name) = stats.key.strip_prefix(PERSON) else {
            continue;
        };
        if stats.kind != EntityKind::Person || name.contains(' ') || alias_of.to[k].is_some() {
            continue;
        }
        // A word the collection's full names open with more than end with ("George") is
        // mostly a given name cut from them, no one's surname.
        let as_given = given.get(name).copied().unwrap_or(0);
        // The full name must be written as people's names are somewhere: a run-on ending in
        // the word ("Drugmaker Pfizer") is no one to join.
        if let Some(&(all, best, best_articles)) = by_surname.get(name)
            && dominates(best_articles, all)
            && as_given <= all
            && pooled[best].is_a_person()
        {
            alias_of.join(k, best, Join::Surname);
        }
    }
}

/// Per first word of the full person names, the articles of the names it opens.
fn articles_by_first_word<'k>(keys: &'k [KeyStats], pooled: &[Pooled]) -> HashMap<&'k str, u32> {
    let mut out: HashMap<&str, u32> = HashMap::new();
    for (k, stats) in keys.iter().enumerate() {
        if stats.kind != EntityKind::Person {
            continue;
        }
        if let Some((first, _)) = stats
            .key
            .strip_prefix("person:")
            .and_then(|n| n.split_once(' '))
        {
            *out.entry(first).or_default() += pooled[k].articles;
        }
    }
    out
}

/// The articles of the keys already joined to `target`.
fn joined_articles(target: usize, alias_of: &[Option<usize>], pooled: &[Pooled]) -> u32 {
    alias_of
        .iter()
        .zip(pooled)
        .filter(|(a, _)| **a == Some(target))
        .map(|(_, p)| p.articles)
        .sum()
}

fn dominates(part: u32, all: u32) -> bool {
    all > 0 && part * DOMINANT.1 >= all * DOMINANT.0
}

/// An acronym ("EPA", "DOJ") joins the name of several words whose initials it is, when one
/// such name has most of the articles of all of them.
fn join_acronyms(keys: &[KeyStats], pooled: &[Pooled], alias_of: &mut Joins) {
    // Initials → (articles of every name with them, the one with most, its articles).
    let mut by_initials: HashMap<String, (u32, usize, u32)> = HashMap::new();
    for (k, stats) in keys.iter().enumerate() {
        if alias_of.to[k].is_some() || !can_have_an_acronym(stats.kind) {
            continue;
        }
        let Some(form) = most_used_form(stats) else {
            continue;
        };
        let articles = pooled[k].articles;
        let mut seen: Vec<String> = Vec::new();
        for initials in initials_of(form) {
            if seen.contains(&initials) {
                continue;
            }
            let entry = by_initials.entry(initials.clone()).or_insert((0, k, 0));
            entry.0 += articles;
            if articles > entry.2 {
                (entry.1, entry.2) = (k, articles);
            }
            seen.push(initials);
        }
    }
    for (k, stats) in keys.iter().enumerate() {
        if alias_of.to[k].is_some() || stats.kind == EntityKind::Person {
            continue;
        }
        let Some(form) = most_used_form(stats).filter(|f| is_acronym(f)) else {
            continue;
        };
        if let Some(&(all, best, best_articles)) = by_initials.get(form)
            && best != k
            && dominates(best_articles, all)
        {
            alias_of.join(k, best, Join::Acronym);
        }
    }
}

/// In an article that names a person, the surname alone read as something else — a
/// place ("the Obama administration", after a town of that name) or an organisation ("the
/// Trump campaign") — is that person. Per article, so the name keeps its other sense elsewhere.
/// Returns (local entity, the person's key) for each such mention; `provisional[i]` is local
/// entity `i`'s key, cut per article by `local_offsets`.
pub(super) fn people_in_their_articles(
    keys: &[KeyStats],
    local_offsets: &[u32],
    provisional: &[u32],
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    // The article's full names by surname; `None` when two share it.
    let mut surnames: Vec<(&str, Option<usize>)> = Vec::new();
    for w in local_offsets.windows(2) {
        let locals = w[0] as usize..w[1] as usize;
        surnames.clear();
        for l in locals.clone() {
            let k = provisional[l] as usize;
            let stats = &keys[k];
            if stats.kind != EntityKind::Person {
                continue;
            }
            // "Barack Obama", or "Obama" alone after a title.
            let Some(surname) = stats
                .key
                .strip_prefix("person:")
                .and_then(|n| n.rsplit(' ').next())
            else {
                continue;
            };
            match surnames.iter_mut().find(|(s, _)| *s == surname) {
                Some(entry) if entry.1 != Some(k) => entry.1 = None,
                Some(_) => {}
                None => surnames.push((surname, Some(k))),
            }
        }
        if surnames.is_empty() {
            continue;
        }
        for l in locals {
            let stats = &keys[provisional[l] as usize];
            if !matches!(stats.kind, EntityKind::Place | EntityKind::Org) {
                continue;
            }
            let Some((_, name)) = stats.key.split_once(':') else {
                continue;
            };
            if let Some(&(_, Some(person))) = surnames.iter().find(|(s, _)| *s == name) {
                out.push((l, person));
            }
        }
    }
    out
}

fn can_have_an_acronym(kind: EntityKind) -> bool {
    matches!(kind, EntityKind::Org | EntityKind::Misc | EntityKind::Place)
}

/// The name form most articles use.
fn most_used_form(stats: &KeyStats) -> Option<&str> {
    stats
        .names
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(n, _)| n.as_str())
}

/// Two to six capitals and nothing else: "EPA", "NAACP".
fn is_acronym(form: &str) -> bool {
    (2..=6).contains(&form.len()) && form.bytes().all(|b| b.is_ascii_uppercase())
}

/// The acronyms a name of several capitalised words may have: its initials without the small
/// words, and with them ("Department of Justice": "DJ" and "DOJ").
fn initials_of(form: &str) -> Vec<String> {
    let words: Vec<&str> = form.split([' ', '-']).filter(|w| !w.is_empty()).collect();
    if words.len() < 2 {
        return Vec::new();
    }
    let small = |w: &str| matches!(w, "of" | "and" | "for" | "the" | "on" | "in" | "&");
    let initial = |w: &str| w.chars().next().map(|c| c.to_ascii_uppercase());
    if words
        .iter()
        .any(|w| !small(w) && !w.starts_with(|c: char| c.is_uppercase()))
    {
        return Vec::new();
    }
    let without: String = words
        .iter()
        .filter(|w| !small(w))
        .filter_map(|w| initial(w))
        .collect();
    let with: String = words
        .iter()
        .filter(|w| **w != "&")
        .filter_map(|w| initial(w))
        .collect();
    let mut out = vec![without];
    if with != out[0] {
        out.push(with);
    }
    out.retain(|i| i.len() >= 2);
    out
}

#[cfg(test)]
mod tests {
    use super::super::entity_index::EntityIndex;
    use super::super::entity_index::tests::doc;
    use super::*;
    use EntityKind::{Misc, Org, Person};

    /// A collection where each (kind, name, articles) names its entity in that many articles.
    fn index(entities: &[(EntityKind, &str, usize)]) -> EntityIndex {
        let mut docs = Vec::new();
        for &(kind, name, n) in entities {
            let key = format!("{}:{}", kind.label(), name.to_lowercase());
            for _ in 0..n {
                docs.push(doc(&[(kind, name, &key, 1)]));
            }
        }
        EntityIndex::build(&docs)
    }

    /// The name of the entity that the `i`-th of `entities` (as given to [`index`]) ends up in.
    fn joined_to(idx: &EntityIndex, entities: &[(EntityKind, &str, usize)], i: usize) -> String {
        let article: usize = entities[..i].iter().map(|e| e.2).sum();
        idx.infos[idx.locals(article)[0] as usize].name.clone()
    }

    #[test]
    fn middle_names_and_initials_join_the_plain_full_name() {
        let idx = index(&[
            (Person, "Arvo Tanskanen", 5),
            (Person, "Arvo K. Tanskanen", 2),
            (Person, "Arvo Kalevi Tanskanen", 1),
            (Person, "Arvo Tanskanen Jr", 1),
        ]);
        let names: Vec<&str> = idx.infos.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(
            names,
            ["Arvo Tanskanen", "Arvo Tanskanen Jr"],
            "a generation stays"
        );
        assert_eq!(idx.infos[0].article_count, 8);
    }

    #[test]
    fn a_surname_joins_the_full_name_that_dominates_it() {
        let one = [
            (Person, "Orla Brenn", 9),
            (Person, "Kai Brenn", 1),
            (Person, "Brenn", 6),
        ];
        assert_eq!(joined_to(&index(&one), &one, 2), "Orla Brenn");
        // Two people of one surname used alike: the surname stays apart.
        let two = [
            (Person, "Orla Brenn", 5),
            (Person, "Kai Brenn", 4),
            (Person, "Brenn", 6),
        ];
        assert_eq!(joined_to(&index(&two), &two, 2), "Brenn");
    }

    #[test]
    fn a_given_name_or_a_run_on_is_nobody_to_join() {
        // "Tarja" opens more full names than it ends: a first name cut from them.
        let given = [
            (Person, "Tarja Halonen", 6),
            (Person, "Tarja Virtanen", 2),
            (Person, "Aino Tarja", 3),
            (Person, "Tarja", 5),
        ];
        assert_eq!(joined_to(&index(&given), &given, 3), "Tarja");
        // Without the other full names, "Aino Tarja" would have it.
        let surname = [(Person, "Aino Tarja", 3), (Person, "Tarja", 2)];
        assert_eq!(joined_to(&index(&surname), &surname, 1), "Aino Tarja");
    }

    #[test]
    fn an_acronym_joins_the_one_name_it_is_the_initials_of() {
        let names = [
            (Org, "Department of Maritime Affairs", 4),
            (Org, "DMA", 3),
            (Org, "Nordic Fishing Board", 2),
            (Org, "NFB", 2),
            (Misc, "National Film Bank", 2),
        ];
        let idx = index(&names);
        assert_eq!(joined_to(&idx, &names, 1), "Department of Maritime Affairs");
        assert_eq!(
            joined_to(&idx, &names, 3),
            "NFB",
            "two names with those initials"
        );
    }

    #[test]
    fn initials_with_and_without_the_small_words() {
        assert_eq!(initials_of("Department of Justice"), ["DJ", "DOJ"]);
        assert_eq!(initials_of("Environmental Protection Agency"), ["EPA"]);
        assert_eq!(
            initials_of("Immigration and Customs Enforcement"),
            ["ICE", "IACE"]
        );
        assert!(initials_of("Moscow").is_empty());
        assert!(initials_of("the war on drugs").is_empty(), "not a name");
        assert!(is_acronym("NAACP") && !is_acronym("Nato") && !is_acronym("A"));
    }
}
