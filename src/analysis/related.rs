//! A related article with the evidence for it, and that evidence in words.

use super::Analysis;
use super::entity_index::EntityId;
use super::sparse::{SparseVec, for_each_shared};

/// Entities named in an explanation.
const EXPLAIN_ENTITIES: usize = 3;
/// Terms kept as evidence, and named when no entity is shared.
const EVIDENCE_TERMS: usize = 5;
const EXPLAIN_TERMS: usize = 3;

/// One article related to another.
#[derive(Clone, Debug, PartialEq)]
pub struct Related {
    /// Index into the corpus' articles.
    pub article: usize,
    pub score: f32,
    /// Shared entities, the strongest evidence first.
    pub shared: Vec<EntityId>,
    /// Shared content terms, the strongest evidence first.
    pub terms: Vec<String>,
    /// This article's date minus the one it is related to, in days (positive: later).
    pub days_apart: Option<i64>,
}

impl Related {
    /// "shares Pashinyan, Putin, Nagorno-Karabakh · 1 day earlier"; without shared entities, the
    /// shared words: "shares the words ceasefire, talks · same day".
    pub fn explain(&self, a: &Analysis) -> String {
        let names: Vec<&str> = self
            .shared
            .iter()
            .filter_map(|&id| a.entity_info(id))
            .take(EXPLAIN_ENTITIES)
            .map(|e| e.name.as_str())
            .collect();
        let mut parts = Vec::new();
        if !names.is_empty() {
            parts.push(format!("shares {}", names.join(", ")));
        } else if !self.terms.is_empty() {
            let words: Vec<&str> = self
                .terms
                .iter()
                .take(EXPLAIN_TERMS)
                .map(String::as_str)
                .collect();
            parts.push(format!("shares the words {}", words.join(", ")));
        }
        if let Some(d) = self.days_apart {
            parts.push(days_in_words(d));
        }
        parts.join(" · ")
    }
}

/// "same day", "1 day later", "3 days earlier".
pub fn days_in_words(days: i64) -> String {
    let n = days.unsigned_abs();
    let unit = if n == 1 { "day" } else { "days" };
    match days.signum() {
        0 => "same day".to_string(),
        1 => format!("{n} {unit} later"),
        _ => format!("{n} {unit} earlier"),
    }
}

/// Feature ids both profiles have, by the product of their weights (the share of the score they
/// explain), largest first.
pub fn shared_by_weight(a: &SparseVec, b: &SparseVec) -> Vec<u32> {
    let mut shared: Vec<(u32, f32)> = Vec::new();
    for_each_shared(a, b, |id, x, y| shared.push((id, x * y)));
    shared.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    shared.into_iter().map(|(id, _)| id).collect()
}

/// Builds the related entry for `other` as seen from `article`.
pub fn evidence(a: &Analysis, article: usize, other: usize, score: f32) -> Related {
    let sim = &a.similarity;
    let shared = shared_by_weight(&sim.entities[article], &sim.entities[other]);
    let terms = shared_by_weight(&sim.terms[article], &sim.terms[other])
        .into_iter()
        .take(EVIDENCE_TERMS)
        .filter_map(|t| a.terms.text.get(t as usize).map(str::to_string))
        .collect();
    Related {
        article: other,
        score,
        shared,
        terms,
        days_apart: sim.days_apart(article, other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_read_naturally() {
        assert_eq!(days_in_words(0), "same day");
        assert_eq!(days_in_words(1), "1 day later");
        assert_eq!(days_in_words(-1), "1 day earlier");
        assert_eq!(days_in_words(-12), "12 days earlier");
    }

    #[test]
    fn strongest_shared_evidence_first() {
        let a = vec![(1, 0.2), (2, 0.9), (5, 0.4)];
        let b = vec![(1, 0.9), (2, 0.9), (4, 1.0)];
        assert_eq!(shared_by_weight(&a, &b), vec![2, 1]);
    }
}
