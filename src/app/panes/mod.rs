//! The reader's panes as data. Each pane is a [`Pane`] in its own file — its title, its size and
//! how the keys that move, open and mark act in it — and [`PANES`] lists them in focus order.
//! Tab and the arrows between panes, paging, Enter, the tab bar and the status line's hints all
//! go through this list, so a new pane is a new file here plus one line in [`PANES`] (and one in
//! the ui's list of renderers).

mod article;
mod list;
mod sidebar;

use super::{App, Command, Effect};

/// What the reader needs to know of one pane.
pub struct Pane {
    /// Its name in its border and in the tab bar.
    pub title: &'static str,
    /// How many rows of it are on screen.
    pub rows: fn(&App) -> usize,
    /// Moves its cursor (or its scroll) by `delta` rows.
    pub move_by: fn(&mut App, isize),
    /// Moves to its first row (`false`) or its last (`true`).
    pub move_to_end: fn(&mut App, bool),
    /// Enter in it.
    pub open: fn(&mut App, &mut Vec<Effect>),
    /// The article that marking and copying act on from it.
    pub target: fn(&App) -> Option<usize>,
    /// The keys worth a hint in the status line while it has the focus, most useful first.
    pub hints: &'static [(Command, &'static str)],
}

/// How many panes there are: the ui's renderers are listed in an array of this length, so a
/// pane without one does not build.
pub const PANE_COUNT: usize = 3;

/// Every pane, in focus order (Tab moves right through it, the tab bar shows it).
pub static PANES: [&Pane; PANE_COUNT] = [&list::PANE, &article::PANE, &sidebar::PANE];

/// The pane that has the keyboard: an index into [`PANES`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct Focus(u8);

impl Focus {
    pub const LIST: Focus = Focus(0);
    pub const ARTICLE: Focus = Focus(1);
    pub const SIDEBAR: Focus = Focus(2);

    /// Every pane's focus, in order.
    pub fn all() -> impl Iterator<Item = Focus> {
        (0..PANES.len() as u8).map(Focus)
    }

    pub fn pane(self) -> &'static Pane {
        PANES[usize::from(self.0) % PANES.len()]
    }

    pub fn title(self) -> &'static str {
        self.pane().title
    }

    /// Its place in [`PANES`], from 0.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// The pane `delta` places on, wrapping around at the ends (Tab, Shift-Tab).
    pub fn cycle(self, delta: isize) -> Focus {
        let n = PANES.len() as isize;
        Focus((self.0 as isize + delta).rem_euclid(n) as u8)
    }

    /// The pane `delta` places on, stopping at the ends (the arrows, h and l).
    pub fn step(self, delta: isize) -> Focus {
        let last = PANES.len() as isize - 1;
        Focus((self.0 as isize + delta).clamp(0, last) as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_named_foci_are_the_panes_they_name() {
        assert_eq!(Focus::LIST.title(), "Articles");
        assert_eq!(Focus::ARTICLE.title(), "Article");
        assert_eq!(Focus::SIDEBAR.title(), "Details");
        assert_eq!(Focus::all().count(), PANES.len());
    }

    #[test]
    fn focus_cycles_and_steps_through_the_list() {
        assert_eq!(Focus::SIDEBAR.cycle(1), Focus::LIST);
        assert_eq!(Focus::LIST.cycle(-1), Focus::SIDEBAR);
        assert_eq!(Focus::SIDEBAR.step(1), Focus::SIDEBAR);
        assert_eq!(Focus::LIST.step(-1), Focus::LIST);
        assert_eq!(Focus::LIST.step(1), Focus::ARTICLE);
    }
}
