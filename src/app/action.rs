//! What can happen to the reader (`Action`), the subset a key can be bound to (`Command`), and what
//! the reader asks its driver to do in the world (`Effect`).

use crate::collection::Snapshot;
use crate::corpus::ArticleId;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Everything a key can be bound to. The config file names them in snake_case (`page_down`), and
/// the help overlay lists them with [`Command::describe`], so the bindings, the config and the help
/// share one vocabulary.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    Up,
    Down,
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    Top,
    Bottom,
    Open,
    Clear,
    Back,
    Forward,
    FocusNext,
    FocusPrev,
    FocusLeft,
    FocusRight,
    FocusList,
    FocusArticle,
    FocusDetails,
    FocusEntities,
    FocusRelated,
    ToggleSort,
    Search,
    NextMatch,
    PrevMatch,
    NextInStory,
    PrevInStory,
    ToggleRead,
    ToggleStar,
    MarksFilter,
    Copy,
    Help,
    Quit,
}

impl Command {
    /// Every command, in the order the help overlay lists them.
    pub const ALL: [Command; 33] = [
        Command::Down,
        Command::Up,
        Command::PageDown,
        Command::PageUp,
        Command::HalfPageDown,
        Command::HalfPageUp,
        Command::Top,
        Command::Bottom,
        Command::Open,
        Command::Clear,
        Command::Back,
        Command::Forward,
        Command::FocusNext,
        Command::FocusPrev,
        Command::FocusLeft,
        Command::FocusRight,
        Command::FocusList,
        Command::FocusArticle,
        Command::FocusDetails,
        Command::FocusEntities,
        Command::FocusRelated,
        Command::Search,
        Command::NextMatch,
        Command::PrevMatch,
        Command::NextInStory,
        Command::PrevInStory,
        Command::ToggleSort,
        Command::ToggleRead,
        Command::ToggleStar,
        Command::MarksFilter,
        Command::Copy,
        Command::Help,
        Command::Quit,
    ];

    /// The config-file name (`half_page_down`).
    pub fn name(self) -> &'static str {
        match self {
            Command::Up => "up",
            Command::Down => "down",
            Command::PageDown => "page_down",
            Command::PageUp => "page_up",
            Command::HalfPageDown => "half_page_down",
            Command::HalfPageUp => "half_page_up",
            Command::Top => "top",
            Command::Bottom => "bottom",
            Command::Open => "open",
            Command::Clear => "clear",
            Command::Back => "back",
            Command::Forward => "forward",
            Command::FocusNext => "focus_next",
            Command::FocusPrev => "focus_prev",
            Command::FocusLeft => "focus_left",
            Command::FocusRight => "focus_right",
            Command::FocusList => "focus_list",
            Command::FocusArticle => "focus_article",
            Command::FocusDetails => "focus_details",
            Command::FocusEntities => "focus_entities",
            Command::FocusRelated => "focus_related",
            Command::ToggleSort => "toggle_sort",
            Command::Search => "search",
            Command::NextMatch => "next_match",
            Command::PrevMatch => "prev_match",
            Command::NextInStory => "next_in_story",
            Command::PrevInStory => "prev_in_story",
            Command::ToggleRead => "toggle_read",
            Command::ToggleStar => "toggle_star",
            Command::MarksFilter => "marks_filter",
            Command::Copy => "copy",
            Command::Help => "help",
            Command::Quit => "quit",
        }
    }

    pub fn from_name(name: &str) -> Option<Command> {
        Command::ALL.into_iter().find(|c| c.name() == name)
    }

    /// One line for the help overlay.
    pub fn describe(self) -> &'static str {
        match self {
            Command::Up => "move up / scroll up",
            Command::Down => "move down / scroll down",
            Command::PageDown => "page down",
            Command::PageUp => "page up",
            Command::HalfPageDown => "half a page down",
            Command::HalfPageUp => "half a page up",
            Command::Top => "go to the top",
            Command::Bottom => "go to the bottom",
            Command::Open => "open article / filter by entity / follow link",
            Command::Clear => "clear search, then the entity filter",
            Command::Back => "back in history",
            Command::Forward => "forward in history",
            Command::FocusNext => "next pane",
            Command::FocusPrev => "previous pane",
            Command::FocusLeft => "pane to the left",
            Command::FocusRight => "pane to the right",
            Command::FocusList => "the article list",
            Command::FocusArticle => "the article",
            Command::FocusDetails => "the details pane",
            Command::FocusEntities => "entities of this article",
            Command::FocusRelated => "related stories",
            Command::ToggleSort => "newest / oldest first",
            Command::Search => "search titles and text",
            Command::NextMatch => "next match or mention in the text",
            Command::PrevMatch => "previous match or mention",
            Command::NextInStory => "next article in this story",
            Command::PrevInStory => "previous article in this story",
            Command::ToggleRead => "mark read / unread",
            Command::ToggleStar => "star / unstar",
            Command::MarksFilter => "show all / unread only / starred only",
            Command::Copy => "copy title or entity (OSC 52)",
            Command::Help => "this help",
            Command::Quit => "quit",
        }
    }
}

/// One transition of the reader's state.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Action {
    Command(Command),
    /// The terminal has this many columns and rows.
    Resize(u16, u16),
    /// Typing into the search prompt.
    SearchInput(char),
    SearchDelete,
    SearchAccept,
    SearchCancel,
    /// The driver read the open article's text and entities (asked by
    /// [`super::App::wants_reads`]): they are in memory now, or the problems say why not.
    ArticleRead {
        article: usize,
        text_problem: Option<String>,
        entities_problem: Option<String>,
    },
    /// Leaves the help overlay.
    CloseOverlay,
    /// Something the driver wants the reader to know (a mark that could not be saved).
    Notice(String),
    /// The collection's opening moved on: more articles, progress, the analysis (or its failure).
    Opening(SharedSnapshot),
}

/// A snapshot of the opening as an action carries it: equal when it is the same version of the
/// same collection.
#[derive(Clone, Debug)]
pub struct SharedSnapshot(pub Snapshot);

impl PartialEq for SharedSnapshot {
    fn eq(&self, other: &Self) -> bool {
        self.0.version == other.0.version && Arc::ptr_eq(&self.0.collection, &other.0.collection)
    }
}

impl Eq for SharedSnapshot {}

impl From<Command> for Action {
    fn from(c: Command) -> Self {
        Action::Command(c)
    }
}

/// Something `update` wants done outside the state: persisted by the store, written to the
/// terminal, or ending the loop. `update` stays pure by returning these instead of doing them.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Effect {
    MarkRead(ArticleId, bool),
    MarkStarred(ArticleId, bool),
    /// The article open when the reader leaves, and its scroll, for reopening there.
    SavePosition {
        article: ArticleId,
        scroll: u32,
    },
    /// Text for the terminal's clipboard (OSC 52, which also works over SSH).
    Copy(String),
    Quit,
}
