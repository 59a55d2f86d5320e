//! Pass one of opening a collection: every file becomes articles, taken from the analysis cache
//! when the file is unchanged (or its bytes are) and parsed otherwise. Files are done in rounds
//! of growing size, each a prefix of the collection that is published for the readers' list,
//! so the first articles are on screen long before the last file is read.

use crate::cache::{self, Cache, CacheWriter, Entry, FileKey, FileOutcome, cache_place};
use crate::corpus::duplicates::{Added, FirstOfEachText};
use crate::corpus::load::{
    Format, Outcome, display, io_reason, not_readable, parse_bytes, read_capped,
};
use crate::corpus::parse::Parsed;
use crate::corpus::report::{LoadReport, Skip};
use crate::corpus::{Article, CachePlace, Corpus, LoadOptions, Text, TextSource};
use crate::entity::{Entities, EntitySource};
use rayon::prelude::*;
use std::collections::HashMap;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::UNIX_EPOCH;

/// The first round: enough articles to fill any screen, few enough to show at once.
pub(crate) const FIRST_ROUND: usize = 2048;
/// Each later round is this many times the files loaded so far (a few rounds in all, so that
/// publishing copies of the growing list stays a small share of the work)…
const ROUND_GROWTH: usize = 4;
/// …but at most this many files. A round's files join the collection one by one on one thread,
/// while the next round is read on the others; only the last round's joining has nothing beside
/// it, so it must be short.
const MAX_ROUND: usize = 8192;

/// An article's place in what a file gave.
#[derive(Debug)]
pub enum Slot {
    /// In the corpus at this index.
    Kept(u32),
    /// The same text as an earlier article: kept only to write back to the cache.
    Duplicate(Box<Duplicated>),
}

/// What the cache keeps of an article besides the article itself.
#[derive(Debug)]
pub struct Extras {
    /// What `source` adds to its file's path (`#3` in an export).
    pub suffix: String,
    /// Its load warnings.
    pub warnings: Vec<String>,
    /// Where pass one wrote its text in the new cache, if it did.
    pub text_place: Option<CachePlace>,
}

/// An article left out as a duplicate, with what the cache keeps of it.
#[derive(Debug)]
pub struct Duplicated {
    pub article: Article,
    pub extras: Extras,
}

/// What pass one knows of a corpus article besides the article.
#[derive(Debug)]
pub struct Kept {
    pub extras: Extras,
    /// Its entities, when the cache had them.
    pub entities: Option<Entities>,
}

/// What became of one file, remembered for pass two and for writing the cache.
#[derive(Debug)]
pub struct FileState {
    /// The file's cache key; `None` when its outcome is not a fact about its bytes (unreadable,
    /// over the size limit) and so is not cached.
    pub key: Option<FileKey>,
    /// Why its bytes are not usable.
    pub skipped: Option<String>,
    /// Entries of a multi-article file that could not be used.
    pub unusable: Vec<(u32, String)>,
    pub articles: Vec<Slot>,
}

/// Everything pass one produced.
#[derive(Debug, Default)]
pub struct Loaded {
    pub corpus: Corpus,
    /// One per corpus article, at the same index: the two grow together, in `place` only.
    pub kept: Vec<Kept>,
    pub files: Vec<FileState>,
    pub files_reused: usize,
    pub files_parsed: usize,
    /// Why part of the cache could not be used (a chunk failed its checks).
    pub cache_problem: Option<String>,
    /// Which corpus article has each text: the rest are duplicates.
    first_of_each_text: FirstOfEachText,
}

/// One file's result before it joins the collection.
enum Fetched {
    /// Parsed now.
    Parsed(FileKey, Outcome),
    /// The cache has it.
    Cached(FileKey, Entry),
    /// Not readable or too large: reported, not cached.
    Failed(Skip),
}

/// What pass one loads, from where, and whom it tells.
pub struct Inputs<'a> {
    /// The files as listed, in collection order.
    pub files: &'a [(PathBuf, Format)],
    pub options: LoadOptions,
    /// The previous cache, if usable.
    pub cache: Option<&'a Cache>,
    /// Once set, no further round is read.
    pub stop: &'a AtomicBool,
    /// Told the number of files read so far, from any of the reading threads.
    pub progress: &'a (dyn Fn(usize) + Sync),
}

/// Loads `inputs.files` in rounds, calling `round(&loaded, files done)` after each, until
/// `inputs.stop` is set; `report` is the listing's. A chunk of the previous cache that turns out
/// damaged makes its files parse afresh.
///
/// With a new cache to write (`texts`), the texts of the files parsed go into it as each round
/// joins the collection, and the articles read them from there: a large collection's texts are
/// then never all in memory at once (held together, they would be the largest part of
/// opening's peak). If writing fails, `texts` becomes `None` and the texts stay
/// in memory.
pub fn load(
    inputs: &Inputs,
    report: LoadReport,
    texts: &mut Option<CacheWriter>,
    round: &mut dyn FnMut(&Loaded, usize),
) -> Loaded {
    let files = inputs.files;
    let mut loaded = Loaded::with_capacity(files.len(), report);
    let done = AtomicUsize::new(0);
    // A round read but not yet joined to the collection: its files' range.
    let mut pending: Option<(Vec<Fetched>, Range<usize>)> = None;
    let mut start = 0;
    loop {
        // Asked to stop: the rounds read so far are what was loaded.
        let next = (start < files.len() && !inputs.stop.load(Ordering::Relaxed))
            .then(|| round_after(start, files.len()));
        // The first round is joined before anything else starts: it makes the first frame.
        if let Some(first) = pending.take_if(|(_, range)| range.start == 0) {
            join_round(&mut loaded, first, inputs, texts, round);
        }
        // The next round is read on the other threads while this one joins the collection.
        let read = std::thread::scope(|scope| {
            let reading = next
                .clone()
                .map(|range| scope.spawn(|| read_round(inputs, &files[range], &done)));
            if let Some(read) = pending.take() {
                join_round(&mut loaded, read, inputs, texts, round);
            }
            reading.map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
        });
        match (read, next) {
            (Some(fetched), Some(range)) => {
                start = range.end;
                pending = Some((fetched, range));
            }
            _ => break,
        }
    }
    loaded
}

impl Loaded {
    /// Nothing loaded yet of `files` files, with the listing's `report`.
    fn with_capacity(files: usize, report: LoadReport) -> Loaded {
        // Most files hold one article: sized for that, the per-article lists never grow by
        // copying (in a large collection each doubling would move the lists into freshly zeroed
        // pages).
        Loaded {
            corpus: Corpus {
                articles: Vec::with_capacity(files),
                report,
            },
            kept: Vec::with_capacity(files),
            files: Vec::with_capacity(files),
            first_of_each_text: FirstOfEachText::with_capacity(files),
            ..Loaded::default()
        }
    }
}

/// The files of the round that follows the first `start` of `files`: the first round, or one
/// that grows with what is loaded.
fn round_after(start: usize, files: usize) -> Range<usize> {
    let size = if start == 0 {
        FIRST_ROUND
    } else {
        (start * ROUND_GROWTH).min(MAX_ROUND)
    };
    start..(start + size).min(files)
}

/// Reads a round's files (`batch`) in parallel, counting each in `done` and telling progress.
fn read_round(inputs: &Inputs, batch: &[(PathBuf, Format)], done: &AtomicUsize) -> Vec<Fetched> {
    batch
        .par_iter()
        .map(|(path, format)| {
            let f = fetch(path, *format, inputs.options, inputs.cache);
            (inputs.progress)(done.fetch_add(1, Ordering::Relaxed) + 1);
            f
        })
        .collect()
}

/// Adds a round's files (`fetched` from `inputs.files[range]`) to what is loaded, in order, and
/// tells `round`.
fn join_round(
    loaded: &mut Loaded,
    (fetched, range): (Vec<Fetched>, Range<usize>),
    inputs: &Inputs,
    texts: &mut Option<CacheWriter>,
    round: &mut dyn FnMut(&Loaded, usize),
) {
    let batch = &inputs.files[range.clone()];
    let (first_article, first_file) = (loaded.corpus.articles.len(), loaded.files.len());
    let mut decoded = decode_chunks(&fetched, inputs.cache);
    for (f, (path, format)) in fetched.into_iter().zip(batch) {
        let f = match f {
            Fetched::Cached(key, entry) => match take(&mut decoded, entry) {
                Some(outcome) => {
                    loaded.files_reused += 1;
                    add_cached(loaded, key, outcome);
                    continue;
                }
                // A damaged chunk: parse the file after all.
                None => {
                    loaded.cache_problem.get_or_insert_with(|| {
                        "analysis cache damaged; its files were analysed again".into()
                    });
                    fetch(path, *format, inputs.options, None)
                }
            },
            other => other,
        };
        match f {
            Fetched::Parsed(key, outcome) => {
                loaded.files_parsed += 1;
                add_parsed(loaded, key, outcome);
            }
            Fetched::Failed(skip) => {
                loaded.corpus.report.skipped.push(skip);
                loaded.files.push(FileState {
                    key: None,
                    skipped: None,
                    unusable: Vec::new(),
                    articles: Vec::new(),
                });
            }
            Fetched::Cached(..) => unreachable!("fetched without a cache"),
        }
    }
    if let Some(writer) = texts.as_mut()
        && let Err(e) = store_texts(loaded, first_article, first_file, writer)
    {
        loaded
            .cache_problem
            .get_or_insert_with(|| writer.problem(&e));
        *texts = None;
    }
    round(loaded, range.end);
}

/// Writes the texts in memory of the articles from `first_article` on, and of the duplicates of
/// the files from `first_file` on, to the new cache, and has them read their texts from there.
/// On an error every text of the round stays in memory.
fn store_texts(
    loaded: &mut Loaded,
    first_article: usize,
    first_file: usize,
    writer: &mut CacheWriter,
) -> std::io::Result<()> {
    // A text already in a cache is in the old one: pass two copies it over.
    let in_memory = |a: &Article| a.text.place().is_none();
    let mut kept = Vec::new();
    for (i, a) in loaded
        .corpus
        .articles
        .iter()
        .enumerate()
        .skip(first_article)
    {
        if in_memory(a) {
            kept.push((i, writer.add_text(text_of(a)?)?));
        }
    }
    let mut duplicates = Vec::new();
    for (f, file) in loaded.files.iter().enumerate().skip(first_file) {
        for (k, slot) in file.articles.iter().enumerate() {
            if let Slot::Duplicate(d) = slot
                && in_memory(&d.article)
            {
                duplicates.push((f, k, writer.add_text(text_of(&d.article)?)?));
            }
        }
    }
    // Readable from here on (this flushes what was written).
    let source = writer.texts()?;
    for (i, place) in kept {
        loaded.corpus.articles[i].text = Text::stored(Arc::clone(&source), place);
        loaded.kept[i].extras.text_place = Some(place);
    }
    for (f, k, place) in duplicates {
        if let Slot::Duplicate(d) = &mut loaded.files[f].articles[k] {
            d.article.text = Text::stored(Arc::clone(&source), place);
            d.extras.text_place = Some(place);
        }
    }
    Ok(())
}

/// An article's text for the cache being written; one that cannot be read fails the write
/// rather than leave other text in its place.
fn text_of(article: &Article) -> std::io::Result<&str> {
    article.text.get().map_err(std::io::Error::other)
}

/// Modification time in nanoseconds since the epoch; 0 when unknown.
fn modified_ns(meta: &fs::Metadata) -> i64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos().min(i64::MAX as u128) as i64)
}

fn fetch(path: &Path, format: Format, options: LoadOptions, cache: Option<&Cache>) -> Fetched {
    let source = display(path);
    let failed = |reason: String| {
        Fetched::Failed(Skip {
            path: source.clone(),
            reason,
        })
    };
    // A file the cache may hold is first only looked at, so that an unchanged one is never
    // opened; any other is opened at once and looked at through its handle, which spares the
    // system a second walk of its path (one per file on a cold start). The listing has left
    // out what is not a regular file; the metadata is checked again as it is seen here, which
    // costs no call (a pipe put in a file's place since would block the open, though).
    let (bytes, modified) = if cache.is_some_and(|c| c.knows_path(&source)) {
        let meta = match fs::metadata(path) {
            Ok(m) => m,
            Err(e) => return failed(io_reason(&e)),
        };
        if let Some(reason) = not_readable(&meta, options) {
            return failed(reason);
        }
        let modified = modified_ns(&meta);
        if let Some(c) = cache
            && let Some(entry) = c.unchanged(&source, meta.len(), modified)
        {
            let key = c.files()[entry.file].clone();
            return Fetched::Cached(key, entry);
        }
        let read = fs::File::open(path)
            .map_err(|e| io_reason(&e))
            .and_then(|file| read_capped(file, meta.len(), options));
        match read {
            Ok(b) => (b, modified),
            Err(reason) => return failed(reason),
        }
    } else {
        let opened = fs::File::open(path).and_then(|file| Ok((file.metadata()?, file)));
        let (meta, file) = match opened {
            Ok(o) => o,
            Err(e) => return failed(io_reason(&e)),
        };
        if let Some(reason) = not_readable(&meta, options) {
            return failed(reason);
        }
        match read_capped(file, meta.len(), options) {
            Ok(b) => (b, modified_ns(&meta)),
            Err(reason) => return failed(reason),
        }
    };
    let key = FileKey {
        path: source.clone(),
        len: bytes.len() as u64,
        modified,
        content: cache::content_hash(&bytes),
    };
    if let Some(entry) = cache.and_then(|c| c.with_content(key.content)) {
        return Fetched::Cached(key, entry);
    }
    let outcome = parse_bytes(&bytes, &source, format).unwrap_or_else(|reason| {
        Outcome::Skipped(Skip {
            path: source.clone(),
            reason,
        })
    });
    Fetched::Parsed(key, outcome)
}

/// A cached file's outcome made ready on a worker thread: its articles built and their entities
/// checked against their text, so that joining them to the collection is only bookkeeping.
#[derive(Clone)]
enum Ready {
    Skipped(String),
    Articles {
        articles: Vec<ReadyArticle>,
        unusable: Vec<(u32, String)>,
    },
}

#[derive(Clone)]
struct ReadyArticle {
    /// `None`: the record did not make an article (it cannot, from a checksummed chunk this
    /// build wrote; if it does, the loss is reported).
    article: Option<Article>,
    suffix: String,
    warnings: Vec<String>,
    entities: Option<Entities>,
}

/// Where a cached file's articles read their texts and entities from.
struct Sources {
    texts: Arc<dyn TextSource>,
    entities: Arc<dyn EntitySource>,
}

fn make_ready(outcome: FileOutcome, path: &str, sources: &Sources) -> Ready {
    match outcome {
        FileOutcome::Skipped(reason) => Ready::Skipped(reason),
        FileOutcome::Articles { articles, unusable } => Ready::Articles {
            articles: articles
                .into_iter()
                .map(|record| {
                    let source = format!("{path}{}", record.suffix);
                    let article = record.article.into_article(source, &sources.texts);
                    // Decoded (and checked against the text's length) when first needed.
                    let entities = article.as_ref().and_then(|a| {
                        let place = cache_place(record.entities?);
                        let from = Arc::clone(&sources.entities);
                        Some(Entities::stored(from, place, a.text.len()))
                    });
                    ReadyArticle {
                        article,
                        suffix: record.suffix,
                        warnings: record.warnings,
                        entities,
                    }
                })
                .collect(),
            unusable,
        },
    }
}

/// The cached outcomes a round needs, decoded and made ready chunk by chunk in parallel (a
/// chunk that fails its checks is absent), with how many of the round's files still want each
/// one: two files with the same bytes share an entry, and only the last one takes it without a
/// copy.
#[derive(Default)]
struct Decoded {
    outcomes: HashMap<usize, Vec<Option<Ready>>>,
    wanted: HashMap<(usize, usize), usize>,
}

fn decode_chunks(fetched: &[Fetched], cache: Option<&Cache>) -> Decoded {
    let Some(cache) = cache else {
        return Decoded::default();
    };
    let mut wanted: HashMap<(usize, usize), usize> = HashMap::new();
    for f in fetched {
        if let Fetched::Cached(_, e) = f {
            *wanted.entry((e.chunk, e.position)).or_default() += 1;
        }
    }
    let mut chunks: Vec<usize> = wanted.keys().map(|&(c, _)| c).collect();
    chunks.sort_unstable();
    chunks.dedup();
    let sources = Sources {
        texts: cache.texts(),
        entities: cache.entities(),
    };
    let outcomes = chunks
        .into_par_iter()
        .filter_map(|c| {
            let outcomes = cache.outcomes(c).ok()?;
            let files = &cache.files()[cache.chunk_files(c)];
            let ready = outcomes
                .into_iter()
                .zip(files)
                .map(|(o, f)| Some(make_ready(o, &f.path, &sources)))
                .collect();
            Some((c, ready))
        })
        .collect();
    Decoded { outcomes, wanted }
}

fn take(decoded: &mut Decoded, entry: Entry) -> Option<Ready> {
    let slot = decoded
        .outcomes
        .get_mut(&entry.chunk)?
        .get_mut(entry.position)?;
    let left = decoded.wanted.get_mut(&(entry.chunk, entry.position))?;
    *left = left.saturating_sub(1);
    if *left == 0 {
        slot.take()
    } else {
        slot.clone()
    }
}

fn add_parsed(loaded: &mut Loaded, key: FileKey, outcome: Outcome) {
    let mut state = FileState {
        key: Some(key),
        skipped: None,
        unusable: Vec::new(),
        articles: Vec::new(),
    };
    match outcome {
        Outcome::Skipped(skip) => {
            state.skipped = Some(skip.reason.clone());
            loaded.corpus.report.skipped.push(skip);
        }
        Outcome::Articles(parsed, skips) => {
            let path = state
                .key
                .as_ref()
                .map_or("", |k| k.path.as_str())
                .to_string();
            state.unusable = skips
                .iter()
                .filter_map(|s| {
                    let index = s.path.rsplit_once('#')?.1.parse().ok()?;
                    Some((index, s.reason.clone()))
                })
                .collect();
            loaded.corpus.report.skipped.extend(skips);
            for Parsed {
                article, warnings, ..
            } in parsed
            {
                let suffix = article
                    .source
                    .strip_prefix(path.as_str())
                    .unwrap_or("")
                    .to_string();
                let slot = place(loaded, article, warnings, suffix, None);
                state.articles.push(slot);
            }
        }
    }
    loaded.files.push(state);
}

fn add_cached(loaded: &mut Loaded, key: FileKey, ready: Ready) {
    let path = key.path.clone();
    let mut state = FileState {
        key: Some(key),
        skipped: None,
        unusable: Vec::new(),
        articles: Vec::new(),
    };
    match ready {
        Ready::Skipped(reason) => {
            loaded.corpus.report.skipped.push(Skip {
                path: path.clone(),
                reason: reason.clone(),
            });
            state.skipped = Some(reason);
        }
        Ready::Articles { articles, unusable } => {
            loaded
                .corpus
                .report
                .skipped
                .extend(cache::records::unusable_skips(&path, &unusable));
            state.unusable = unusable;
            for ready in articles {
                let Some(mut article) = ready.article else {
                    loaded.corpus.report.skipped.push(Skip {
                        path: path.clone(),
                        reason: "cache entry unusable; run with --no-cache".into(),
                    });
                    continue;
                };
                // Made ready under the name the cache knew; the same bytes may have moved.
                let named = article.source.len() == path.len() + ready.suffix.len()
                    && article.source.starts_with(&path);
                if !named {
                    article.source = format!("{path}{}", ready.suffix);
                }
                let slot = place(
                    loaded,
                    article,
                    ready.warnings,
                    ready.suffix,
                    ready.entities,
                );
                state.articles.push(slot);
            }
        }
    }
    loaded.files.push(state);
}

/// Adds an article to the corpus, or records it as a duplicate of one already there.
fn place(
    loaded: &mut Loaded,
    article: Article,
    warnings: Vec<String>,
    suffix: String,
    entities: Option<Entities>,
) -> Slot {
    let added = loaded
        .first_of_each_text
        .add(&mut loaded.corpus, article, &warnings);
    let extras = Extras {
        suffix,
        warnings,
        text_place: None,
    };
    match added {
        Added::Duplicate(article) => Slot::Duplicate(Box::new(Duplicated {
            article: *article,
            extras,
        })),
        Added::Kept(index) => {
            loaded.kept.push(Kept { extras, entities });
            Slot::Kept(index as u32)
        }
    }
}
