//! The opening moving on under a reader: articles arriving in batches, the resume position
//! arriving late, a collection that shrinks, the analysis and the load report arriving.

use super::action::SharedSnapshot;
use super::sidebar::Row;
use super::*;
use crate::collection::{Progress, Snapshot};
use crate::corpus::report::{Skip, Warning};
use crate::corpus::{Article, LoadReport};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// `n` synthetic articles in file order oldest first, so that each batch brings newer articles
/// that go above the ones already listed (the hard case for keeping the cursor in place).
fn oldest_first(n: usize) -> Vec<Article> {
    let mut articles = synthetic::corpus(n).articles;
    articles.reverse();
    articles
}

fn collection(articles: &[Article]) -> Arc<Collection> {
    collection_with(articles, LoadReport::default())
}

fn collection_with(articles: &[Article], report: LoadReport) -> Arc<Collection> {
    Arc::new(Collection::new(Corpus {
        articles: articles.to_vec(),
        report,
    }))
}

fn loading(done: usize, total: usize) -> Progress {
    Progress {
        stage: Stage::Loading,
        done,
        total,
        problem: None,
    }
}

fn analysing(total: usize) -> Progress {
    Progress {
        stage: Stage::Analysing,
        done: 0,
        total,
        problem: None,
    }
}

fn snapshot(
    collection: Arc<Collection>,
    analysis: Option<Arc<Analysis>>,
    progress: Progress,
) -> Snapshot {
    Snapshot {
        version: 0,
        collection,
        analysis,
        early: None,
        progress,
    }
}

/// What the driver does while the reader is busy.
fn search_to_the_end(app: &mut App) {
    while app.is_busy() {
        super::continue_search(app, &|a| a.text.read());
    }
}

fn deliver(app: &mut App, s: Snapshot) {
    update(app, Action::Opening(SharedSnapshot(s)));
}

/// A reader opened on the first `k` of `all`, still loading.
fn reader_of(all: &[Article], k: usize, options: AppOptions) -> App {
    App::from_snapshot(
        snapshot(collection(&all[..k]), None, loading(k, all.len())),
        AppOptions {
            size: (120, 40),
            ..options
        },
    )
}

fn cmd(app: &mut App, commands: &[Command]) -> Vec<Effect> {
    commands
        .iter()
        .flat_map(|&c| update(app, Action::Command(c)))
        .collect()
}

/// Draws the app, to show that whatever state it is in renders.
fn draw(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.area.width, app.area.height)).unwrap();
    let look = crate::ui::Look {
        theme: crate::ui::theme::Theme::new(crate::ui::theme::ColorDepth::Mono),
        symbols: crate::ui::symbols::Symbols::UNICODE,
    };
    terminal.draw(|f| crate::ui::render(app, &look, f)).unwrap();
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn an_untouched_reader_follows_the_newest_article() {
    let all = oldest_first(100);
    let mut app = reader_of(&all, 10, AppOptions::default());
    assert_eq!(
        app.list.selected(),
        Some(9),
        "the newest of the first batch"
    );
    assert_eq!(app.reader.article, Some(9));
    deliver(
        &mut app,
        snapshot(collection(&all[..50]), None, loading(50, 100)),
    );
    assert_eq!(app.list.selected(), Some(49));
    assert_eq!(app.reader.article, Some(49));
    assert_eq!((app.list.cursor(), app.list.offset()), (0, 0));
    assert_eq!(app.unread(), 50);
}

#[test]
fn the_selection_scroll_and_history_stay_on_their_articles_as_the_list_grows() {
    let all = oldest_first(100);
    let mut app = reader_of(&all, 60, AppOptions::default());
    cmd(&mut app, &[Command::Down, Command::Down]);
    assert_eq!(app.list.selected(), Some(57));
    // Open it (recorded in history) and scroll.
    cmd(&mut app, &[Command::Open, Command::Down]);
    let scroll = app.reader.scroll;
    let screen_row = app.list.cursor() - app.list.offset();
    deliver(&mut app, snapshot(collection(&all), None, analysing(100)));
    assert_eq!(app.list.selected(), Some(57), "the same article");
    assert_eq!(app.reader.article, Some(57));
    assert_eq!(app.reader.scroll, scroll);
    assert_eq!(app.list.cursor(), 42, "40 newer articles arrived above it");
    assert_eq!(
        app.list.cursor() - app.list.offset(),
        screen_row,
        "on the same screen row"
    );
    assert_eq!(app.focus, Focus::ARTICLE);
    cmd(&mut app, &[Command::Back]);
    assert_eq!(app.reader.article, Some(57), "history kept its article");
}

/// A reader of the first `n` of `all` that left off at `resume` last time.
fn resuming(all: &[Article], n: usize, resume: (ArticleId, u32)) -> App {
    reader_of(
        all,
        n,
        AppOptions {
            resume: Some(resume),
            ..AppOptions::default()
        },
    )
}

#[test]
fn resume_opens_the_article_when_it_arrives() {
    let all = oldest_first(100);
    let id = all[80].id;
    let mut app = resuming(&all, 10, (id, 2));
    assert_eq!(app.pending_resume, Some((id, 2)));
    deliver(
        &mut app,
        snapshot(collection(&all[..50]), None, loading(50, 100)),
    );
    assert_eq!(app.list.selected(), Some(49), "not there yet: the newest");
    deliver(&mut app, snapshot(collection(&all), None, analysing(100)));
    assert_eq!(app.pending_resume, None);
    assert_eq!(app.list.selected(), Some(80));
    assert_eq!(app.reader.article, Some(80));
    assert_eq!(app.reader.scroll, 2.min(app.reader.max_scroll()));
}

#[test]
fn resume_does_not_yank_a_reader_who_moved() {
    let all = oldest_first(100);
    let id = all[80].id;
    let mut app = resuming(&all, 10, (id, 0));
    cmd(&mut app, &[Command::Down]);
    assert_eq!(app.pending_resume, None);
    deliver(&mut app, snapshot(collection(&all), None, analysing(100)));
    assert_eq!(app.list.selected(), Some(8));
}

#[test]
fn quitting_before_the_resumed_article_arrived_keeps_its_position() {
    let all = oldest_first(100);
    let id = all[80].id;
    let mut app = resuming(&all, 10, (id, 5));
    let effects = cmd(&mut app, &[Command::Quit]);
    assert!(effects.contains(&Effect::SavePosition {
        article: id,
        scroll: 5
    }));
}

#[test]
fn marks_of_articles_still_loading_count_when_they_arrive() {
    let all = oldest_first(20);
    let mut marks = Marks::default();
    marks.read.insert(all[15].id);
    marks.starred.insert(all[16].id);
    let mut app = reader_of(
        &all,
        10,
        AppOptions {
            marks,
            ..AppOptions::default()
        },
    );
    assert_eq!(app.unread(), 10);
    deliver(&mut app, snapshot(collection(&all), None, analysing(20)));
    assert_eq!(app.unread(), 19);
    assert!(app.is_read(15) && app.is_starred(16));
}

#[test]
fn a_search_applies_to_articles_that_arrive_later() {
    let all = oldest_first(100);
    let mut app = reader_of(&all, 10, AppOptions::default());
    cmd(&mut app, &[Command::Search]);
    let query = all[90].title.clone();
    for c in query.chars() {
        update(&mut app, Action::SearchInput(c));
    }
    update(&mut app, Action::SearchAccept);
    search_to_the_end(&mut app);
    assert!(app.list.visible().is_empty());
    deliver(&mut app, snapshot(collection(&all), None, analysing(100)));
    assert!(app.is_busy(), "the new articles' texts wait for the driver");
    search_to_the_end(&mut app);
    assert!(app.list.visible().contains(&90));
    assert!(app.list.visible().iter().all(|&i| {
        app.search
            .matches(&all[i as usize], all[i as usize].text.get().unwrap())
    }));
}

#[test]
fn a_smaller_or_different_collection_is_taken_safely() {
    let all = oldest_first(60);
    let mut app = reader_of(&all, 60, AppOptions::default());
    cmd(&mut app, &[Command::Down, Command::Down, Command::Open]);
    let open_id = all[app.reader.article.unwrap()].id;
    // Half of them, in another order: the open article is still there, elsewhere.
    let open = app.reader.article.unwrap();
    let mut other: Vec<Article> = all
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 2 == open % 2)
        .map(|(_, a)| a.clone())
        .collect();
    other.reverse();
    assert!(other.iter().any(|a| a.id == open_id));
    deliver(&mut app, snapshot(collection(&other), None, analysing(30)));
    let a = app.reader.article.expect("still open");
    assert_eq!(app.corpus().articles[a].id, open_id);
    assert_eq!(app.list.selected(), Some(a));
    draw(&app);
    // Without the open article: the list's cursor article opens instead.
    let without: Vec<Article> = other.iter().filter(|x| x.id != open_id).cloned().collect();
    deliver(
        &mut app,
        snapshot(collection(&without), None, analysing(29)),
    );
    assert!(app.reader.article.is_some_and(|a| a < without.len()));
    cmd(&mut app, &[Command::Back, Command::Forward]);
    draw(&app);
    // Nothing at all.
    deliver(&mut app, snapshot(collection(&[]), None, Progress::ready()));
    assert_eq!(app.list.selected(), None);
    assert_eq!(app.reader.article, None);
    let every: Vec<Command> = Command::ALL
        .into_iter()
        .filter(|&c| c != Command::Quit)
        .collect();
    cmd(&mut app, &every);
    cmd(&mut app, &[Command::Back, Command::Back, Command::Forward]);
    update(&mut app, Action::CloseOverlay);
    let screen = draw(&app);
    assert!(
        screen.contains("Articles 0") && !screen.contains("Loading"),
        "{screen}"
    );
    // And back again.
    deliver(
        &mut app,
        snapshot(collection(&all), None, Progress::ready()),
    );
    assert!(app.list.selected().is_some());
    draw(&app);
}

#[test]
fn the_analysis_fills_in_the_sidebar_when_it_arrives() {
    let all = oldest_first(20);
    let mut app = reader_of(&all, 5, AppOptions::default());
    assert!(!app.sidebar.names_entities());
    let full = collection(&all);
    let analysis = Arc::new(synthetic::place_analysis(&full.corpus));
    deliver(&mut app, snapshot(Arc::clone(&full), None, analysing(20)));
    assert_eq!(app.progress.stage, Stage::Analysing);
    deliver(&mut app, snapshot(full, Some(analysis), Progress::ready()));
    assert!(app.analysis.is_some());
    assert_eq!(app.progress.stage, Stage::Ready);
    assert!(app.sidebar.names_entities());
}

#[test]
fn the_open_articles_entities_show_as_soon_as_they_are_found() {
    let all = oldest_first(20);
    let mut app = reader_of(&all, 20, AppOptions::default());
    let full = collection(&all);
    let open = app.reader.article.expect("an article is open");
    let names = synthetic::place_names();
    let early = Arc::new(crate::collection::EarlyEntities::new(20));
    let with_early = |early: &Arc<crate::collection::EarlyEntities>| Snapshot {
        early: Some(Arc::clone(early)),
        ..snapshot(Arc::clone(&full), None, analysing(20))
    };
    // Another article's entities change nothing.
    let other = (open + 1) % 20;
    early.set(
        other,
        synthetic::recognise_names(&all[other], &names).into(),
    );
    deliver(&mut app, with_early(&early));
    let named = |app: &App| -> Vec<String> {
        app.sidebar
            .rows
            .iter()
            .filter_map(|r| match r {
                Row::Named { name, here, .. } => Some(format!("{name} {here}")),
                _ => None,
            })
            .collect()
    };
    assert!(named(&app).is_empty());

    // The open article's: named in the sidebar (with how often), highlighted in the text.
    let doc = synthetic::recognise_names(&all[open], &names);
    assert!(!doc.is_empty(), "the synthetic article names places");
    let expected: Vec<String> = doc
        .iter()
        .map(|e| format!("{} {}", e.name, e.count))
        .collect();
    early.set(open, doc.into());
    deliver(&mut app, with_early(&early));
    let mut shown = named(&app);
    shown.sort();
    let mut expected = expected;
    expected.sort();
    assert_eq!(shown, expected);
    assert!(
        app.sidebar
            .cursor
            .is_none_or(|c| !matches!(app.sidebar.rows[c], Row::Named { .. }))
    );
    let screen = draw(&app);
    assert!(screen.contains("related stories once all"), "{screen}");

    // The analysis replaces them with the collection's entities.
    let analysis = Arc::new(synthetic::place_analysis(&full.corpus));
    deliver(&mut app, snapshot(full, Some(analysis), Progress::ready()));
    assert!(named(&app).is_empty());
    assert!(app.sidebar.names_entities());
}

#[test]
fn load_problems_are_noted_once_when_the_last_article_arrived() {
    let all = oldest_first(20);
    let mut app = reader_of(&all, 5, AppOptions::default());
    let report = LoadReport {
        loaded: 20,
        skipped: (0..3)
            .map(|i| Skip {
                path: format!("bad{i}.txt"),
                reason: "not text".into(),
            })
            .collect(),
        warnings: vec![Warning {
            path: "odd.txt".into(),
            message: "date guessed".into(),
        }],
        ..LoadReport::default()
    };
    let full = collection_with(&all, report);
    deliver(&mut app, snapshot(Arc::clone(&full), None, loading(20, 20)));
    assert_eq!(app.notice, None, "still loading");
    deliver(&mut app, snapshot(Arc::clone(&full), None, analysing(20)));
    assert_eq!(
        app.notice.as_deref(),
        Some("3 files skipped, 1 warning (details: dateline check)")
    );
    cmd(&mut app, &[Command::Down]);
    deliver(&mut app, snapshot(full, None, Progress::ready()));
    assert_eq!(app.notice, None, "once");
}

#[test]
fn a_failed_analysis_is_shown_and_the_articles_stay() {
    let all = oldest_first(20);
    let mut app = reader_of(&all, 20, AppOptions::default());
    deliver(
        &mut app,
        snapshot(
            collection(&all),
            None,
            Progress {
                problem: Some("worker panicked".into()),
                ..Progress::ready()
            },
        ),
    );
    assert!(draw(&app).contains("no analysis: worker panicked"));
    cmd(&mut app, &[Command::FocusEntities]);
    assert_eq!(app.notice.as_deref(), Some("no analysis (it failed)"));
    assert_eq!(app.list.visible().len(), 20);
}

#[test]
fn an_empty_list_while_loading_says_so() {
    let all = oldest_first(10);
    let app = reader_of(&all, 0, AppOptions::default());
    let screen = draw(&app);
    assert!(screen.contains("Loading…"), "{screen}");
    assert!(!screen.contains("No articles"));
    assert!(screen.contains("loading 0 / 10"), "{screen}");
}

#[test]
fn the_entity_filter_and_history_outlive_a_collection_and_analysis_renumbered() {
    let all = oldest_first(30);
    let first = collection(&all);
    let first_analysis = Arc::new(synthetic::place_analysis(&first.corpus));
    let mut app = App::from_snapshot(
        snapshot(first, Some(first_analysis), Progress::ready()),
        AppOptions {
            size: (120, 40),
            ..AppOptions::default()
        },
    );
    cmd(&mut app, &[Command::Down, Command::Down, Command::Open]);
    let was_open = app.corpus().articles[app.reader.article.unwrap()].id;
    cmd(&mut app, &[Command::FocusEntities, Command::Open]);
    let filter = app.entity_filter.clone().expect("filtered by an entity");
    let filtered_ids = |app: &App| -> Vec<ArticleId> {
        let f = app.entity_filter.as_ref().unwrap();
        let mut ids: Vec<ArticleId> = f
            .articles
            .iter()
            .map(|&a| app.corpus().articles[a as usize].id)
            .collect();
        ids.sort_unstable();
        ids
    };
    let ids_before = filtered_ids(&app);

    // The same articles in another order, analysed again: indexes and entity ids both change.
    let mut reordered = all.clone();
    reordered.rotate_left(7);
    reordered.reverse();
    let second = collection(&reordered);
    let second_analysis = Arc::new(synthetic::place_analysis(&second.corpus));
    assert_ne!(
        second_analysis.entity_with_key(&filter.key),
        Some(filter.id),
        "the test needs the entity's id to change"
    );
    deliver(
        &mut app,
        snapshot(second, Some(second_analysis), Progress::ready()),
    );
    let now = app.entity_filter.clone().expect("still filtered");
    assert_eq!(
        (now.key.as_str(), now.name.as_str()),
        (filter.key.as_str(), filter.name.as_str())
    );
    assert_eq!(
        filtered_ids(&app),
        ids_before,
        "the same articles, found by key"
    );

    // Back returns to the article the reader left, wherever it is now.
    cmd(&mut app, &[Command::Back]);
    assert!(app.entity_filter.is_none());
    let open = app.reader.article.unwrap();
    assert_eq!(app.corpus().articles[open].id, was_open);
    assert_eq!(app.list.selected(), Some(open));
}
