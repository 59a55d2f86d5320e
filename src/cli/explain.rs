//! `dateline entities --explain NAME`: why an entity has its kind (the evidence its articles
//! show, pooled over the collection) and which forms were joined into it.

use super::CmdResult;
use super::collection::Analysed;
use super::output::Out;
use crate::analysis::entity_explain::{Explanation, Form};
use crate::corpus::report::plural;
use crate::entity::{EntityKind, Evidence};
use serde::Serialize;
use std::process::ExitCode;

/// Articles listed per entity: enough to see the evidence, not a dump of a large collection.
const ARTICLES_SHOWN: usize = 20;

pub fn run(opened: &Analysed, name: &str, json: bool) -> CmdResult {
    let found = opened
        .analysis
        .explain_entity(name)
        .map_err(|e| super::Failure::new(1, e.to_string()))?;
    if found.is_empty() {
        return Err(super::Failure::new(
            1,
            format!("no entity called {name:?} in this collection"),
        ));
    }
    let mut out = Out::new();
    for e in &found {
        if json {
            out.json(&ExplanationLine::of(e, opened))?;
        } else {
            out.text(&text(e, opened))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The evidence in words: "named, decided".
fn evidence_words(e: Evidence) -> &'static str {
    match (e.has(Evidence::NAMED), e.has(Evidence::DECIDED)) {
        (true, true) => "named, decided",
        (true, false) => "named",
        (false, true) => "decided",
        (false, false) => "guessed",
    }
}

/// Why the collection settled on the entity's kind.
fn kind_reason(e: &Explanation) -> String {
    let (articles, named, decided) = e.pooled();
    let read_as_person = e.forms.iter().any(|f| f.read_as == EntityKind::Person);
    let share = format!(
        "{named} of {} write it as a person's name is written",
        plural(articles as usize, "article")
    );
    match e.kind {
        EntityKind::Person => format!("a person: {share} (one in ten is needed of a single word)"),
        _ if read_as_person => format!(
            "{}: read as a person in its articles, but {share} (one in ten is needed)",
            e.kind
        ),
        kind => format!(
            "{kind}: decided by a rule or the gazetteer in {decided} of {}",
            plural(articles as usize, "article")
        ),
    }
}

fn text(e: &Explanation, opened: &Analysed) -> String {
    let mut s = format!("{}  [{}]  {}\n", e.name, e.kind, e.key);
    s.push_str(&format!("  kind: {}\n", kind_reason(e)));
    s.push_str("  forms:\n");
    for f in &e.forms {
        s.push_str(&format!("    {}\n", form_line(f)));
    }
    let total = e.articles.len();
    let shown = total.min(ARTICLES_SHOWN);
    s.push_str(&format!("  articles ({shown} of {total}):\n"));
    for &(article, form, evidence) in e.articles.iter().take(shown) {
        let Some(a) = opened.corpus().articles.get(article as usize) else {
            continue;
        };
        let used = e
            .forms
            .get(form)
            .map_or("", |f| f.names.first().map_or("", |n| &n.0));
        s.push_str(&format!(
            "    {}  {:<24}  {:<14}  {}\n",
            a.id.to_hex(),
            used,
            evidence_words(evidence),
            a.title
        ));
    }
    s
}

/// "Trump  read as person  891 articles: 12 named, 40 decided; joined: a surname: …".
fn form_line(f: &Form) -> String {
    let names: Vec<&str> = f.names.iter().map(|(n, _)| n.as_str()).collect();
    let mut line = format!(
        "{}  read as {}  {}: {} named, {} decided",
        names.join(" / "),
        f.read_as,
        plural(f.articles as usize, "article"),
        f.named,
        f.decided
    );
    match f.joined {
        Some(why) => line.push_str(&format!("; joined: {}", why.reason())),
        None => line.push_str("; its own key"),
    }
    line
}

/// One explained entity: the `--json` line.
#[derive(Serialize)]
struct ExplanationLine<'a> {
    name: &'a str,
    kind: EntityKind,
    key: &'a str,
    reason: String,
    forms: Vec<FormLine<'a>>,
    /// (article id, form index, evidence) of every article naming it.
    articles: Vec<(String, usize, &'static str)>,
}

#[derive(Serialize)]
struct FormLine<'a> {
    key: &'a str,
    read_as: EntityKind,
    names: &'a [(String, u32)],
    articles: u32,
    named: u32,
    decided: u32,
    joined: Option<&'static str>,
}

impl<'a> ExplanationLine<'a> {
    fn of(e: &'a Explanation, opened: &Analysed) -> ExplanationLine<'a> {
        let articles = &opened.corpus().articles;
        ExplanationLine {
            name: &e.name,
            kind: e.kind,
            key: &e.key,
            reason: kind_reason(e),
            forms: e
                .forms
                .iter()
                .map(|f| FormLine {
                    key: &f.key,
                    read_as: f.read_as,
                    names: &f.names,
                    articles: f.articles,
                    named: f.named,
                    decided: f.decided,
                    joined: f.joined.map(|j| j.reason()),
                })
                .collect(),
            articles: e
                .articles
                .iter()
                .filter_map(|&(a, form, ev)| {
                    Some((
                        articles.get(a as usize)?.id.to_hex(),
                        form,
                        evidence_words(ev),
                    ))
                })
                .collect(),
        }
    }
}
