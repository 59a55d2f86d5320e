//! The reader's state and its transitions. `update` is pure: keys become [`Action`]s
//! ([`input::translate`]), `update` changes the [`App`] and returns the [`Effect`]s it wants done,
//! and the ui draws from the state alone. Nothing here touches a terminal, so all of it is
//! tested without one.

pub mod action;
mod arrival;
#[cfg(test)]
mod arrival_tests;
pub mod history;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod list;
pub mod panes;
pub mod reader;
pub mod search;
pub mod sidebar;
#[cfg(any(test, feature = "test-support"))]
pub mod synthetic;
mod update;
#[cfg(test)]
mod update_tests;
pub mod wrapped;

pub use action::{Action, Command, Effect};
pub use panes::Focus;
pub use update::{continue_search, update};

use crate::analysis::{Analysis, EntityId};
use crate::collection::Collection;
use crate::collection::{Progress, Stage};
use crate::corpus::{ArticleId, Corpus};
use crate::entity::EntityKind;
use history::History;
use keymap::Keymap;
use layout::Panes;
use list::ArticleList;
use ratatui::layout::Rect;
use reader::Reader;
use search::Search;
use sidebar::Sidebar;
use std::collections::HashSet;
use std::sync::Arc;

/// How many of `articles` are marked read.
fn count_read(articles: &[crate::corpus::Article], marks: &Marks) -> usize {
    if marks.read.is_empty() {
        return 0;
    }
    articles
        .iter()
        .filter(|a| marks.read.contains(&a.id))
        .count()
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Overlay {
    Help { scroll: usize },
}

/// Which articles the list shows by their marks.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum MarksFilter {
    #[default]
    All,
    Unread,
    Starred,
}

impl MarksFilter {
    pub fn label(self) -> Option<&'static str> {
        match self {
            MarksFilter::All => None,
            MarksFilter::Unread => Some("unread"),
            MarksFilter::Starred => Some("starred"),
        }
    }
}

/// Read and starred articles, seeded from the store at start; changes go out as effects.
#[derive(Clone, Debug, Default)]
pub struct Marks {
    pub read: HashSet<ArticleId>,
    pub starred: HashSet<ArticleId>,
}

/// Options the driver chooses for a session.
#[derive(Clone, Debug, Default)]
pub struct AppOptions {
    pub keymap: Arc<Keymap>,
    pub marks: Marks,
    /// The terminal's size at start.
    pub size: (u16, u16),
    /// The article and scroll the reader left off at, from the store.
    pub resume: Option<(ArticleId, u32)>,
    /// A first message for the status line (a state file that could not be used).
    pub notice: Option<String>,
}

/// The list narrowed to the articles that mention one entity (Enter on an entity).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityFilter {
    /// The entity in the current analysis.
    pub id: EntityId,
    /// Its canonical key: what finds it again in another analysis.
    pub key: String,
    pub name: String,
    pub kind: EntityKind,
    /// The articles mentioning it, sorted.
    pub articles: Vec<u32>,
}

impl EntityFilter {
    pub fn contains(&self, article: u32) -> bool {
        self.articles.binary_search(&article).is_ok()
    }
}

pub struct App {
    pub collection: Arc<Collection>,
    /// Entities, related stories and story threads; `None` until the analysis is ready, and the
    /// reader works without it.
    pub analysis: Option<Arc<Analysis>>,
    /// The articles' entities found so far while the analysis is being built.
    pub early: Option<Arc<crate::collection::EarlyEntities>>,
    /// The sidebar shows the open article's early entities (it is built again when they come).
    pub sidebar_named: bool,
    pub entity_filter: Option<EntityFilter>,
    pub marks_filter: MarksFilter,
    pub keymap: Arc<Keymap>,
    pub list: ArticleList,
    pub reader: Reader,
    pub sidebar: Sidebar,
    pub focus: Focus,
    pub search: Search,
    /// The search still reading through the collection, if any ([`continue_search`]).
    pub scan: Option<search::Scan>,
    pub history: History,
    pub marks: Marks,
    /// Read articles of this collection, kept so the status line need not count every frame.
    pub read_count: usize,
    pub overlay: Option<Overlay>,
    pub area: Rect,
    pub panes: Panes,
    /// A one-off message for the status line ("copied", "not in this collection"), cleared by the
    /// next action.
    pub notice: Option<String>,
    /// Entity kinds the reader unfolded in the sidebar (they stay unfolded for other articles).
    pub unfolded: HashSet<EntityKind>,
    pub quitting: bool,
    /// How far the collection's opening has got (loading, analysing), for the status line.
    pub progress: Progress,
    /// The article to resume at when it has not arrived yet (the collection is still loading).
    pub pending_resume: Option<(ArticleId, u32)>,
    /// True until the reader moves or a resumed article opens: while it holds, the list's cursor
    /// stays on the newest article as more arrive, as if the whole collection had been there.
    /// Afterwards the cursor stays on its article.
    pub follow_top: bool,
    /// The load report has been noted in the status line (once, when the last article arrived).
    pub load_reported: bool,
    /// How article sources (file paths) are shown; `None`: as loaded. `dateline serve` shows
    /// them relative to the served folders, so that remote readers do not see the server's
    /// file system.
    source_name: Option<SourceName>,
}

/// Turns an article's source into the text the reader shows for it.
pub type SourceName = Arc<dyn Fn(&str) -> String + Send + Sync>;

impl App {
    /// True while work is left that the driver should carry on with between key presses
    /// ([`continue_search`]) instead of waiting for input.
    pub fn is_busy(&self) -> bool {
        self.scan.is_some()
    }

    /// The open article, when its text or its entities are not in memory and have not been
    /// tried: the driver should read them ([`crate::corpus::Text::get`],
    /// [`crate::entity::Entities::get`]) and tell the outcome ([`Action::ArticleRead`])
    /// before it draws. `update` and rendering use only what is in memory.
    pub fn wants_reads(&self) -> Option<usize> {
        let a = self.reader.article?;
        let article = self.collection.corpus.articles.get(a)?;
        let text = article.text.loaded().is_none() && self.reader.text_problem.is_none();
        let entities = self.open_entities().is_some_and(|e| e.loaded().is_none())
            && self.reader.entities_problem.is_none();
        (text || entities).then_some(a)
    }

    /// The open article's entities as held: the analysis's, or while it is built the ones found
    /// in this article so far.
    pub fn open_entities(&self) -> Option<&crate::entity::Entities> {
        let a = self.reader.article?;
        match &self.analysis {
            Some(an) => an.stored_entities_of(a),
            None => self.early.as_deref()?.get(a),
        }
    }

    /// The open article's entities if they are in memory (see [`Self::wants_reads`]).
    pub fn open_doc(&self) -> Option<&crate::entity::DocEntities> {
        self.open_entities()?.loaded()
    }

    /// A reader of `collection` whose analysis is still to come (in an [`Action::Opening`]).
    pub fn new(collection: Arc<Collection>, options: AppOptions) -> App {
        App::start(collection, None, options)
    }

    fn start(
        collection: Arc<Collection>,
        analysis: Option<Arc<Analysis>>,
        options: AppOptions,
    ) -> App {
        // Every mark stays in memory: articles still loading may carry them. Only this
        // collection's read articles count.
        let marks = options.marks;
        let read_count = count_read(&collection.corpus.articles, &marks);
        let area = Rect::new(0, 0, options.size.0, options.size.1);
        let progress = if analysis.is_some() {
            Progress::ready()
        } else {
            // Built elsewhere and delivered later, with no finer progress known.
            Progress {
                stage: Stage::Analysing,
                ..Progress::default()
            }
        };
        let mut app = App {
            analysis,
            entity_filter: None,
            marks_filter: MarksFilter::All,
            list: ArticleList::new(collection.newest_first().to_vec()),
            collection,
            keymap: options.keymap,
            reader: Reader::default(),
            sidebar: Sidebar::default(),
            early: None,
            sidebar_named: false,
            focus: Focus::LIST,
            search: Search::default(),
            scan: None,
            history: History::default(),
            read_count,
            marks,
            overlay: None,
            area,
            panes: layout::panes(area),
            notice: None,
            unfolded: HashSet::new(),
            quitting: false,
            progress,
            pending_resume: None,
            follow_top: true,
            load_reported: false,
            source_name: None,
        };
        update::resize(&mut app, options.size.0, options.size.1);
        update::preview_selected(&mut app);
        if let Some((article, scroll)) = options.resume {
            app.pending_resume = Some((article, scroll));
            update::resume_if_arrived(&mut app, 0);
        }
        app.notice = options.notice;
        app
    }

    /// A reader of whatever an opening has so far; the rest arrives as [`Action::Opening`].
    /// The one way the analysis reaches a reader: in a snapshot, now or later.
    pub fn from_snapshot(snapshot: crate::collection::Snapshot, options: AppOptions) -> App {
        let mut app = App::start(
            Arc::clone(&snapshot.collection),
            snapshot.analysis.clone(),
            options,
        );
        update(&mut app, Action::Opening(action::SharedSnapshot(snapshot)));
        app
    }

    /// Shows article sources through `name` from now on (the open article's too).
    pub fn name_sources(&mut self, name: SourceName) {
        self.source_name = Some(name);
        update::renamed_sources(self);
    }

    /// An article's source as the reader shows it.
    pub fn shown_source<'a>(
        &self,
        article: &'a crate::corpus::Article,
    ) -> std::borrow::Cow<'a, str> {
        match &self.source_name {
            Some(name) => name(&article.source).into(),
            None => article.source.as_str().into(),
        }
    }

    pub fn corpus(&self) -> &Corpus {
        &self.collection.corpus
    }

    pub fn unread(&self) -> usize {
        self.collection.corpus.articles.len() - self.read_count
    }

    /// Rows of the list on screen.
    pub fn list_rows(&self) -> usize {
        usize::from(layout::inner_rows(self.panes.list))
    }

    pub fn sidebar_rows(&self) -> usize {
        usize::from(layout::inner_rows(self.panes.sidebar))
    }

    /// True while articles are still arriving.
    pub fn is_loading(&self) -> bool {
        self.progress.stage == Stage::Loading
    }

    pub fn is_read(&self, article: usize) -> bool {
        self.marks
            .read
            .contains(&self.collection.corpus.articles[article].id)
    }

    /// The entity emphasised in the text: the one under the sidebar's cursor when the reader put it
    /// there (or is in the sidebar), else the one the list is filtered by.
    pub fn selected_entity(&self) -> Option<EntityId> {
        let chosen = self.focus == Focus::SIDEBAR || self.sidebar.touched;
        match self.sidebar.selected() {
            Some(sidebar::Row::Entity { id, .. }) if chosen => Some(*id),
            _ => self.entity_filter.as_ref().map(|f| f.id),
        }
    }

    /// Where `entity` is mentioned in `article`'s text (byte ranges, in order).
    pub fn mentions_of(&self, article: usize, entity: EntityId) -> Vec<(u32, u32)> {
        let Some(an) = &self.analysis else {
            return Vec::new();
        };
        let Some(doc) = an.loaded_entities_of(article) else {
            return Vec::new();
        };
        // The collection may have joined several of the article's entities into this one
        // ("Trump" and "Donald Trump").
        doc.mentions
            .iter()
            .filter(|m| an.entity_id(article, m.entity) == entity)
            .map(|m| (m.start, m.end))
            .collect()
    }

    pub fn is_starred(&self, article: usize) -> bool {
        self.marks
            .starred
            .contains(&self.collection.corpus.articles[article].id)
    }
}
