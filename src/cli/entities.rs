//! `dateline entities [ID]`: one article's entities with their kinds and counts, or the whole
//! collection's, ranked by the number of articles that mention them.

use super::article_arg::id_or_path;
use super::output::Out;
use super::show::find_article_index;
use super::{CmdResult, EntitiesArgs};
use crate::analysis::{Analysis, EntityId, EntityInfo};
use crate::entity::EntityKind;
use serde::Serialize;
use std::process::ExitCode;

/// One entity: the `--json` line.
#[derive(Serialize)]
struct EntityLine<'a> {
    name: &'a str,
    kind: EntityKind,
    key: &'a str,
    /// Mentions in the article (for one article) or in the whole collection.
    mentions: u32,
    /// Articles and stories of the collection that mention it.
    articles: u32,
    stories: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
}

pub fn run(args: &EntitiesArgs) -> CmdResult {
    let (id, collection) = id_or_path(args.id.as_deref(), &args.collection);
    if args.explain.is_some() && id.is_some() {
        return Err(super::Failure::new(
            2,
            "--explain takes a collection's paths, not an article id",
        ));
    }
    let opened = collection.open_analysed()?;
    if let Some(name) = &args.explain {
        return super::explain::run(&opened, name, args.json);
    }
    let (corpus, analysis) = (opened.corpus(), &*opened.analysis);
    let article = id.map(|id| find_article_index(corpus, &id)).transpose()?;
    let rows = match article {
        Some(a) => article_rows(analysis, a),
        None => collection_rows(analysis),
    };
    let rows = &rows[..rows.len().min(args.limit.unwrap_or(usize::MAX))];
    let mut out = Out::new();
    if args.json {
        for r in rows {
            out.json(r)?;
        }
    } else {
        match article {
            Some(a) => out.text(&article_text(&corpus.articles[a].title, rows))?,
            None => {
                for r in rows {
                    out.line(&format!(
                        "{:>6} articles {:>5} stories  {:<6}  {}",
                        r.articles,
                        r.stories,
                        r.kind.label(),
                        r.name
                    ))?;
                }
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The article's entities by kind, then by mentions (most first).
fn article_rows(analysis: &Analysis, article: usize) -> Vec<EntityLine<'_>> {
    static NONE: crate::entity::DocEntities = crate::entity::DocEntities::EMPTY;
    let doc = analysis.entities_of(article).unwrap_or_else(|e| {
        // The cache changed under the command: say so, list nothing invented.
        eprintln!("dateline: {e}");
        &NONE
    });
    let mut rows: Vec<EntityLine> = doc
        .iter()
        .enumerate()
        .map(|(local, e)| {
            let info = analysis.entity(analysis.entity_id(article, local as u32));
            // The kind the collection settled on; a date's name is its day, as written here.
            let (name, kind, key) = match e.kind {
                EntityKind::Date => (e.name, e.kind, e.key),
                _ => (info.name.as_str(), info.kind, info.key.as_str()),
            };
            EntityLine {
                name,
                kind,
                key,
                mentions: e.count,
                articles: info.article_count,
                stories: info.story_count,
                date: e.date.map(|d| d.to_string()),
            }
        })
        .collect();
    // Forms of one entity the collection joined ("Trump", "Donald Trump") are one row.
    rows.sort_by(|x, y| x.key.cmp(y.key));
    rows.dedup_by(|later, kept| {
        let same = later.key == kept.key;
        if same {
            kept.mentions += later.mentions;
        }
        same
    });
    rows.sort_by(|x, y| {
        x.kind
            .cmp(&y.kind)
            .then(y.mentions.cmp(&x.mentions))
            .then(x.name.cmp(y.name))
    });
    rows
}

/// Every entity of the collection, most widely mentioned first.
fn collection_rows(analysis: &Analysis) -> Vec<EntityLine<'_>> {
    let mut rows: Vec<EntityLine> = analysis
        .all_entities()
        .iter()
        .enumerate()
        .map(|(id, info): (usize, &EntityInfo)| EntityLine {
            name: &info.name,
            kind: info.kind,
            key: &info.key,
            mentions: analysis
                .articles_mentioning(id as EntityId)
                .iter()
                .map(|&(_, c)| c)
                .sum(),
            articles: info.article_count,
            stories: info.story_count,
            date: None,
        })
        .collect();
    rows.sort_by(|x, y| {
        y.articles
            .cmp(&x.articles)
            .then(y.mentions.cmp(&x.mentions))
            .then(x.name.cmp(y.name))
    });
    rows
}

/// Grouped under the kinds' headings: `  Nikol Pashinyan  ×2 · in 3 articles`.
fn article_text(title: &str, rows: &[EntityLine]) -> String {
    let mut s = format!("Entities of: {title}\n");
    let mut kind = None;
    for r in rows {
        if kind != Some(r.kind) {
            kind = Some(r.kind);
            s.push_str(&format!("{}\n", r.kind.plural_title()));
        }
        let date = r
            .date
            .as_deref()
            .map_or(String::new(), |d| format!(" = {d}"));
        s.push_str(&format!(
            "  {}{date}  ×{} · in {} of the collection's articles\n",
            r.name, r.mentions, r.articles
        ));
    }
    if rows.is_empty() {
        s.push_str("  (none found)\n");
    }
    s.trim_end().to_string()
}
