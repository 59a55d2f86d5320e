//! Document-level consistency: one kind per name within a text, a surname pointing to the full
//! name used earlier ("Pashinyan" → "Nikol Pashinyan"), alias-resolved keys and display names.

use super::dates::DateSpan;
use super::lexicon::{self, Lexicon};
use super::names::{Candidate, GAZETTEER, GUESS, RULE, WEAK};
use super::token::{SHOUT, Token};
use crate::entity::{DocEntities, DocEntity, EntityKind, Mention};
use std::collections::HashMap;

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

/// A name's lower-case surface, with typographic apostrophes made plain.
fn surface_key(s: &str) -> String {
    s.chars()
        .map(|c| if c == '’' { '\'' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

struct NameMention<'c> {
    cand: &'c Candidate,
    start: u32,
    end: u32,
    surface: String,
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

pub fn assemble(
    text: &str,
    tokens: &[Token],
    dates: &[DateSpan],
    candidates: &[Candidate],
    lex: &Lexicon,
) -> DocEntities {
    let mentions: Vec<NameMention> = candidates
        .iter()
        .map(|c| {
            let start = tokens[c.first].start;
            let end = tokens[c.end - 1].end;
            NameMention {
                cand: c,
                start,
                end,
                surface: surface_key(&text[start as usize..end as usize]),
                shout: tokens[c.first].has(SHOUT),
            }
        })
        .collect();

    // One kind per name.
    let mut votes: HashMap<&str, Vote> = HashMap::new();
    for m in &mentions {
        let v = votes.entry(m.surface.as_str()).or_default();
        v.weights[kind_index(m.cand.kind)] += weight(m.cand.score);
        v.best_score = v.best_score.max(m.cand.score);
        if m.cand.canonical != lexicon::NONE && v.canonical.is_none() {
            v.canonical = Some(m.cand.canonical);
        }
    }

    // Full names of people and multi-part places, by their last part, for aliases.
    let mut by_last_part: HashMap<String, (EntityKind, &str)> = HashMap::new();
    for m in &mentions {
        let vote = &votes[m.surface.as_str()];
        let kind = vote.kind();
        if vote.best_score == WEAK || !matches!(kind, EntityKind::Person | EntityKind::Place) {
            continue;
        }
        let last_word = m.surface.rsplit(' ').next().unwrap_or("");
        let last_part = last_word.rsplit('-').next().unwrap_or("");
        for part in [last_word, last_part] {
            if part.len() < m.surface.len() && part.len() >= 3 {
                by_last_part
                    .entry(part.to_string())
                    .or_insert((kind, m.surface.as_str()));
            }
        }
    }

    // Each mention's entity: (kind, identity surface).
    let mut entity_index: HashMap<(EntityKind, String), u32> = HashMap::new();
    let mut entities: Vec<DocEntity> = Vec::new();
    let mut display: Vec<(u8, usize)> = Vec::new(); // (quality, len) of each entity's name
    let mut out_mentions: Vec<Mention> = Vec::with_capacity(mentions.len() + dates.len());

    for m in &mentions {
        let vote = &votes[m.surface.as_str()];
        let mut kind = vote.kind();
        let mut identity = m.surface.as_str();
        if vote.best_score < GAZETTEER
            && let Some(&(full_kind, full)) = by_last_part.get(m.surface.as_str())
        {
            kind = full_kind;
            identity = full;
        } else if vote.best_score == WEAK {
            continue;
        }
        let canonical = if identity == m.surface {
            vote.canonical
        } else {
            votes[identity].canonical
        };
        let canonical_name = canonical.and_then(|c| lex.name(c));
        let key_name = match (kind, canonical_name) {
            (EntityKind::Place | EntityKind::Org | EntityKind::Group, Some(c)) => c.to_lowercase(),
            _ => identity.to_string(),
        };
        let key = format!("{}:{}", kind.label(), key_name);
        let surface_text = &text[m.start as usize..m.end as usize];
        let idx = *entity_index.entry((kind, key.clone())).or_insert_with(|| {
            entities.push(DocEntity {
                kind,
                name: canonical_name.unwrap_or(surface_text).to_string(),
                key,
                date: None,
                count: 0,
            });
            display.push((0, 0));
            (entities.len() - 1) as u32
        });
        let e = &mut entities[idx as usize];
        e.count += 1;
        // The display name: the canonical one, else the fullest form not written in capitals.
        if canonical_name.is_none() {
            let quality = if m.shout { 1 } else { 2 };
            let d = &mut display[idx as usize];
            if (quality, surface_text.len()) > *d {
                *d = (quality, surface_text.len());
                e.name = surface_text.to_string();
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
        let key = format!("date:{}", d.key);
        let surface_text = &text[start as usize..end as usize];
        let idx = *entity_index
            .entry((EntityKind::Date, key.clone()))
            .or_insert_with(|| {
                entities.push(DocEntity {
                    kind: EntityKind::Date,
                    name: match d.day {
                        Some(day) => day.format("%-d %B %Y").to_string(),
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
    DocEntities {
        entities,
        mentions: out_mentions,
    }
}
