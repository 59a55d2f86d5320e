//! Pass two of opening a collection: every article's entities and term counts — from the cache
//! when it has them, recognised otherwise — done in chunks of files in parallel, each chunk
//! written to the new cache as soon as it is done, so neither the cache nor the work ever sits
//! in memory whole.

use super::files::{FileState, Loaded, Slot};
use crate::analysis::terms::TermCounts;
use crate::analysis::{ArticleAnalysis, recognise};
use crate::cache::{
    ArticleRecord, Cache, CacheWriter, ChunkTerms, FileKey, FileOutcome, StoredArticle,
    StoredEntities,
};
use crate::corpus::Corpus;
use crate::entity::DocEntities;
use rayon::prelude::*;
use std::collections::HashMap;

/// Files per chunk: the unit of parallel work, of progress and of the cache.
pub const CHUNK_FILES: usize = 2048;

/// What pass two produced.
pub struct Analysed {
    /// One per corpus article, in order.
    pub per_article: Vec<ArticleAnalysis>,
    /// Articles the recogniser ran on (the rest came from the cache).
    pub recognised: usize,
    /// The new cache, still open for the collection's analysis; `None` if writing failed.
    pub writer: Option<CacheWriter>,
    /// Why the cache could not be written, if it could not.
    pub cache_problem: Option<String>,
}

/// Analyses `corpus` (pass one's articles) chunk by chunk. `progress(articles done)`.
pub fn analyse(
    corpus: &Corpus,
    loaded: Loaded,
    old: Option<&Cache>,
    mut writer: Option<CacheWriter>,
    progress: &dyn Fn(usize),
) -> Analysed {
    let Loaded {
        suffixes,
        warnings,
        mut entities,
        files,
        ..
    } = loaded;
    let mut per_article: Vec<ArticleAnalysis> = Vec::with_capacity(corpus.articles.len());
    let mut recognised = 0;
    let mut cache_problem = None;
    let mut old_terms: HashMap<usize, ChunkTerms> = HashMap::new();
    let mut files = files.into_iter().peekable();
    while files.peek().is_some() {
        let chunk: Vec<FileState> = files.by_ref().take(CHUNK_FILES).collect();

        // Term counts the previous cache has for this chunk's files.
        let wanted: Vec<usize> = chunk
            .iter()
            .filter_map(|f| f.from.map(|e| e.chunk))
            .collect();
        old_terms.retain(|c, _| wanted.contains(c));
        let missing: Vec<usize> = {
            let mut m: Vec<usize> = wanted
                .iter()
                .copied()
                .filter(|c| !old_terms.contains_key(c))
                .collect();
            m.sort_unstable();
            m.dedup();
            m
        };
        if let Some(old) = old {
            let fetched: Vec<(usize, ChunkTerms)> = missing
                .into_par_iter()
                .filter_map(|c| Some((c, old.terms(c).ok()?)))
                .collect();
            old_terms.extend(fetched);
        }

        // Each kept article with what the cache gives for it.
        let mut jobs: Vec<(u32, Option<DocEntities>, Option<TermCounts>)> = Vec::new();
        for f in &chunk {
            let cached_terms = f
                .from
                .and_then(|e| old_terms.get(&e.chunk)?.get(e.position).cloned());
            for (n, slot) in f.articles.iter().enumerate() {
                if let Slot::Kept(i) = *slot {
                    let terms = cached_terms
                        .as_ref()
                        .and_then(|t| t.get(n).cloned().flatten());
                    jobs.push((i, entities[i as usize].take(), terms));
                }
            }
        }
        let done: Vec<(ArticleAnalysis, bool)> = jobs
            .into_par_iter()
            .map(|(i, entities, terms)| {
                let article = &corpus.articles[i as usize];
                let fresh = entities.is_none();
                let entities = entities.unwrap_or_else(|| recognise(article));
                let terms = terms.unwrap_or_else(|| TermCounts::of_article(article));
                (ArticleAnalysis { entities, terms }, fresh)
            })
            .collect();
        for (a, fresh) in done {
            recognised += usize::from(fresh);
            per_article.push(a);
        }

        if let Some(w) = writer.as_mut() {
            let (keys, outcomes, terms) =
                cache_chunk(corpus, &chunk, &suffixes, &warnings, &per_article);
            if let Err(e) = w.add_chunk(keys, &outcomes, &terms) {
                cache_problem = Some(format!("cannot write the analysis cache: {e}"));
                writer = None;
            }
        }
        progress(per_article.len());
    }
    Analysed {
        per_article,
        recognised,
        writer,
        cache_problem,
    }
}

/// The cache's record of a chunk's files. `analysed` holds every article analysed so far (one
/// per corpus article, in order).
fn cache_chunk(
    corpus: &Corpus,
    chunk: &[FileState],
    suffixes: &[String],
    warnings: &[Vec<String>],
    analysed: &[ArticleAnalysis],
) -> (Vec<FileKey>, Vec<FileOutcome>, ChunkTerms) {
    let mut keys = Vec::new();
    let mut outcomes = Vec::new();
    let mut terms: ChunkTerms = Vec::new();
    for f in chunk {
        // Unreadable and oversized files have no key: their outcome is not a fact about bytes.
        let Some(key) = &f.key else {
            continue;
        };
        keys.push(key.clone());
        if let Some(reason) = &f.skipped {
            outcomes.push(FileOutcome::Skipped(reason.clone()));
            terms.push(Vec::new());
            continue;
        }
        let mut records = Vec::with_capacity(f.articles.len());
        let mut file_terms = Vec::with_capacity(f.articles.len());
        for slot in &f.articles {
            match slot {
                Slot::Kept(i) => {
                    let i = *i as usize;
                    let a = &analysed[i];
                    records.push(ArticleRecord {
                        article: StoredArticle::from_article(&corpus.articles[i]),
                        suffix: suffixes[i].clone(),
                        warnings: warnings[i].clone(),
                        entities: Some(StoredEntities::from_entities(&a.entities)),
                    });
                    file_terms.push(Some(a.terms.clone()));
                }
                Slot::Duplicate(record) => {
                    records.push((**record).clone());
                    file_terms.push(None);
                }
            }
        }
        outcomes.push(FileOutcome::Articles {
            articles: records,
            unusable: f.unusable.clone(),
        });
        terms.push(file_terms);
    }
    (keys, outcomes, terms)
}
