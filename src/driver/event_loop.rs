//! The event loop shared by every driver: wait for an event, turn it into an action, update the
//! state, carry out the effects, and draw — only when something changed, inside a synchronized
//! update so the terminal shows whole frames.

use crate::app::{self, App, Effect, input};
use crate::ui::{self, Look};
use crossterm::event::Event;
use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend, TestBackend};
use std::io::{self, Write};

/// Where input comes from: the local terminal, or an SSH channel's bytes parsed into events.
pub trait EventSource {
    /// The next event; `None` when the source has ended (input closed, or a signal asked the
    /// reader to stop), which ends the loop.
    fn next_event(&mut self) -> io::Result<Option<Event>>;

    /// True when the next frame must be drawn in full (an SSH client that fell behind had frames
    /// dropped); asked after every event.
    fn take_repaint_request(&mut self) -> bool {
        false
    }
}

/// A backend the loop can also write raw sequences to: the frame brackets and OSC 52.
pub trait FrameOutput: Backend {
    fn write_raw(&mut self, bytes: &[u8]) -> io::Result<()>;
    fn flush_raw(&mut self) -> io::Result<()>;
}

impl<W: Write> FrameOutput for CrosstermBackend<W> {
    fn write_raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.write_all(bytes)
    }
    fn flush_raw(&mut self) -> io::Result<()> {
        Write::flush(self)
    }
}

/// Tests draw into a buffer; raw sequences have nowhere to go there.
impl FrameOutput for TestBackend {
    fn write_raw(&mut self, _bytes: &[u8]) -> io::Result<()> {
        Ok(())
    }
    fn flush_raw(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Begin and end of a synchronized update (DEC mode 2026): terminals that know it show the
/// frame at once instead of as it arrives; others ignore it.
pub const SYNC_BEGIN: &[u8] = b"\x1b[?2026h";
pub const SYNC_END: &[u8] = b"\x1b[?2026l";

/// Carries out the effects that concern stored state (marks, last position); an error comes back
/// as one line for the status line.
pub type Persist<'a> = dyn FnMut(&Effect) -> Result<(), String> + 'a;

/// Runs the reader until it quits or the events end. `persist` receives the effects that
/// concern stored state; copying and quitting are handled here.
pub fn run<B, E>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    look: &Look,
    events: &mut E,
    persist: &mut Persist,
) -> io::Result<()>
where
    B: FrameOutput,
    E: EventSource,
{
    let size = terminal
        .size()
        .map_err(|e| io::Error::other(e.to_string()))?;
    if (size.width, size.height) != (app.area.width, app.area.height) {
        app::update(app, app::Action::Resize(size.width, size.height));
    }
    let mut dirty = true;
    loop {
        if dirty {
            draw(terminal, app, look)?;
            dirty = false;
        }
        let Some(event) = events.next_event()? else {
            return Ok(());
        };
        if events.take_repaint_request() {
            terminal
                .clear()
                .map_err(|e| io::Error::other(e.to_string()))?;
            dirty = true;
        }
        let Some(action) = input::translate(app, &event) else {
            continue;
        };
        dirty = true;
        for effect in app::update(app, action) {
            match effect {
                Effect::Quit => return Ok(()),
                Effect::SavePosition { .. } if app.quitting => {
                    // Leaving: nowhere left to show an error.
                    let _ = persist(&effect);
                }
                Effect::Copy(text) => {
                    let backend = terminal.backend_mut();
                    backend.write_raw(&super::clipboard::osc52(&text))?;
                    backend.flush_raw()?;
                }
                other => {
                    if let Err(message) = persist(&other) {
                        app::update(app, app::Action::Notice(message));
                    }
                }
            }
        }
    }
}

pub fn draw<B: FrameOutput>(terminal: &mut Terminal<B>, app: &App, look: &Look) -> io::Result<()> {
    terminal.backend_mut().write_raw(SYNC_BEGIN)?;
    terminal
        .draw(|frame| ui::render(app, look, frame))
        .map_err(|e| io::Error::other(e.to_string()))?;
    let backend = terminal.backend_mut();
    backend.write_raw(SYNC_END)?;
    backend.flush_raw()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{AppOptions, Collection, synthetic};
    use crate::ui::symbols::Symbols;
    use crate::ui::theme::{ColorDepth, Theme};
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use std::collections::VecDeque;
    use std::sync::Arc;

    /// Scripted input, counting how often the loop asked for the next event.
    struct Script(VecDeque<Event>);

    impl EventSource for Script {
        fn next_event(&mut self) -> io::Result<Option<Event>> {
            Ok(self.0.pop_front())
        }
    }

    fn key(c: char) -> Event {
        Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
    }

    #[test]
    fn the_loop_updates_persists_and_quits() {
        let mut app = App::new(
            Arc::new(Collection::new(synthetic::corpus(5))),
            AppOptions::default(),
        );
        let look = Look {
            theme: Theme::new(ColorDepth::Ansi16),
            symbols: Symbols::UNICODE,
        };
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        let mut script = Script(
            [key('j'), key('m'), key('*'), key('q'), key('j')]
                .into_iter()
                .collect(),
        );
        let mut seen = Vec::new();
        let mut persist = |e: &Effect| {
            seen.push(e.clone());
            Err("disk full".to_string())
        };
        run(&mut terminal, &mut app, &look, &mut script, &mut persist).unwrap();
        assert_eq!(app.area.width, 100, "the loop sizes the app to the backend");
        assert_eq!(script.0.len(), 1, "nothing is read after q");
        let id = app.corpus().articles[1].id;
        assert_eq!(
            seen,
            vec![
                Effect::MarkRead(id, true),
                Effect::MarkStarred(id, true),
                Effect::SavePosition {
                    article: id,
                    scroll: 0
                },
            ]
        );
        assert!(app.quitting);
    }

    #[test]
    fn a_failed_save_is_shown() {
        let mut app = App::new(
            Arc::new(Collection::new(synthetic::corpus(3))),
            AppOptions::default(),
        );
        let look = Look {
            theme: Theme::new(ColorDepth::Mono),
            symbols: Symbols::ASCII,
        };
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        let mut script = Script([key('m')].into_iter().collect());
        let mut persist = |_: &Effect| Err("state: disk full".to_string());
        run(&mut terminal, &mut app, &look, &mut script, &mut persist).unwrap();
        assert_eq!(app.notice.as_deref(), Some("state: disk full"));
    }
}
