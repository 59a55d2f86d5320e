//! The opening moving on: a grown (or, defensively, different) collection swapped in under the
//! reader, the analysis arriving, the progress for the status line. The reader's place — cursor,
//! open article, scroll, history, filters, marks — stays on the same articles.

use super::update::{
    entity_filter_by_key, filter_list, filter_of, preview_selected, refresh_sidebar,
    resume_if_arrived, rewrap_sidebar, show_article,
};
use super::{App, Collection, count_read};
use crate::collection::{Snapshot, Stage};
use crate::corpus::report::plural;
use std::sync::Arc;

/// Takes what the opening has now.
pub(super) fn take(app: &mut App, snapshot: Snapshot) {
    let collection_changed = !Arc::ptr_eq(&app.collection, &snapshot.collection);
    let analysis_changed = match (&app.analysis, &snapshot.analysis) {
        (Some(a), Some(b)) => !Arc::ptr_eq(a, b),
        (None, None) => false,
        _ => true,
    };
    // The analysis first: the entity filter and the sidebar are rebuilt against the collection
    // the analysis belongs to, once.
    app.analysis = snapshot.analysis;
    app.early = snapshot.early;
    let had_filter = app.entity_filter.is_some();
    if analysis_changed && let Some(key) = app.entity_filter.as_ref().map(|f| f.key.clone()) {
        // Entity ids hold within one analysis: the filter's entity is found again by its key.
        app.entity_filter = entity_filter_by_key(app, &key);
    }
    if collection_changed {
        swap_collection(app, snapshot.collection);
    } else if analysis_changed && had_filter {
        // A new entity filter (or none) changes which rows the list shows.
        refilter_keeping_place(app);
    }
    if collection_changed || analysis_changed {
        if analysis_changed {
            refresh_sidebar(app);
        } else {
            rewrap_sidebar(app);
        }
    }
    let named_now = app.analysis.is_none()
        && !app.sidebar_named
        && app
            .reader
            .article
            .is_some_and(|a| app.early.as_ref().is_some_and(|e| e.get(a).is_some()));
    if named_now {
        // The open article's entities were just found: the sidebar names them.
        refresh_sidebar(app);
    }
    app.progress = snapshot.progress;
    if !app.load_reported && app.progress.stage != Stage::Loading {
        // Every article has arrived: say once what could not be loaded (stderr is hidden
        // behind the reader's screen).
        app.load_reported = true;
        if let Some(line) = load_problems(app) {
            // After any notice already showing (a state file that could not be used).
            app.notice = Some(match app.notice.take() {
                Some(before) => format!("{before} · {line}"),
                None => line,
            });
        }
    }
}

/// "3 files skipped, 1 warning (details: dateline check)", when the load had problems.
fn load_problems(app: &App) -> Option<String> {
    let report = &app.corpus().report;
    if report.skipped.is_empty() && report.warnings.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if !report.skipped.is_empty() {
        parts.push(format!("{} skipped", plural(report.skipped.len(), "file")));
    }
    if !report.warnings.is_empty() {
        parts.push(plural(report.warnings.len(), "warning"));
    }
    if !report.duplicates.is_empty() {
        parts.push(plural(report.duplicates.len(), "duplicate"));
    }
    Some(format!("{} (details: dateline check)", parts.join(", ")))
}

/// Swaps in the opening's new collection. Indexes hold within one collection, so the reader's
/// cursor and open article are carried over by article id; history keeps ids of its own. When
/// the new collection starts with the old one (it grew while loading), the indexes stay.
fn swap_collection(app: &mut App, new: Arc<Collection>) {
    let old = std::mem::replace(&mut app.collection, Arc::clone(&new));
    let (old_articles, new_articles) = (&old.corpus.articles, &new.corpus.articles);
    let old_len = old_articles.len();
    let grown = new_articles.len() >= old_len
        && old_articles
            .iter()
            .zip(new_articles)
            .all(|(a, b)| a.id == b.id);
    let map = |i: usize| {
        if grown {
            Some(i)
        } else {
            new.position(old_articles.get(i)?.id)
        }
    };

    app.read_count = if grown {
        app.read_count + count_read(&new_articles[old_len..], &app.marks)
    } else {
        count_read(new_articles, &app.marks)
    };
    if let Some(f) = &mut app.entity_filter
        && !grown
    {
        // Its articles come from the analysis, taken above for this collection; any index
        // past the end would be a stale one.
        let len = new_articles.len() as u32;
        f.articles.retain(|&a| a < len);
    }

    let rescan = replace_list(app, &new, grown.then_some(old_len), &map);
    keep_open_article(app, &map);
    resume_if_arrived(app, if grown { old_len } else { 0 });
    if rescan {
        filter_list(app, false);
    }
}

/// The new collection's list. Articles that were already there (`grown_from`: the old length,
/// when the new collection only added articles) keep their shown-or-hidden state, as filters
/// do: what was applied stays applied, so only the new ones are tested, and a search does not
/// read again every text it has read. Returns whether a search under way must start again.
fn replace_list(
    app: &mut App,
    new: &Collection,
    grown_from: Option<usize>,
    map: &dyn Fn(usize) -> Option<usize>,
) -> bool {
    let mut shown_before = vec![false; grown_from.unwrap_or(0)];
    if grown_from.is_some() {
        for &i in app.list.visible() {
            shown_before[i as usize] = true;
        }
    }
    let selected = if app.follow_top {
        None
    } else {
        app.list.selected().and_then(map)
    };
    let rows = app.list_rows();
    // A search still reading the old collection starts again on the new one (by the caller):
    // the rows it had not read yet are not "shown before".
    let rescan = app.scan.take().is_some();
    // Under a search, the new articles the other filters keep wait for the driver to read
    // their texts ([`super::continue_search`]), like any search's candidates.
    let searching = app.search.is_active();
    let mut to_search = Vec::new();
    {
        let test = filter_of(
            new,
            app.entity_filter.as_ref(),
            &app.marks,
            app.marks_filter,
        );
        let keep = |i: u32| match shown_before.get(i as usize) {
            Some(&shown) => shown,
            None => !searching && test(i),
        };
        if searching && !rescan {
            to_search = new
                .newest_first()
                .iter()
                .copied()
                .filter(|&i| shown_before.get(i as usize).is_none() && test(i))
                .collect();
        }
        app.list
            .replace(new.newest_first().to_vec(), keep, selected, rows);
    }
    if !to_search.is_empty() {
        app.scan = Some(super::search::Scan {
            candidates: to_search,
            ..Default::default()
        });
    }

    rescan
}

/// The open article stays open, at the same scroll, wherever it now is in the collection.
fn keep_open_article(app: &mut App, map: &dyn Fn(usize) -> Option<usize>) {
    let open = app.reader.article.map(|a| (a, map(a)));
    match open {
        _ if app.follow_top => {
            // Nothing chosen yet: the newest article, as if it had all been there.
            app.reader.article = app.reader.article.filter(|&a| map(a) == Some(a));
            preview_selected(app);
        }
        Some((was, Some(now))) if was == now => {}
        Some((_, Some(now))) => {
            let scroll = app.reader.scroll;
            app.reader.article = None;
            show_article(app, now);
            app.reader.scroll_to(scroll);
        }
        Some((_, None)) | None => {
            let rows = app.reader.rows;
            app.reader = super::reader::Reader {
                rows,
                ..Default::default()
            };
            app.sidebar = Default::default();
            preview_selected(app);
        }
    }
}

/// Refilters the list (the entity filter changed with the analysis) keeping the cursor's
/// article and screen row.
fn refilter_keeping_place(app: &mut App) {
    if app.search.is_active() {
        // The texts are read again, by the driver; the cursor comes back to its article.
        filter_list(app, false);
        return;
    }
    let collection = Arc::clone(&app.collection);
    let selected = app.list.selected();
    let rows = app.list_rows();
    let keep = filter_of(
        &collection,
        app.entity_filter.as_ref(),
        &app.marks,
        app.marks_filter,
    );
    app.list
        .replace(collection.newest_first().to_vec(), keep, selected, rows);
}
