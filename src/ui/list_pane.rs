//! The article list: one row per article (cursor, unread/star mark, date, title). Draws only the
//! rows on screen, so its cost does not depend on the size of the collection.

use super::progress::thousands;
use super::text::{clean, fit};
use super::{Look, pane_block};
use crate::app::list::SortOrder;
use crate::app::{App, Focus};
use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(app: &App, look: &Look, frame: &mut Frame, area: Rect) {
    let theme = &look.theme;
    let list = &app.list;
    let focused = app.focus == Focus::LIST;
    let block = pane_block(look, focused).title(Line::from(title(app, look)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if list.visible().is_empty() {
        let msg = fit(
            &empty_message(app, look),
            usize::from(inner.width),
            &look.symbols,
        );
        frame.render_widget(Paragraph::new(msg).style(theme.meta), inner);
        return;
    }
    let width = usize::from(inner.width);
    let lines: Vec<Line> = list.visible()[list.offset()..]
        .iter()
        .take(usize::from(inner.height))
        .enumerate()
        .map(|(i, &idx)| {
            let line = row(app, look, idx as usize, width);
            if list.offset() + i != list.cursor() {
                return line;
            }
            let cursor = Span::raw(look.symbols.cursor);
            let mut line = line;
            line.spans[0] = cursor;
            line.style(if focused {
                theme.cursor_focus
            } else {
                theme.cursor_idle
            })
        })
        .collect();
    super::lines::draw(frame, inner, lines);
}

/// The border's title: how many articles are shown of how many, and what narrows them.
fn title(app: &App, look: &Look) -> Vec<Span<'static>> {
    let (theme, sym) = (&look.theme, &look.symbols);
    let list = &app.list;
    let shown = list.visible().len();
    let mut title = vec![Span::styled(" Articles ", theme.pane_title)];
    if shown == list.total() {
        title.push(Span::raw(format!("{} ", thousands(shown))));
    } else {
        title.push(Span::raw(format!(
            "{} of {} ",
            thousands(shown),
            thousands(list.total())
        )));
    }
    if list.sort == SortOrder::OldestFirst {
        title.push(Span::styled("oldest first ", theme.meta));
    }
    if let Some(f) = &app.entity_filter {
        // The chip: which entity filters the list, in its kind's colour.
        title.push(Span::styled(
            format!("{} {}", sym.chip, clean(&f.name, sym)),
            theme.entity(f.kind).add_modifier(Modifier::BOLD),
        ));
        title.push(Span::raw(" "));
    }
    if app.search.is_active() {
        title.push(Span::styled(
            format!("/{} ", clean(&app.search.query, sym)),
            theme.chip,
        ));
    }
    if let Some(label) = app.marks_filter.label() {
        title.push(Span::styled(format!("{label} "), theme.chip));
    }
    title
}

/// What an empty list says instead of rows: why it is empty, and the way out.
fn empty_message(app: &App, look: &Look) -> String {
    if app.list.total() == 0 && app.is_loading() {
        // The first articles are on their way; "no articles" would be wrong for now.
        format!("Loading{}", look.symbols.ellipsis)
    } else if app.marks_filter.label().is_some() {
        "Nothing here. u shows all articles.".into()
    } else if app.search.is_active() && app.entity_filter.is_some() {
        "No article matches both. Esc clears the search.".into()
    } else if app.search.is_active() {
        "No article matches. Esc clears the search.".into()
    } else {
        "No articles.".into()
    }
}

/// One article's row, `width` columns wide: a blank for the cursor, the unread or starred mark,
/// the date and the title (bold while unread).
fn row(app: &App, look: &Look, idx: usize, width: usize) -> Line<'static> {
    let (theme, sym) = (&look.theme, &look.symbols);
    let a = &app.corpus().articles[idx];
    let mark = if app.is_starred(idx) {
        Span::styled(sym.star, theme.star)
    } else if !app.is_read(idx) {
        Span::styled(sym.unread, theme.unread)
    } else {
        Span::raw(" ")
    };
    let date = list_date(a.date, app.collection.latest_year);
    // cursor + mark + space + date + two spaces
    let used = 1 + 1 + 1 + 6 + 2;
    let title = fit(&a.title, width.saturating_sub(used), sym);
    Line::from(vec![
        Span::raw(" "),
        mark,
        Span::raw(" "),
        Span::styled(date, theme.date),
        Span::raw("  "),
        if app.is_read(idx) {
            Span::raw(title)
        } else {
            Span::styled(title, theme.heading)
        },
    ])
}

/// Six columns: `Oct 31` in the collection's latest year, `Oct'19` in others.
fn list_date(date: Option<NaiveDate>, latest_year: Option<i32>) -> String {
    match date {
        Some(d) if Some(d.year()) == latest_year => d.format("%b %d").to_string(),
        Some(d) => d.format("%b'%y").to_string(),
        None => "  ?   ".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::list_date;
    use chrono::NaiveDate;

    #[test]
    fn dates_are_six_columns() {
        let d = NaiveDate::from_ymd_opt(2019, 3, 5);
        assert_eq!(list_date(d, Some(2019)), "Mar 05");
        assert_eq!(list_date(d, Some(2020)), "Mar'19");
        assert_eq!(list_date(None, Some(2020)).len(), 6);
    }
}
