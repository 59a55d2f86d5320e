//! The article list as a pane: the cursor moves through the rows, Enter reads the article.

use super::{Focus, Pane};
use crate::app::update::{location, mark_read, preview_selected};
use crate::app::{App, Command, Effect};

pub static PANE: Pane = Pane {
    title: "Articles",
    rows: App::list_rows,
    move_by,
    move_to_end,
    open,
    target: |app| app.list.selected(),
    hints: &[(Command::Open, "open"), (Command::Search, "search")],
};

fn move_by(app: &mut App, delta: isize) {
    app.list.move_by(delta, app.list_rows());
    preview_selected(app);
}

fn move_to_end(app: &mut App, last: bool) {
    let rows = app.list_rows();
    app.list.move_to(if last { usize::MAX } else { 0 }, rows);
    preview_selected(app);
}

/// The selected article is already shown beside the list: Enter moves into it and marks it read.
fn open(app: &mut App, effects: &mut Vec<Effect>) {
    if let Some(a) = app.list.selected() {
        app.history.record(location(app));
        app.focus = Focus::ARTICLE;
        mark_read(app, a, effects);
    }
}
