//! Pass two of opening a collection: every article's entities — from the cache when it has them,
//! recognised otherwise — and term counts, done in chunks of files in parallel, each chunk
//! written to the new cache as soon as it is done, so neither the cache nor the work ever sits
//! in memory whole.

use super::files::{Extras, FileState, Kept, Loaded, Slot};
use crate::analysis::terms::TermCounts;
use crate::analysis::{AnalysisBuilder, ArticleAnalysis, recognise_and_count_terms};
use crate::cache::{ArticleRecordRef, CacheWriter, FileOutcomeRef, StoredArticleRef, stored_place};
use crate::collection::EarlyEntities;
use crate::corpus::{Article, CachePlace, Corpus};
use crate::entity::DocEntities;
use crate::entity::Entities;
use rayon::prelude::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Where an article's text and entities are in the new cache.
#[derive(Clone, Copy, Debug)]
pub struct Placed {
    pub text: CachePlace,
    pub entities: CachePlace,
}

/// Files per chunk: the unit of parallel work, of progress and of the cache.
pub const CHUNK_FILES: usize = 2048;

/// What pass two produced.
pub struct Analysed {
    /// Every article's results, ready for the collection phase.
    pub builder: AnalysisBuilder,
    /// Articles the recogniser ran on (the rest came from the cache).
    pub recognised: usize,
    /// The new cache, still open for the collection's analysis; `None` if writing failed.
    pub writer: Option<CacheWriter>,
    /// True when it stopped early (asked to): `builder` and the cache hold the first chunks.
    pub stopped: bool,
    /// Why the cache could not be written, if it could not.
    pub cache_problem: Option<String>,
    /// Where each article's text and entities went in the new cache (all `None` without one).
    pub places: Vec<Option<Placed>>,
}

/// Analyses `corpus` (pass one's articles) chunk by chunk, telling `early` each article's
/// entities as its chunk is done. `progress(articles done)`.
pub fn analyse(
    corpus: &Corpus,
    loaded: Loaded,
    writer: Option<CacheWriter>,
    early: &EarlyEntities,
    stop: &AtomicBool,
    progress: &dyn Fn(usize),
) -> Analysed {
    let Loaded {
        mut kept, files, ..
    } = loaded;
    let text_bytes = corpus.articles.iter().map(|a| a.text.len()).sum();
    let mut analysed = Analysed {
        builder: AnalysisBuilder::with_capacity(corpus.articles.len(), text_bytes),
        recognised: 0,
        writer,
        stopped: false,
        cache_problem: None,
        places: vec![None; corpus.articles.len()],
    };
    let mut files = files.into_iter().peekable();
    // Writing a chunk and adding it to the builder go one at a time, so they run while the next
    // chunk is analysed on the other cores rather than leaving them idle.
    let mut pending: Option<Pending> = None;
    let mut analysed_so_far = 0;
    loop {
        let chunk: Option<Vec<FileState>> = if stop.load(Ordering::Relaxed) {
            analysed.stopped = files.peek().is_some();
            None
        } else {
            Some(files.by_ref().take(CHUNK_FILES).collect()).filter(|c: &Vec<_>| !c.is_empty())
        };
        let jobs = chunk.as_deref().map(|chunk| jobs_of(chunk, &mut kept));
        let (done, ()) = rayon::join(
            || jobs.map(|jobs| analyse_chunk(corpus, jobs)),
            || {
                if let Some(chunk) = pending.take() {
                    analysed.store(chunk, corpus, &kept, early);
                }
            },
        );
        progress(analysed.builder.len());
        let (Some(files), Some(done)) = (chunk, done) else {
            break;
        };
        analysed.recognised += done.iter().filter(|(_, fresh)| *fresh).count();
        let part: Vec<ArticleAnalysis> = done.into_iter().map(|(a, _)| a).collect();
        let first = analysed_so_far;
        analysed_so_far += part.len();
        pending = Some(Pending { files, part, first });
    }
    analysed
}

/// A chunk analysed but not yet written to the cache and added to the builder.
struct Pending {
    files: Vec<FileState>,
    /// The results of its kept articles, in order.
    part: Vec<ArticleAnalysis>,
    /// Its first article's index among the analysed ones.
    first: usize,
}

/// Each kept article of a chunk's files with its entities, if the cache had them (taken out of
/// `kept`).
fn jobs_of(files: &[FileState], kept: &mut [Kept]) -> Vec<(u32, Option<DocEntities>)> {
    files
        .iter()
        .flat_map(|f| &f.articles)
        .filter_map(|slot| match *slot {
            // Stored entities are decoded for the collection phase; ones that no longer decode
            // are recognised again.
            Slot::Kept(i) => Some((
                i,
                kept[i as usize]
                    .entities
                    .take()
                    .and_then(Entities::into_owned),
            )),
            Slot::Duplicate(_) => None,
        })
        .collect()
}

impl Analysed {
    /// Writes an analysed chunk to the cache, tells `early` its entities, and adds it to the
    /// builder.
    fn store(&mut self, chunk: Pending, corpus: &Corpus, kept: &[Kept], early: &EarlyEntities) {
        let in_cache = self.write(&chunk, corpus, kept, early);
        if in_cache.is_empty() {
            // No cache to read them back from: a copy (only without a cache).
            let kept = chunk
                .files
                .iter()
                .flat_map(|f| &f.articles)
                .filter_map(|s| match s {
                    Slot::Kept(i) => Some(*i as usize),
                    Slot::Duplicate(_) => None,
                });
            for (i, a) in kept.zip(&chunk.part) {
                early.set(i, Entities::from(a.entities.clone()));
            }
        }
        // Into the builder only once written: it interns the terms and lets the counts go,
        // and it keeps the entities the cache has only as where they are there.
        self.builder.add(chunk.part);
        self.builder.leave_stored(in_cache, &corpus.articles);
    }

    /// Writes an analysed chunk to the new cache, if there is one, and tells `early` the
    /// entities of its kept articles as the cache has them: those articles (by index) with
    /// their entities. None when there is no cache, or writing it failed (then there is none
    /// from here on).
    fn write(
        &mut self,
        chunk: &Pending,
        corpus: &Corpus,
        kept: &[Kept],
        early: &EarlyEntities,
    ) -> Vec<(usize, Entities)> {
        let mut in_cache = Vec::new();
        let Some(w) = self.writer.as_mut() else {
            return in_cache;
        };
        let written = cache_chunk(w, corpus, &chunk.files, kept, &chunk.part, chunk.first)
            .and_then(|placed| Ok((placed, w.entities()?)));
        match written {
            Ok((placed, source)) => {
                for (i, place) in placed {
                    self.places[i as usize] = Some(place);
                    let text_len = corpus.articles[i as usize].text.len();
                    let entities = Entities::stored(Arc::clone(&source), place.entities, text_len);
                    early.set(i as usize, entities.clone());
                    in_cache.push((i as usize, entities));
                }
            }
            Err(e) => {
                self.cache_problem = Some(w.problem(&e));
                self.writer = None;
            }
        }
        in_cache
    }
}

/// Entities (recognised unless given) and term counts of a chunk's articles, in parallel; each
/// says whether it was recognised now.
fn analyse_chunk(
    corpus: &Corpus,
    jobs: Vec<(u32, Option<DocEntities>)>,
) -> Vec<(ArticleAnalysis, bool)> {
    jobs.into_par_iter()
        .map(|(i, entities)| {
            let article = &corpus.articles[i as usize];
            let fresh = entities.is_none();
            // Counting terms is cheap next to recognition: the cache does not keep them. A
            // text still in the old cache is read for it and not kept; one the old cache cannot
            // give any more counts as empty here, and the new cache is then not written (below).
            let text = article.text.read().unwrap_or_default();
            let (entities, terms) = match entities {
                Some(entities) => (entities, TermCounts::of_text(article, &text)),
                None => recognise_and_count_terms(article, &text),
            };
            (ArticleAnalysis { entities, terms }, fresh)
        })
        .collect()
}

/// Writes a chunk's files to the cache: their articles' texts (those pass one has not written
/// already), then their records; says where the texts of the collection's articles (by index)
/// went. `kept` is pass one's notes on the corpus articles; `part` holds the results of the
/// chunk's articles, the first of which is corpus article `first`.
fn cache_chunk(
    writer: &mut CacheWriter,
    corpus: &Corpus,
    chunk: &[FileState],
    kept: &[Kept],
    part: &[ArticleAnalysis],
    first: usize,
) -> std::io::Result<Vec<(u32, Placed)>> {
    // Texts first, each read on its own if it is still in the old cache (never all at once).
    let mut places = Vec::new();
    let mut kept_places = Vec::new();
    for f in chunk
        .iter()
        .filter(|f| f.key.is_some() && f.skipped.is_none())
    {
        for slot in &f.articles {
            let (article, extras) = article_of(slot, corpus, kept);
            let text = match extras.text_place {
                Some(place) => place,
                None => writer.add_text(&article.text.read().map_err(std::io::Error::other)?)?,
            };
            let entities = match slot {
                Slot::Kept(i) => {
                    let entities = writer.add_entities(&part[*i as usize - first].entities)?;
                    kept_places.push((*i, Placed { text, entities }));
                    Some(entities)
                }
                Slot::Duplicate(_) => None,
            };
            places.push((text, entities));
        }
    }
    let mut places = places.into_iter();
    let mut keys = Vec::new();
    let mut outcomes = Vec::new();
    for f in chunk {
        // Unreadable and oversized files have no key: their outcome is not a fact about bytes.
        let Some(key) = &f.key else {
            continue;
        };
        keys.push(key.clone());
        if let Some(reason) = &f.skipped {
            outcomes.push(FileOutcomeRef::Skipped(reason));
            continue;
        }
        let mut records = Vec::with_capacity(f.articles.len());
        for slot in &f.articles {
            let (text, entities) = places
                .next()
                .ok_or_else(|| std::io::Error::other("a text went missing"))?;
            let (article, extras) = article_of(slot, corpus, kept);
            records.push(ArticleRecordRef {
                article: StoredArticleRef::of(article, text),
                suffix: &extras.suffix,
                warnings: &extras.warnings,
                entities: entities.map(stored_place),
            });
        }
        outcomes.push(FileOutcomeRef::Articles {
            articles: records,
            unusable: &f.unusable,
        });
    }
    writer.add_chunk(keys, &outcomes)?;
    Ok(kept_places)
}

/// The article in a file's slot, and what the cache keeps of it besides: `kept` is pass one's
/// notes on the articles of `corpus`.
fn article_of<'a>(
    slot: &'a Slot,
    corpus: &'a Corpus,
    kept: &'a [Kept],
) -> (&'a Article, &'a Extras) {
    match slot {
        Slot::Kept(i) => (&corpus.articles[*i as usize], &kept[*i as usize].extras),
        Slot::Duplicate(d) => (&d.article, &d.extras),
    }
}
