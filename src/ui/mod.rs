//! Drawing. `render` reads the `App` and draws into a frame; it changes nothing and does no I/O.
//! One file per pane or overlay; every string passes through [`text::clean`] (the sanitiser)
//! on its way to a widget.

pub mod article_pane;
pub mod help_overlay;
pub mod lines;
pub mod list_pane;
pub mod progress;
pub mod sidebar_pane;
pub mod status_line;
pub mod symbols;
pub mod tab_bar;
pub mod text;
pub mod theme;
pub mod too_small;

use crate::app::layout::{self, Mode};
use crate::app::panes::PANE_COUNT;
use crate::app::{App, Focus, Overlay};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Block;
use symbols::Symbols;
use theme::Theme;

/// How a session looks: colours and the character set, chosen per terminal (an SSH client's
/// `TERM` may differ from the server's).
#[derive(Clone, Debug, PartialEq)]
pub struct Look {
    pub theme: Theme,
    pub symbols: Symbols,
}

/// Draws one pane into its rectangle.
type RenderPane = fn(&App, &Look, &mut Frame, Rect);

/// Each pane's renderer, in the order of [`crate::app::panes::PANES`].
const PANE_RENDERERS: [RenderPane; PANE_COUNT] = [
    list_pane::render,
    article_pane::render,
    sidebar_pane::render,
];

pub fn render(app: &App, look: &Look, frame: &mut Frame) {
    // The state is laid out for the last size it heard of, the frame has the terminal's size at
    // drawing time, and a resize can fall between the two. Panes always come from the frame, so
    // nothing is written outside it; content prepared for the other size is cut at the edges
    // until the state catches up.
    let area = frame.area();
    let panes = if area == app.area {
        app.panes
    } else {
        layout::panes(area)
    };
    match panes.mode {
        Mode::TooSmall => return too_small::render(look, frame),
        Mode::Wide => {
            for focus in Focus::all() {
                PANE_RENDERERS[focus.index()](app, look, frame, panes.rect(focus));
            }
        }
        Mode::Narrow => {
            tab_bar::render(app, look, frame, panes.tabs);
            let focus = app.focus;
            PANE_RENDERERS[focus.index()](app, look, frame, panes.rect(focus));
        }
    }
    status_line::render(app, look, frame, panes.status);
    if let Some(Overlay::Help { scroll }) = app.overlay {
        help_overlay::render(app, look, frame, scroll);
    }
}

/// The frame every pane shares; the focused one stands out.
pub fn pane_block(look: &Look, focused: bool) -> Block<'static> {
    Block::bordered()
        .border_set(look.symbols.border)
        .border_style(if focused {
            look.theme.border_focus
        } else {
            look.theme.border
        })
}
