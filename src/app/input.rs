//! Terminal events to actions. Pure, so the same translation serves the local terminal and SSH
//! input, and is tested without either.

use super::keymap::Key;
use super::{Action, App, Command};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// The action an event stands for, or `None` for events that change nothing (which then cost
/// no redraw).
pub fn translate(app: &App, event: &Event) -> Option<Action> {
    match event {
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        Event::Key(key) if key.kind != KeyEventKind::Release => translate_key(app, key),
        _ => None,
    }
}

fn translate_key(app: &App, key: &KeyEvent) -> Option<Action> {
    if app.search.editing {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => return Some(Action::SearchCancel),
            // Ctrl-C quits from everywhere, also from the prompt: it is the way out a user
            // tries when nothing else works.
            KeyCode::Char('c') if ctrl => return Some(Action::Command(Command::Quit)),
            KeyCode::Enter => return Some(Action::SearchAccept),
            KeyCode::Backspace => return Some(Action::SearchDelete),
            KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
                return Some(Action::SearchInput(c));
            }
            // Arrows and the like still move the list while typing.
            _ => {}
        }
    }
    let command = app.keymap.command_for(&Key::from_event(key));
    if app.overlay.is_some() {
        // In the help, any key that does not scroll it closes it.
        return match command {
            Some(Command::Help | Command::Clear) | None => Some(Action::CloseOverlay),
            Some(c) => Some(Action::Command(c)),
        };
    }
    command.map(Action::Command)
}
