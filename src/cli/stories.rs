//! `dateline stories`: the collection grouped into story threads.

use super::output::Out;
use super::{CmdResult, StoriesArgs};
use crate::analysis::Story;
use crate::corpus::Corpus;
use serde::Serialize;
use std::io::Write;
use std::process::ExitCode;

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
    let opened = args.collection.open_analysed()?;
    if args.timings {
        // On stderr, so that stdout stays data.
        let _ = writeln!(std::io::stderr(), "{}", timings_line(&opened.stats));
    }
    let (corpus, analysis) = (opened.corpus(), &opened.analysis);
    let mut out = Out::new();
    for (id, story) in analysis.stories().iter().enumerate() {
        if args.json {
            out.json(&line(corpus, id, story))?;
        } else {
            out.text(&render_text(corpus, id, story))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `dateline: 100000 articles · 100000 files (0 parsed, 100000 from the cache) · 0 recognised ·
/// analysis from the cache · listed 0.05s · articles loaded 0.40s · … · cpu 0.9s`
fn timings_line(stats: &crate::collection::loader::Stats) -> String {
    let mut parts = vec![
        format!("{} articles", stats.articles),
        format!(
            "{} files ({} parsed, {} from the cache)",
            stats.files, stats.files_parsed, stats.files_reused
        ),
        format!("{} recognised", stats.articles_recognised),
    ];
    if stats.analysis_reused {
        parts.push("analysis from the cache".into());
    }
    parts.extend(
        stats
            .timings
            .iter()
            .map(|(what, at)| format!("{what} {:.2}s", at.as_secs_f64())),
    );
    if let Some(cpu) = process_cpu_seconds() {
        parts.push(format!("cpu {cpu:.1}s"));
    }
    format!("dateline: {}", parts.join(" · "))
}

/// CPU time used by this process so far (all threads), where the system tells: on a shared
/// machine it says more about cost than the wall clock does.
fn process_cpu_seconds() -> Option<f64> {
    // /proc/self/stat: after the command name in parentheses, utime and stime are the 12th and
    // 13th fields, in clock ticks (100 per second on Linux).
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
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
