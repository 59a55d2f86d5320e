//! The sidebar: facts about the open article and the links out of it, from its scroll offset down.

use super::text::fit;
use super::{Look, pane_block};
use crate::app::sidebar::{LinkKind, Row};
use crate::app::{App, Focus};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

pub fn render(app: &App, look: &Look, frame: &mut Frame, area: Rect) {
    let theme = &look.theme;
    let focused = app.focus == Focus::SIDEBAR;
    let block =
        pane_block(look, focused).title(Line::styled(" In this article ", theme.pane_title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let width = usize::from(inner.width);
    let sidebar = &app.sidebar;
    let lines: Vec<Line> = sidebar
        .rows
        .iter()
        .enumerate()
        .skip(sidebar.offset)
        .take(usize::from(inner.height))
        .map(|(i, row)| {
            let is_cursor = sidebar.cursor == Some(i);
            let line = row_line(app, look, row, is_cursor, width);
            if is_cursor {
                line.style(if focused {
                    theme.cursor_focus
                } else {
                    theme.cursor_idle
                })
            } else {
                line
            }
        })
        .collect();
    super::lines::draw(frame, inner, lines);
}

/// One row of the sidebar, `width` columns wide.
fn row_line(app: &App, look: &Look, row: &Row, is_cursor: bool, width: usize) -> Line<'static> {
    let (theme, sym) = (&look.theme, &look.symbols);
    let lead = if is_cursor { sym.cursor } else { " " };
    match row {
        Row::Heading(h) => Line::styled(fit(&format!(" {h}"), width, sym), theme.heading),
        Row::Info(t) => Line::styled(fit(&format!("  {t}"), width, sym), theme.meta),
        Row::Entity {
            kind,
            name,
            here,
            stories,
            id,
            ..
        } => {
            let mut style = theme.entity(*kind);
            if app.entity_filter.as_ref().is_some_and(|f| f.id == *id) {
                style = style.patch(theme.current);
            }
            let counts = format!(" {here} {} {stories} st.", sym.sep);
            named_line(look, &format!("{lead} "), name, style, &counts, width)
        }
        Row::Named { kind, name, here } => named_line(
            look,
            "  ",
            name,
            theme.entity(*kind),
            &format!(" {here}"),
            width,
        ),
        Row::More { kind, hidden } => {
            let what = kind.plural_title().to_lowercase();
            Line::styled(
                fit(&format!("{lead} +{hidden} more {what}"), width, sym),
                theme.meta,
            )
        }
        Row::Link {
            kind,
            headline,
            target,
        } => link_line(app, look, lead, *kind, headline, *target, width),
    }
}

/// A name in its kind's style with its counts at the right edge.
fn named_line(
    look: &Look,
    lead: &str,
    name: &str,
    style: ratatui::style::Style,
    counts: &str,
    width: usize,
) -> Line<'static> {
    let sym = &look.symbols;
    let name_w = width.saturating_sub(2 + counts.width());
    let name = fit(name, name_w, sym);
    let pad = name_w.saturating_sub(name.width());
    Line::from(vec![
        Span::raw(lead.to_string()),
        Span::styled(name, style),
        Span::raw(" ".repeat(pad)),
        Span::styled(fit(counts, width.saturating_sub(2), sym), look.theme.meta),
    ])
}

/// A link out of the article: its mark (the story's direction, a date, a link sign), then the
/// headline, dimmed when it leads nowhere in this collection.
fn link_line(
    app: &App,
    look: &Look,
    lead: &str,
    kind: LinkKind,
    headline: &str,
    target: Option<usize>,
    width: usize,
) -> Line<'static> {
    let (theme, sym) = (&look.theme, &look.symbols);
    let style = if target.is_some() {
        theme.link
    } else {
        theme.link_missing
    };
    let mark = match kind {
        LinkKind::StoryPrev => format!("{} ", sym.up),
        LinkKind::StoryNext => format!("{} ", sym.down),
        LinkKind::Related => target
            .and_then(|t| app.corpus().articles[t].date)
            .map_or_else(String::new, |d| d.format("%b %d ").to_string()),
        LinkKind::ReadMore => format!("{} ", sym.link),
    };
    let mark_w = mark.width();
    Line::from(vec![
        Span::raw(format!("{lead} ")),
        Span::styled(mark, theme.meta),
        Span::styled(fit(headline, width.saturating_sub(2 + mark_w), sym), style),
    ])
}
