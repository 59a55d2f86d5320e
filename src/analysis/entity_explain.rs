//! Why an entity of the collection is what it is: the evidence its articles showed for its
//! kind, pooled, and the forms joined into it (`dateline entities --explain NAME`).

use super::entity_aliases::Join;
use super::entity_index::{Settled, display_name};
use super::entity_kinds::Pooled;
use crate::entity::{EntityKind, Evidence};

/// One entity of the collection, explained.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    pub name: String,
    pub key: String,
    pub kind: EntityKind,
    /// Its own key first, then the keys joined into it.
    pub forms: Vec<Form>,
    /// Per article naming it: the article, the form it used (an index into `forms`) and what
    /// the article showed.
    pub articles: Vec<(u32, usize, Evidence)>,
}

/// One key an entity holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub key: String,
    /// The kind the articles gave it.
    pub read_as: EntityKind,
    /// Its name forms, with the articles using each.
    pub names: Vec<(String, u32)>,
    pub articles: u32,
    /// Articles that wrote it as a person's name is written (a title, a given name, an initial).
    pub named: u32,
    /// Articles whose recogniser found its kind by the gazetteer or a rule.
    pub decided: u32,
    /// Why it joined the entity (`None` for the entity's own key).
    pub joined: Option<Join>,
}

impl Explanation {
    /// What the forms show together.
    pub fn pooled(&self) -> (u32, u32, u32) {
        self.forms.iter().fold((0, 0, 0), |(a, n, d), f| {
            (a + f.articles, n + f.named, d + f.decided)
        })
    }
}

impl Settled {
    /// The entities named `name` (a display name, key or name form, in any case).
    pub(super) fn explain(&self, name: &str) -> Vec<Explanation> {
        let wanted = name.to_lowercase();
        let target = |k: usize| self.joins.to[k].unwrap_or(k);
        let matches = |k: usize| {
            let stats = &self.keys[k];
            stats.key.split_once(':').is_some_and(|(_, n)| n == wanted)
                || stats
                    .names
                    .iter()
                    .any(|(n, c)| *c > 0 && n.to_lowercase() == wanted)
        };
        let mut entities: Vec<usize> = (0..self.keys.len())
            .filter(|&k| matches(k))
            .map(target)
            .collect();
        if entities.is_empty() {
            // A surname alone ("Aliyev") names the full names ending in it.
            let suffix = format!(" {wanted}");
            entities = (0..self.keys.len())
                .filter(|&k| self.keys[k].key.ends_with(&suffix))
                .map(target)
                .collect();
        }
        entities.sort_unstable();
        entities.dedup();
        entities.into_iter().map(|e| self.explain_one(e)).collect()
    }

    fn explain_one(&self, entity: usize) -> Explanation {
        let members: Vec<usize> = std::iter::once(entity)
            .chain((0..self.keys.len()).filter(|&k| self.joins.to[k] == Some(entity)))
            .collect();
        let forms = members
            .iter()
            .map(|&k| {
                let stats = &self.keys[k];
                let Pooled {
                    articles,
                    named,
                    decided,
                } = self.pooled[k];
                Form {
                    key: stats.key.clone(),
                    read_as: stats.read_as,
                    names: stats.names.iter().filter(|n| n.1 > 0).cloned().collect(),
                    articles,
                    named,
                    decided,
                    joined: self.joins.why[k],
                }
            })
            .collect();
        let mut articles = Vec::new();
        for (article, w) in self.local_offsets.windows(2).enumerate() {
            for local in w[0] as usize..w[1] as usize {
                let key = self.provisional[local] as usize;
                if let Some(form) = members.iter().position(|&m| m == key) {
                    articles.push((article as u32, form, self.evidence[local]));
                }
            }
        }
        let stats = &self.keys[entity];
        Explanation {
            name: display_name(&stats.names),
            key: stats.key.clone(),
            kind: stats.kind,
            forms,
            articles,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::entity_index::EntityInterner;
    use crate::entity::{DocEntities, DocEntity, EntityKind, Evidence};

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

    #[test]
    fn an_explanation_shows_the_evidence_and_the_forms_joined() {
        let mut interner = EntityInterner::default();
        let docs = [
            article(EntityKind::Person, "Orla Brenn", Evidence::NAMED),
            article(EntityKind::Person, "Brenn", Evidence::NONE),
            article(EntityKind::Person, "Brenn", Evidence::NONE),
            article(EntityKind::Person, "Zentrova", Evidence::NONE),
        ];
        for d in &docs {
            interner.push(d);
        }
        let found = interner.explain(docs.len(), "brenn");
        assert_eq!(found.len(), 1);
        let e = &found[0];
        assert_eq!(
            (e.name.as_str(), e.kind),
            ("Orla Brenn", EntityKind::Person)
        );
        assert_eq!(e.forms.len(), 2);
        assert_eq!(e.forms[1].joined, Some(super::Join::Surname));
        assert_eq!(e.pooled(), (3, 1, 0));
        assert_eq!(
            e.articles.iter().map(|a| (a.0, a.1)).collect::<Vec<_>>(),
            [(0, 0), (1, 1), (2, 1)]
        );

        let mut interner = EntityInterner::default();
        for d in &docs {
            interner.push(d);
        }
        let zentrova = interner.explain(docs.len(), "Zentrova");
        assert_eq!(zentrova[0].kind, EntityKind::Misc);
        assert_eq!(zentrova[0].forms[0].read_as, EntityKind::Person);
    }
}
