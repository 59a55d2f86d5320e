//! `dateline related ID` and `dateline related --all`: the articles reporting the same story, with
//! why.

use super::article_arg::id_or_path;
use super::output::Out;
use super::show::find_article_index;
use super::{CmdResult, Failure, RelatedArgs};
use crate::analysis::{Analysis, Related};
use crate::corpus::{Article, Corpus};
use serde::Serialize;
use std::process::ExitCode;

/// One article and its related list: the `--json` line (the contract of the evaluation scorer).
#[derive(Serialize)]
struct RelatedLine<'a> {
    file: &'a str,
    id: String,
    title: &'a str,
    related: Vec<RelatedItem<'a>>,
}

#[derive(Serialize)]
struct RelatedItem<'a> {
    file: &'a str,
    id: String,
    title: &'a str,
    score: f32,
    shared: Vec<&'a str>,
    terms: &'a [String],
    days_apart: Option<i64>,
    why: String,
}

pub fn run(args: &RelatedArgs) -> CmdResult {
    let (id, collection) = if args.all {
        id_or_path(args.id.as_deref(), &args.collection)
    } else {
        (args.id.clone(), args.collection.clone())
    };
    let opened = collection.open_analysed()?;
    let (corpus, analysis) = (opened.corpus(), &*opened.analysis);
    let mut out = Out::new();
    if args.all {
        for i in 0..corpus.articles.len() {
            let related = analysis.related(i, args.n);
            if args.json {
                out.json(&line(corpus, analysis, i, &related))?;
            } else {
                out.text(&render_text(corpus, analysis, i, &related))?;
                out.line("")?;
            }
        }
    } else {
        let Some(id) = id else {
            return Err(Failure::new(
                2,
                "which article? give its ID, or --all --json",
            ));
        };
        let index = find_article_index(corpus, &id)?;
        let related = analysis.related(index, args.n);
        if args.json {
            out.json(&line(corpus, analysis, index, &related))?;
        } else {
            out.text(&render_text(corpus, analysis, index, &related))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn line<'a>(
    corpus: &'a Corpus,
    analysis: &'a Analysis,
    index: usize,
    related: &'a [Related],
) -> RelatedLine<'a> {
    let a = &corpus.articles[index];
    RelatedLine {
        file: a.file_name(),
        id: a.id.to_hex(),
        title: &a.title,
        related: related
            .iter()
            .map(|r| {
                let other = &corpus.articles[r.article];
                RelatedItem {
                    file: other.file_name(),
                    id: other.id.to_hex(),
                    title: &other.title,
                    score: (r.score * 1000.0).round() / 1000.0,
                    shared: r
                        .shared
                        .iter()
                        .map(|&e| analysis.entity(e).name.as_str())
                        .collect(),
                    terms: &r.terms,
                    days_apart: r.days_apart,
                    why: r.explain(analysis),
                }
            })
            .collect(),
    }
}

/// A heading naming the article, then one numbered entry per related article with its
/// explanation underneath.
fn render_text(corpus: &Corpus, analysis: &Analysis, index: usize, related: &[Related]) -> String {
    let a = &corpus.articles[index];
    let mut s = format!("Related to {}  {}  {}\n", a.id, date_of(a), a.title);
    if related.is_empty() {
        s.push_str("  (no related articles in this collection)\n");
    }
    for (rank, r) in related.iter().enumerate() {
        let other = &corpus.articles[r.article];
        s.push_str(&format!(
            "{:>3}. {:.3}  {}  {}  {}\n       {}\n",
            rank + 1,
            r.score,
            date_of(other),
            other.id,
            other.title,
            r.explain(analysis)
        ));
    }
    s.trim_end().to_string()
}

fn date_of(a: &Article) -> String {
    a.date
        .map_or_else(|| "----------".to_string(), |d| d.to_string())
}
