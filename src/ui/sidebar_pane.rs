//! The sidebar: facts about the open article and the links out of it, from its scroll offset down.

use super::text::fit;
use super::{Look, pane_block};
use crate::app::sidebar::Row;
use crate::app::{App, Focus};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn render(app: &App, look: &Look, frame: &mut Frame, area: Rect) {
    let (theme, sym) = (&look.theme, &look.symbols);
    let focused = app.focus == Focus::Sidebar;
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
            let line = match row {
                Row::Heading(h) => Line::styled(fit(&format!(" {h}"), width, sym), theme.heading),
                Row::Info(t) => Line::styled(fit(&format!("  {t}"), width, sym), theme.meta),
                Row::Link { headline, target } => {
                    let style = if target.is_some() {
                        theme.link
                    } else {
                        theme.link_missing
                    };
                    let lead = if is_cursor { sym.cursor } else { " " };
                    Line::from(vec![
                        Span::raw(format!("{lead} ")),
                        Span::styled(fit(headline, width.saturating_sub(2), sym), style),
                    ])
                }
            };
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
