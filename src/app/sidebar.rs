//! The sidebar's rows for the open article and the cursor among the ones that do something.
//! Built once when an article opens; a frame draws only the rows on screen.

use crate::analysis::read_more::TitleIndex;
use crate::analysis::{Analysis, EntityId};
use crate::corpus::{Article, Corpus};
use crate::entity::{DocEntities, EntityKind};
use std::collections::HashSet;

/// Where a link row leads.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum LinkKind {
    ReadMore,
    Related,
    StoryPrev,
    StoryNext,
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Row {
    Heading(String),
    /// A line of facts (date, source, why a story is related).
    Info(String),
    /// An entity of the article: its collection id, its index in the article's entities, how
    /// often the article names it and in how many stories of the collection it appears.
    Entity {
        id: EntityId,
        local: u32,
        kind: EntityKind,
        name: String,
        here: u32,
        stories: u32,
    },
    /// An entity of the article while the collection's analysis is still being built: how often
    /// the article names it. Not selectable (it has no collection id yet).
    Named {
        kind: EntityKind,
        name: String,
        here: u32,
    },
    /// The entities of a kind beyond the first few, folded so that the related stories below
    /// stay in view; Enter unfolds them.
    More {
        kind: EntityKind,
        hidden: usize,
    },
    /// Another article: a read-more headline (resolved when the collection has it), a related
    /// story, or the neighbours in this article's story.
    Link {
        kind: LinkKind,
        headline: String,
        target: Option<usize>,
    },
}

impl Row {
    /// Rows the cursor can rest on.
    pub fn selectable(&self) -> bool {
        matches!(
            self,
            Row::Link { .. } | Row::Entity { .. } | Row::More { .. }
        )
    }
}

#[derive(Clone, Debug, Default)]
pub struct Sidebar {
    pub rows: Vec<Row>,
    /// Index into `rows`, on a selectable row when there is one.
    pub cursor: Option<usize>,
    pub offset: usize,
    /// The reader has moved the cursor here: an entity under it is then the selected one even
    /// when another pane has the focus. A cursor resting where it started selects nothing.
    pub touched: bool,
}

impl Sidebar {
    pub fn new(rows: Vec<Row>) -> Sidebar {
        let cursor = rows.iter().position(Row::selectable);
        Sidebar {
            rows,
            cursor,
            offset: 0,
            touched: false,
        }
    }

    /// True when it lists entities of the collection's analysis (not only early ones).
    pub fn names_entities(&self) -> bool {
        self.rows.iter().any(|r| matches!(r, Row::Entity { .. }))
    }

    pub fn selected(&self) -> Option<&Row> {
        self.cursor.and_then(|i| self.rows.get(i))
    }

    /// Moves to the `steps`-th selectable row up or down (clamped), keeping it in `height` rows.
    pub fn move_by(&mut self, steps: isize, height: usize) {
        let Some(mut at) = self.cursor else { return };
        for _ in 0..steps.unsigned_abs() {
            let next = if steps > 0 {
                (at + 1..self.rows.len()).find(|&i| self.rows[i].selectable())
            } else {
                (0..at).rev().find(|&i| self.rows[i].selectable())
            };
            match next {
                Some(n) => at = n,
                None => break,
            }
        }
        self.cursor = Some(at);
        self.scroll_into_view(height);
    }

    pub fn move_to_end(&mut self, last: bool, height: usize) {
        let found = if last {
            self.rows.iter().rposition(Row::selectable)
        } else {
            self.rows.iter().position(Row::selectable)
        };
        if found.is_some() {
            self.cursor = found;
        }
        if !last {
            // Headings above the first selectable row come back into view.
            self.offset = 0;
        }
        self.scroll_into_view(height);
    }

    /// Puts the cursor on the first row `pick` accepts, if any.
    pub fn move_to_first(&mut self, pick: impl Fn(&Row) -> bool, height: usize) -> bool {
        match self.rows.iter().position(|r| r.selectable() && pick(r)) {
            Some(i) => {
                self.cursor = Some(i);
                self.scroll_into_view(height);
                true
            }
            None => false,
        }
    }

    pub fn scroll_into_view(&mut self, height: usize) {
        let height = height.max(1);
        if let Some(c) = self.cursor {
            // Keep the heading just above the cursor visible when there is one.
            let top = if c > 0 && !self.rows[c - 1].selectable() {
                c - 1
            } else {
                c
            };
            if top < self.offset {
                self.offset = top;
            } else if c >= self.offset + height {
                self.offset = c + 1 - height;
            }
        }
        self.offset = self.offset.min(self.rows.len().saturating_sub(height));
    }
}

/// The rows for one article: with the analysis, its entities by kind, related stories with why,
/// its place in its story and its read-more links; without it (not built yet), the entities
/// found in it so far (`named`) and what the corpus alone gives (read-more headlines are
/// resolved when `titles` is there). `source` is the article's source as the reader shows it.
#[allow(clippy::too_many_arguments)]
pub fn rows(
    corpus: &Corpus,
    titles: Option<&TitleIndex>,
    analysis: Option<&Analysis>,
    named: Option<&DocEntities>,
    a: usize,
    source: &str,
    width: usize,
    unfolded: &HashSet<EntityKind>,
) -> Vec<Row> {
    let article = &corpus.articles[a];
    let Some(an) = analysis else {
        let mut rows = Vec::new();
        if let Some(doc) = named {
            named_rows(&mut rows, doc);
            if !rows.is_empty() {
                info(&mut rows, "related stories once all are analysed", width);
            }
        }
        rows.extend(about(article, source, width));
        let links = article
            .read_more
            .iter()
            .map(|h| (h.clone(), titles.and_then(|t| t.find(h, a))))
            .collect();
        read_more(&mut rows, links);
        return rows;
    };
    let mut rows = Vec::new();
    entity_rows(&mut rows, an, a, unfolded);
    let related = an.related(a, RELATED_SHOWN);
    if !related.is_empty() {
        rows.push(Row::Heading("Related".into()));
        for r in related {
            rows.push(Row::Link {
                kind: LinkKind::Related,
                headline: corpus.articles[r.article].title.clone(),
                target: Some(r.article),
            });
            info(&mut rows, &r.explain(an), width);
        }
    }
    story_rows(&mut rows, corpus, an, a, width);
    read_more(&mut rows, an.read_more_targets(a));
    rows.extend(about(article, source, width));
    rows
}

/// Related stories listed per article.
const RELATED_SHOWN: usize = 5;

/// Entities shown per kind before the rest is folded behind a "+N more" row.
pub const FOLDED_PER_KIND: usize = 5;

fn entity_rows(rows: &mut Vec<Row>, an: &Analysis, a: usize, unfolded: &HashSet<EntityKind>) {
    // In memory only: the driver reads the open article's entities before the next frame.
    let Some(doc) = an.loaded_entities_of(a) else {
        return;
    };
    // One row per entity of the collection, under the kind and name it settled on: the
    // article's own entities that it joined ("Trump", "Donald Trump") count together.
    let mut entities: Vec<(EntityId, u32, u32)> = Vec::with_capacity(doc.len());
    for (local, e) in doc.iter().enumerate() {
        let id = an.entity_id(a, local as u32);
        match entities.iter_mut().find(|(known, _, _)| *known == id) {
            Some(row) => row.2 += e.count,
            None => entities.push((id, local as u32, e.count)),
        }
    }
    for kind in EntityKind::ALL {
        let mut of_kind: Vec<(EntityId, u32, u32, &str)> = entities
            .iter()
            .filter_map(|&(id, local, count)| {
                let info = an.entity_info(id)?;
                (info.kind == kind).then_some((id, local, count, info.name.as_str()))
            })
            .collect();
        if of_kind.is_empty() {
            continue;
        }
        of_kind.sort_by(|x, y| y.2.cmp(&x.2).then_with(|| x.3.cmp(y.3)));
        rows.push(Row::Heading(kind.plural_title().into()));
        // Folding one entity would cost as much room as showing it.
        let shown = if unfolded.contains(&kind) || of_kind.len() <= FOLDED_PER_KIND + 1 {
            of_kind.len()
        } else {
            FOLDED_PER_KIND
        };
        let hidden = of_kind.len() - shown;
        for (id, local, here, name) in of_kind.into_iter().take(shown) {
            rows.push(Row::Entity {
                id,
                local,
                kind,
                name: name.to_string(),
                here,
                stories: an.entity(id).story_count,
            });
        }
        if hidden > 0 {
            rows.push(Row::More { kind, hidden });
        }
    }
}

/// The entities found in an article before the analysis: by kind, most named first, all of them
/// (nothing to fold: the related stories below come later).
fn named_rows(rows: &mut Vec<Row>, doc: &DocEntities) {
    for kind in EntityKind::ALL {
        let mut of_kind: Vec<crate::entity::EntityRef> =
            doc.iter().filter(|e| e.kind == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        of_kind.sort_by(|x, y| y.count.cmp(&x.count).then_with(|| x.name.cmp(y.name)));
        rows.push(Row::Heading(kind.plural_title().into()));
        rows.extend(of_kind.into_iter().map(|e| Row::Named {
            kind,
            name: e.name.to_string(),
            here: e.count,
        }));
    }
}

fn story_rows(rows: &mut Vec<Row>, corpus: &Corpus, an: &Analysis, a: usize, width: usize) {
    let story = an.story(an.story_of(a));
    if story.articles.len() < 2 {
        return;
    }
    let position = story.articles.iter().position(|&x| x == a).unwrap_or(0);
    rows.push(Row::Heading(format!(
        "Story {} of {}",
        position + 1,
        story.articles.len()
    )));
    info(rows, &story.label, width);
    let (prev, next) = an.story_neighbours(a);
    for (kind, target) in [(LinkKind::StoryPrev, prev), (LinkKind::StoryNext, next)] {
        if let Some(t) = target {
            rows.push(Row::Link {
                kind,
                headline: corpus.articles[t].title.clone(),
                target: Some(t),
            });
        }
    }
}

fn read_more(rows: &mut Vec<Row>, links: Vec<(String, Option<usize>)>) {
    if links.is_empty() {
        return;
    }
    rows.push(Row::Heading("Read more".into()));
    rows.extend(links.into_iter().map(|(headline, target)| Row::Link {
        kind: LinkKind::ReadMore,
        headline,
        target,
    }));
}

/// Facts as rows of at most `width` columns (the explanation of a related story is worth
/// reading whole, not cut at the sidebar's edge).
fn info(rows: &mut Vec<Row>, text: &str, width: usize) {
    let options = textwrap::Options::new(width.saturating_sub(INFO_INDENT).max(8))
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    rows.extend(
        textwrap::wrap(text, options)
            .into_iter()
            .map(|line| Row::Info(line.into_owned())),
    );
}

/// Columns the renderer indents facts by.
pub const INFO_INDENT: usize = 2;

/// When and where the article comes from.
fn about(article: &Article, source: &str, width: usize) -> Vec<Row> {
    let mut when = article.date.map_or_else(
        || "date unknown".to_string(),
        |d| d.format("%a %-d %b %Y").to_string(),
    );
    if let Some(t) = article.timestamp {
        when.push_str(&t.format(" · %H:%M UTC").to_string());
    }
    let mut rows = vec![Row::Heading("About".into())];
    info(&mut rows, &when, width);
    info(&mut rows, source, width);
    info(&mut rows, &format!("id {}", article.id), width);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(h: &str) -> Row {
        Row::Link {
            kind: LinkKind::ReadMore,
            headline: h.into(),
            target: None,
        }
    }

    #[test]
    fn the_cursor_skips_headings_and_info() {
        let rows = vec![
            Row::Heading("A".into()),
            link("one"),
            Row::Info("x".into()),
            link("two"),
            Row::Heading("B".into()),
            link("three"),
        ];
        let mut s = Sidebar::new(rows);
        assert_eq!(s.cursor, Some(1));
        s.move_by(1, 10);
        assert_eq!(s.cursor, Some(3));
        s.move_by(5, 10);
        assert_eq!(s.cursor, Some(5));
        s.move_by(-1, 10);
        assert_eq!(s.cursor, Some(3));
        s.move_to_end(false, 10);
        assert_eq!(s.cursor, Some(1));
    }

    #[test]
    fn headlines_match_titles_despite_punctuation_and_case() {
        let corpus = crate::corpus::load_embedded();
        let titles = TitleIndex::build(&corpus.articles);
        let title = corpus.articles[1].title.to_uppercase().replace(' ', "  ");
        assert_eq!(titles.find(&format!("“{title}”"), 0), Some(1));
        assert_eq!(titles.find("Nothing like this", 0), None);
    }
}
