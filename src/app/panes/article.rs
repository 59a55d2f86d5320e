//! The open article as a pane: the keys scroll its text.

use super::Pane;
use crate::app::Command;

pub static PANE: Pane = Pane {
    title: "Article",
    rows: |app| app.reader.rows,
    move_by: |app, delta| app.reader.scroll_by(delta),
    move_to_end: |app, last| app.reader.scroll_to(if last { usize::MAX } else { 0 }),
    // Already reading it.
    open: |_, _| {},
    target: |app| app.reader.article,
    hints: &[(Command::PageDown, "page"), (Command::Search, "search")],
};
