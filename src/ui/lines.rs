//! Writes prepared lines straight into the frame's buffer, one per row, cut at the area's right
//! edge. The panes already hold exactly the lines on screen, so `Paragraph`'s reflowing machinery
//! would only add cost to every frame.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

pub fn draw<'a>(frame: &mut Frame, area: Rect, lines: impl IntoIterator<Item = Line<'a>>) {
    let buf = frame.buffer_mut();
    // Writing outside the buffer panics; a caller's area is trusted no further than the buffer.
    let area = area.intersection(buf.area);
    for (y, line) in (area.y..area.bottom()).zip(lines) {
        // A line's own style (the cursor bar) spans the whole row, not only its text.
        if line.style != Style::default() {
            buf.set_style(Rect::new(area.x, y, area.width, 1), line.style);
        }
        buf.set_line(area.x, y, &line, area.width);
    }
}
