//! `?`: every command with the keys bound to it, read from the live keymap — the help cannot
//! disagree with the bindings, including the ones a config file changed.

use super::Look;
use super::text::fit;
use crate::app::{App, Command};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

pub fn render(app: &App, look: &Look, frame: &mut Frame, scroll: usize) {
    let (theme, sym) = (&look.theme, &look.symbols);
    let rows: Vec<(String, &str)> = Command::ALL
        .iter()
        .map(|&c| {
            let keys: Vec<String> = app.keymap.keys_for(c).map(|k| k.to_string()).collect();
            (keys.join(" "), c.describe())
        })
        .collect();
    let key_w = rows.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    let desc_w = rows.iter().map(|(_, d)| d.width()).max().unwrap_or(0);
    let screen = frame.area();
    let width = (key_w + desc_w + 6).min(usize::from(screen.width)) as u16;
    let height = (rows.len() + 2).min(usize::from(screen.height)) as u16;
    let area = Rect::new(
        screen.x + (screen.width - width) / 2,
        screen.y + (screen.height - height) / 2,
        width,
        height,
    );
    let block = Block::bordered()
        .border_set(sym.border)
        .border_style(theme.border_focus)
        .title(Line::styled(" Keys ", theme.pane_title))
        .title_bottom(Line::from(" j/k scroll · other keys close ").right_aligned());
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let visible = usize::from(inner.height);
    let scroll = scroll.min(rows.len().saturating_sub(visible));
    let inner_w = usize::from(inner.width);
    let lines: Vec<Line> = rows
        .iter()
        .skip(scroll)
        .take(visible)
        .map(|(keys, desc)| {
            let keys = fit(keys, key_w.min(inner_w), sym);
            let pad = key_w.saturating_sub(keys.width());
            Line::from(vec![
                Span::styled(format!(" {keys}{}", " ".repeat(pad)), theme.status_key),
                Span::raw(format!(
                    "  {}",
                    fit(desc, inner_w.saturating_sub(key_w + 3), sym)
                )),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
