//! Document-level consistency: one kind per name within a text, a surname pointing to the full
//! name used earlier ("Pashinyan" → "Nikol Pashinyan"), alias-resolved keys and display names.

use super::dates::DateSpan;
use super::lexicon::{self, Lexicon};
use super::names::{Candidate, GAZETTEER, GUESS, RULE, WEAK};
use super::token::{SHOUT, Token};
use crate::entity::{DocEntities, DocEntity, EntityKind, Evidence, Mention};
use crate::hashing::FastMap;

fn kind_index(kind: EntityKind) -> usize {
    EntityKind::ALL.iter().position(|&k| k == kind).unwrap_or(0)
}

/// How much one mention's evidence weighs in the vote for a name's kind: one gazetteer entry
/// outweighs several guesses.
fn weight(score: u8) -> u32 {
    match score {
        GAZETTEER => 9,
        RULE => 3,
        GUESS => 1,
        _ => 0,
    }
}

/// Appends a name's lower-case surface, with typographic apostrophes made plain, to `out`.
fn push_surface_key(s: &str, out: &mut String) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| b.to_ascii_lowercase() as char));
        return;
    }
    out.extend(
        s.chars()
            .map(|c| if c == '’' { '\'' } else { c })
            .flat_map(char::to_lowercase),
    );
}

/// Appends `s` in lower case to `out`, as `str::to_lowercase` has it.
fn push_lowercase(s: &str, out: &mut String) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        out.push_str(&s.to_lowercase());
    }
}

struct NameMention<'c, 's> {
    cand: &'c Candidate,
    start: u32,
    end: u32,
    surface: &'s str,
    /// The surface's index in the document's list of distinct surfaces.
    id: u32,
    shout: bool,
}

#[derive(Default)]
struct Vote {
    weights: [u32; 6],
    best_score: u8,
    canonical: Option<u32>,
    /// A mention of it was named as a person is (see [`Candidate::named`]).
    named: bool,
}

impl Vote {
    /// The kind the mentions vote for. A surface the document names as a person anywhere (a
    /// title before it, a given name with it) is a person throughout, whatever town or word of
    /// that name a gazetteer has: it is the strongest evidence a text gives.
    fn kind(&self) -> EntityKind {
        if self.named {
            return EntityKind::Person;
        }
        let mut best = 0;
        for k in 1..6 {
            if self.weights[k] > self.weights[best] {
                best = k;
            }
        }
        EntityKind::ALL[best]
    }
}

/// How a surface resolves: its entity's kind, key and canonical display name, and what the
/// document shows of it.
struct Resolved<'s> {
    kind: EntityKind,
    key: String,
    canonical_name: Option<&'s str>,
    evidence: Evidence,
}

/// What the votes for a surface (and for the full name it stands for) show of its kind.
fn evidence_of(own: &Vote, identity: &Vote) -> Evidence {
    let mut e = Evidence::NONE;
    if own.named || identity.named {
        e = e.with(Evidence::NAMED);
    }
    if own.best_score.max(identity.best_score) >= RULE {
        e = e.with(Evidence::DECIDED);
    }
    e
}

/// A surface after the vote and aliasing; `None` for a weak name the document does not
/// support.
fn resolve<'s>(
    id: u32,
    surfaces: &[&'s str],
    votes: &[Vote],
    by_last_part: &FastMap<&'s str, (EntityKind, u32)>,
    lex: &'s Lexicon,
) -> Option<Resolved<'s>> {
    let surface = surfaces[id as usize];
    let vote = &votes[id as usize];
    let mut kind = vote.kind();
    let mut identity = id;
    if vote.best_score < GAZETTEER
        && let Some(&(full_kind, full)) = by_last_part.get(surface)
    {
        kind = full_kind;
        identity = full;
    } else if vote.best_score == WEAK {
        return None;
    }
    // Surface ids are one per distinct surface: the same id is the same string.
    let evidence = evidence_of(vote, &votes[identity as usize]);
    let canonical = votes[identity as usize].canonical;
    let identity = surfaces[identity as usize];
    let canonical_name = canonical.and_then(|c| lex.name(c));
    // "kind:name", built in place rather than through `format!` and a lower-cased copy.
    let label = kind.label();
    let mut key = String::with_capacity(label.len() + 1 + identity.len() + 8);
    key.push_str(label);
    key.push(':');
    match (kind, canonical_name) {
        (EntityKind::Place | EntityKind::Org | EntityKind::Group, Some(c)) => {
            push_lowercase(c, &mut key)
        }
        _ => push_key_name(kind, identity, &mut key),
    }
    Some(Resolved {
        kind,
        key,
        canonical_name,
        evidence,
    })
}

/// Appends the key form of `name` (a lower-case surface) for an entity of `kind`: the forms
/// news writes one name in are one key. "The New York Times" is "New York Times"; "U.S.
/// Senate" the Senate; "F.B.I." is "FBI"; "Department of Justice" the "Justice Department";
/// "African-Americans" the "African American" group.
fn push_key_name(kind: EntityKind, name: &str, out: &mut String) {
    let mut name = name;
    if matches!(kind, EntityKind::Org | EntityKind::Misc) {
        name = name.strip_prefix("the ").unwrap_or(name);
    }
    if kind == EntityKind::Org {
        for national in ["u.s. ", "us ", "united states "] {
            if let Some(rest) = name.strip_prefix(national)
                && rest.contains(|c: char| c.is_alphabetic())
            {
                name = rest;
                break;
            }
        }
    }
    if is_dotted_initials(name) {
        out.extend(name.chars().filter(|&c| c != '.'));
        return;
    }
    if kind == EntityKind::Org {
        for head in ["department of ", "ministry of "] {
            if let Some(field) = name.strip_prefix(head)
                && !field.is_empty()
            {
                out.push_str(field);
                out.push(' ');
                out.push_str(head.trim_end_matches(" of "));
                return;
            }
        }
    }
    if kind == EntityKind::Group {
        let start = out.len();
        for (i, word) in name.split([' ', '-']).filter(|w| !w.is_empty()).enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(word);
        }
        // "americans" and "american" are one group; a short word ("swiss") keeps its s.
        if out.len() - start > 3 && out.ends_with('s') && !out.ends_with("ss") {
            out.pop();
        }
        return;
    }
    out.push_str(name);
}

/// "f.b.i.", "i.r.s": single letters each followed by a dot (the last dot may be missing).
fn is_dotted_initials(name: &str) -> bool {
    if !name.contains('.') {
        return false;
    }
    let mut parts = name.trim_end_matches('.').split('.');
    let initial = |p: &str| {
        let mut chars = p.chars();
        chars.next().is_some_and(char::is_alphabetic) && chars.next().is_none()
    };
    let mut count = 0;
    let all = parts.all(|p| {
        count += 1;
        initial(p)
    });
    all && count >= 2
}

/// A document's entities: the names found in `candidates` with one kind each and surnames
/// pointing to full names, then the dates, every mention in text order.
pub fn assemble(
    text: &str,
    tokens: &[Token],
    dates: &[DateSpan],
    candidates: &[Candidate],
    lex: &Lexicon,
) -> DocEntities {
    let (buffer, bounds) = surface_keys(text, tokens, candidates);
    let (mentions, surfaces) = name_mentions(tokens, candidates, &buffer, &bounds);
    let votes = count_votes(&mentions, surfaces.len());
    let by_last_part = full_names_by_last_part(&mentions, &votes, surfaces.len());
    let mut table = EntityTable::sized_for(surfaces.len(), mentions.len(), dates.len());
    let names = Names {
        text,
        surfaces: &surfaces,
        votes: &votes,
        by_last_part: &by_last_part,
        lex,
    };
    table.add_names(&names, &mentions);
    table.add_dates(text, tokens, dates);
    table.finish()
}

/// Every candidate's surface key (see [`push_surface_key`]) in one buffer, with each one's
/// bounds in it: one allocation instead of one per mention. Sized for the surfaces as written
/// (lower-casing keeps ASCII's length): it rarely grows.
fn surface_keys(
    text: &str,
    tokens: &[Token],
    candidates: &[Candidate],
) -> (String, Vec<(usize, usize)>) {
    let surface_bytes = candidates
        .iter()
        .map(|c| (tokens[c.end - 1].end - tokens[c.first].start) as usize)
        .sum();
    let mut buffer = String::with_capacity(surface_bytes);
    let mut bounds: Vec<(usize, usize)> = Vec::with_capacity(candidates.len());
    for c in candidates {
        let start = tokens[c.first].start as usize;
        let end = tokens[c.end - 1].end as usize;
        let from = buffer.len();
        push_surface_key(&text[start..end], &mut buffer);
        bounds.push((from, buffer.len()));
    }
    (buffer, bounds)
}

/// Each candidate as a mention of its surface, and the distinct surfaces in order of first
/// mention. Each distinct surface gets an id, looked up once per mention; the votes and
/// resolutions after are then vectors indexed by id rather than maps hashed by string again
/// and again.
fn name_mentions<'c, 's>(
    tokens: &[Token],
    candidates: &'c [Candidate],
    buffer: &'s str,
    bounds: &[(usize, usize)],
) -> (Vec<NameMention<'c, 's>>, Vec<&'s str>) {
    let mut ids: FastMap<&str, u32> =
        FastMap::with_capacity_and_hasher(candidates.len(), Default::default());
    let mut surfaces: Vec<&str> = Vec::with_capacity(candidates.len());
    let mentions: Vec<NameMention> = candidates
        .iter()
        .zip(bounds)
        .map(|(c, &(from, to))| {
            let surface = &buffer[from..to];
            let id = *ids.entry(surface).or_insert_with(|| {
                surfaces.push(surface);
                (surfaces.len() - 1) as u32
            });
            NameMention {
                cand: c,
                start: tokens[c.first].start,
                end: tokens[c.end - 1].end,
                surface,
                id,
                shout: tokens[c.first].has(SHOUT),
            }
        })
        .collect();
    (mentions, surfaces)
}

/// One kind per name: every mention of a surface votes for its kind with the weight of its
/// evidence, and the first canonical name a mention brings is the surface's.
fn count_votes(mentions: &[NameMention], surface_count: usize) -> Vec<Vote> {
    let mut votes: Vec<Vote> = Vec::with_capacity(surface_count);
    votes.resize_with(surface_count, Vote::default);
    for m in mentions {
        let v = &mut votes[m.id as usize];
        v.weights[kind_index(m.cand.kind)] += weight(m.cand.score);
        v.best_score = v.best_score.max(m.cand.score);
        v.named |= m.cand.named;
        if m.cand.canonical != lexicon::NONE && v.canonical.is_none() {
            v.canonical = Some(m.cand.canonical);
        }
    }
    votes
}

/// Full names of people and multi-part places by their last word and the last part of that
/// word ("Pashinyan" → "Nikol Pashinyan"), so that a later short form is read as an alias of
/// the first full name that ends in it. Parts under three letters are too ambiguous. Sized
/// from the start, like the tables of [`EntityTable`].
fn full_names_by_last_part<'s>(
    mentions: &[NameMention<'_, 's>],
    votes: &[Vote],
    surface_count: usize,
) -> FastMap<&'s str, (EntityKind, u32)> {
    let mut by_last_part: FastMap<&str, (EntityKind, u32)> =
        FastMap::with_capacity_and_hasher(surface_count, Default::default());
    for m in mentions {
        let vote = &votes[m.id as usize];
        let kind = vote.kind();
        if vote.best_score == WEAK || !matches!(kind, EntityKind::Person | EntityKind::Place) {
            continue;
        }
        let last_word = m.surface.rsplit(' ').next().unwrap_or("");
        let last_part = last_word.rsplit('-').next().unwrap_or("");
        for part in [last_word, last_part] {
            if part.len() < m.surface.len() && part.len() >= 3 {
                by_last_part.entry(part).or_insert((kind, m.id));
            }
        }
    }
    by_last_part
}

/// What [`resolve`] needs to give a surface its entity: the text, the distinct surfaces,
/// their votes and the full names by last part.
struct Names<'n, 's> {
    text: &'n str,
    surfaces: &'n [&'s str],
    votes: &'n [Vote],
    by_last_part: &'n FastMap<&'s str, (EntityKind, u32)>,
    lex: &'s Lexicon,
}

/// The document's entities as they are gathered, one per (kind, key), and the mentions of
/// them. Sized from the start for every surface and date being its own entity: growing the
/// tables as they fill, table by table and article by article, costs more than the room.
struct EntityTable {
    index: FastMap<(EntityKind, String), u32>,
    entities: Vec<DocEntity>,
    /// (quality, length, canonical) of each name entity's display name so far.
    display: Vec<(u8, usize, bool)>,
    mentions: Vec<Mention>,
}

impl EntityTable {
    fn sized_for(surfaces: usize, name_mentions: usize, dates: usize) -> EntityTable {
        let most = surfaces + dates;
        EntityTable {
            index: FastMap::with_capacity_and_hasher(most, Default::default()),
            entities: Vec::with_capacity(most),
            display: Vec::with_capacity(surfaces),
            mentions: Vec::with_capacity(name_mentions + dates),
        }
    }

    /// Adds every name mention to its entity. Every mention of a surface resolves the same
    /// way, so each surface is resolved once; a weak name the document does not support has
    /// no entity, and its mentions are dropped.
    fn add_names(&mut self, names: &Names, mentions: &[NameMention]) {
        // Per surface id: `None` until resolved, then its entity, if any.
        let mut resolved_by_surface: Vec<Option<Option<u32>>> = vec![None; names.surfaces.len()];
        for m in mentions {
            let resolved = match resolved_by_surface[m.id as usize] {
                Some(r) => r,
                None => {
                    let r = self.entity_of_surface(names, m);
                    resolved_by_surface[m.id as usize] = Some(r);
                    r
                }
            };
            if let Some(idx) = resolved {
                self.add_name_mention(idx, m, names.text);
            }
        }
    }

    /// The entity of `m`'s surface, added if it is new, named after its canonical name or
    /// else this first mention as written; `None` when the surface resolves to no entity.
    fn entity_of_surface(&mut self, names: &Names, m: &NameMention) -> Option<u32> {
        let Resolved {
            kind,
            key,
            canonical_name,
            evidence,
        } = resolve(
            m.id,
            names.surfaces,
            names.votes,
            names.by_last_part,
            names.lex,
        )?;
        let surface_text = &names.text[m.start as usize..m.end as usize];
        let EntityTable {
            index,
            entities,
            display,
            ..
        } = self;
        let idx = *index.entry((kind, key.clone())).or_insert_with(|| {
            entities.push(DocEntity {
                kind,
                name: canonical_name.unwrap_or(surface_text).to_string(),
                key,
                date: None,
                count: 0,
                evidence: Evidence::NONE,
            });
            display.push((0, 0, canonical_name.is_some()));
            (entities.len() - 1) as u32
        });
        let e = &mut entities[idx as usize];
        e.evidence = e.evidence.with(evidence);
        Some(idx)
    }

    /// Counts mention `m` of entity `idx` and lets it name the entity: the canonical name
    /// stays; otherwise the fullest form wins, one not written in capitals over one that is.
    fn add_name_mention(&mut self, idx: u32, m: &NameMention, text: &str) {
        let surface_text = &text[m.start as usize..m.end as usize];
        let e = &mut self.entities[idx as usize];
        e.count += 1;
        let d = &mut self.display[idx as usize];
        if !d.2 {
            let quality = if m.shout { 1 } else { 2 };
            if (quality, surface_text.len()) > (d.0, d.1) {
                (d.0, d.1) = (quality, surface_text.len());
                e.name.clear();
                e.name.push_str(surface_text);
            }
        }
        self.mentions.push(Mention {
            start: m.start,
            end: m.end,
            entity: idx,
        });
    }

    /// Adds every date mention: one entity per day (or month, year…) named, called by its long
    /// form when the day is known and else as first written.
    fn add_dates(&mut self, text: &str, tokens: &[Token], dates: &[DateSpan]) {
        for d in dates {
            let start = tokens[d.first].start;
            let end = tokens[d.end - 1].end;
            let mut key = String::with_capacity(5 + d.key.len());
            key.push_str("date:");
            key.push_str(&d.key);
            let surface_text = &text[start as usize..end as usize];
            let entities = &mut self.entities;
            let idx = *self
                .index
                .entry((EntityKind::Date, key.clone()))
                .or_insert_with(|| {
                    entities.push(DocEntity {
                        kind: EntityKind::Date,
                        name: match d.day {
                            Some(day) => super::dates::long_date(day),
                            None => surface_text.to_string(),
                        },
                        key,
                        date: d.day,
                        count: 0,
                        evidence: Evidence::DECIDED,
                    });
                    (entities.len() - 1) as u32
                });
            self.entities[idx as usize].count += 1;
            self.mentions.push(Mention {
                start,
                end,
                entity: idx,
            });
        }
    }

    /// The entities, with their mentions in text order.
    fn finish(mut self) -> DocEntities {
        self.mentions.sort_by_key(|m| m.start);
        DocEntities::new(self.entities, self.mentions)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(kind: EntityKind, name: &str) -> String {
        let mut out = String::new();
        push_key_name(kind, name, &mut out);
        out
    }

    fn candidate(kind: EntityKind, score: u8, named: bool) -> Candidate {
        Candidate {
            first: 0,
            end: 1,
            kind,
            score,
            canonical: lexicon::NONE,
            named,
        }
    }

    #[test]
    fn a_surface_named_as_a_person_once_is_a_person_throughout() {
        let town = candidate(EntityKind::Place, GAZETTEER, false);
        let titled = candidate(EntityKind::Person, RULE, true);
        let untitled = candidate(EntityKind::Person, RULE, false);
        let mention = |cand| NameMention {
            cand,
            start: 0,
            end: 5,
            surface: "abadan",
            id: 0,
            shout: false,
        };
        let votes = count_votes(&[mention(&town), mention(&town), mention(&titled)], 1);
        assert_eq!(votes[0].kind(), EntityKind::Person);
        let votes = count_votes(&[mention(&town), mention(&town), mention(&untitled)], 1);
        assert_eq!(
            votes[0].kind(),
            EntityKind::Place,
            "speaking alone does not outvote it"
        );
    }

    #[test]
    fn the_forms_of_one_name_are_one_key() {
        use EntityKind::{Group, Org, Person, Place};
        assert_eq!(key(Org, "the new york times"), key(Org, "new york times"));
        assert_eq!(key(Org, "u.s. senate"), "senate");
        assert_eq!(key(Org, "united states senate"), "senate");
        assert_eq!(key(Org, "f.b.i."), "fbi");
        assert_eq!(key(Org, "i.r.s"), "irs");
        assert_eq!(key(Org, "department of justice"), "justice department");
        assert_eq!(key(Org, "ministry of defence"), "defence ministry");
        assert_eq!(
            key(Group, "african-americans"),
            key(Group, "african american")
        );
        assert_eq!(key(Group, "kurds"), "kurd");
        assert_eq!(key(Group, "swiss"), "swiss");
        // What is not an organisation keeps its form.
        assert_eq!(key(Person, "the rock"), "the rock");
        assert_eq!(key(Place, "us virgin islands"), "us virgin islands");
        assert_eq!(key(Org, "u.s."), "us", "nothing left to strip to");
    }
}
