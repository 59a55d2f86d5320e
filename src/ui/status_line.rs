//! The bottom line: where the reader is, the active search, load warnings, a one-off notice, and
//! the few keys that matter in the focused pane — taken from the live keymap.

use super::Look;
use super::progress::thousands;
use super::text::{clean, fit};
use crate::app::{App, Command, Focus};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub fn render(app: &App, look: &Look, frame: &mut Frame, area: Rect) {
    let (theme, sym) = (&look.theme, &look.symbols);
    let width = usize::from(area.width);
    let mut left: Vec<Span> = Vec::new();
    if app.search.editing {
        left.push(Span::styled(
            format!(" /{}{}", clean(&app.search.query, sym), sym.prompt_caret),
            theme.status_key,
        ));
        let found = count(app.list.visible().len(), "match", "matches");
        left.push(Span::raw(match &app.scan {
            // Still reading through the collection: what it has found so far.
            Some(scan) => format!("  {found} so far · {}% ", scan.percent()),
            None => format!("  {found} "),
        }));
    } else {
        let notice_width = app.notice.as_ref().map_or(0, |n| n.width() + 2);
        let room = width.saturating_sub(notice_width);
        let progress = super::progress::variants(&app.progress, sym);
        // The longest line that fits: the progress bar goes first, then the counts that matter
        // least, then the progress shrinks to a percentage.
        let mut tries: Vec<(bool, Option<&str>)> = Vec::new();
        for minor in [true, false] {
            if progress.is_empty() {
                tries.push((minor, None));
            }
            for (i, p) in progress.iter().enumerate() {
                if minor && i > 1 {
                    break;
                }
                tries.push((minor, Some(p.as_str())));
            }
        }
        let mut chosen = Vec::new();
        for (minor, p) in tries {
            chosen = position_spans(app, look, minor, p);
            if chosen.iter().map(|s| s.content.width()).sum::<usize>() <= room {
                break;
            }
        }
        left.extend(chosen);
    }
    if let Some(notice) = &app.notice {
        left.push(Span::styled(
            format!(" {} ", clean(notice, sym)),
            theme.notice,
        ));
    }
    let used: usize = left.iter().map(|s| s.content.width()).sum();
    let mut spans = left;
    let mut room = width.saturating_sub(used);
    for (key, label) in hints(app) {
        let need = 2 + key.width() + 1 + label.width();
        if need > room {
            break;
        }
        room -= need;
        spans.push(Span::raw("  "));
        spans.push(Span::styled(
            clean(&key, sym).into_owned(),
            theme.status_key,
        ));
        spans.push(Span::raw(format!(" {label}")));
    }
    // The whole line is cut to the width, so a long query or notice cannot spill.
    let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
    if text.width() > width {
        let cut = fit(&text, width, sym);
        frame.render_widget(Paragraph::new(cut).style(theme.status), area);
        return;
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(theme.status), area);
}

/// Where the reader is and what is going on; `minor` keeps the counts that can go when the line
/// is narrow; `progress` is one of the opening's progress variants.
fn position_spans(
    app: &App,
    look: &Look,
    minor: bool,
    progress: Option<&str>,
) -> Vec<Span<'static>> {
    let (theme, sym) = (&look.theme, &look.symbols);
    let mut left = Vec::new();
    let shown = app.list.visible().len();
    let nothing_yet = app.list.total() == 0 && app.is_loading();
    if !nothing_yet {
        left.push(Span::raw(if shown == 0 {
            " no articles".to_string()
        } else {
            format!(
                " {} of {}",
                thousands(app.list.cursor() + 1),
                thousands(shown)
            )
        }));
        if minor {
            if app.reader.article.is_some() {
                left.push(Span::raw(format!(" {} {}%", sym.sep, app.reader.percent())));
            }
            left.push(Span::raw(format!(
                " {} {} unread",
                sym.sep,
                thousands(app.unread())
            )));
        }
    }
    if let Some(f) = &app.entity_filter {
        left.push(Span::raw(format!(" {} ", sym.sep)));
        left.push(Span::styled(
            format!("{} {}", sym.chip, clean(&f.name, sym)),
            theme.status_key,
        ));
    }
    if app.search.is_active() {
        left.push(Span::raw(format!(" {} ", sym.sep)));
        left.push(Span::styled(
            format!("/{}", clean(&app.search.query, sym)),
            theme.status_key,
        ));
    }
    if let Some(p) = progress {
        // Articles still arriving, or entities, related stories and threads still being built.
        left.push(Span::raw(if nothing_yet {
            " ".to_string()
        } else {
            format!(" {} ", sym.sep)
        }));
        left.push(Span::styled(p.to_string(), theme.notice));
    }
    if let Some(problem) = &app.progress.problem {
        left.push(Span::raw(format!(" {} ", sym.sep)));
        left.push(Span::styled(
            format!("no analysis: {}", clean(problem, sym)),
            theme.notice,
        ));
    }
    let warnings = app.corpus().report.warnings.len() + app.corpus().report.skipped.len();
    if warnings > 0 && minor {
        left.push(Span::raw(format!(
            " {} {}",
            sym.sep,
            count(warnings, "load warning", "load warnings")
        )));
    }
    left.push(Span::raw(" "));
    left
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The keys worth showing now, most useful first, as bound in the live keymap.
fn hints(app: &App) -> Vec<(String, &'static str)> {
    if app.search.editing {
        // The prompt's own keys, which the keymap does not rebind.
        return vec![("Enter".into(), "done"), ("Esc".into(), "cancel")];
    }
    let mut h = match app.focus {
        // Nothing to open or search yet (the first articles are still on their way).
        _ if app.list.total() == 0 => Vec::new(),
        focus => focus.pane().hints.to_vec(),
    };
    if app.search.is_active() {
        h.push((Command::NextMatch, "next match"));
    } else if app.selected_entity().is_some() && app.focus != Focus::LIST {
        h.push((Command::NextMatch, "next mention"));
    }
    if app.search.is_active() || app.entity_filter.is_some() {
        h.push((Command::Clear, "clear"));
    }
    if app.focus == Focus::LIST && app.analysis.is_some() {
        h.push((Command::FocusEntities, "entities"));
        h.push((Command::FocusRelated, "related"));
    }
    if app.history.can_go_back() {
        h.push((Command::Back, "back"));
    }
    h.push((Command::FocusNext, "pane"));
    h.push((Command::Help, "help"));
    h.push((Command::Quit, "quit"));
    h.into_iter()
        .filter_map(|(c, label)| Some((app.keymap.hint(c)?.to_string(), label)))
        .collect()
}
