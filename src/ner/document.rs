//! Document-level consistency: one kind per name within a text, a surname pointing to the full
//! name used earlier ("Pashinyan" → "Nikol Pashinyan"), alias-resolved keys and display names.

use super::dates::DateSpan;
use super::hash::FastMap;
use super::lexicon::{self, Lexicon};
use super::names::{Candidate, GAZETTEER, GUESS, RULE, WEAK};
use super::token::{SHOUT, Token};
use crate::entity::{DocEntities, DocEntity, EntityKind, Mention};

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
}

impl Vote {
    fn kind(&self) -> EntityKind {
        let mut best = 0;
        for k in 1..6 {
            if self.weights[k] > self.weights[best] {
                best = k;
            }
        }
        EntityKind::ALL[best]
    }
}

/// The kind, key and canonical display name of a surface, after the vote and aliasing; `None`
/// for a weak name the document does not support.
fn resolve<'s>(
    id: u32,
    surfaces: &[&'s str],
    votes: &[Vote],
    by_last_part: &FastMap<&'s str, (EntityKind, u32)>,
    lex: &'s Lexicon,
) -> Option<(EntityKind, String, Option<&'s str>)> {
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
        _ => key.push_str(identity),
    }
    Some((kind, key, canonical_name))
}

pub fn assemble(
    text: &str,
    tokens: &[Token],
    dates: &[DateSpan],
    candidates: &[Candidate],
    lex: &Lexicon,
) -> DocEntities {
    // Every surface in one buffer: one allocation instead of one per mention.
    // Sized for the surfaces as written (lower-casing keeps ASCII's length): it rarely grows.
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
    // Each distinct surface gets an id, looked up once per mention; the votes and resolutions
    // below are then vectors indexed by id rather than maps hashed by string again and again.
    let mut ids: FastMap<&str, u32> =
        FastMap::with_capacity_and_hasher(candidates.len(), Default::default());
    let mut surfaces: Vec<&str> = Vec::with_capacity(candidates.len());
    let mentions: Vec<NameMention> = candidates
        .iter()
        .zip(&bounds)
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

    // One kind per name.
    let mut votes: Vec<Vote> = Vec::with_capacity(surfaces.len());
    votes.resize_with(surfaces.len(), Vote::default);
    for m in &mentions {
        let v = &mut votes[m.id as usize];
        v.weights[kind_index(m.cand.kind)] += weight(m.cand.score);
        v.best_score = v.best_score.max(m.cand.score);
        if m.cand.canonical != lexicon::NONE && v.canonical.is_none() {
            v.canonical = Some(m.cand.canonical);
        }
    }

    // Full names of people and multi-part places, by their last part, for aliases.
    // The maps and lists below are sized from the start: growing them, table by table and
    // article by article, was a tenth of this function's time.
    let mut by_last_part: FastMap<&str, (EntityKind, u32)> =
        FastMap::with_capacity_and_hasher(surfaces.len(), Default::default());
    for m in &mentions {
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

    // Each mention's entity: (kind, identity surface).
    let most = surfaces.len() + dates.len();
    let mut entity_index: FastMap<(EntityKind, String), u32> =
        FastMap::with_capacity_and_hasher(most, Default::default());
    let mut entities: Vec<DocEntity> = Vec::with_capacity(most);
    // (quality, length, canonical) of each entity's display name so far.
    let mut display: Vec<(u8, usize, bool)> = Vec::with_capacity(surfaces.len());
    // Per surface id: `None` until resolved, then its entity, if any.
    let mut resolved_by_surface: Vec<Option<Option<u32>>> = vec![None; surfaces.len()];
    let mut out_mentions: Vec<Mention> = Vec::with_capacity(mentions.len() + dates.len());

    for m in &mentions {
        // Every mention of a surface resolves the same way: work it out once.
        let resolved = match resolved_by_surface[m.id as usize] {
            Some(r) => r,
            None => {
                let r = resolve(m.id, &surfaces, &votes, &by_last_part, lex).map(
                    |(kind, key, canonical_name)| {
                        let surface_text = &text[m.start as usize..m.end as usize];
                        *entity_index.entry((kind, key.clone())).or_insert_with(|| {
                            entities.push(DocEntity {
                                kind,
                                name: canonical_name.unwrap_or(surface_text).to_string(),
                                key,
                                date: None,
                                count: 0,
                            });
                            display.push((0, 0, canonical_name.is_some()));
                            (entities.len() - 1) as u32
                        })
                    },
                );
                resolved_by_surface[m.id as usize] = Some(r);
                r
            }
        };
        let Some(idx) = resolved else { continue };
        let surface_text = &text[m.start as usize..m.end as usize];
        let e = &mut entities[idx as usize];
        e.count += 1;
        // The display name: the canonical one, else the fullest form not written in capitals.
        let d = &mut display[idx as usize];
        if !d.2 {
            let quality = if m.shout { 1 } else { 2 };
            if (quality, surface_text.len()) > (d.0, d.1) {
                (d.0, d.1) = (quality, surface_text.len());
                e.name.clear();
                e.name.push_str(surface_text);
            }
        }
        out_mentions.push(Mention {
            start: m.start,
            end: m.end,
            entity: idx,
        });
    }

    for d in dates {
        let start = tokens[d.first].start;
        let end = tokens[d.end - 1].end;
        let mut key = String::with_capacity(5 + d.key.len());
        key.push_str("date:");
        key.push_str(&d.key);
        let surface_text = &text[start as usize..end as usize];
        let idx = *entity_index
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
                });
                (entities.len() - 1) as u32
            });
        entities[idx as usize].count += 1;
        out_mentions.push(Mention {
            start,
            end,
            entity: idx,
        });
    }
    out_mentions.sort_by_key(|m| m.start);
    DocEntities::new(entities, out_mentions)
}
