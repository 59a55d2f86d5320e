//! The event loop shared by every driver: wait for an event, turn it into an action, update the
//! state, carry out the effects, and draw — only when something changed, inside a synchronized
//! update so the terminal shows whole frames.

use crate::app::{self, App, Effect, input};
use crate::state::StoreError;
use crate::ui::{self, Look};
use crossterm::event::Event;
use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend, TestBackend};
use std::io::{self, Write};
use std::time::{Duration, Instant};

/// What woke the loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wake {
    /// Input from the terminal: a key, a paste, a resize, a mouse event.
    Input(Event),
    /// No input, but something else may have: news from outside ([`EventSource::take_action`]),
    /// a client that caught up ([`EventSource::take_repaint_request`]), or the time the loop
    /// asked to be woken by.
    Look,
}

/// Where input comes from: the local terminal, or an SSH channel's bytes parsed into events.
pub trait EventSource {
    /// Waits for the next thing to act on; `None` when the source has ended (input closed, or a
    /// signal asked the reader to stop), which ends the loop. With `until`, returns
    /// [`Wake::Look`] by then at the latest (the loop has work to carry on with).
    fn next(&mut self, until: Option<Instant>) -> io::Result<Option<Wake>>;

    /// True when the next frame must be drawn in full (an SSH client that fell behind had frames
    /// dropped); asked after every wake.
    fn take_repaint_request(&mut self) -> bool {
        false
    }

    /// An action from outside the terminal (the collection's opening moved on: more articles,
    /// progress, the analysis), asked after every wake until it has none.
    fn take_action(&mut self) -> Option<app::Action> {
        None
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

/// How long the loop carries on with background work before it looks at input and draws.
const BUSY_SLICE: Duration = Duration::from_millis(6);

/// Begin and end of a synchronized update (DEC mode 2026): terminals that know it show the
/// frame at once instead of as it arrives; others ignore it.
pub const SYNC_BEGIN: &[u8] = b"\x1b[?2026h";
pub const SYNC_END: &[u8] = b"\x1b[?2026l";

/// Carries out the effects that concern stored state (marks, last position); an error comes back
/// as one line for the status line.
pub type Persist<'a> = dyn FnMut(&Effect) -> Result<(), StoreError> + 'a;

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
    let mut dirty = true;
    loop {
        if dirty {
            catch_up_with_size(terminal, app)?;
            read_what_the_frame_needs(app);
            draw(terminal, app, look)?;
            dirty = false;
        }
        let Some(wake) = events.next(app.is_busy().then(Instant::now))? else {
            return Ok(());
        };
        if events.take_repaint_request() {
            terminal
                .clear()
                .map_err(|e| io::Error::other(e.to_string()))?;
            dirty = true;
        }
        let mut actions: Vec<app::Action> = std::iter::from_fn(|| events.take_action()).collect();
        if let Wake::Input(event) = &wake {
            actions.extend(input::translate(app, event));
        }
        if !actions.is_empty() {
            dirty = true;
        }
        for action in actions {
            let effects = app::update(app, action);
            for effect in effects {
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
                        if let Err(e) = persist(&other) {
                            app::update(app, app::Action::Notice(e.to_string()));
                        }
                    }
                }
            }
        }
        if app.is_busy() {
            // A search reading through a large collection: a few milliseconds of it, then a
            // frame with what it found, so keys are never kept waiting.
            let started = Instant::now();
            while app.is_busy() && started.elapsed() < BUSY_SLICE {
                app::continue_search(app, &|a| a.text.read());
            }
            dirty = true;
        }
    }
}

/// The reads the next frame needs, done here because `update` and `render` read nothing: the
/// open article's text and entities when they are not in memory (left in the analysis cache),
/// or why they cannot be read.
fn read_what_the_frame_needs(app: &mut App) {
    if let Some(article) = app.wants_reads() {
        let text = &app.collection.corpus.articles[article].text;
        let text_problem = text.get().err().map(|e| e.to_string());
        let entities = app.open_entities();
        let entities_problem = entities.and_then(|e| e.get().err()).map(|e| e.to_string());
        app::update(
            app,
            app::Action::ArticleRead {
                article,
                text_problem,
                entities_problem,
            },
        );
    }
}

/// Lays the state out for the terminal's size now. A Resize event says what the size was when
/// it was sent; the window may have changed again before the frame is drawn, and wrapping and
/// paging must follow what is on screen.
fn catch_up_with_size<B: Backend>(terminal: &mut Terminal<B>, app: &mut App) -> io::Result<()> {
    let size = terminal
        .size()
        .map_err(|e| io::Error::other(e.to_string()))?;
    if (size.width, size.height) != (app.area.width, app.area.height) {
        app::update(app, app::Action::Resize(size.width, size.height));
    }
    Ok(())
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
    use crate::app::{AppOptions, synthetic};
    use crate::collection::Collection;
    use crate::ui::symbols::Symbols;
    use crate::ui::theme::{ColorDepth, Theme};
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use std::collections::VecDeque;
    use std::sync::Arc;

    /// Scripted input, counting how often the loop asked for the next event.
    struct Script(VecDeque<Event>);

    impl EventSource for Script {
        fn next(&mut self, _until: Option<Instant>) -> io::Result<Option<Wake>> {
            Ok(self.0.pop_front().map(Wake::Input))
        }
    }

    /// A reader on `n` generated articles, a look, and a 100×30 test terminal.
    fn setup(n: usize, depth: ColorDepth, symbols: Symbols) -> (App, Look, Terminal<TestBackend>) {
        let app = App::new(
            Arc::new(Collection::new(synthetic::corpus(n))),
            AppOptions::default(),
        );
        let look = Look {
            theme: Theme::new(depth),
            symbols,
        };
        (app, look, Terminal::new(TestBackend::new(100, 30)).unwrap())
    }

    fn key(c: char) -> Event {
        Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
    }

    /// A source whose second wake comes with an action from elsewhere (a finished analysis).
    struct Delivering {
        wakes: VecDeque<Wake>,
        action: Option<app::Action>,
        asked: usize,
    }

    impl EventSource for Delivering {
        fn next(&mut self, _until: Option<Instant>) -> io::Result<Option<Wake>> {
            self.asked += 1;
            Ok(self.wakes.pop_front())
        }

        fn take_action(&mut self) -> Option<app::Action> {
            if self.asked == 2 {
                self.action.take()
            } else {
                None
            }
        }
    }

    #[test]
    fn actions_from_outside_reach_the_app_when_the_source_wakes_the_loop() {
        let (mut app, look, mut terminal) = setup(3, ColorDepth::Ansi16, Symbols::UNICODE);
        let analysis = Arc::new(crate::analysis::Analysis::build(&app.collection.corpus));
        let mut source = Delivering {
            wakes: [Wake::Input(key('j')), Wake::Look].into_iter().collect(),
            action: Some(app::Action::Opening(app::action::SharedSnapshot(
                crate::collection::Snapshot::ready(
                    Arc::clone(&app.collection),
                    Some(Arc::clone(&analysis)),
                ),
            ))),
            asked: 0,
        };
        run(&mut terminal, &mut app, &look, &mut source, &mut |_| Ok(())).unwrap();
        assert!(
            app.analysis
                .as_ref()
                .is_some_and(|a| Arc::ptr_eq(a, &analysis))
        );
        assert!(source.action.is_none());
    }

    #[test]
    fn the_loop_updates_persists_and_quits() {
        let (mut app, look, mut terminal) = setup(5, ColorDepth::Ansi16, Symbols::UNICODE);
        let mut script = Script(
            [key('j'), key('m'), key('*'), key('q'), key('j')]
                .into_iter()
                .collect(),
        );
        let mut seen = Vec::new();
        let mut persist = |e: &Effect| {
            seen.push(e.clone());
            Err(StoreError("disk full".to_string()))
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
    fn a_resize_event_older_than_the_window_gives_way_to_the_window() {
        // The window is 60×20 by the time the event saying 100×30 is handled.
        let (mut app, look, _) = setup(40, ColorDepth::Ansi16, Symbols::UNICODE);
        let mut terminal = Terminal::new(TestBackend::new(60, 20)).unwrap();
        let mut script = Script(
            [
                Event::Resize(100, 30),
                key('j'),
                Event::Resize(100, 30),
                key('G'),
            ]
            .into_iter()
            .collect(),
        );
        run(&mut terminal, &mut app, &look, &mut script, &mut |_| Ok(())).unwrap();
        assert_eq!((app.area.width, app.area.height), (60, 20));
        assert_eq!(app.layout_mode(), crate::app::layout::Mode::Narrow);
    }

    #[test]
    fn frames_are_drawn_only_when_something_changed() {
        let mut app = App::new(
            Arc::new(Collection::new(synthetic::corpus(5))),
            AppOptions::default(),
        );
        let look = Look {
            theme: Theme::new(ColorDepth::Ansi16),
            symbols: Symbols::UNICODE,
        };
        let backend = crate::driver::recording::RecordingBackend::new(100, 30);
        let mut terminal = Terminal::new(backend).unwrap();
        let unbound = Event::Key(KeyEvent::new(KeyCode::F(9), KeyModifiers::NONE));
        let mut script = Script(
            [
                unbound.clone(),
                key('j'),
                Event::FocusGained,
                unbound,
                Event::Resize(80, 24),
                key('k'),
            ]
            .into_iter()
            .collect(),
        );
        run(&mut terminal, &mut app, &look, &mut script, &mut |_| Ok(())).unwrap();
        // The first frame, then one each for j, the resize and k; nothing for the rest.
        assert_eq!(terminal.backend().frames.len(), 4);
    }

    /// A cache file that changed under the reader: every read fails.
    #[derive(Debug)]
    struct ChangedCache;

    impl crate::corpus::TextSource for ChangedCache {
        fn read(&self, _at: u64, _len: u32, _hash: u64) -> Result<String, crate::lazy::Unreadable> {
            Err(crate::lazy::Unreadable::Checksum)
        }
    }

    #[test]
    fn a_text_the_cache_cannot_give_is_one_honest_line_and_nothing_invented() {
        let mut corpus = synthetic::corpus(3);
        let source: Arc<dyn crate::corpus::TextSource> = Arc::new(ChangedCache);
        corpus.articles = corpus
            .articles
            .iter()
            .map(|a| {
                let place = crate::corpus::CachePlace {
                    at: 0,
                    len: a.text.len() as u32,
                    hash: 0,
                };
                a.with_text(crate::corpus::Text::stored(Arc::clone(&source), place))
            })
            .collect();
        let mut app = App::new(Arc::new(Collection::new(corpus)), AppOptions::default());
        let look = Look {
            theme: Theme::new(ColorDepth::Mono),
            symbols: Symbols::ASCII,
        };
        let backend = crate::driver::recording::RecordingBackend::new(100, 30);
        let mut terminal = Terminal::new(backend).unwrap();
        let mut script = Script([key('j')].into_iter().collect());
        run(&mut terminal, &mut app, &look, &mut script, &mut |_| Ok(())).unwrap();
        let frames = &terminal.backend().frames;
        for frame in frames {
            assert!(
                frame.contains("text unavailable: checksum mismatch"),
                "{frame}"
            );
            assert!(
                !frame.contains("reading the text"),
                "the driver reads before it draws"
            );
        }
        assert_eq!(frames.len(), 2);
        assert!(
            app.wants_reads().is_none(),
            "tried once, not on every frame"
        );
    }

    #[test]
    fn a_failed_save_is_shown() {
        let (mut app, look, mut terminal) = setup(3, ColorDepth::Mono, Symbols::ASCII);
        let mut script = Script([key('m')].into_iter().collect());
        let mut persist = |_: &Effect| Err(StoreError("state: disk full".to_string()));
        run(&mut terminal, &mut app, &look, &mut script, &mut persist).unwrap();
        assert_eq!(app.notice.as_deref(), Some("state: disk full"));
    }
}
