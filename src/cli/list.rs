//! `dateline list`: the articles, newest first.

use super::output::{Out, output_width};
use super::{CmdResult, Failure, ListArgs};
use crate::corpus::Article;
use crate::corpus::text::cut_to_width;
use crate::state::Mark;
use serde::Serialize;
use std::io::IsTerminal;
use std::process::ExitCode;

#[derive(Serialize)]
struct ListRow<'a> {
    id: String,
    read: bool,
    starred: bool,
    date: Option<String>,
    title: &'a str,
    paragraphs: usize,
    source: &'a str,
}

pub fn run(args: &ListArgs) -> CmdResult {
    let corpus = args.collection.load_noting_problems();
    let store = args.collection.open_store();
    let marks = store.marks().map_err(|e| Failure::new(1, e.0))?;
    let mut out = Out::new();
    // Titles are cut to the terminal's width; a pipe gets them whole.
    let width = std::io::stdout().is_terminal().then(|| output_width(None));
    for i in corpus.newest_first() {
        let a = &corpus.articles[i];
        let mark = marks.get(&a.id).copied().unwrap_or_default();
        if (args.unread && mark.read) || (args.starred && !mark.starred) {
            continue;
        }
        if args.json {
            out.json(&ListRow {
                id: a.id.to_hex(),
                read: mark.read,
                starred: mark.starred,
                date: a.date.map(|d| d.to_string()),
                title: &a.title,
                paragraphs: a.paragraphs.len(),
                source: &a.source,
            })?;
        } else {
            out.line(&table_row(a, mark, width))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `●★ 9dc40b5c07ed  2020-10-31   14¶  Title…` (unread dot, star), the title cut to fit `width`
/// when there is one.
fn table_row(a: &Article, mark: Mark, width: Option<usize>) -> String {
    let date = a
        .date
        .map_or_else(|| "unknown   ".to_string(), |d| d.to_string());
    let unread = if mark.read { ' ' } else { '●' };
    let star = if mark.starred { '★' } else { ' ' };
    let head = format!(
        "{unread}{star} {}  {date}  {:>3}¶  ",
        a.id,
        a.paragraphs.len()
    );
    let title = match width {
        Some(w) => cut_to_width(&a.title, w.saturating_sub(head.chars().count()).max(20)),
        None => a.title.clone(),
    };
    format!("{head}{title}")
}
