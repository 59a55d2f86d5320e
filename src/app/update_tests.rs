//! `update` without a terminal: navigation, opening, history, search, marks.

use super::sidebar::Row;
use super::*;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

fn app_with(n: usize, w: u16, h: u16) -> App {
    synthetic::reader(synthetic::corpus(n), w, h)
}

fn run(app: &mut App, commands: &[Command]) -> Vec<Effect> {
    commands
        .iter()
        .flat_map(|&c| update(app, Action::Command(c)))
        .collect()
}

/// A key, and then what the driver does before the next frame: a search reads on to its end.
fn key(app: &mut App, code: KeyCode) -> Vec<Effect> {
    let effects = key_alone(app, code);
    finish_search(app);
    effects
}

/// A key's update alone, with no driver behind it.
fn key_alone(app: &mut App, code: KeyCode) -> Vec<Effect> {
    let ev = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    match input::translate(app, &ev) {
        Some(a) => update(app, a),
        None => vec![],
    }
}

fn type_str(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn type_alone(app: &mut App, s: &str) {
    for c in s.chars() {
        key_alone(app, KeyCode::Char(c));
    }
}

#[test]
fn the_list_moves_and_previews_articles() {
    let mut app = app_with(100, 120, 40);
    assert_eq!(app.list.selected(), Some(0));
    assert_eq!(
        app.reader.article,
        Some(0),
        "the newest article opens at start"
    );
    run(&mut app, &[Command::Down, Command::Down]);
    assert_eq!(app.reader.article, Some(2));
    run(&mut app, &[Command::Bottom]);
    assert_eq!(app.list.selected(), Some(99));
    assert!(app.list.offset() > 0, "the cursor stays on screen");
    run(&mut app, &[Command::PageUp]);
    assert_eq!(app.list.cursor(), 99 - (app.list_rows() - 1));
    run(&mut app, &[Command::Top, Command::Up]);
    assert_eq!(app.list.cursor(), 0);
}

#[test]
fn the_article_scrolls_within_its_length() {
    let mut app = app_with(3, 60, 12);
    run(&mut app, &[Command::Open]);
    assert_eq!(app.focus, Focus::ARTICLE);
    let max = app.reader.max_scroll();
    assert!(max > 0, "a long article at 60x12");
    run(&mut app, &[Command::Down, Command::HalfPageDown]);
    assert_eq!(app.reader.scroll, 1 + app.reader.rows / 2);
    run(
        &mut app,
        &[Command::Bottom, Command::Down, Command::PageDown],
    );
    assert_eq!(app.reader.scroll, max);
    assert_eq!(app.reader.percent(), 100);
    run(&mut app, &[Command::PageUp, Command::Top]);
    assert_eq!(app.reader.scroll, 0);
}

#[test]
fn focus_cycles_and_steps() {
    let mut app = app_with(3, 120, 40);
    run(
        &mut app,
        &[Command::FocusNext, Command::FocusNext, Command::FocusNext],
    );
    assert_eq!(app.focus, Focus::LIST);
    run(&mut app, &[Command::FocusPrev]);
    assert_eq!(app.focus, Focus::SIDEBAR);
    run(&mut app, &[Command::FocusRight]);
    assert_eq!(app.focus, Focus::SIDEBAR, "l stops at the right edge");
    run(
        &mut app,
        &[Command::FocusLeft, Command::FocusLeft, Command::FocusLeft],
    );
    assert_eq!(app.focus, Focus::LIST);
}

#[test]
fn opening_marks_read_once_and_toggles_come_out_as_effects() {
    let mut app = app_with(3, 120, 40);
    let id = app.corpus().articles[0].id;
    assert_eq!(app.unread(), 3);
    assert_eq!(
        run(&mut app, &[Command::Open]),
        vec![Effect::MarkRead(id, true)]
    );
    assert_eq!(app.unread(), 2);
    assert!(
        run(&mut app, &[Command::FocusLeft, Command::Open]).is_empty(),
        "already read"
    );
    assert_eq!(
        run(&mut app, &[Command::ToggleRead]),
        vec![Effect::MarkRead(id, false)]
    );
    assert_eq!(app.unread(), 3);
    assert_eq!(
        run(&mut app, &[Command::ToggleStar]),
        vec![Effect::MarkStarred(id, true)]
    );
    assert!(app.is_starred(0));
    assert_eq!(
        run(&mut app, &[Command::ToggleStar]),
        vec![Effect::MarkStarred(id, false)]
    );
}

#[test]
fn seeded_marks_count_only_this_collection() {
    let collection = Arc::new(Collection::new(synthetic::corpus(4)));
    let mut marks = Marks::default();
    marks.read.insert(collection.corpus.articles[1].id);
    marks.read.insert(ArticleId(42));
    let app = App::new(
        collection,
        AppOptions {
            keymap: Arc::new(Keymap::default()),
            marks,
            size: (120, 40),
            ..AppOptions::default()
        },
    );
    assert_eq!(app.unread(), 3);
    assert!(app.is_read(1));
}

/// Follows the open article's first read-more link from the sidebar.
fn follow_link(app: &mut App) -> usize {
    run(app, &[Command::FocusRight, Command::FocusRight]);
    assert_eq!(app.focus, Focus::SIDEBAR);
    let Some(Row::Link {
        target: Some(t), ..
    }) = app.sidebar.selected().cloned()
    else {
        panic!(
            "the cursor is on a resolved link: {:?}",
            app.sidebar.selected()
        );
    };
    run(app, &[Command::Open]);
    t
}

#[test]
fn history_restores_article_scroll_and_focus() {
    let mut app = app_with(10, 120, 40);
    run(
        &mut app,
        &[Command::Down, Command::Open, Command::Down, Command::Down],
    );
    assert_eq!((app.reader.article, app.reader.scroll), (Some(1), 2));
    let target = follow_link(&mut app);
    assert_eq!(app.reader.article, Some(target));
    assert_eq!(app.focus, Focus::ARTICLE);
    assert_eq!(
        app.list.selected(),
        Some(target),
        "the list follows the jump"
    );
    run(&mut app, &[Command::Down]);

    run(&mut app, &[Command::Back]);
    assert_eq!(app.reader.article, Some(1));
    assert_eq!(app.reader.scroll, 2);
    assert_eq!(
        app.focus,
        Focus::SIDEBAR,
        "focus as it was when the jump was made"
    );
    assert_eq!(app.list.selected(), Some(1));

    run(&mut app, &[Command::Back]);
    assert_eq!(app.reader.article, Some(1));
    assert_eq!(
        app.focus,
        Focus::LIST,
        "before Enter, the list had the focus"
    );

    run(&mut app, &[Command::Forward, Command::Forward]);
    assert_eq!((app.reader.article, app.reader.scroll), (Some(target), 1));
    assert_eq!(app.focus, Focus::ARTICLE);
    run(&mut app, &[Command::Forward]);
    assert!(app.notice.is_some(), "nothing forward is said, not ignored");
}

#[test]
fn backspace_and_ctrl_o_go_back() {
    let mut app = app_with(10, 120, 40);
    run(&mut app, &[Command::Open]);
    follow_link(&mut app);
    key(&mut app, KeyCode::Backspace);
    assert_eq!(app.reader.article, Some(0));
    follow_link(&mut app);
    let ev = Event::Key(KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL));
    let action = input::translate(&app, &ev).unwrap();
    update(&mut app, action);
    assert_eq!(app.reader.article, Some(0));
}

/// Articles whose title or text contains `q`, by brute force.
fn expected(app: &App, q: &str) -> Vec<u32> {
    let mut v: Vec<u32> = (0..app.corpus().articles.len() as u32)
        .filter(|&i| {
            let a = &app.corpus().articles[i as usize];
            a.title.contains(q) || a.text.get().unwrap().contains(q)
        })
        .collect();
    v.sort_by_key(|&i| app.list.visible().iter().position(|&x| x == i));
    v
}

#[test]
fn search_filters_incrementally_and_steps_through_matches() {
    let mut app = app_with(200, 120, 40);
    key(&mut app, KeyCode::Char('/'));
    assert!(app.search.editing);
    type_str(&mut app, "(1");
    // Titles end in "(i)" and each article's read-more names the next one.
    assert_eq!(app.list.visible(), expected(&app, "(1"));
    assert!(app.list.visible().len() > 100);
    type_str(&mut app, "2");
    assert_eq!(app.list.visible(), expected(&app, "(12"));
    key(&mut app, KeyCode::Backspace);
    assert_eq!(
        app.list.visible(),
        expected(&app, "(1"),
        "deleting widens again"
    );
    type_str(&mut app, "9)");
    assert_eq!(app.list.visible(), &[18, 19]);
    assert_eq!(app.reader.article, Some(18), "the first match is shown");
    key(&mut app, KeyCode::Enter);
    assert!(!app.search.editing && app.search.is_active());
    assert_eq!(app.reader.matches.len(), 1, "article 18 names (19) once");

    // n and N move through the matches in the text, wrapping around.
    key(&mut app, KeyCode::Char('n'));
    let first = app.reader.current_spot.unwrap();
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(
        app.reader.current_spot,
        Some(first),
        "one match: n wraps to it"
    );
    key(&mut app, KeyCode::Char('N'));
    assert_eq!(app.reader.current_spot, Some(first));

    run(&mut app, &[Command::Down]);
    assert_eq!(app.reader.article, Some(19));
    assert!(
        app.reader.matches.is_empty(),
        "19 has the query only in its title"
    );
    key(&mut app, KeyCode::Esc);
    assert!(!app.search.is_active());
    assert_eq!(app.list.visible().len(), 200);
    assert_eq!(
        app.list.selected(),
        Some(19),
        "the cursor stays on the article"
    );
}

#[test]
fn search_is_case_insensitive_and_reveals_matches_in_the_text() {
    let mut app = app_with(5, 60, 14);
    key(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "DUSK");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.list.visible().len(), 5, "every caption mentions dusk");
    key(&mut app, KeyCode::Char('n'));
    let (start, _) = app.reader.current_spot.unwrap();
    let line = app.reader.wrapped.line_of_offset(start).unwrap();
    assert!(
        (app.reader.scroll..app.reader.scroll + app.reader.rows).contains(&line),
        "the match's line is on screen"
    );
}

#[test]
fn a_search_with_no_result_empties_the_list_safely() {
    let mut app = app_with(5, 80, 24);
    key(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "zzzz");
    assert!(app.list.visible().is_empty());
    assert_eq!(app.list.selected(), None);
    run(
        &mut app,
        &[Command::Down, Command::Open, Command::Bottom, Command::Copy],
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.list.visible().len(), 5);
}

#[test]
fn ctrl_c_quits_from_the_search_prompt() {
    let mut app = app_with(5, 80, 24);
    key(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "talks");
    let ev = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    let action = input::translate(&app, &ev).expect("an action");
    let effects = update(&mut app, action);
    assert!(effects.contains(&Effect::Quit) && app.quitting);
}

#[test]
fn keys_type_into_the_prompt_not_the_keymap() {
    let mut app = app_with(5, 80, 24);
    key(&mut app, KeyCode::Char('/'));
    let effects = key(&mut app, KeyCode::Char('q'));
    assert!(
        effects.is_empty() && !app.quitting,
        "q is a letter while searching"
    );
    assert_eq!(app.search.query, "q");
    let release = Event::Key(KeyEvent {
        kind: KeyEventKind::Release,
        ..KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE)
    });
    assert_eq!(
        input::translate(&app, &release),
        None,
        "key releases change nothing"
    );
}

#[test]
fn sort_toggle_keeps_the_article() {
    let mut app = app_with(10, 120, 40);
    run(
        &mut app,
        &[Command::Down, Command::Down, Command::ToggleSort],
    );
    assert_eq!(app.list.visible()[0], 9, "oldest first");
    assert_eq!(app.list.selected(), Some(2));
}

#[test]
fn resize_rewraps_and_keeps_the_place() {
    let mut app = app_with(3, 120, 40);
    run(
        &mut app,
        &[
            Command::Open,
            Command::Down,
            Command::Down,
            Command::Down,
            Command::Down,
        ],
    );
    let top = |app: &App| match app.reader.wrapped.lines[app.reader.scroll].text {
        super::wrapped::LineText::Text(s, _) => s,
        _ => 0,
    };
    let before = top(&app);
    update(&mut app, Action::Resize(60, 20));
    assert_eq!(
        app.reader.wrapped.width,
        layout::article_text_area(app.panes.article).width
    );
    let after = top(&app);
    let line = app.reader.wrapped.line_of_offset(before).unwrap();
    assert_eq!(
        app.reader.scroll, line,
        "the same text stays at the top ({before} vs {after})"
    );
    update(&mut app, Action::Resize(1, 1));
    update(&mut app, Action::Resize(0, 0));
    run(
        &mut app,
        &[Command::Down, Command::PageDown, Command::Bottom],
    );
    update(&mut app, Action::Resize(120, 40));
    assert!(app.reader.scroll <= app.reader.max_scroll());
}

#[test]
fn help_opens_scrolls_and_closes() {
    let mut app = app_with(3, 80, 24);
    key(&mut app, KeyCode::Char('?'));
    assert_eq!(app.overlay, Some(Overlay::Help { scroll: 0 }));
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.overlay, Some(Overlay::Help { scroll: 1 }));
    assert_eq!(app.list.cursor(), 0, "keys go to the help, not the list");
    key(&mut app, KeyCode::Char('?'));
    assert_eq!(app.overlay, None);
    key(&mut app, KeyCode::Char('?'));
    key(&mut app, KeyCode::Char('x'));
    assert_eq!(app.overlay, None, "an unbound key closes it too");
}

#[test]
fn quit_saves_the_position() {
    let mut app = app_with(3, 120, 40);
    run(&mut app, &[Command::Open, Command::Down]);
    let id = app.corpus().articles[0].id;
    assert_eq!(
        key(&mut app, KeyCode::Char('q')),
        vec![
            Effect::SavePosition {
                article: id,
                scroll: 1
            },
            Effect::Quit
        ]
    );
}

#[test]
fn copy_sends_the_title() {
    let mut app = app_with(3, 120, 40);
    let title = app.corpus().articles[0].title.clone();
    assert_eq!(key(&mut app, KeyCode::Char('y')), vec![Effect::Copy(title)]);
}

#[test]
fn resumes_where_the_reader_left_off() {
    let collection = Arc::new(Collection::new(synthetic::corpus(50)));
    let id = collection.corpus.articles[30].id;
    let app = App::new(
        collection,
        AppOptions {
            size: (120, 40),
            resume: Some((id, 3)),
            ..AppOptions::default()
        },
    );
    assert_eq!(app.list.selected(), Some(30));
    assert_eq!((app.reader.article, app.reader.scroll), (Some(30), 3));
}

fn analysed(n: usize, w: u16, h: u16) -> App {
    synthetic::analysed_reader(synthetic::corpus(n), w, h, &synthetic::place_names())
}

fn entity_row_name(app: &App) -> String {
    match app.sidebar.selected() {
        Some(Row::Entity { name, .. }) => name.clone(),
        other => panic!("not on an entity: {other:?}"),
    }
}

#[test]
fn e_selects_an_entity_and_n_walks_its_mentions() {
    let mut app = analysed(20, 120, 40);
    key(&mut app, KeyCode::Char('e'));
    assert_eq!(app.focus, Focus::SIDEBAR);
    let name = entity_row_name(&app);
    let id = app.selected_entity().expect("an entity is selected");
    let a = app.reader.article.unwrap();
    let mentions = app.mentions_of(a, id);
    assert!(!mentions.is_empty());
    key(&mut app, KeyCode::Char('n'));
    let (s, e) = app.reader.current_spot.unwrap();
    assert_eq!(
        &app.corpus().articles[a].text.get().unwrap()[s as usize..e as usize],
        name
    );
    for _ in 0..mentions.len() {
        key(&mut app, KeyCode::Char('n'));
    }
    assert_eq!(app.reader.current_spot, Some((s, e)), "n wraps around");
    key(&mut app, KeyCode::Char('N'));
    assert_eq!(app.reader.current_spot, mentions.last().copied());
    // Another entity: n starts again.
    key(&mut app, KeyCode::Char('j'));
    assert_ne!(app.selected_entity(), Some(id));
    assert_eq!(app.reader.current_spot, None);
}

#[test]
fn enter_on_an_entity_filters_the_list_and_esc_and_back_undo_it() {
    let mut app = analysed(30, 120, 40);
    key(&mut app, KeyCode::Char('e'));
    let id = app.selected_entity().unwrap();
    let an = app.analysis.clone().unwrap();
    let mentioning: Vec<u32> = an.articles_mentioning(id).iter().map(|&(a, _)| a).collect();
    assert!(mentioning.len() < 30, "a filter that filters");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.focus, Focus::LIST);
    let mut shown = app.list.visible().to_vec();
    shown.sort_unstable();
    assert_eq!(shown, mentioning);
    assert_eq!(app.entity_filter.as_ref().map(|f| f.id), Some(id));
    // Moving through the filtered list keeps the entity selected in every article.
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.selected_entity(), Some(id));
    key(&mut app, KeyCode::Esc);
    assert!(app.entity_filter.is_none());
    assert_eq!(app.list.visible().len(), 30);

    key(&mut app, KeyCode::Char('e'));
    key(&mut app, KeyCode::Enter);
    assert!(app.entity_filter.is_some());
    key(&mut app, KeyCode::Backspace);
    assert!(app.entity_filter.is_none(), "back undoes the filter jump");
    assert_eq!(app.focus, Focus::SIDEBAR);
    key(&mut app, KeyCode::Char('f'));
    assert!(app.entity_filter.is_some(), "and forward redoes it");
}

#[test]
fn related_jump_and_back() {
    let mut app = analysed(30, 120, 40);
    let start = app.reader.article.unwrap();
    key(&mut app, KeyCode::Char('r'));
    let Some(Row::Link {
        target: Some(t), ..
    }) = app.sidebar.selected().cloned()
    else {
        panic!("r puts the cursor on a related story");
    };
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.reader.article, Some(t));
    key(&mut app, KeyCode::Backspace);
    assert_eq!(app.reader.article, Some(start));
    assert_eq!(app.focus, Focus::SIDEBAR);
}

#[test]
fn brackets_step_through_the_story() {
    let mut app = analysed(30, 120, 40);
    let an = app.analysis.clone().unwrap();
    let (a, next) = (0..30)
        .find_map(|a| an.story_neighbours(a).1.map(|n| (a, n)))
        .expect("some story with two articles");
    let rows = app.list_rows();
    app.list.select_article(a, rows);
    update(&mut app, Action::Command(Command::Top));
    app.list.select_article(a, rows);
    run(&mut app, &[Command::Down, Command::Up]);
    assert_eq!(app.reader.article, Some(a));
    key(&mut app, KeyCode::Char(']'));
    assert_eq!(app.reader.article, Some(next));
    key(&mut app, KeyCode::Char('['));
    assert_eq!(app.reader.article, Some(a));
    key(&mut app, KeyCode::Backspace);
    assert_eq!(
        app.reader.article,
        Some(next),
        "each step is in the history"
    );
}

#[test]
fn the_analysis_can_arrive_later() {
    let mut app = app_with(10, 120, 40);
    key(&mut app, KeyCode::Char('e'));
    assert_eq!(app.notice.as_deref(), Some("the analysis is not ready yet"));
    assert!(!app.sidebar.names_entities());
    let analysis = synthetic::place_analysis(&app.collection.corpus);
    let ready =
        crate::collection::Snapshot::ready(Arc::clone(&app.collection), Some(Arc::new(analysis)));
    update(&mut app, Action::Opening(action::SharedSnapshot(ready)));
    assert!(app.sidebar.names_entities());
}

#[test]
fn copy_in_the_sidebar_copies_the_entity() {
    let mut app = analysed(5, 120, 40);
    key(&mut app, KeyCode::Char('e'));
    let name = entity_row_name(&app);
    assert_eq!(key(&mut app, KeyCode::Char('y')), vec![Effect::Copy(name)]);
}

#[test]
fn unread_and_starred_only() {
    let mut app = app_with(10, 120, 40);
    run(
        &mut app,
        &[
            Command::Open,
            Command::FocusLeft,
            Command::Down,
            Command::ToggleStar,
        ],
    );
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(app.marks_filter, MarksFilter::Unread);
    assert_eq!(app.list.visible().len(), 9, "article 0 was read");
    assert!(!app.list.visible().contains(&0));
    run(&mut app, &[Command::Open]);
    assert_eq!(
        app.list.visible().len(),
        9,
        "opening does not pull the row away"
    );
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(app.list.visible(), &[1], "starred only");
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(app.list.visible().len(), 10);
}

#[test]
fn number_keys_pick_the_tab() {
    let mut app = app_with(3, 60, 20);
    for (c, focus) in [
        ('3', Focus::SIDEBAR),
        ('2', Focus::ARTICLE),
        ('1', Focus::LIST),
    ] {
        key(&mut app, KeyCode::Char(c));
        assert_eq!(app.focus, focus);
    }
}

#[test]
fn long_entity_lists_fold_and_enter_unfolds_them() {
    use crate::entity::EntityKind;
    let corpus = crate::corpus::load_embedded();
    let analysis = Analysis::build(&corpus);
    let mut app = App::from_snapshot(
        crate::collection::Snapshot::ready(
            Arc::new(Collection::new(corpus)),
            Some(Arc::new(analysis)),
        ),
        AppOptions {
            size: (120, 40),
            ..AppOptions::default()
        },
    );
    let places = |app: &App| {
        app.sidebar
            .rows
            .iter()
            .filter(|r| {
                matches!(
                    r,
                    Row::Entity {
                        kind: EntityKind::Place,
                        ..
                    }
                )
            })
            .count()
    };
    // The newest seed names more places than fit: the first few show, the rest fold.
    assert_eq!(places(&app), sidebar::FOLDED_PER_KIND);
    let fold = app
        .sidebar
        .rows
        .iter()
        .position(|r| {
            matches!(
                r,
                Row::More {
                    kind: EntityKind::Place,
                    ..
                }
            )
        })
        .expect("a fold row for places");
    let related = app
        .sidebar
        .rows
        .iter()
        .position(|r| matches!(r, Row::Heading(h) if h == "Related"))
        .expect("related stories");
    assert!(related < app.sidebar_rows(), "related stories are in view");
    app.focus = Focus::SIDEBAR;
    app.sidebar.cursor = Some(fold);
    run(&mut app, &[Command::Open]);
    assert!(places(&app) > sidebar::FOLDED_PER_KIND + 1);
    assert!(matches!(
        app.sidebar.selected(),
        Some(Row::Entity {
            kind: EntityKind::Place,
            ..
        })
    ));
    assert!(!app.sidebar.rows.iter().any(|r| matches!(
        r,
        Row::More {
            kind: EntityKind::Place,
            ..
        }
    )));
}

/// Rows in list order whose title or text contains `q`, by brute force.
fn matching_in_order(app: &App, q: &str) -> Vec<u32> {
    app.list
        .order()
        .iter()
        .copied()
        .filter(|&i| {
            let a = &app.corpus().articles[i as usize];
            a.title.contains(q) || a.text.get().unwrap().contains(q)
        })
        .collect()
}

/// What the driver does while the reader is busy: a step of the search, reading texts.
fn search_step(app: &mut App) {
    super::continue_search(app, &|a| a.text.read());
}

fn finish_search(app: &mut App) -> usize {
    let mut steps = 0;
    while app.is_busy() {
        search_step(app);
        steps += 1;
        assert!(steps < 10_000, "the search never ends");
    }
    steps
}

#[test]
fn a_search_through_a_large_collection_reads_it_a_step_at_a_time() {
    let mut app = app_with(6000, 120, 40);
    let text: usize = app.corpus().articles.iter().map(|a| a.text.len()).sum();
    assert!(
        text > 3 * search::SCAN_STEP_BYTES,
        "{text} bytes: too small to need steps"
    );
    // The cursor is on an article the search will find, far down the list.
    let target = matching_in_order(&app, "(3")[900];
    let rows = app.list_rows();
    app.list.select_article(target as usize, rows);

    key_alone(&mut app, KeyCode::Char('/'));
    type_alone(&mut app, "(3");
    assert!(app.list.visible().is_empty(), "update reads no text");
    search_step(&mut app);
    assert!(app.is_busy(), "one step reads only part of the collection");
    let partial = app.list.visible().len();
    assert!(partial > 0 && partial < matching_in_order(&app, "(3").len());
    assert!(finish_search(&mut app) >= 2);
    assert_eq!(app.list.visible(), matching_in_order(&app, "(3"));
    assert_eq!(
        app.list.selected(),
        Some(target as usize),
        "back on its article"
    );

    // A letter typed while it reads narrows what it had found plus what it had not read.
    key_alone(&mut app, KeyCode::Backspace);
    key_alone(&mut app, KeyCode::Backspace);
    assert_eq!(
        app.list.visible().len(),
        6000,
        "an empty query shows everything at once"
    );
    type_alone(&mut app, "(");
    assert!(app.is_busy());
    type_alone(&mut app, "31");
    finish_search(&mut app);
    assert_eq!(app.list.visible(), matching_in_order(&app, "(31"));

    // Esc mid-way stops it and shows everything again.
    key_alone(&mut app, KeyCode::Backspace);
    key_alone(&mut app, KeyCode::Backspace);
    assert!(app.is_busy());
    key_alone(&mut app, KeyCode::Esc);
    assert!(!app.is_busy());
    assert_eq!(app.list.visible().len(), 6000);
}
