//! The reader as people see it: whole screens drawn into a `TestBackend` and compared with the
//! committed snapshots, at 120×40 (three panes), 80×24 and 50×15 (one pane under tabs).

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use dateline::app::keymap::Keymap;
use dateline::app::synthetic::reader;
use dateline::app::{self, App, AppOptions, Marks, input, synthetic};
use dateline::collection::Collection;
use dateline::corpus::load_embedded;
use dateline::driver::recording::screen_text;
use dateline::entity::EntityKind;
use dateline::ui::symbols::Symbols;
use dateline::ui::theme::{ColorDepth, Theme};
use dateline::ui::{self, Look};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;
use std::sync::Arc;

fn look(depth: ColorDepth, symbols: Symbols) -> Look {
    Look {
        theme: Theme::new(depth),
        symbols,
    }
}

fn unicode() -> Look {
    look(ColorDepth::Ansi16, Symbols::UNICODE)
}

fn seeds(w: u16, h: u16) -> App {
    reader(load_embedded(), w, h)
}

/// The names the seeds' screens are tested with (a stand-in for the recogniser, so these screens
/// do not change when it improves).
const SEED_NAMES: &[(&str, EntityKind, &str)] = &[
    ("Nikol Pashinyan", EntityKind::Person, "Nikol Pashinyan"),
    ("Pashinyan", EntityKind::Person, "Nikol Pashinyan"),
    ("Vladimir Putin", EntityKind::Person, "Vladimir Putin"),
    ("Ilham Aliyev", EntityKind::Person, "Ilham Aliyev"),
    ("Aliyev", EntityKind::Person, "Ilham Aliyev"),
    ("Armenia", EntityKind::Place, "Armenia"),
    ("Azerbaijan", EntityKind::Place, "Azerbaijan"),
    ("Nagorno-Karabakh", EntityKind::Place, "Nagorno-Karabakh"),
    ("Karabakh", EntityKind::Place, "Nagorno-Karabakh"),
    ("Russia", EntityKind::Place, "Russia"),
    ("Yerevan", EntityKind::Place, "Yerevan"),
    ("Baku", EntityKind::Place, "Baku"),
    ("Geneva", EntityKind::Place, "Geneva"),
    ("Reuters", EntityKind::Org, "Reuters"),
    ("Armenian", EntityKind::Group, "Armenian"),
    ("Russian", EntityKind::Group, "Russian"),
    ("Saturday", EntityKind::Date, "Saturday"),
];

/// The seeds with their analysis built from [`SEED_NAMES`].
fn analysed_seeds(w: u16, h: u16) -> App {
    synthetic::analysed_reader(load_embedded(), w, h, SEED_NAMES)
}

/// Whether the cells showing `word` on screen (its first occurrence in the article pane) carry
/// `modifier`.
fn word_has(buffer: &Buffer, word: &str, from_x: u16, modifier: Modifier) -> bool {
    let s = screen_text(buffer);
    for (y, line) in s.lines().enumerate() {
        let cells: Vec<&str> = (0..buffer.area.width)
            .map(|x| buffer[(x, y as u16)].symbol())
            .collect();
        let row: String = cells.concat();
        if let Some(byte) = row.get(from_x as usize..).and_then(|r| r.find(word)) {
            let x = from_x as usize + row[from_x as usize..][..byte].chars().count();
            let _ = line;
            return buffer[(x as u16, y as u16)].modifier.contains(modifier);
        }
    }
    false
}

/// Presses keys as a person would: through the same translation the drivers use, with what a
/// driver does before it draws (a search reads on through the texts).
fn press(app: &mut App, keys: &[KeyCode]) {
    for &code in keys {
        let ev = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
        if let Some(action) = input::translate(app, &ev) {
            app::update(app, action);
        }
        while app.is_busy() {
            app::continue_search(app, &|a| a.text.read());
        }
    }
}

fn typed(s: &str) -> Vec<KeyCode> {
    s.chars().map(KeyCode::Char).collect()
}

fn draw(app: &App, look: &Look) -> Buffer {
    let mut terminal =
        Terminal::new(TestBackend::new(app.area.width, app.area.height)).expect("test backend");
    terminal
        .draw(|f| ui::render(app, look, f))
        .expect("drawing into a buffer");
    terminal.backend().buffer().clone()
}

fn screen(app: &App, look: &Look) -> String {
    screen_text(&draw(app, look))
}

#[test]
fn opening_screen_wide() {
    insta::assert_snapshot!(screen(&seeds(120, 40), &unicode()));
}

#[test]
fn opening_screen_80x24() {
    insta::assert_snapshot!(screen(&seeds(80, 24), &unicode()));
}

#[test]
fn opening_screen_50x15() {
    insta::assert_snapshot!(screen(&seeds(50, 15), &unicode()));
}

#[test]
fn article_open_50x15() {
    let mut app = seeds(50, 15);
    press(
        &mut app,
        &[KeyCode::Char('j'), KeyCode::Enter, KeyCode::Char(' ')],
    );
    insta::assert_snapshot!(screen(&app, &unicode()));
}

#[test]
fn search_active_wide() {
    let mut app = seeds(120, 40);
    press(&mut app, &[KeyCode::Char('/')]);
    press(&mut app, &typed("putin"));
    insta::assert_snapshot!(screen(&app, &unicode()));
}

#[test]
fn search_accepted_and_stepped_80x24() {
    let mut app = seeds(80, 24);
    press(&mut app, &[KeyCode::Char('/')]);
    press(&mut app, &typed("treaty"));
    press(
        &mut app,
        &[
            KeyCode::Enter,
            KeyCode::Tab,
            KeyCode::Char('n'),
            KeyCode::Char('n'),
        ],
    );
    insta::assert_snapshot!(screen(&app, &unicode()));
}

#[test]
fn search_without_results_50x15() {
    let mut app = seeds(50, 15);
    press(&mut app, &[KeyCode::Char('/')]);
    press(&mut app, &typed("zebra"));
    insta::assert_snapshot!(screen(&app, &unicode()));
}

#[test]
fn help_overlay_80x24() {
    let mut app = seeds(80, 24);
    press(&mut app, &[KeyCode::Char('?')]);
    insta::assert_snapshot!(screen(&app, &unicode()));
}

#[test]
fn help_overlay_follows_a_rebound_key() {
    let mut keymap = Keymap::default();
    keymap.rebind(app::Command::Quit, &[dateline::app::keymap::Key::char('x')]);
    let mut app = App::new(
        Arc::new(Collection::new(load_embedded())),
        AppOptions {
            keymap: Arc::new(keymap),
            marks: Marks::default(),
            size: (120, 40),
            ..AppOptions::default()
        },
    );
    press(&mut app, &[KeyCode::Char('?')]);
    let s = screen(&app, &unicode());
    let quit_row = s
        .lines()
        .find(|l| l.contains(" quit "))
        .expect("quit listed");
    assert!(quit_row.contains(" x "), "{quit_row}");
    assert!(!s.contains("q quit"));
}

#[test]
fn link_jump_and_back_wide() {
    let mut app = reader(synthetic::corpus(30), 120, 40);
    press(
        &mut app,
        &[KeyCode::Char('j'), KeyCode::Enter, KeyCode::Char('j')],
    );
    press(&mut app, &[KeyCode::Char('l'), KeyCode::Enter]);
    let jumped = screen(&app, &unicode());
    press(&mut app, &[KeyCode::Backspace]);
    let back = screen(&app, &unicode());
    insta::assert_snapshot!("link_jump_wide", jumped);
    insta::assert_snapshot!("link_jump_back_wide", back);
}

#[test]
fn no_color_80x24_keeps_styles_apart() {
    let mut app = seeds(80, 24);
    press(&mut app, &[KeyCode::Char('/')]);
    press(&mut app, &typed("armenia"));
    press(
        &mut app,
        &[KeyCode::Enter, KeyCode::Tab, KeyCode::Char('n')],
    );
    let buffer = draw(&app, &look(ColorDepth::Mono, Symbols::UNICODE));
    for cell in buffer.content() {
        assert_eq!(
            cell.fg,
            ratatui::style::Color::Reset,
            "no colour under NO_COLOR"
        );
        assert_eq!(
            cell.bg,
            ratatui::style::Color::Reset,
            "no colour under NO_COLOR"
        );
    }
    // The Debug form lists every style run, so the snapshot shows the attributes used.
    insta::assert_snapshot!(format!("{buffer:?}"));
}

#[test]
fn ascii_80x24() {
    let mut app = seeds(80, 24);
    press(&mut app, &[KeyCode::Enter]);
    let s = screen(&app, &look(ColorDepth::Ansi16, Symbols::ASCII));
    assert!(s.is_ascii(), "non-ASCII on an ASCII screen:\n{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn ascii_wide() {
    let s = screen(&seeds(120, 40), &look(ColorDepth::Ansi16, Symbols::ASCII));
    assert!(s.is_ascii(), "non-ASCII on an ASCII screen:\n{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn too_small() {
    insta::assert_snapshot!(screen(&seeds(20, 5), &unicode()));
}

#[test]
fn entities_wide() {
    insta::assert_snapshot!(screen(&analysed_seeds(120, 40), &unicode()));
}

#[test]
fn entity_selected_and_highlighted_wide() {
    let mut app = analysed_seeds(120, 40);
    // The second person of the open article, then its first mention.
    press(
        &mut app,
        &[KeyCode::Char('e'), KeyCode::Char('j'), KeyCode::Char('n')],
    );
    let buffer = draw(&app, &unicode());
    let s = screen_text(&buffer);
    let list_w = app.panes.list.width;
    let side_x = app.panes.sidebar.x;
    assert!(s.lines().any(|l| l.contains("▸ Nikol Pashinyan")), "{s}");
    assert!(
        word_has(&buffer, "Pashinyan", list_w, Modifier::REVERSED),
        "the mention is reversed"
    );
    assert!(
        !word_has(&buffer, "Aliyev", list_w, Modifier::REVERSED),
        "others are not"
    );
    let _ = side_x;
    insta::assert_snapshot!(s);
}

#[test]
fn filtered_by_entity_wide() {
    let mut app = analysed_seeds(120, 40);
    // Nikol Pashinyan, named by both seeds.
    press(
        &mut app,
        &[KeyCode::Char('e'), KeyCode::Char('j'), KeyCode::Enter],
    );
    insta::assert_snapshot!(screen(&app, &unicode()));
}

#[test]
fn filtered_by_entity_80x24() {
    let mut app = analysed_seeds(80, 24);
    press(
        &mut app,
        &[KeyCode::Char('e'), KeyCode::Char('j'), KeyCode::Enter],
    );
    let s = screen(&app, &unicode());
    assert!(s.contains("◉ Nikol Pashinyan"), "the chip shows:\n{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn related_jump_and_back_wide() {
    let mut app = analysed_seeds(120, 40);
    press(&mut app, &[KeyCode::Char('r'), KeyCode::Enter]);
    let jumped = screen(&app, &unicode());
    press(&mut app, &[KeyCode::Backspace]);
    let back = screen(&app, &unicode());
    let before = screen(
        &{
            let mut fresh = analysed_seeds(120, 40);
            press(&mut fresh, &[KeyCode::Char('r')]);
            fresh
        },
        &unicode(),
    );
    // The article and the sidebar; the list's read marks and the status line's unread count
    // know the jump was made.
    let list_w = usize::from(app.panes.list.width);
    let panes = |s: &str| {
        s.lines()
            .rev()
            .skip(1)
            .map(|l| l.chars().skip(list_w).collect::<String>())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        panes(&back),
        panes(&before),
        "back restores the screen as it was"
    );
    insta::assert_snapshot!("related_jump_wide", jumped);
    insta::assert_snapshot!("related_jump_back_wide", back);
}

#[test]
fn entities_50x15_sidebar_tab() {
    let mut app = analysed_seeds(50, 15);
    press(&mut app, &[KeyCode::Char('e')]);
    insta::assert_snapshot!(screen(&app, &unicode()));
}

#[test]
fn no_color_entities_differ_by_attribute() {
    let app = analysed_seeds(120, 40);
    let buffer = draw(&app, &look(ColorDepth::Mono, Symbols::UNICODE));
    let x = app.panes.list.width;
    // Person bold, place underlined, org bold and underlined: told apart without colour.
    // "Aliyev said" is the lead's mention (the sidebar lists the name too, in its own style).
    assert!(word_has(&buffer, "Aliyev said", x, Modifier::BOLD));
    assert!(!word_has(&buffer, "Aliyev said", x, Modifier::UNDERLINED));
    assert!(word_has(
        &buffer,
        "Russia to intervene",
        x,
        Modifier::UNDERLINED
    ));
    assert!(!word_has(&buffer, "Russia to intervene", x, Modifier::BOLD));
    insta::assert_snapshot!(format!("{buffer:?}"));
}
