//! The one transition function. Pure: it changes the `App` and returns effects, nothing else.

use super::history::Location;
use super::layout::{self, Mode};
use super::search::{SCAN_STEP_BYTES, Scan};
use super::sidebar::{self, LinkKind, Row, Sidebar};
use super::wrapped::{Body, Wrapped};
use super::{
    Action, App, Collection, Command, Effect, EntityFilter, Focus, Marks, MarksFilter, Overlay,
};
use crate::corpus::{Article, TextUnavailable};
use std::borrow::Cow;

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    // The opening moving on is not the reader acting: a notice stays until the next key.
    if let Action::Opening(snapshot) = action {
        super::arrival::take(app, snapshot.0);
        return Vec::new();
    }
    app.notice = None;
    let mut effects = Vec::new();
    let before = where_the_reader_is(app);
    let by_reader = matches!(
        action,
        Action::Command(_)
            | Action::SearchInput(_)
            | Action::SearchDelete
            | Action::SearchAccept
            | Action::SearchCancel
    );
    match action {
        Action::Resize(w, h) => resize(app, w, h),
        Action::SearchInput(c) => {
            app.search.query.push(c);
            apply_search(app);
        }
        Action::SearchDelete => {
            if app.search.query.pop().is_none() {
                app.search.editing = false;
            }
            apply_search(app);
        }
        Action::SearchAccept => {
            app.search.editing = false;
            if !app.search.is_active() {
                apply_search(app);
            }
        }
        Action::SearchCancel => {
            app.search.clear();
            apply_search(app);
        }
        Action::ArticleRead {
            article,
            text_problem,
            entities_problem,
        } => article_read(app, article, text_problem, entities_problem),
        Action::CloseOverlay => app.overlay = None,
        Action::Notice(text) => app.notice = Some(text),
        Action::Command(c) if app.overlay.is_some() => overlay_command(app, c, &mut effects),
        Action::Command(c) => command(app, c, &mut effects),
        Action::Opening(_) => unreachable!("taken above"),
    }
    if by_reader && where_the_reader_is(app) != before {
        // The reader moved: articles arriving later no longer move the cursor, and a resume
        // position that has not arrived yet would yank them away from where they went.
        app.follow_top = false;
        app.pending_resume = None;
    }
    effects
}

/// What counts as the reader having moved.
fn where_the_reader_is(app: &App) -> (Option<usize>, Option<usize>, usize, Focus) {
    (
        app.list.selected(),
        app.reader.article,
        app.reader.scroll,
        app.focus,
    )
}

fn overlay_command(app: &mut App, c: Command, effects: &mut Vec<Effect>) {
    let Some(Overlay::Help { scroll }) = &mut app.overlay else {
        return;
    };
    let page = usize::from(app.area.height.saturating_sub(4)).max(1);
    match c {
        Command::Down => *scroll += 1,
        Command::Up => *scroll = scroll.saturating_sub(1),
        Command::PageDown | Command::HalfPageDown => *scroll += page,
        Command::PageUp | Command::HalfPageUp => *scroll = scroll.saturating_sub(page),
        Command::Top => *scroll = 0,
        Command::Quit => quit(app, effects),
        // Any other key closes the help, as people expect of a popup.
        _ => app.overlay = None,
    }
    // The ui clamps the scroll to the help's length; keep it from growing without bound.
    if let Some(Overlay::Help { scroll }) = &mut app.overlay {
        *scroll = (*scroll).min(Command::ALL.len());
    }
}

fn command(app: &mut App, c: Command, effects: &mut Vec<Effect>) {
    let f = app.focus;
    let pane = f.pane();
    let rows = (pane.rows)(app).max(1);
    let page = rows.saturating_sub(1).max(1) as isize;
    let half = (rows / 2).max(1) as isize;
    match c {
        Command::Down => (pane.move_by)(app, 1),
        Command::Up => (pane.move_by)(app, -1),
        Command::PageDown => (pane.move_by)(app, page),
        Command::PageUp => (pane.move_by)(app, -page),
        Command::HalfPageDown => (pane.move_by)(app, half),
        Command::HalfPageUp => (pane.move_by)(app, -half),
        Command::Top => (pane.move_to_end)(app, false),
        Command::Bottom => (pane.move_to_end)(app, true),
        Command::Open => (pane.open)(app, effects),
        Command::FocusNext => app.focus = f.cycle(1),
        Command::FocusPrev => app.focus = f.cycle(-1),
        Command::FocusLeft => app.focus = f.step(-1),
        Command::FocusRight => app.focus = f.step(1),
        Command::FocusList => app.focus = Focus::LIST,
        Command::FocusArticle => app.focus = Focus::ARTICLE,
        Command::FocusDetails => app.focus = Focus::SIDEBAR,
        other => other_command(app, other, effects),
    }
}

/// The commands that act the same whichever pane has the focus (or name their pane).
fn other_command(app: &mut App, c: Command, effects: &mut Vec<Effect>) {
    match c {
        Command::Clear => clear(app),
        Command::Back | Command::Forward => through_history(app, c == Command::Back),
        Command::FocusEntities => focus_entities(app),
        Command::FocusRelated => focus_related(app),
        Command::ToggleSort => toggle_sort(app),
        Command::Search => app.search.editing = true,
        Command::NextMatch => step_spot(app, true),
        Command::PrevMatch => step_spot(app, false),
        Command::NextInStory => through_story(app, true, effects),
        Command::PrevInStory => through_story(app, false, effects),
        Command::ToggleRead | Command::ToggleStar | Command::MarksFilter => {
            mark_command(app, c, effects);
        }
        Command::Copy => copy(app, effects),
        Command::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Command::Quit => quit(app, effects),
        // Moving, opening and the focus keys: handled by `command`.
        _ => {}
    }
}

/// Back (`true`) or forward through the places the reader jumped from.
fn through_history(app: &mut App, back: bool) {
    let here = location(app);
    let to = if back {
        app.history.back(here)
    } else {
        app.history.forward(here)
    };
    match to {
        Some(to) => restore(app, to),
        None if back => app.notice = Some("no earlier place in history".into()),
        None => app.notice = Some("nothing forward in history".into()),
    }
}

/// `e`: the sidebar, on the article's first entity.
fn focus_entities(app: &mut App) {
    app.focus = Focus::SIDEBAR;
    let rows = app.sidebar_rows();
    if app
        .sidebar
        .move_to_first(|r| matches!(r, Row::Entity { .. }), rows)
    {
        app.sidebar.touched = true;
    } else {
        app.notice = Some(no_analysis_or("no entities in this article", app));
    }
    app.reader.current_spot = None;
}

/// `r`: the sidebar, on the first related story.
fn focus_related(app: &mut App) {
    app.focus = Focus::SIDEBAR;
    let rows = app.sidebar_rows();
    let related = |r: &Row| {
        matches!(
            r,
            Row::Link {
                kind: LinkKind::Related,
                ..
            }
        )
    };
    if !app.sidebar.move_to_first(related, rows) {
        app.notice = Some(no_analysis_or("no related stories", app));
    }
}

fn toggle_sort(app: &mut App) {
    let rows = app.list_rows();
    app.list.toggle_sort(rows);
    app.notice = Some(
        match app.list.sort {
            super::list::SortOrder::NewestFirst => "newest first",
            super::list::SortOrder::OldestFirst => "oldest first",
        }
        .into(),
    );
}

/// The next (`true`) or previous article of the open one's story thread.
fn through_story(app: &mut App, next: bool, effects: &mut Vec<Effect>) {
    let neighbour = match (&app.analysis, app.reader.article) {
        (Some(an), Some(a)) => {
            let (prev, following) = an.story_neighbours(a);
            if next { following } else { prev }
        }
        _ => None,
    };
    match neighbour {
        Some(t) => jump(app, t, effects),
        None => {
            let edge = if next { "the last" } else { "the first" };
            app.notice = Some(no_analysis_or(&format!("{edge} article of its story"), app));
        }
    }
}

/// Read and starred marks on the focused pane's article, and the list filtered by them.
fn mark_command(app: &mut App, c: Command, effects: &mut Vec<Effect>) {
    let target = target_article(app, app.focus);
    match (c, target) {
        (Command::ToggleRead, Some(a)) => {
            let id = app.corpus().articles[a].id;
            let now_read = !app.marks.read.contains(&id);
            set_read(app, a, now_read, effects);
        }
        (Command::ToggleStar, Some(a)) => {
            let id = app.corpus().articles[a].id;
            let starred = !app.marks.starred.remove(&id);
            if starred {
                app.marks.starred.insert(id);
            }
            effects.push(Effect::MarkStarred(id, starred));
        }
        (Command::MarksFilter, _) => {
            app.marks_filter = match app.marks_filter {
                MarksFilter::All => MarksFilter::Unread,
                MarksFilter::Unread => MarksFilter::Starred,
                MarksFilter::Starred => MarksFilter::All,
            };
            refilter(app);
            app.notice = Some(match app.marks_filter.label() {
                Some(l) => format!("{l} only"),
                None => "all articles".to_string(),
            });
        }
        _ => {}
    }
}

/// `y`: the selected entity's name in the sidebar, else the article's title.
fn copy(app: &mut App, effects: &mut Vec<Effect>) {
    if app.focus == Focus::SIDEBAR
        && let Some(Row::Entity { name, .. }) = app.sidebar.selected()
    {
        effects.push(Effect::Copy(name.clone()));
        app.notice = Some("entity copied".into());
    } else if let Some(a) = target_article(app, app.focus) {
        let title = app.corpus().articles[a].title.clone();
        effects.push(Effect::Copy(title));
        app.notice = Some("title copied".into());
    }
}

fn no_analysis_or(message: &str, app: &App) -> String {
    if app.analysis.is_none() && app.progress.problem.is_some() {
        "no analysis (it failed)".into()
    } else if app.analysis.is_none() {
        "the analysis is not ready yet".into()
    } else {
        message.into()
    }
}

fn quit(app: &mut App, effects: &mut Vec<Effect>) {
    if let Some((article, scroll)) = app.pending_resume {
        // Quit before the place to resume at arrived: it is still the place to resume at.
        effects.push(Effect::SavePosition { article, scroll });
    } else if let Some(a) = app.reader.article {
        effects.push(Effect::SavePosition {
            article: app.corpus().articles[a].id,
            scroll: app.reader.scroll as u32,
        });
    }
    app.quitting = true;
    effects.push(Effect::Quit);
}

fn target_article(app: &App, f: Focus) -> Option<usize> {
    (f.pane().target)(app)
}

pub(super) fn mark_read(app: &mut App, a: usize, effects: &mut Vec<Effect>) {
    if !app.is_read(a) {
        set_read(app, a, true, effects);
    }
}

fn set_read(app: &mut App, a: usize, read: bool, effects: &mut Vec<Effect>) {
    let id = app.corpus().articles[a].id;
    let changed = if read {
        app.marks.read.insert(id)
    } else {
        app.marks.read.remove(&id)
    };
    if changed {
        if read {
            app.read_count += 1;
        } else {
            app.read_count -= 1;
        }
    }
    effects.push(Effect::MarkRead(id, read));
}

/// Esc: leaves the search first, then the entity filter.
fn clear(app: &mut App) {
    if app.search.is_active() {
        app.search.clear();
        apply_search(app);
    } else if app.entity_filter.is_some() {
        set_entity_filter(app, None);
    } else if app.layout_mode() == Mode::Narrow && app.focus != Focus::LIST {
        app.focus = Focus::LIST;
    }
}

pub(super) fn location(app: &App) -> Location {
    Location {
        article: app.reader.article.map(|a| app.corpus().articles[a].id),
        scroll: app.reader.scroll,
        focus: app.focus,
        filter: app.entity_filter.as_ref().map(|f| f.key.clone()),
        sidebar_cursor: app.sidebar.cursor,
    }
}

fn restore(app: &mut App, to: Location) {
    let Some(article) = to.article.and_then(|id| app.collection.position(id)) else {
        if to.article.is_some() {
            app.notice = Some("that article is no longer in the collection".into());
        }
        return;
    };
    if to.filter.as_deref() != app.entity_filter.as_ref().map(|f| f.key.as_str()) {
        let filter = to.filter.and_then(|key| entity_filter_by_key(app, &key));
        set_entity_filter(app, filter);
    }
    show_article(app, article);
    app.reader.scroll_to(to.scroll);
    app.focus = to.focus;
    if let Some(c) = to.sidebar_cursor
        && app.sidebar.rows.get(c).is_some_and(|r| r.selectable())
    {
        app.sidebar.cursor = Some(c);
        app.sidebar.touched = true;
        let height = app.sidebar_rows();
        app.sidebar.scroll_into_view(height);
    }
    let rows = app.list_rows();
    app.list.select_article(article, rows);
}

/// A jump to another article (a link, a related story): recorded, so Back returns.
fn jump(app: &mut App, target: usize, effects: &mut Vec<Effect>) {
    app.history.record(location(app));
    let rows = app.list_rows();
    if !app.list.select_article(target, rows) {
        // Hidden by a filter: the article opens anyway; the list keeps its rows.
        app.notice = Some("opened an article outside the current filter".into());
    }
    show_article(app, target);
    app.focus = Focus::ARTICLE;
    mark_read(app, target, effects);
}

/// The filter for `id`: every article that mentions it.
pub(super) fn entity_filter(app: &App, id: crate::analysis::EntityId) -> Option<EntityFilter> {
    let an = app.analysis.as_ref()?;
    let info = an.entity_info(id)?;
    let mut articles: Vec<u32> = an.articles_mentioning(id).iter().map(|&(a, _)| a).collect();
    articles.sort_unstable();
    Some(EntityFilter {
        id,
        key: info.key.clone(),
        name: info.name.clone(),
        kind: info.kind,
        articles,
    })
}

/// The filter for the entity whose canonical key is `key` in the current analysis.
pub(super) fn entity_filter_by_key(app: &App, key: &str) -> Option<EntityFilter> {
    let id = app.analysis.as_ref()?.entity_with_key(key)?;
    entity_filter(app, id)
}

fn set_entity_filter(app: &mut App, filter: Option<EntityFilter>) {
    app.entity_filter = filter;
    refilter(app);
}

pub(super) fn open_sidebar_row(app: &mut App, effects: &mut Vec<Effect>) {
    match app.sidebar.selected().cloned() {
        Some(Row::Entity { id, .. }) => {
            let Some(filter) = entity_filter(app, id) else {
                return;
            };
            app.history.record(location(app));
            let count = filter.articles.len();
            set_entity_filter(app, Some(filter));
            app.focus = Focus::LIST;
            app.notice = Some(format!(
                "{count} article{} · Esc clears",
                if count == 1 { "" } else { "s" }
            ));
        }
        Some(Row::Link {
            target: Some(t), ..
        }) => jump(app, t, effects),
        Some(Row::Link { target: None, .. }) => {
            app.notice = Some("that story is not in this collection".into());
        }
        Some(Row::More { kind, .. }) => {
            app.unfolded.insert(kind);
            refresh_sidebar(app);
            // The cursor goes to the first entity that was folded.
            let height = app.sidebar_rows();
            let first_hidden = app
                .sidebar
                .rows
                .iter()
                .enumerate()
                .filter(|(_, r)| matches!(r, Row::Entity { kind: k, .. } if *k == kind))
                .nth(sidebar::FOLDED_PER_KIND)
                .map(|(i, _)| i);
            if let Some(i) = first_hidden {
                app.sidebar.cursor = Some(i);
                app.sidebar.touched = true;
                app.sidebar.scroll_into_view(height);
            }
        }
        _ => {}
    }
}

/// n/N: through the search matches while searching, else through the selected entity's mentions.
fn step_spot(app: &mut App, forward: bool) {
    let (spots, what) = match (
        app.search.is_active(),
        app.selected_entity(),
        app.reader.article,
    ) {
        (true, _, _) => (app.reader.matches.clone(), "match"),
        (false, Some(id), Some(a)) => (app.mentions_of(a, id), "mention"),
        _ => (Vec::new(), ""),
    };
    if spots.is_empty() {
        app.notice = Some(if app.search.is_active() {
            "no match in this article".into()
        } else if app.selected_entity().is_some() {
            "not mentioned in this article".into()
        } else {
            "search with / or pick an entity (e) to step through".into()
        });
        return;
    }
    if let Some(i) = app.reader.step_spot(&spots, forward) {
        app.notice = Some(format!("{what} {} of {}", i + 1, spots.len()));
        if app.focus == Focus::LIST && app.layout_mode() == Mode::Narrow {
            app.focus = Focus::ARTICLE;
        }
    }
}

/// Refilters the list for the query and refreshes the matches in the open article.
fn apply_search(app: &mut App) {
    let narrows = app.search.refresh();
    filter_list(app, narrows);
    refresh_matches(app);
}

/// Filters the list afresh (the entity filter changed).
fn refilter(app: &mut App) {
    filter_list(app, false);
}

pub(super) fn filter_list(app: &mut App, narrows: bool) {
    let rows = app.list_rows();
    let collection = app.collection.clone();
    if !app.search.is_active() {
        // Marks and entities only: a lookup per row, done at once.
        app.scan = None;
        let keep = filter_of(
            &collection,
            app.entity_filter.as_ref(),
            &app.marks,
            app.marks_filter,
        );
        app.list.filter(keep, rows);
        preview_selected(app);
        return;
    }
    // Text is read a step at a time (see `continue_scan`): the rows to read are those the other
    // filters keep, or — when the query only grew — those the shorter one kept, including the
    // rows it had not read yet.
    // The article to come back to: the one a search under way is still looking for, else the
    // one under the cursor.
    let selected = app
        .scan
        .as_ref()
        .and_then(|scan| scan.selected)
        .or_else(|| app.list.selected());
    let candidates: Vec<u32> = match app.scan.take() {
        Some(scan) if narrows => {
            let mut rows = app.list.visible().to_vec();
            rows.extend_from_slice(&scan.candidates[scan.next..]);
            rows
        }
        _ if narrows => app.list.visible().to_vec(),
        _ => {
            let keep = filter_of(
                &collection,
                app.entity_filter.as_ref(),
                &app.marks,
                app.marks_filter,
            );
            app.list
                .order()
                .iter()
                .copied()
                .filter(|&i| keep(i))
                .collect()
        }
    };
    app.list.set_visible(Vec::new());
    app.scan = Some(Scan {
        candidates,
        next: 0,
        selected,
        unreadable: 0,
    });
}

/// How the driver reads an article's text for a search (for a moment: not kept).
pub type ReadText<'a> = dyn Fn(&Article) -> Result<Cow<'_, str>, TextUnavailable> + 'a;

/// Reads the next step of the search's candidates through `read` and shows the matches found.
/// Called by the driver between events while [`App::is_busy`] (it is the reader's one pass over
/// many texts, so it is not an [`Action`]: `update` reads none). The cursor goes back to the
/// article it was on once that is found again, unless the reader moved meanwhile.
pub fn continue_search(app: &mut App, read: &ReadText) {
    let Some(mut scan) = app.scan.take() else {
        return;
    };
    let collection = app.collection.clone();
    let articles = &collection.corpus.articles;
    let mut done = 0;
    let mut found = Vec::new();
    while done < SCAN_STEP_BYTES && !scan.is_done() {
        let i = scan.candidates[scan.next];
        scan.next += 1;
        let Some(a) = articles.get(i as usize) else {
            continue;
        };
        done += a.title.len() + a.text.len();
        let hit = match read(a) {
            Ok(text) => app.search.matches(a, &text),
            Err(_) => {
                scan.unreadable += 1;
                app.search.matches(a, "")
            }
        };
        if hit {
            found.push(i);
        }
    }
    let rows = app.list_rows();
    let untouched = app.list.cursor() == 0;
    app.list.extend_visible(&found);
    if let Some(a) = scan.selected
        && untouched
        && found.contains(&(a as u32))
    {
        app.list.select_article(a, rows);
        scan.selected = None;
    }
    if !untouched {
        scan.selected = None;
    }
    if !scan.is_done() {
        app.scan = Some(scan);
    } else if scan.unreadable > 0 {
        app.notice = Some(format!(
            "{} not searched: the analysis cache changed on disk; reopen the collection",
            plural(scan.unreadable, "text", "texts")
        ));
    }
    preview_selected(app);
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Whether the list shows an article under the entity and marks filters (a search's text is
/// read by the driver, a step at a time: [`continue_search`]).
pub(super) fn filter_of<'a>(
    collection: &'a Collection,
    entity: Option<&'a EntityFilter>,
    marks: &'a Marks,
    by_marks: MarksFilter,
) -> impl Fn(u32) -> bool + 'a {
    move |i: u32| {
        let a = &collection.corpus.articles[i as usize];
        // Marks change as the reader reads; the filter shows them as they were when applied, so
        // an article does not vanish from under the cursor on being opened.
        let marked = match by_marks {
            MarksFilter::All => true,
            MarksFilter::Unread => !marks.read.contains(&a.id),
            MarksFilter::Starred => marks.starred.contains(&a.id),
        };
        marked && entity.is_none_or(|f| f.contains(i))
    }
}

fn refresh_matches(app: &mut App) {
    app.reader.current_spot = None;
    let text = app
        .reader
        .article
        .and_then(|a| app.collection.corpus.articles[a].text.loaded());
    app.reader.matches = text.map_or_else(Vec::new, |t| app.search.ranges_in(t));
}

/// Reopens where the reader left off once that article has arrived: the article (when it is in
/// the collection) and its scroll. Only articles from index `from` on are searched (the earlier
/// ones were searched when they arrived).
pub(super) fn resume_if_arrived(app: &mut App, from: usize) {
    let Some((article, scroll)) = app.pending_resume else {
        return;
    };
    let articles = &app.corpus().articles;
    let Some(a) = articles
        .get(from..)
        .and_then(|new| new.iter().position(|x| x.id == article))
        .map(|p| p + from)
    else {
        return;
    };
    app.pending_resume = None;
    app.follow_top = false;
    let rows = app.list_rows();
    app.list.select_article(a, rows);
    show_article(app, a);
    app.reader.scroll_to(scroll as usize);
}

/// Shows the article under the list's cursor (moving through the list previews articles).
pub(super) fn preview_selected(app: &mut App) {
    if let Some(a) = app.list.selected() {
        show_article(app, a);
    }
}

pub(super) fn show_article(app: &mut App, a: usize) {
    if app.reader.article == Some(a) {
        return;
    }
    let collection = app.collection.clone();
    let article = &collection.corpus.articles[a];
    app.reader.article = Some(a);
    app.reader.text_problem = None;
    app.reader.entities_problem = None;
    app.reader.wrapped = wrap(app, article, text_width(app));
    app.reader.scroll = 0;
    refresh_matches(app);
    refresh_sidebar(app);
}

/// Rebuilds the sidebar for the open article (on opening, and when the analysis arrives). The
/// cursor starts on the entity the list is filtered by, so it stays emphasised.
pub(super) fn refresh_sidebar(app: &mut App) {
    let Some(a) = app.reader.article else {
        return;
    };
    let collection = app.collection.clone();
    let early = app.early.clone();
    let named = early
        .as_deref()
        .and_then(|e| e.get(a))
        .and_then(|e| e.loaded());
    app.sidebar_named = named.is_some();
    let source = app.shown_source(&collection.corpus.articles[a]);
    let rows = sidebar::rows(
        &collection.corpus,
        collection.titles_if_built(),
        app.analysis.as_deref(),
        named,
        a,
        &source,
        sidebar_width(app),
        &app.unfolded,
    );
    app.sidebar = Sidebar::new(rows);
    if let Some(id) = app.entity_filter.as_ref().map(|f| f.id) {
        let height = app.sidebar_rows();
        app.sidebar.move_to_first(
            |r| matches!(r, Row::Entity { id: e, .. } if *e == id),
            height,
        );
    }
}

/// The line under the title: date, time and where the article came from (`source`, as the
/// reader shows it).
pub fn meta_line(a: &Article, source: &str) -> String {
    let mut parts = vec![a.date.map_or_else(
        || "date unknown".to_string(),
        |d| d.format("%a %-d %b %Y").to_string(),
    )];
    if let Some(t) = a.timestamp {
        parts.push(t.format("%H:%M UTC").to_string());
    }
    parts.push(source.to_string());
    parts.join(" · ")
}

/// After [`App::name_sources`]: the open article's header and facts with the new names.
pub(super) fn renamed_sources(app: &mut App) {
    let Some(a) = app.reader.article else {
        return;
    };
    let collection = app.collection.clone();
    let article = &collection.corpus.articles[a];
    app.reader.wrapped = wrap(app, article, app.reader.wrapped.width);
    app.reader.scroll_to(app.reader.scroll);
    rewrap_sidebar(app);
}

/// The open article laid out for `width`: its text if it is in memory, else the line saying
/// why not (or that it is being read: the driver reads it before the next frame).
fn wrap(app: &App, article: &Article, width: u16) -> Wrapped {
    let meta = meta_line(article, &app.shown_source(article));
    let body = match (article.text.loaded(), &app.reader.text_problem) {
        (Some(text), _) => Body::Text(text),
        (None, Some(problem)) => Body::Missing(problem),
        (None, None) => Body::Missing("reading the text…"),
    };
    Wrapped::new(article, body, meta, width)
}

/// The driver read the open article's text and entities (or could not): lay it out at the
/// same scroll, with its entities in the sidebar (or the line saying why they are missing).
fn article_read(
    app: &mut App,
    article: usize,
    text_problem: Option<String>,
    entities_problem: Option<String>,
) {
    if app.reader.article != Some(article) {
        return;
    }
    app.reader.text_problem = text_problem;
    if let Some(problem) = &entities_problem {
        app.notice = Some(problem.clone());
    }
    app.reader.entities_problem = entities_problem;
    let collection = app.collection.clone();
    let a = &collection.corpus.articles[article];
    app.reader.wrapped = wrap(app, a, app.reader.wrapped.width);
    app.reader.scroll_to(app.reader.scroll);
    refresh_matches(app);
    rewrap_sidebar(app);
}

/// The sidebar's text width (inside its border).
fn sidebar_width(app: &App) -> usize {
    usize::from(app.panes.sidebar.width.saturating_sub(2))
}

/// After a resize: the sidebar's facts rewrapped, the cursor kept on the same row.
pub(super) fn rewrap_sidebar(app: &mut App) {
    let (selected, touched) = (app.sidebar.selected().cloned(), app.sidebar.touched);
    refresh_sidebar(app);
    if let Some(row) = selected {
        let height = app.sidebar_rows();
        app.sidebar.move_to_first(|r| *r == row, height);
        app.sidebar.touched = touched;
    }
}

fn text_width(app: &App) -> u16 {
    layout::article_text_area(app.panes.article).width
}

pub(super) fn resize(app: &mut App, w: u16, h: u16) {
    let old_sidebar_width = sidebar_width(app);
    app.area = ratatui::layout::Rect::new(0, 0, w, h);
    app.panes = layout::panes(app.area);
    if sidebar_width(app) != old_sidebar_width {
        rewrap_sidebar(app);
    }
    app.reader.rows = usize::from(layout::article_text_area(app.panes.article).height);
    let width = text_width(app);
    if let Some(a) = app.reader.article
        && app.reader.wrapped.width != width
    {
        // Keep the same text at the top of the screen across the re-wrap.
        let top = app
            .reader
            .wrapped
            .lines
            .get(app.reader.scroll)
            .and_then(|l| match l.text {
                super::wrapped::LineText::Text(s, _) => Some(s),
                _ => None,
            });
        let collection = app.collection.clone();
        let article = &collection.corpus.articles[a];
        app.reader.wrapped = wrap(app, article, width);
        app.reader.scroll = top
            .and_then(|s| app.reader.wrapped.line_of_offset(s))
            .unwrap_or(app.reader.scroll);
    }
    app.reader.scroll_to(app.reader.scroll);
    let rows = app.list_rows();
    app.list.scroll_into_view(rows);
    let side = app.sidebar_rows();
    app.sidebar.scroll_into_view(side);
}

impl App {
    pub fn layout_mode(&self) -> Mode {
        self.panes.mode
    }
}
