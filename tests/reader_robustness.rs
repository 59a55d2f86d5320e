//! What must never happen: control sequences from an article reaching the terminal, and a panic
//! at some terminal size.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use dateline::app::synthetic::reader;
use dateline::app::{self, Action, App, AppOptions, input, synthetic};
use dateline::collection::{Collection, Snapshot};
use dateline::corpus::{
    Article, ArticleId, Corpus, Paragraph, ParagraphKind, TitleSource, load_embedded,
};
use dateline::entity::EntityKind;
use dateline::ui::symbols::Symbols;
use dateline::ui::theme::{ColorDepth, Theme};
use dateline::ui::{self, Look};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::Arc;

fn looks() -> [Look; 2] {
    [
        Look {
            theme: Theme::new(ColorDepth::TrueColor),
            symbols: Symbols::UNICODE,
        },
        Look {
            theme: Theme::new(ColorDepth::Mono),
            symbols: Symbols::ASCII,
        },
    ]
}

fn press(app: &mut App, code: KeyCode) {
    let ev = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    if let Some(action) = input::translate(app, &ev) {
        app::update(app, action);
    }
}

const HOSTILE: &str = "Clear\x1b[2J screen \x07bell \x1b]52;c;ZXZpbA==\x07 osc \u{9b}31m csi \
                       \u{202E}desrever\u{202C} \u{2066}isolate\u{2069} zero\u{200B}width \
                       back\x08space \r carriage \x7f del";

/// An article as a hostile file might make it if a parser let everything through: the reader's
/// own gate must still stop it.
fn hostile_corpus() -> Corpus {
    let body = format!("{HOSTILE} {HOSTILE}");
    let text = format!("{body}\n\nRead more: {HOSTILE}\n\n{body}");
    let first = body.len() as u32;
    let rm_start = first + 2;
    let rm_end = rm_start + "Read more: ".len() as u32 + HOSTILE.len() as u32;
    let paragraphs = vec![
        Paragraph {
            kind: ParagraphKind::Body,
            start: 0,
            end: first,
        },
        Paragraph {
            kind: ParagraphKind::ReadMore,
            start: rm_start,
            end: rm_end,
        },
        Paragraph {
            kind: ParagraphKind::Caption,
            start: rm_end + 2,
            end: text.len() as u32,
        },
    ];
    let article = Article {
        id: ArticleId(7),
        source: format!("evil/{HOSTILE}.txt"),
        date: None,
        timestamp: None,
        title: HOSTILE.to_string(),
        title_source: TitleSource::Given,
        url: None,
        text: text.into(),
        paragraphs,
        read_more: vec![HOSTILE.to_string()],
    };
    Corpus {
        articles: vec![article],
        report: Default::default(),
    }
}

fn is_forbidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}'..='\u{200F}')
}

/// The hostile article analysed with names around and across its control characters, so
/// entity spans, their colours and the selected entity's emphasis are drawn over it too.
fn hostile_reader(w: u16, h: u16) -> App {
    let corpus = hostile_corpus();
    let names = [
        ("Clear", EntityKind::Person, "Clear\x1b[2J"),
        ("screen", EntityKind::Place, "screen\u{202E}"),
        ("isolate", EntityKind::Org, "isolate"),
        ("bell", EntityKind::Group, "bell\x07"),
    ];
    synthetic::analysed_reader(corpus, w, h, &names)
}

#[test]
fn hostile_text_never_reaches_the_buffer() {
    for (w, h) in [(120, 40), (80, 24), (50, 15)] {
        let mut app = hostile_reader(w, h);
        let mut steps: Vec<Vec<KeyCode>> = vec![
            vec![],
            vec![KeyCode::Char('e'), KeyCode::Char('j'), KeyCode::Char('n')],
            vec![
                KeyCode::Enter,
                KeyCode::Esc,
                KeyCode::Char('e'),
                KeyCode::Char('y'),
            ],
            vec![KeyCode::Enter, KeyCode::Char('G')],
            vec![KeyCode::Tab],
            vec![KeyCode::Char('?')],
            vec![KeyCode::Esc, KeyCode::Char('/'), KeyCode::Esc],
        ];
        // A query typed with control characters in it (a paste, a confused terminal).
        steps.push(vec![
            KeyCode::Char('/'),
            KeyCode::Char('\x1b'),
            KeyCode::Char('\u{202E}'),
        ]);
        for keys in steps {
            for k in keys {
                press(&mut app, k);
            }
            for look in looks() {
                let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
                t.draw(|f| ui::render(&app, &look, f)).unwrap();
                for cell in t.backend().buffer().content() {
                    assert!(
                        !cell.symbol().chars().any(is_forbidden),
                        "{:?} reached the screen at {w}x{h}",
                        cell.symbol()
                    );
                }
            }
        }
    }
}

/// Every size from 1×1 up, in every state worth drawing: nothing panics.
#[test]
fn no_size_panics() {
    // The hostile corpus has its own test at the common sizes.
    let corpora = [load_embedded(), synthetic::corpus(40), Corpus::default()];
    let mut sizes: Vec<(u16, u16)> = Vec::new();
    for w in 1..=130 {
        for h in [1, 7, 41] {
            sizes.push((w, h));
        }
    }
    for h in 1..=60 {
        for w in [1, 23, 24, 60, 99, 100, 250] {
            sizes.push((w, h));
        }
    }
    let look = &looks()[0];
    let mut apps: Vec<App> = corpora.into_iter().map(|c| reader(c, 80, 24)).collect();
    // With entities, related stories and stories in the sidebar and the text.
    let corpus = synthetic::corpus(40);
    let analysis = synthetic::place_analysis(&corpus);
    apps.push(App::from_snapshot(
        Snapshot::ready(Arc::new(Collection::new(corpus)), Some(Arc::new(analysis))),
        AppOptions {
            size: (80, 24),
            ..AppOptions::default()
        },
    ));
    for mut app in apps {
        let states: [&[KeyCode]; 4] = [
            &[KeyCode::Enter, KeyCode::Char('G'), KeyCode::Char('l')],
            &[
                KeyCode::Char('e'),
                KeyCode::Char('j'),
                KeyCode::Char('n'),
                KeyCode::Enter,
            ],
            &[KeyCode::Char('?'), KeyCode::Char('G')],
            &[KeyCode::Esc, KeyCode::Char('/'), KeyCode::Char('e')],
        ];
        for keys in states {
            for &k in keys {
                press(&mut app, k);
            }
            let mut t = Terminal::new(TestBackend::new(1, 1)).unwrap();
            for &(w, h) in &sizes {
                app::update(&mut app, Action::Resize(w, h));
                t.backend_mut().resize(w, h);
                t.resize(ratatui::layout::Rect::new(0, 0, w, h)).unwrap();
                t.draw(|f| ui::render(&app, look, f)).unwrap();
                // Keys at this size must not panic either.
                for k in [KeyCode::Char('j'), KeyCode::PageDown, KeyCode::Char('k')] {
                    press(&mut app, k);
                }
            }
        }
    }
}

/// One step of a session whose terminal is resized while keys arrive: the state learns of a size
/// (a Resize event), the terminal changes size on its own (the window moved on since that event),
/// a key is pressed, or a frame is drawn at whatever size the terminal has by then.
#[derive(Clone, Debug)]
enum Step {
    Layout(u16, u16),
    Window(u16, u16),
    Key(KeyCode),
    Draw,
}

fn step() -> impl proptest::strategy::Strategy<Value = Step> {
    use proptest::prelude::*;
    let size = (1u16..=140, 1u16..=50);
    let keys = prop::sample::select(vec![
        KeyCode::Char('j'),
        KeyCode::Char('k'),
        KeyCode::Char('G'),
        KeyCode::Char('g'),
        KeyCode::Char('e'),
        KeyCode::Char('r'),
        KeyCode::Char('?'),
        KeyCode::Char(' '),
        KeyCode::Tab,
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::PageDown,
    ]);
    prop_oneof![
        2 => size.clone().prop_map(|(w, h)| Step::Layout(w, h)),
        2 => size.prop_map(|(w, h)| Step::Window(w, h)),
        3 => keys.prop_map(Step::Key),
        2 => Just(Step::Draw),
    ]
}

/// One analysed collection for every case: the cases differ in what happens to the reader.
static ANALYSED: std::sync::LazyLock<(Arc<Collection>, Arc<dateline::analysis::Analysis>)> =
    std::sync::LazyLock::new(|| {
        let corpus = synthetic::corpus(25);
        let analysis = synthetic::place_analysis(&corpus);
        (Arc::new(Collection::new(corpus)), Arc::new(analysis))
    });

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(10_000))]

    /// The layout the state last heard of and the size the frame really has may differ (a
    /// resize that arrives between the two): drawing must still stay inside the frame.
    #[test]
    fn drawing_at_a_size_the_state_has_not_heard_of_never_panics(
        start in (1u16..=140, 1u16..=50),
        steps in proptest::collection::vec(step(), 1..12),
    ) {
        let (collection, analysis) = &*ANALYSED;
        let mut app = App::from_snapshot(
            Snapshot::ready(Arc::clone(collection), Some(Arc::clone(analysis))),
            AppOptions {
                size: start,
                ..AppOptions::default()
            },
        );
        let look = &looks()[0];
        let mut t = Terminal::new(TestBackend::new(start.0, start.1)).unwrap();
        for s in steps {
            match s {
                Step::Layout(w, h) => {
                    app::update(&mut app, Action::Resize(w, h));
                }
                Step::Window(w, h) => t.backend_mut().resize(w, h),
                Step::Key(k) => press(&mut app, k),
                Step::Draw => {
                    t.draw(|f| ui::render(&app, look, f)).unwrap();
                }
            }
        }
        t.draw(|f| ui::render(&app, look, f)).unwrap();
    }
}
