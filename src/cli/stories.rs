//! `dateline stories`: the collection grouped into story threads.

use super::output::Out;
use super::{CmdResult, StoriesArgs};
use crate::analysis::{AnalysisBuilder, Story, analyse_articles, recognise};
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

/// Articles analysed per chunk: enough to keep both cores busy, few enough that one chunk's term
/// counts are small.
const ANALYSIS_CHUNK: usize = 4096;

pub fn run(args: &StoriesArgs) -> CmdResult {
    let started = Instant::now();
    let corpus = args.collection.load_noting_problems();
    let loaded = Instant::now();
    let cpu_loaded = process_cpu_seconds();
    // In chunks, each interned as soon as it is analysed: the term counts of the whole
    // collection are never held at once (the first phase's peak memory).
    let mut builder = AnalysisBuilder::with_capacity(corpus.articles.len());
    let mut adding = std::time::Duration::ZERO;
    for chunk in corpus.articles.chunks(ANALYSIS_CHUNK) {
        let part = analyse_articles(chunk, recognise);
        let start = Instant::now();
        builder.add(part);
        adding += start.elapsed();
    }
    let recognised = Instant::now();
    let cpu_recognised = process_cpu_seconds();
    let mut steps: Vec<String> = Vec::new();
    let mut last = (recognised, cpu_recognised);
    let analysis = builder.finish(&corpus, &mut |step| {
        let now = (Instant::now(), process_cpu_seconds());
        steps.push(format!(
            "{step} {:.2}s{}",
            (now.0 - last.0).as_secs_f64(),
            cpu_between(last.1, now.1)
        ));
        last = now;
    });
    let built = Instant::now();
    if args.timings {
        // On stderr, so that stdout stays data.
        let _ = writeln!(
            std::io::stderr(),
            "dateline: {} articles · load {:.2}s · entities and terms {:.2}s{} (of which interning {:.2}s) · collection phase {:.2}s{} ({})",
            corpus.articles.len(),
            (loaded - started).as_secs_f64(),
            (recognised - loaded).as_secs_f64(),
            cpu_between(cpu_loaded, cpu_recognised),
            adding.as_secs_f64(),
            (built - recognised).as_secs_f64(),
            cpu_between(cpu_recognised, process_cpu_seconds()),
            steps.join(", "),
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

/// ` (cpu 3.2s)`, or nothing when CPU time is unknown.
fn cpu_between(from: Option<f64>, to: Option<f64>) -> String {
    match (from, to) {
        (Some(a), Some(b)) => format!(" (cpu {:.2}s)", b - a),
        _ => String::new(),
    }
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
