//! `dateline stories`: the collection grouped into story threads.

use super::output::Out;
use super::{CmdResult, StoriesArgs};
use crate::analysis::{Analysis, Story, analyse_articles, recognise};
use crate::corpus::Corpus;
use serde::Serialize;
use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

/// One story: the `--json` line (the contract of the evaluation scorer).
#[derive(Serialize)]
struct StoryLine<'a> {
    id: usize,
    label: &'a str,
    start: Option<String>,
    end: Option<String>,
    files: Vec<&'a str>,
    ids: Vec<String>,
}

pub fn run(args: &StoriesArgs) -> CmdResult {
    let started = Instant::now();
    let corpus = args.collection.load_noting_problems();
    let loaded = Instant::now();
    let per_article = analyse_articles(&corpus.articles, recognise);
    let recognised = Instant::now();
    let analysis = Analysis::from_articles(&corpus, per_article);
    let built = Instant::now();
    if args.timings {
        // On stderr, so that stdout stays data.
        let _ = writeln!(
            std::io::stderr(),
            "dateline: {} articles · load {:.2}s · entities and terms {:.2}s · indexes, related and stories {:.2}s",
            corpus.articles.len(),
            (loaded - started).as_secs_f64(),
            (recognised - loaded).as_secs_f64(),
            (built - recognised).as_secs_f64(),
        );
    }
    let mut out = Out::new();
    for (id, story) in analysis.stories().iter().enumerate() {
        if args.json {
            out.json(&line(&corpus, id, story))?;
        } else {
            out.text(&render_text(&corpus, id, story))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn line<'a>(corpus: &'a Corpus, id: usize, story: &'a Story) -> StoryLine<'a> {
    StoryLine {
        id,
        label: &story.label,
        start: story.start.map(|d| d.to_string()),
        end: story.end.map(|d| d.to_string()),
        files: story
            .articles
            .iter()
            .map(|&a| corpus.articles[a].file_name())
            .collect(),
        ids: story
            .articles
            .iter()
            .map(|&a| corpus.articles[a].id.to_hex())
            .collect(),
    }
}

/// `Story 3 · 2020-10-31 – 2020-11-01 · 2 articles · Nagorno-Karabakh · Armenia`, then the articles.
fn render_text(corpus: &Corpus, id: usize, story: &Story) -> String {
    let span = match (story.start, story.end) {
        (Some(s), Some(e)) if s == e => s.to_string(),
        (Some(s), Some(e)) => format!("{s} – {e}"),
        _ => "undated".to_string(),
    };
    let count = crate::corpus::report::plural(story.articles.len(), "article");
    let mut s = format!("Story {} · {span} · {count} · {}\n", id + 1, story.label);
    for &a in &story.articles {
        let article = &corpus.articles[a];
        let date = article
            .date
            .map_or_else(|| "----------".to_string(), |d| d.to_string());
        s.push_str(&format!("    {date}  {}  {}\n", article.id, article.title));
    }
    s
}
