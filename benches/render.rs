//! One frame of the reader at 200×60 with 100,000 articles loaded: the list, the article and the
//! sidebar drawn and diffed against the previous frame. The frame must not depend on the size of
//! the collection (issue target: under 1 ms).

use criterion::{Criterion, criterion_group, criterion_main};
use dateline::app::{self, Action, App, AppOptions, Collection, Command, synthetic};
use dateline::ui::symbols::Symbols;
use dateline::ui::theme::{ColorDepth, Theme};
use dateline::ui::{self, Look};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;
use std::sync::Arc;

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
    for n in [2usize, 100_000] {
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
        // A key press and the frame it causes: what scrolling the list costs.
        app::update(&mut app, Action::Command(Command::FocusPrev));
        let mut down = true;
        c.bench_function(&format!("list key + frame 200x60, {n} articles"), |b| {
            b.iter(|| {
                let command = if down { Command::Down } else { Command::Up };
                down = !down;
                app::update(&mut app, Action::Command(command));
                terminal
                    .draw(|f| ui::render(black_box(&app), &look, f))
                    .expect("draw");
            })
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = bench
}
criterion_main!(benches);
