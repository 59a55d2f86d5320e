//! The reader while its collection is still opening: the screens with the progress (committed
//! snapshots), and the whole loop fed by an `Opening` driven by hand — the first frame shows the
//! articles that have arrived while the analysis is still being built.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use dateline::app::{self, App, AppOptions, synthetic};
use dateline::collection::Collection;
use dateline::collection::{Opening, Progress, Snapshot, Stage};
use dateline::corpus::{Article, Corpus};
use dateline::driver::event_loop::{self, EventSource, Wake};
use dateline::driver::opening_watch::OpeningWatch;
use dateline::driver::recording::{RecordingBackend, screen_text};
use dateline::ui::symbols::Symbols;
use dateline::ui::theme::{ColorDepth, Theme};
use dateline::ui::{self, Look};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::collections::VecDeque;
use std::io;
use std::sync::Arc;
use std::time::Instant;

fn look(symbols: Symbols) -> Look {
    Look {
        theme: Theme::new(ColorDepth::Ansi16),
        symbols,
    }
}

fn collection(articles: &[Article]) -> Arc<Collection> {
    Arc::new(Collection::new(Corpus {
        articles: articles.to_vec(),
        report: Default::default(),
    }))
}

fn progress(stage: Stage, done: usize, total: usize) -> Progress {
    Progress {
        stage,
        done,
        total,
        problem: None,
    }
}

/// A reader at `w`×`h` of the first `k` of `all`, at `progress`.
fn reader(all: &[Article], k: usize, p: Progress, w: u16, h: u16) -> App {
    App::from_snapshot(
        Snapshot {
            version: 1,
            collection: collection(&all[..k]),
            analysis: None,
            early: None,
            progress: p,
        },
        AppOptions {
            size: (w, h),
            ..AppOptions::default()
        },
    )
}

fn screen(app: &App, look: &Look) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.area.width, app.area.height)).unwrap();
    terminal.draw(|f| ui::render(app, look, f)).unwrap();
    screen_text(terminal.backend().buffer())
}

#[test]
fn loading_wide() {
    let all = synthetic::corpus(1_200).articles;
    let app = reader(&all, 1_200, progress(Stage::Loading, 1_200, 3_000), 120, 40);
    insta::assert_snapshot!(screen(&app, &look(Symbols::UNICODE)));
}

#[test]
fn loading_60x20() {
    let all = synthetic::corpus(1_200).articles;
    let app = reader(&all, 1_200, progress(Stage::Loading, 1_200, 3_000), 60, 20);
    insta::assert_snapshot!(screen(&app, &look(Symbols::UNICODE)));
}

#[test]
fn analysing_ascii_60x20() {
    let all = synthetic::corpus(1_200).articles;
    let app = reader(&all, 1_200, progress(Stage::Analysing, 700, 1_200), 60, 20);
    insta::assert_snapshot!(screen(&app, &look(Symbols::ASCII)));
}

#[test]
fn indexing_wide() {
    let all = synthetic::corpus(300).articles;
    let app = reader(&all, 300, progress(Stage::Indexing, 0, 0), 120, 40);
    insta::assert_snapshot!(screen(&app, &look(Symbols::UNICODE)));
}

#[test]
fn nothing_loaded_yet_60x20() {
    let all = synthetic::corpus(10).articles;
    let app = reader(&all, 0, progress(Stage::Loading, 0, 100_000), 60, 20);
    insta::assert_snapshot!(screen(&app, &look(Symbols::UNICODE)));
}

/// One step of the loader, played by the test.
type Step = Box<dyn FnOnce(&Opening)>;

/// Input as a person types it, while the loader (played by the test) moves on: before each
/// event, the next step of the opening is published.
struct Typing {
    wakes: VecDeque<Wake>,
    steps: VecDeque<Step>,
    opening: Arc<Opening>,
    watch: OpeningWatch,
}

impl EventSource for Typing {
    fn next(&mut self, _until: Option<Instant>) -> io::Result<Option<Wake>> {
        if let Some(step) = self.steps.pop_front() {
            step(&self.opening);
        }
        Ok(self.wakes.pop_front())
    }

    fn take_action(&mut self) -> Option<app::Action> {
        self.watch.take_action(Instant::now())
    }
}

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

#[test]
fn the_first_frame_shows_articles_while_the_rest_is_still_opening() {
    let all = synthetic::corpus(200).articles;
    let full = collection(&all);
    let analysis = Arc::new(synthetic::place_analysis(&full.corpus));
    let opening = Opening::start();
    opening.publish_collection(collection(&all[..50]));
    opening.publish_progress(progress(Stage::Loading, 50, 200));

    let snapshot = opening.current();
    let watch = OpeningWatch::new(Arc::clone(&opening), snapshot.clone(), || {});
    let mut app = App::from_snapshot(
        snapshot,
        AppOptions {
            size: (120, 40),
            ..AppOptions::default()
        },
    );
    let steps: Vec<Step> = vec![
        // Every article is in; the analysis is being built.
        Box::new(move |o: &Opening| {
            o.publish_collection(full);
            o.publish_progress(progress(Stage::Analysing, 120, 200));
        }),
        // A key press meanwhile.
        Box::new(|_: &Opening| {}),
        Box::new(move |o: &Opening| o.publish_analysis(analysis)),
    ];
    let mut source = Typing {
        wakes: [
            Wake::Look,
            Wake::Input(key('j')),
            Wake::Look,
            Wake::Input(key('q')),
        ]
        .into_iter()
        .collect(),
        steps: steps.into_iter().collect(),
        opening: Arc::clone(&opening),
        watch,
    };
    let backend = RecordingBackend::new(120, 40);
    let mut terminal = Terminal::new(backend).unwrap();
    let look = look(Symbols::UNICODE);
    event_loop::run(&mut terminal, &mut app, &look, &mut source, &mut |_| Ok(())).unwrap();

    let frames = &terminal.backend().frames;
    assert_eq!(frames.len(), 4, "first, all loaded, j, analysis");
    let first = &frames[0];
    assert!(first.contains(&all[0].title[..20]), "{first}");
    assert!(first.contains("Articles 50"), "{first}");
    assert!(first.contains("loading 50 / 200"), "{first}");
    assert!(frames[1].contains("Articles 200"));
    assert!(frames[1].contains("analysing 120 / 200"));
    assert!(frames[2].contains("2 of 200"), "j moved while analysing");
    let last = &frames[3];
    assert!(!last.contains("analysing"), "{last}");
    assert!(
        synthetic::place_names()
            .iter()
            .any(|(n, _, _)| last.contains(n)),
        "the sidebar has entities: {last}"
    );
    assert_eq!(app.list.selected(), Some(1));
}
