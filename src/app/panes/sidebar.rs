//! The sidebar as a pane: the cursor moves through the rows that do something (entities, links),
//! Enter follows the one it is on.

use super::Pane;
use crate::app::update::open_sidebar_row;
use crate::app::{App, Command};

pub static PANE: Pane = Pane {
    title: "Details",
    rows: App::sidebar_rows,
    move_by,
    move_to_end,
    open: open_sidebar_row,
    target: |app| app.reader.article,
    hints: &[(Command::Open, "follow")],
};

fn move_by(app: &mut App, delta: isize) {
    let rows = app.sidebar_rows();
    let before = app.selected_entity();
    app.sidebar.move_by(delta, rows);
    app.sidebar.touched = true;
    if app.selected_entity() != before {
        // n/N start again from the top of the screen for the newly selected entity.
        app.reader.current_spot = None;
    }
}

fn move_to_end(app: &mut App, last: bool) {
    let rows = app.sidebar_rows();
    app.sidebar.move_to_end(last, rows);
    app.sidebar.touched = true;
}
