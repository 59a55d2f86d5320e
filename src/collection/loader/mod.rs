//! Opening a collection in the background: files (or the analysis cache) become articles that
//! stream into the readers' list, then the per-article analysis and the collection's indexes are
//! built on worker threads, all of it published through an [`Opening`] with its progress.
//!
//! Pass one ([`files`]) loads in rounds of growing size and publishes each prefix; pass two
//! ([`analyse`]) recognises entities chunk by chunk, writing the new cache as it goes; then the
//! collection phase builds the indexes. With an unchanged collection and a valid cache, pass one
//! reads no article file and the stored analysis replaces passes two and three.

mod analyse;
mod files;
mod told;

use crate::analysis::{Analysis, AnalysisBuilder};
use crate::cache::{self, Cache, CacheWriter};
use crate::collection::Collection;
use crate::collection::{EarlyEntities, Opening, Progress, Stage};
use crate::corpus::LoadReport;
use crate::corpus::load::{Format, list_files};
use crate::corpus::{Corpus, LoadOptions, Text, load_embedded};
use crate::entity::Entities;
use crate::state::collection_key;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The least time between two published prefixes of a collection that is still loading: each is
/// a copy, worth making only when the rest is a while away (a warm cache loads even a large
/// collection in well under this; see BENCHMARKS.md, Scale).
const PUBLISH_INTERVAL: Duration = Duration::from_millis(800);

/// What to open and how.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// Files and folders; none: the embedded seeds.
    pub paths: Vec<PathBuf>,
    pub load: LoadOptions,
    /// The analysis cache's folder; `None` keeps no cache (`--no-cache`).
    pub cache_dir: Option<PathBuf>,
}

/// What an opening did: for `--timings`, benchmarks and tests.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub files: usize,
    /// Files whose articles came from the cache.
    pub files_reused: usize,
    /// Files read and parsed.
    pub files_parsed: usize,
    pub articles: usize,
    /// Articles the recogniser ran on.
    pub articles_recognised: usize,
    /// True when the collection's analysis came from the cache.
    pub analysis_reused: bool,
    /// True when a new cache was written.
    pub cache_written: bool,
    /// True when it was asked to stop before the analysis was complete.
    pub stopped: bool,
    /// Why the cache was not used or not written.
    pub cache_problem: Option<String>,
    /// Time from the start to each milestone.
    pub timings: Vec<(&'static str, Duration)>,
}

impl Stats {
    /// Why the cache was not used or not written, if that is to be told: not when the same
    /// problem was told before and no cache has been written since (see [`told`]). Call it
    /// once, where the problem is told.
    pub fn cache_problem_to_tell(&self) -> Option<&str> {
        let problem = self.cache_problem.as_deref();
        match told::note_path() {
            Some(note) => told::tell(problem, self.cache_written, &note).then_some(problem?),
            None => problem,
        }
    }
}

/// The loader at work on its own thread.
pub struct Loader {
    handle: JoinHandle<Stats>,
    stop: Arc<AtomicBool>,
}

impl Loader {
    /// True once it has finished (the analysis is published and the cache written).
    pub fn is_finished(&self) -> bool {
        self.handle.is_finished()
    }

    /// Asks it to stop — it keeps in the cache what it has analysed so far, so the next start
    /// carries on from there — and waits for it; its [`Stats`].
    pub fn finish(self) -> Stats {
        self.stop.store(true, Ordering::Relaxed);
        self.handle.join().unwrap_or_default()
    }

    /// Waits for it to finish its work (no stop asked).
    pub fn join(self) -> Stats {
        self.handle.join().unwrap_or_default()
    }
}

/// Starts opening `request` on background threads and returns at once; the returned
/// [`Opening`] fills in as the work proceeds.
pub fn start(request: Request) -> std::io::Result<(Arc<Opening>, Loader)> {
    let opening = Opening::start();
    let publish = Arc::clone(&opening);
    let stop = Arc::new(AtomicBool::new(false));
    let stopping = Arc::clone(&stop);
    let handle = std::thread::Builder::new()
        .name("loader".into())
        .spawn(move || {
            let run = std::panic::AssertUnwindSafe(|| run_until(&request, &publish, &stopping));
            match std::panic::catch_unwind(run) {
                Ok(stats) => {
                    // Readers may wait for the end: there always is one.
                    if !publish.is_ready() {
                        publish.publish_failure("the opening was stopped".into());
                    }
                    stats
                }
                Err(_) => {
                    // The articles published so far stay readable; the reader says why the
                    // rest will not come.
                    publish.publish_failure("the analysis stopped on an internal error".into());
                    Stats::default()
                }
            }
        })?;
    Ok((opening, Loader { handle, stop }))
}

/// Publishes progress at most every so many steps, and always the last.
struct Ticker<'a> {
    opening: &'a Opening,
    stage: Stage,
    total: usize,
    last: AtomicUsize,
}

impl Ticker<'_> {
    fn tell(&self, done: usize) {
        let step = (self.total / 200).max(64);
        let last = self.last.load(Ordering::Relaxed);
        if done == self.total || done >= last + step {
            self.last.store(done, Ordering::Relaxed);
            self.opening.publish_progress(Progress {
                stage: self.stage,
                done,
                total: self.total,
                problem: None,
            });
        }
    }
}

/// Opens `request` on this thread, publishing each step to `opening`.
pub fn run(request: &Request, opening: &Opening) -> Stats {
    run_until(request, opening, &AtomicBool::new(false))
}

/// [`run`], until `stop` is set: then it ends after the file or chunk at hand, keeping in the
/// cache the files analysed so far (without the collection's analysis, which needs them all).
pub fn run_until(request: &Request, opening: &Opening, stop: &AtomicBool) -> Stats {
    let mut run = Run {
        request,
        opening,
        stop,
        began: Instant::now(),
        stats: Stats::default(),
    };
    if request.paths.is_empty() {
        run.open_embedded();
        return run.stats;
    }

    let (files, report) = list_files(&request.paths);
    run.stats.files = files.len();
    let mut caches = run.open_caches();
    run.mark("listed");

    let (mut loaded, speculative) = run.pass_one(&files, report, &mut caches);
    let collection = run.publish_articles(&mut loaded, caches.old.is_none());
    if let Some(old) = &caches.old
        && run.reuse_stored_analysis(old, &mut loaded, speculative)
    {
        return run.stats;
    }
    if let Some(problem) = caches.unwritable {
        run.stats.cache_problem = Some(problem);
    }
    if stop.load(Ordering::Relaxed) {
        run.stats.stopped = true;
        return run.stats;
    }

    let Some(analysed) = run.pass_two(&collection, loaded, caches.writer, caches.old) else {
        return run.stats;
    };
    run.mark("articles analysed");
    let analyse::Analysed {
        builder,
        mut writer,
        places,
        ..
    } = analysed;
    // Where each article's text and entities went in the new cache, if it holds them all.
    let places: Option<Vec<analyse::Placed>> = places
        .into_iter()
        .collect::<Option<_>>()
        .filter(|p: &Vec<_>| p.len() == collection.corpus.articles.len());
    let collection = run.leave_texts_in_cache(collection, writer.as_mut(), places.as_deref());
    let analysis = run.pass_three(&collection, builder, writer.as_mut(), places.as_deref());
    if let Some(writer) = writer {
        run.write_cache(writer, &analysis);
    }
    run.stats
}

/// The stored analysis decoded beside pass one, with the digest of the files it is for.
type Speculative = (u64, Result<Analysis, cache::CacheError>);

/// The analysis caches of one opening.
struct Caches {
    /// The new cache, begun at the start: pass one writes the texts of the files it parses into
    /// it. Dropped unwritten (with its temporary file) when the stored analysis serves after all.
    writer: Option<CacheWriter>,
    /// The previous cache, if one opens.
    old: Option<Cache>,
    /// Why the new cache could not be begun: said only if it was needed (a cache in a folder
    /// that cannot be written, one shared read-only say, serves an unchanged collection without
    /// a word).
    unwritable: Option<String>,
}

/// One opening at work: what it was asked, whom it tells, and what it has done so far.
struct Run<'a> {
    request: &'a Request,
    opening: &'a Opening,
    stop: &'a AtomicBool,
    began: Instant,
    stats: Stats,
}

impl Run<'_> {
    /// Notes the time from the start to a milestone.
    fn mark(&mut self, what: &'static str) {
        self.stats.timings.push((what, self.began.elapsed()));
    }

    /// Why the new cache cannot be written, after `e`.
    fn cannot_write(&self, e: &std::io::Error) -> String {
        let dir = self.request.cache_dir.as_deref().unwrap_or(Path::new(""));
        cache::write_problem(dir, e)
    }

    /// No paths: the embedded seeds, analysed here (there is no cache for them).
    fn open_embedded(&mut self) {
        let collection = Arc::new(Collection::new(load_embedded()));
        collection.titles();
        self.opening.publish_collection(Arc::clone(&collection));
        let analysis = Analysis::build(&collection.corpus);
        self.opening.publish_analysis(Arc::new(analysis));
        self.stats.articles = collection.corpus.articles.len();
        self.stats.articles_recognised = self.stats.articles;
    }

    /// Opens the previous cache, if any, and begins the new one.
    fn open_caches(&mut self) -> Caches {
        let request = self.request;
        let cache_path = request
            .cache_dir
            .as_ref()
            .map(|dir| cache::cache_path(dir, &collection_key(&request.paths)));
        // Only a file is opened: a folder in its place is for the writer to speak of.
        let old = cache_path.as_ref().filter(|p| p.is_file()).and_then(|p| {
            Cache::open(p, cache::analyser_version())
                .map_err(|why| {
                    self.stats.cache_problem = Some(format!("analysis cache not used: {why}"))
                })
                .ok()
        });
        let mut unwritable = None;
        let writer = cache_path.as_ref().and_then(|p| {
            CacheWriter::create(p, cache::analyser_version())
                .map_err(|e| unwritable = Some(self.cannot_write(&e)))
                .ok()
        });
        Caches {
            writer,
            old,
            unwritable,
        }
    }

    /// Pass one: the articles of `files`, published as growing prefixes, with the stored
    /// analysis decoded alongside when it will most likely serve.
    fn pass_one(
        &mut self,
        files: &[(PathBuf, Format)],
        report: LoadReport,
        caches: &mut Caches,
    ) -> (files::Loaded, Option<Speculative>) {
        let (opening, request, stop) = (self.opening, self.request, self.stop);
        let Caches { old, writer, .. } = caches;
        let loading = Ticker {
            opening,
            stage: Stage::Loading,
            total: files.len(),
            last: AtomicUsize::new(0),
        };
        loading.tell(0);
        let mut prefixes = Prefixes {
            opening,
            total_files: files.len(),
            last_published: None,
            warming: false,
        };
        let (loaded, speculative) = std::thread::scope(|scope| {
            // When the cache lists the same files, its stored analysis will most likely serve:
            // decode it alongside pass one (whose merging of rounds leaves a core idle) rather
            // than after.
            let speculative = old.as_ref().filter(|c| same_paths(c, files)).and_then(|c| {
                let digest = c.stored_digest()?;
                let parts = c.analysis_parts(digest)?;
                Some((digest, scope.spawn(move || Analysis::load_parts(&parts))))
            });
            let inputs = files::Inputs {
                files,
                options: request.load,
                cache: old.as_ref(),
                stop,
                progress: &|done| loading.tell(done),
            };
            let loaded = files::load(&inputs, report, writer, &mut |so_far, done| {
                prefixes.round(so_far, done)
            });
            let speculative = speculative.and_then(|(digest, h)| Some((digest, h.join().ok()?)));
            (loaded, speculative)
        });
        self.stats.files_reused = loaded.files_reused;
        self.stats.files_parsed = loaded.files_parsed;
        (loaded, speculative)
    }

    /// Publishes every article pass one loaded, as the collection the rest of the opening
    /// analyses (taken out of `loaded`).
    fn publish_articles(
        &mut self,
        loaded: &mut files::Loaded,
        no_old_cache: bool,
    ) -> Arc<Collection> {
        if let Some(p) = loaded.cache_problem.take() {
            self.stats.cache_problem = Some(p);
        }
        self.stats.articles = loaded.corpus.articles.len();
        let collection = Arc::new(Collection::new(std::mem::take(&mut loaded.corpus)));
        if loaded.files_parsed > 0 || no_old_cache {
            // The analysis will take a while: the readers' sidebars resolve read-more headlines
            // with the titles meanwhile, which are better indexed here than on their threads
            // (and now, with every core free).
            collection.titles_on_every_core();
        }
        self.opening.publish_collection(Arc::clone(&collection));
        self.mark("articles loaded");
        collection
    }

    /// Publishes the analysis stored in `old` when the collection is unchanged and it serves;
    /// true when it did.
    fn reuse_stored_analysis(
        &mut self,
        old: &Cache,
        loaded: &mut files::Loaded,
        speculative: Option<Speculative>,
    ) -> bool {
        if loaded.files_parsed > 0 || loaded.kept.iter().any(|k| k.entities.is_none()) {
            return false;
        }
        let digest = cache::files_digest(loaded.files.iter().filter_map(|f| f.key.as_ref()));
        let stored = match speculative {
            Some((d, decoded)) if d == digest => Some(decoded),
            _ => old
                .analysis_parts(digest)
                .map(|parts| Analysis::load_parts(&parts)),
        };
        match stored_analysis(stored, &mut loaded.kept) {
            Ok(Some(analysis)) => {
                self.opening.publish_analysis(Arc::new(analysis));
                self.stats.analysis_reused = true;
                self.mark("analysis ready");
                return true;
            }
            Ok(None) => {}
            Err(why) => self.stats.cache_problem = Some(format!("analysis cache not used: {why}")),
        }
        false
    }

    /// Pass two: entities and terms, chunk by chunk, into the new cache (`writer`); `old` is let
    /// go once it is done. `None` when it was stopped.
    fn pass_two(
        &mut self,
        collection: &Collection,
        loaded: files::Loaded,
        writer: Option<CacheWriter>,
        old: Option<Cache>,
    ) -> Option<analyse::Analysed> {
        let corpus = &collection.corpus;
        let had_cache = old.is_some();
        let analysing = Ticker {
            opening: self.opening,
            stage: Stage::Analysing,
            total: corpus.articles.len(),
            last: AtomicUsize::new(0),
        };
        analysing.tell(0);
        let early = Arc::new(EarlyEntities::new(corpus.articles.len()));
        self.opening.publish_early(Arc::clone(&early));
        let mut analysed = analyse::analyse(corpus, loaded, writer, &early, self.stop, &|done| {
            analysing.tell(done)
        });
        drop(early);
        drop(old);
        self.stats.articles_recognised = analysed.recognised;
        if analysed.cache_problem.is_some() {
            self.stats.cache_problem = analysed.cache_problem.take();
        }
        if !analysed.stopped {
            return Some(analysed);
        }
        self.stats.stopped = true;
        // What was analysed is kept when there was no cache to lose; a cache that covered files
        // this run did not reach yet stays as it was.
        if let Some(writer) = analysed.writer.filter(|_| !had_cache) {
            match writer.finish() {
                Ok(()) => self.stats.cache_written = true,
                Err(e) => self.stats.cache_problem = Some(self.cannot_write(&e)),
            }
        }
        None
    }

    /// Every text is in the new cache now (`places`, if it holds them all): the collection lets
    /// them go (readers read them from there when shown) before the collection phase, where
    /// memory peaks. The collection to go on with.
    fn leave_texts_in_cache(
        &mut self,
        collection: Arc<Collection>,
        writer: Option<&mut CacheWriter>,
        places: Option<&[analyse::Placed]>,
    ) -> Arc<Collection> {
        match texts_left_in_cache(&collection, writer, places) {
            Some(lighter) => {
                let lighter = Arc::new(lighter);
                self.opening.publish_collection(Arc::clone(&lighter));
                // The texts go once the readers have taken the new collection too: freed on a
                // thread of their own, beside the collection phase rather than before it.
                std::thread::spawn(move || drop(collection));
                lighter
            }
            None => collection,
        }
    }

    /// Pass three: the collection's indexes, related stories and threads, published.
    fn pass_three(
        &mut self,
        collection: &Collection,
        builder: AnalysisBuilder,
        writer: Option<&mut CacheWriter>,
        places: Option<&[analyse::Placed]>,
    ) -> Arc<Analysis> {
        self.opening.publish_progress(Progress {
            stage: Stage::Indexing,
            done: 0,
            total: 0,
            problem: None,
        });
        let began = self.began;
        let timings = &mut self.stats.timings;
        let titles = collection.titles_if_built();
        let mut analysis = builder.finish_with_titles(&collection.corpus, titles, &mut |step| {
            timings.push((step, began.elapsed()))
        });
        // So are the articles' entities: the sidebar decodes the shown article's again.
        if let (Some(places), Some(w)) = (places, writer)
            && let Ok(source) = w.entities()
        {
            analysis.set_docs(
                places
                    .iter()
                    .zip(&collection.corpus.articles)
                    .map(|(p, a)| Entities::stored(Arc::clone(&source), p.entities, a.text.len()))
                    .collect(),
            );
        }
        let analysis = Arc::new(analysis);
        self.opening.publish_analysis(Arc::clone(&analysis));
        self.mark("analysis ready");
        analysis
    }

    /// Stores the collection's analysis in the new cache and puts the cache in place.
    fn write_cache(&mut self, writer: CacheWriter, analysis: &Analysis) {
        match store_analysis(writer, analysis) {
            Ok(()) => self.stats.cache_written = true,
            Err(e) => self.stats.cache_problem = Some(self.cannot_write(&e)),
        }
        self.mark("cache written");
    }
}

/// What pass one's rounds publish: prefixes of the collection while it loads, when they are
/// worth their copy; and when files are to be recognised, the recogniser made ready early.
struct Prefixes<'a> {
    opening: &'a Opening,
    total_files: usize,
    last_published: Option<Instant>,
    /// True once the recogniser's tables are being built.
    warming: bool,
}

impl Prefixes<'_> {
    /// After a round: `so_far` is what is loaded, `done` the files done.
    fn round(&mut self, so_far: &files::Loaded, done: usize) {
        // Each published prefix is a copy; the last round's collection is moved, not copied, by
        // `Run::publish_articles`. After the first round, a prefix is worth its copy only when
        // the rest is still a while away (a warm cache loads everything in well under a
        // second).
        let due = self
            .last_published
            .is_none_or(|t| t.elapsed() >= PUBLISH_INTERVAL);
        // A copy of at most an eighth of the collection: the final one is in memory beside it
        // for a moment, and memory peaks then.
        let small = so_far.corpus.articles.len() <= (self.total_files / 8).max(4096);
        if done < self.total_files && due && small {
            self.last_published = Some(Instant::now());
            let prefix = Corpus {
                articles: so_far.corpus.articles.clone(),
                report: Default::default(),
            };
            let prefix = Collection::new(prefix);
            prefix.titles();
            self.opening.publish_collection(Arc::new(prefix));
        }
        // Files to recognise: the recogniser's tables are built on a thread of their own while
        // pass one reads (after the first frame is out), rather than when pass two starts and
        // every worker waits for them.
        if so_far.files_parsed > 0 && !self.warming && done > files::FIRST_ROUND {
            self.warming = true;
            std::thread::spawn(crate::analysis::prepare_recogniser);
        }
    }
}

/// Loads the articles only (pass one), reusing the cache but never writing it: for commands
/// that list or show articles. `progress(files done, files in all)`.
pub fn load_articles(request: &Request, progress: &(dyn Fn(usize, usize) + Sync)) -> Corpus {
    if request.paths.is_empty() {
        return load_embedded();
    }
    let (files, report) = list_files(&request.paths);
    let total = files.len();
    let old = request
        .cache_dir
        .as_ref()
        .map(|dir| cache::cache_path(dir, &collection_key(&request.paths)))
        .and_then(|p| Cache::open(&p, cache::analyser_version()).ok());
    let inputs = files::Inputs {
        files: &files,
        options: request.load,
        cache: old.as_ref(),
        stop: &AtomicBool::new(false),
        progress: &|done| progress(done, total),
    };
    files::load(&inputs, report, &mut None, &mut |_, _| {}).corpus
}

/// The collection with its articles' texts read from the cache being written, when it holds
/// them all (`places`; it does unless writing failed) and some are still read from elsewhere
/// (memory, the old cache); `None` otherwise.
fn texts_left_in_cache(
    collection: &Collection,
    writer: Option<&mut CacheWriter>,
    places: Option<&[analyse::Placed]>,
) -> Option<Collection> {
    let places = places?;
    // Texts pass one wrote are read from the new cache already: the collection stays as it is
    // unless some still come from memory or the old cache.
    let articles = &collection.corpus.articles;
    if articles
        .iter()
        .zip(places)
        .all(|(a, p)| a.text.place() == Some(p.text))
    {
        return None;
    }
    let texts = writer?.texts().ok()?;
    let lighter = collection
        .corpus
        .articles
        .par_iter()
        .zip(places)
        .map(|(a, p)| a.with_text(Text::stored(Arc::clone(&texts), p.text)))
        .collect();
    Some(collection.with_same_articles(lighter))
}

/// True when the cache lists exactly these files, in this order.
fn same_paths(cache: &Cache, files: &[(PathBuf, Format)]) -> bool {
    cache.files().len() == files.len()
        && cache
            .files()
            .iter()
            .zip(files)
            .all(|(k, (p, _))| p.as_os_str().to_string_lossy() == k.path.as_str())
}

/// The stored analysis (`stored`, if any) with the articles' entities put back (taken out
/// of `kept` only when it is used). `Ok(None)` when none is stored for them; `Err` when the
/// stored one is damaged or does not fit.
fn stored_analysis(
    stored: Option<Result<Analysis, cache::CacheError>>,
    kept: &mut [files::Kept],
) -> Result<Option<Analysis>, cache::CacheError> {
    let Some(stored) = stored else {
        return Ok(None);
    };
    let mut analysis = stored?;
    if analysis.article_count() != kept.len() || kept.iter().any(|k| k.entities.is_none()) {
        return Err(cache::CacheError::Inconsistent(
            "its analysis does not match the articles",
        ));
    }
    analysis.set_docs(kept.iter_mut().filter_map(|k| k.entities.take()).collect());
    Ok(Some(analysis))
}

/// Stores the collection's analysis and puts the new cache in place.
fn store_analysis(mut writer: CacheWriter, analysis: &Analysis) -> std::io::Result<()> {
    analysis.store_parts(&mut writer)?;
    writer.finish()
}

#[cfg(test)]
mod tests;
