//! Narrow terminals show one pane at a time; this bar names them all and marks the one shown.

use super::Look;
use super::text::fit;
use crate::app::{App, Focus};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(app: &App, look: &Look, frame: &mut Frame, area: Rect) {
    let theme = &look.theme;
    let mut spans = Vec::new();
    for (i, focus) in Focus::all().enumerate() {
        let style = if focus == app.focus {
            theme.tab_active
        } else {
            theme.tab_idle
        };
        spans.push(Span::styled(
            format!(" {} {} ", i + 1, focus.title()),
            style,
        ));
        spans.push(Span::raw(" "));
    }
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let room = usize::from(area.width).saturating_sub(used);
    if let Some(a) = app.reader.article
        && room > 8
    {
        // What is open, for when the article tab is not the one showing.
        let title = &app.corpus().articles[a].title;
        spans.push(Span::styled(fit(title, room, &look.symbols), theme.meta));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
