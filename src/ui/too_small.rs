//! What a terminal too small for the reader shows instead of a broken layout.

use super::Look;
use super::text::fit;
use crate::app::layout::{MIN_COLS, MIN_ROWS};
use ratatui::Frame;
use ratatui::widgets::{Paragraph, Wrap};

pub fn render(look: &Look, frame: &mut Frame) {
    let area = frame.area();
    let msg = format!("terminal too small (need {MIN_COLS}x{MIN_ROWS})");
    let text = if area.height > 1 {
        msg
    } else {
        fit(&msg, usize::from(area.width), &look.symbols)
    };
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}
