//! One frame of the reader at 200×60 with 100,000 articles loaded: the list, the article and the
//! sidebar drawn and diffed against the previous frame. The frame must not depend on the size of
//! the collection (issue target: under 1 ms), nor on the collection still opening.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use dateline::app::{self, Action, App, AppOptions, Command, synthetic};
use dateline::collection::Collection;
use dateline::collection::{Progress, Snapshot, Stage};
use dateline::ui::symbols::Symbols;
use dateline::ui::theme::{ColorDepth, Theme};
use dateline::ui::{self, Look};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

fn reader(n: usize) -> App {
    App::new(
        Arc::new(Collection::new(synthetic::corpus(n))),
        AppOptions {
            size: (200, 60),
            ..AppOptions::default()
        },
    )
}

fn bench(c: &mut Criterion) {
    let look = Look {
        theme: Theme::new(ColorDepth::TrueColor),
        symbols: Symbols::UNICODE,
    };
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test backend");
    // 1,000 and 100,000: both fill the list, so any difference would be the collection's size.
    for n in [1_000usize, 100_000] {
        let mut app = reader(n);
        // In the middle of the list, with the article scrolled.
        let rows = app.list_rows();
        app.list.move_to(n / 2, rows);
        app::update(&mut app, Action::Command(Command::Down));
        app::update(&mut app, Action::Command(Command::FocusNext));
        for _ in 0..5 {
            app::update(&mut app, Action::Command(Command::PageDown));
        }
        c.bench_function(&format!("frame 200x60, {n} articles"), |b| {
            b.iter(|| {
                terminal
                    .draw(|f| ui::render(black_box(&app), &look, f))
                    .expect("draw");
            })
        });
        // The same frame in CPU time of this thread, which other processes on a busy machine do
        // not inflate (wall time above includes waiting for a core).
        if cpu_time_ns().is_some() {
            c.bench_function(&format!("frame 200x60, {n} articles, CPU time"), |b| {
                b.iter_custom(|iters| {
                    let start = cpu_time_ns().unwrap_or(0);
                    for _ in 0..iters {
                        terminal
                            .draw(|f| ui::render(black_box(&app), &look, f))
                            .expect("draw");
                    }
                    Duration::from_nanos(cpu_time_ns().unwrap_or(0).saturating_sub(start))
                })
            });
        }
        // A key press and the frame it causes: what scrolling the list costs.
        app::update(&mut app, Action::Command(Command::FocusPrev));
        key_and_frame(c, &mut terminal, &mut app, &look, &format!("{n} articles"));
    }
    // The same while the collection is still opening: the status line shows the progress bar
    // (issue target: key to frame under 10 ms while loading).
    let n = 100_000;
    let mut app = App::from_snapshot(
        Snapshot {
            version: 1,
            collection: Arc::new(Collection::new(synthetic::corpus(n))),
            analysis: None,
            early: None,
            progress: Progress {
                stage: Stage::Loading,
                done: n,
                total: 2 * n,
                problem: None,
            },
        },
        AppOptions {
            size: (200, 60),
            ..AppOptions::default()
        },
    );
    let rows = app.list_rows();
    app.list.move_to(n / 2, rows);
    key_and_frame(
        c,
        &mut terminal,
        &mut app,
        &look,
        &format!("{n} articles, loading"),
    );
    batch_and_frame(c, &mut terminal, &look, n);
}

/// A batch of 1,000 articles arriving under a reader of 99,000 (swapping in the grown
/// collection, keeping the reader's place) and the frame it causes: what each delivery of a
/// growing collection costs the reader's thread.
fn batch_and_frame(c: &mut Criterion, terminal: &mut Terminal<TestBackend>, look: &Look, n: usize) {
    let all = synthetic::corpus(n).articles;
    let collection = |k: usize| {
        Arc::new(Collection::new(dateline::corpus::Corpus {
            articles: all[..k].to_vec(),
            report: Default::default(),
        }))
    };
    let (before, after) = (collection(n - 1_000), collection(n));
    let loading = |done: usize| Progress {
        stage: Stage::Loading,
        done,
        total: 2 * n,
        problem: None,
    };
    let snapshot = |collection: &Arc<Collection>, done: usize| Snapshot {
        version: 1,
        collection: Arc::clone(collection),
        analysis: None,
        early: None,
        progress: loading(done),
    };
    c.bench_function(
        &format!("batch of 1,000 arriving + frame 200x60, {n} articles"),
        |b| {
            b.iter_batched(
                || {
                    let mut app = App::from_snapshot(
                        snapshot(&before, n - 1_000),
                        AppOptions {
                            size: (200, 60),
                            ..AppOptions::default()
                        },
                    );
                    // A reader who moved: the cursor stays on its article.
                    app::update(&mut app, Action::Command(Command::Down));
                    app
                },
                |mut app| {
                    let grown = app::action::SharedSnapshot(snapshot(&after, n));
                    app::update(&mut app, Action::Opening(grown));
                    terminal
                        .draw(|f| ui::render(black_box(&app), look, f))
                        .expect("draw");
                    app
                },
                BatchSize::PerIteration,
            )
        },
    );
}

/// One list key press (down, then up, alternately) and the frame it causes.
fn key_and_frame(
    c: &mut Criterion,
    terminal: &mut Terminal<TestBackend>,
    app: &mut App,
    look: &Look,
    what: &str,
) {
    let mut down = true;
    c.bench_function(&format!("list key + frame 200x60, {what}"), |b| {
        b.iter(|| {
            let command = if down { Command::Down } else { Command::Up };
            down = !down;
            app::update(app, Action::Command(command));
            terminal
                .draw(|f| ui::render(black_box(app), look, f))
                .expect("draw");
        })
    });
}

/// Nanoseconds this thread has run on a CPU (Linux: the first field of its schedstat).
fn cpu_time_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = bench
}
criterion_main!(benches);
