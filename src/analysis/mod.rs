//! The analysis layer: what the collection's articles name, how they relate, and which stories
//! they form. Built once per collection, immutable afterwards, shared by every reader.
//!
//! Building runs in two phases, kept apart so that a caller can run the first in chunks and show
//! progress (or do it in the background):
//! 1. per article, in parallel: [`analyse_articles`] — entity recognition and content-term counts;
//! 2. per collection: [`Analysis::from_articles`] — the entity index with cross-article names, the
//!    term vocabulary, weighted profiles and their inverted indexes, story threads, read-more links.
//!
//! Between the two, an [`AnalysisBuilder`] takes the per-article results a chunk at a time, in
//! article order, and turns each article's term hashes into dense ids at once: a caller that
//! analyses in chunks never holds every article's [`TermCounts`] (in a large collection, more
//! memory than the articles' text). `from_articles` is the builder fed in one go.
//!
//! An [`Analysis`] serialises with serde (for a cache), without the per-article entities
//! ([`Analysis::docs`]: the cache stores those per article, as the first phase gave them) which
//! [`Analysis::set_docs`] restores. It holds no hash tables, so its serialised form is
//! deterministic.

mod entity_aliases;
pub mod entity_explain;
pub mod entity_index;
mod entity_kinds;
pub mod features;
pub mod flat;
pub mod read_more;
pub mod related;
pub mod similarity;
pub mod sparse;
pub mod stopwords;
pub mod stories;
pub mod term_index;
pub mod terms;
pub mod texts;

pub use entity_index::{EntityId, EntityInfo};
pub use related::Related;

use crate::corpus::{Article, Corpus};
use crate::entity::{DocEntities, EntityKind};
use crate::entity::{Entities, EntitiesUnavailable};
use crate::hashing::FastMap;
use chrono::{Datelike, NaiveDate};
use entity_index::{EntityIndex, EntityInterner};
use features::{entity_profiles, idf, kind_weight, term_profiles};
use rayon::prelude::*;
use read_more::TitleIndex;
use serde::{Deserialize, Serialize};
use similarity::SimilarityIndex;
use term_index::{TermIndex, TermInterner};
use terms::TermCounts;

/// Related articles score at least this much: below it they share little beyond common words.
pub const MIN_RELATED_SCORE: f32 = 0.05;
/// Articles link into one story only within this many days of each other (as Europe Media
/// Monitor links its daily clusters).
pub const STORY_WINDOW_DAYS: i32 = 7;
/// Each article's best links considered for stories…
const STORY_LINKS: usize = 6;
/// …when they score at least this…
const STORY_LINK_MIN: f32 = 0.08;
/// …and groups merge while their mean link score stays at least this.
const STORY_MERGE_MIN: f32 = 0.1;
/// Entities in a story's label.
const LABEL_ENTITIES: usize = 3;

/// A thread of articles reporting one event or developing story.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// Its top entities: "Nagorno-Karabakh · Armenia · Azerbaijan".
    pub label: String,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// Indices into the corpus' articles, in time order.
    pub articles: Vec<usize>,
}

/// What the first, per-article phase finds in one article.
#[derive(Clone, Debug, Default)]
pub struct ArticleAnalysis {
    pub entities: DocEntities,
    pub terms: TermCounts,
}

impl ArticleAnalysis {
    /// Completes an article's analysis given its entities (from the recogniser, or built by hand).
    pub fn new(article: &Article, entities: DocEntities) -> ArticleAnalysis {
        ArticleAnalysis {
            entities,
            terms: TermCounts::of_article(article),
        }
    }
}

/// Phase one: recognises and counts, in parallel, one result per article in order.
pub fn analyse_articles<F>(articles: &[Article], recognise: F) -> Vec<ArticleAnalysis>
where
    F: Fn(&Article) -> DocEntities + Sync,
{
    articles
        .par_iter()
        .map(|a| ArticleAnalysis::new(a, recognise(a)))
        .collect()
}

/// [`recognise`] and [`TermCounts::of_text`] in one pass over `text` (the article's text): the
/// terms are counted from the words the recogniser splits the text into.
pub fn recognise_and_count_terms(article: &Article, text: &str) -> (DocEntities, TermCounts) {
    let mut counter = terms::WordSpanCounter::new(article, text);
    let entities = crate::ner::Recognizer::shared().recognize_telling_words(
        text,
        article.date,
        |start, end, plain, hash| counter.word(start, end, plain, hash),
    );
    (entities, counter.finish())
}

/// Builds the tables recognition and term counting use (the gazetteers, the stopwords) if they
/// are not built yet: they are otherwise built by the first article analysed, while every other
/// worker waits.
pub fn prepare_recogniser() {
    crate::ner::Recognizer::shared();
    stopwords::is_stopword_hash(1);
}

/// The recogniser every build uses unless given another. A text that cannot be read names
/// nothing.
pub fn recognise(article: &Article) -> DocEntities {
    match article.text.read() {
        Ok(text) => crate::ner::Recognizer::shared().recognize(&text, article.date),
        Err(_) => DocEntities::default(),
    }
}

/// Phase two fed a chunk at a time: per-article results go in, in article order, as the first
/// phase produces them; [`Self::finish`] builds the collection's indexes and stories. The result
/// is the same as [`Analysis::from_articles`] on all the results at once.
///
/// ```ignore
/// let mut builder = AnalysisBuilder::new();
/// for chunk in corpus.articles.chunks(4096) {
///     builder.add(analyse_articles(chunk, recognise));
/// }
/// let analysis = builder.finish(&corpus, &mut |_step| {});
/// ```
#[derive(Debug, Default)]
pub struct AnalysisBuilder {
    docs: Vec<Entities>,
    /// Per article (as `docs`): for entities left in a cache, their mentions per entity in the
    /// article's prose, taken before they went.
    prose: Vec<Option<Vec<u32>>>,
    entities: EntityInterner,
    terms: TermInterner,
}

impl AnalysisBuilder {
    pub fn new() -> AnalysisBuilder {
        AnalysisBuilder::default()
    }

    /// A builder expecting about `articles` articles of `text_bytes` bytes of text in all: its
    /// lists are sized from the start, so that none grows by copying itself into fresh pages.
    pub fn with_capacity(articles: usize, text_bytes: usize) -> AnalysisBuilder {
        AnalysisBuilder {
            docs: Vec::with_capacity(articles),
            prose: Vec::with_capacity(articles),
            entities: EntityInterner::with_capacity(articles, text_bytes),
            terms: TermInterner::with_capacity(articles, text_bytes),
        }
    }

    /// Takes the results of the next articles (continuing where the last call stopped): keeps
    /// their entities, and interns their entity keys and terms at once (deterministically: ids
    /// in order of first appearance) so that the counts by hash can go, and the entities too
    /// once they are stored ([`Self::leave_stored`]).
    pub fn add(&mut self, part: impl IntoIterator<Item = ArticleAnalysis>) {
        let mut part: Vec<ArticleAnalysis> = part.into_iter().collect();
        // Hundreds of thousands of small reallocations per chunk: on every core.
        part.par_iter_mut().for_each(|p| compact(&mut p.entities));
        self.docs.reserve(part.len());
        for p in part {
            self.entities.push(&p.entities);
            self.docs.push(p.entities.into());
            self.prose.push(None);
            self.terms.push(&p.terms);
        }
    }

    /// The entities of articles added already are also stored: each `(i, stored)` takes the
    /// place of article `i`'s (`articles[i]`) in the analysis. A large collection's entities
    /// need not all be in memory while the rest of it is still being analysed, nor be decoded
    /// again afterwards: the collection phase needs only what [`Self::add`] interned and their
    /// counts in the article's prose, taken now.
    pub fn leave_stored(&mut self, left: Vec<(usize, Entities)>, articles: &[Article]) {
        let taken: Vec<(usize, Entities)> = left
            .into_iter()
            .filter_map(|(i, stored)| {
                let doc = self.docs.get_mut(i)?;
                Some((i, std::mem::replace(doc, stored)))
            })
            .collect();
        let counted: Vec<(usize, Vec<u32>)> = taken
            .into_par_iter()
            .filter_map(|(i, full)| {
                // Taken from memory: what `add` put there.
                Some((i, features::prose_counts(articles.get(i)?, full.loaded()?)))
            })
            .collect();
        for (i, prose) in counted {
            self.prose[i] = Some(prose);
        }
    }

    /// How many articles have been added.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Phase two for `corpus`, whose articles the added results describe in order (missing ones
    /// count as empty, extra ones are ignored); `done` hears the name of each step as it
    /// completes (for progress displays and `--timings`).
    pub fn finish(self, corpus: &Corpus, done: &mut dyn FnMut(&'static str)) -> Analysis {
        self.finish_with_titles(corpus, None, done)
    }

    /// [`Self::finish`] with the articles' title index when it is built already (the
    /// collection's), so that read-more headlines are resolved against it rather than a second
    /// one built here.
    pub fn finish_with_titles(
        self,
        corpus: &Corpus,
        titles: Option<&TitleIndex>,
        done: &mut dyn FnMut(&'static str),
    ) -> Analysis {
        let articles = &corpus.articles;
        let AnalysisBuilder {
            docs,
            prose,
            entities: entity_interner,
            terms: interner,
        } = self;
        let n = articles.len();
        // Two chains that need nothing of each other, side by side: neither leaves a core idle
        // while the other's serial step (the entity aliases, the vocabulary) runs.
        let ((entities, local_counts, entity_vecs), (mut terms, term_vecs)) = rayon::join(
            || {
                // Each article's mentions per entity in its prose: taken already for entities
                // left in a cache, counted now for the others.
                let mut prose: Vec<Vec<u32>> = docs
                    .par_iter()
                    .zip(prose)
                    .enumerate()
                    .map(|(i, (doc, prose))| {
                        prose.unwrap_or_else(|| {
                            // Entities the cache cannot give any more count as none.
                            match (articles.get(i), doc.get()) {
                                (Some(a), Ok(doc)) => features::prose_counts(a, doc),
                                _ => Vec::new(),
                            }
                        })
                    })
                    .collect();
                prose.truncate(n);
                prose.resize_with(n, Vec::new);
                let (entities, local_counts) = entity_interner.finish(n);
                let vecs = entity_profiles(&prose, &entities);
                (entities, local_counts, vecs)
            },
            || {
                let terms = interner.finish(articles);
                let vecs = term_profiles(&terms);
                (terms, vecs)
            },
        );
        done("entity index, vocabulary and profiles");
        // The profiles hold what similarity needs; raw counts would only take memory.
        terms.drop_counts();
        let days = articles
            .iter()
            .map(|a| a.date.map(|d| d.num_days_from_ce()))
            .collect();
        let similarity = SimilarityIndex::build(
            term_vecs,
            entity_vecs,
            terms.len(),
            entities.infos.len(),
            days,
        );
        done("inverted indexes");

        let mut docs = docs;
        docs.truncate(n);
        docs.resize_with(n, || Entities::from(DocEntities::default()));
        let mut analysis = Analysis {
            docs,
            entities,
            terms,
            similarity,
            ..Analysis::default()
        };
        analysis.build_stories(articles, &local_counts, titles, done);
        analysis
    }
}

/// Frees the spare capacity of an article's entities, kept for the collection's lifetime.
fn compact(doc: &mut DocEntities) {
    doc.shrink_to_fit();
}

/// Where [`Analysis::store_parts`] puts each part.
pub trait PartSink {
    type Error;
    fn part<T: Serialize>(&mut self, value: &T) -> Result<(), Self::Error>;
}

/// Where [`Analysis::load_parts`] finds each part, by its number (0, 1, 2).
pub trait PartSource {
    /// Why a part cannot be had.
    type Error: Send;
    fn part<T: serde::de::DeserializeOwned>(&self, index: usize) -> Result<T, Self::Error>;
}

/// Per article: each read-more headline with the article it names.
type ReadMore = Vec<Vec<(String, Option<usize>)>>;

/// Everything the reader asks about a collection. Immutable once built; `Send + Sync`.
///
/// Serialisable (for a cache) without the per-article entities: see [`Self::docs`] and
/// [`Self::set_docs`].
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Analysis {
    #[serde(skip)]
    docs: Vec<Entities>,
    pub(crate) entities: EntityIndex,
    pub(crate) terms: TermIndex,
    pub(crate) similarity: SimilarityIndex,
    stories: Vec<Story>,
    #[serde(with = "flat")]
    story_of: Vec<u32>,
    read_more: Vec<Vec<(String, Option<usize>)>>,
}

static NO_ENTITIES: DocEntities = DocEntities::EMPTY;

static UNKNOWN_ENTITY: EntityInfo = EntityInfo {
    key: String::new(),
    name: String::new(),
    kind: EntityKind::Misc,
    article_count: 0,
    story_count: 0,
};

static NO_STORY: Story = Story {
    label: String::new(),
    start: None,
    end: None,
    articles: Vec::new(),
};

impl Analysis {
    /// Both phases with the built-in recogniser, in parallel.
    pub fn build(corpus: &Corpus) -> Analysis {
        Self::build_with(corpus, recognise)
    }

    /// Both phases with the given recogniser (tests give hand-made entities).
    pub fn build_with<F>(corpus: &Corpus, recognise: F) -> Analysis
    where
        F: Fn(&Article) -> DocEntities + Sync,
    {
        Self::from_articles(corpus, analyse_articles(&corpus.articles, recognise))
    }

    /// Phase two: the collection's indexes and stories from the per-article results (one per
    /// article of `corpus`, in order; missing ones count as empty).
    pub fn from_articles(corpus: &Corpus, per_article: Vec<ArticleAnalysis>) -> Analysis {
        Self::from_articles_reporting(corpus, per_article, &mut |_| {})
    }

    /// [`Self::from_articles`], calling `done` with the name of each step as it completes (for
    /// progress displays and `--timings`).
    pub fn from_articles_reporting(
        corpus: &Corpus,
        per_article: Vec<ArticleAnalysis>,
        done: &mut dyn FnMut(&'static str),
    ) -> Analysis {
        let text_bytes = corpus.articles.iter().map(|a| a.text.len()).sum();
        let mut builder = AnalysisBuilder::with_capacity(per_article.len(), text_bytes);
        builder.add(per_article);
        builder.finish(corpus, done)
    }

    /// The per-article entities, one per article (what a cache stores beside the serialised
    /// analysis, which leaves them out).
    pub fn docs(&self) -> &[Entities] {
        &self.docs
    }

    /// Stores the analysis (without the per-article entities) as five parts — the entity and
    /// term indexes with the stories, then the similarity index's term vectors, term postings,
    /// entity vectors and entity postings — so that a cache can decode them in parallel
    /// ([`Self::load_parts`]) without ever holding all their bytes at once.
    pub fn store_parts<S: PartSink>(&self, sink: &mut S) -> Result<(), S::Error> {
        let sim = &self.similarity;
        sink.part(&(
            &self.entities,
            &self.terms,
            &self.stories,
            flat::Slice(&self.story_of),
            &self.read_more,
        ))?;
        sink.part(&flat::nested::Slice(&sim.terms))?;
        sink.part(&sim.term_postings)?;
        sink.part(&flat::nested::Slice(&sim.entities))?;
        sink.part(&(
            &sim.entity_postings,
            flat::Slice(&sim.days),
            flat::Slice(&sim.rank),
            flat::Slice(&sim.by_time),
            sim.common_df,
        ))
    }

    /// The analysis from the parts [`Self::store_parts`] wrote, decoded in parallel; the
    /// per-article entities are then restored with [`Self::set_docs`].
    pub fn load_parts<S: PartSource + Sync>(source: &S) -> Result<Analysis, S::Error> {
        use flat::Owned;
        type Core = (EntityIndex, TermIndex, Vec<Story>, Owned<u32>, ReadMore);
        type Vectors = flat::nested::Owned<(u32, f32)>;
        type Rest = (
            sparse::Postings,
            Owned<Option<i32>>,
            Owned<u32>,
            Owned<u32>,
            usize,
        );
        let ((core, term_vecs), ((term_postings, entity_vecs), rest)) = rayon::join(
            || rayon::join(|| source.part::<Core>(0), || source.part::<Vectors>(1)),
            || {
                rayon::join(
                    || {
                        rayon::join(
                            || source.part::<sparse::Postings>(2),
                            || source.part::<Vectors>(3),
                        )
                    },
                    || source.part::<Rest>(4),
                )
            },
        );
        let (entity_index, term_index, stories, Owned(story_of), read_more) = core?;
        let (entity_postings, Owned(days), Owned(rank), Owned(by_time), common_df) = rest?;
        Ok(Analysis {
            docs: Vec::new(),
            entities: entity_index,
            terms: term_index,
            similarity: SimilarityIndex {
                terms: term_vecs?.0,
                entities: entity_vecs?.0,
                term_postings: term_postings?,
                entity_postings,
                days,
                rank,
                by_time,
                common_df,
            },
            stories,
            story_of,
            read_more,
        })
    }

    /// How many articles it was built for.
    pub fn article_count(&self) -> usize {
        self.story_of.len()
    }

    /// Restores the per-article entities of a deserialised analysis: exactly those it was built
    /// from, one per article in order (those still in the cache are decoded when first asked).
    pub fn set_docs(&mut self, docs: Vec<Entities>) {
        self.docs = docs;
    }

    /// Per article: its entities as the recogniser found them (mentions index into its text),
    /// decoding them now if they are left in the analysis cache.
    pub fn entities_of(&self, article: usize) -> Result<&DocEntities, EntitiesUnavailable> {
        self.docs
            .get(article)
            .map_or(Ok(&NO_ENTITIES), Entities::get)
    }

    /// Why the entities named `name` have their kinds and forms: the collection's entities
    /// settled again from every article's, reading each for a moment (`entities --explain`).
    pub fn explain_entity(
        &self,
        name: &str,
    ) -> Result<Vec<entity_explain::Explanation>, EntitiesUnavailable> {
        let mut interner = entity_index::EntityInterner::default();
        for doc in &self.docs {
            interner.push(&*doc.read()?);
        }
        Ok(interner.explain(self.docs.len(), name))
    }

    /// [`Self::entities_of`] if they are in memory; never reads (`None`: not decoded yet).
    pub fn loaded_entities_of(&self, article: usize) -> Option<&DocEntities> {
        self.docs
            .get(article)
            .map_or(Some(&NO_ENTITIES), Entities::loaded)
    }

    /// The article's entities as held (in memory or left in the cache).
    pub fn stored_entities_of(&self, article: usize) -> Option<&Entities> {
        self.docs.get(article)
    }

    /// The collection id of the `local`-th entity of `article`'s [`DocEntities`].
    pub fn entity_id(&self, article: usize, local: u32) -> EntityId {
        self.entities.global(article, local)
    }

    /// An entity of the collection; an unknown id gives an empty record.
    pub fn entity(&self, id: EntityId) -> &EntityInfo {
        self.entity_info(id).unwrap_or(&UNKNOWN_ENTITY)
    }

    pub fn entity_info(&self, id: EntityId) -> Option<&EntityInfo> {
        self.entities.info(id)
    }

    /// The entity whose canonical key is `key`: entity ids hold within one analysis only, keys
    /// across analyses (a scan, for the rare moment an analysis is replaced).
    pub fn entity_with_key(&self, key: &str) -> Option<EntityId> {
        let i = self.entities.infos.iter().position(|e| e.key == key)?;
        EntityId::try_from(i).ok()
    }

    /// All entities of the collection, by id.
    pub fn all_entities(&self) -> &[EntityInfo] {
        &self.entities.infos
    }

    /// (article, mention count) of the articles mentioning `id`, by article.
    pub fn articles_mentioning(&self, id: EntityId) -> &[(u32, u32)] {
        self.entities.articles_mentioning(id)
    }

    /// The articles most related to `article`, best first, at most `n`.
    pub fn related(&self, article: usize, n: usize) -> Vec<Related> {
        self.similarity
            .top(article, n, MIN_RELATED_SCORE, None)
            .into_iter()
            .map(|(other, score)| related::evidence(self, article, other, score))
            .collect()
    }

    /// The story `article` belongs to (`usize::MAX` for an unknown article).
    pub fn story_of(&self, article: usize) -> usize {
        self.story_of
            .get(article)
            .map_or(usize::MAX, |&s| s as usize)
    }

    /// A story by id; an unknown id gives an empty story.
    pub fn story(&self, id: usize) -> &Story {
        self.stories.get(id).unwrap_or(&NO_STORY)
    }

    /// Stories in order of their first date (undated last).
    pub fn stories(&self) -> &[Story] {
        &self.stories
    }

    /// The previous and the next article of `article`'s story.
    pub fn story_neighbours(&self, article: usize) -> (Option<usize>, Option<usize>) {
        let list = &self.story(self.story_of(article)).articles;
        match list.iter().position(|&a| a == article) {
            Some(i) => (i.checked_sub(1).map(|p| list[p]), list.get(i + 1).copied()),
            None => (None, None),
        }
    }

    /// Each `Read more:` headline of `article` with the article of the collection it names.
    pub fn read_more_targets(&self, article: usize) -> Vec<(String, Option<usize>)> {
        self.read_more.get(article).cloned().unwrap_or_default()
    }

    /// Groups the articles into stories: each article's strong links within the time window,
    /// clustered by average linkage (see [`stories`]).
    /// `local_counts`: each article's entities' mention counts, cut as the entity index's
    /// locals (the articles' own entities may be stored away).
    fn build_stories(
        &mut self,
        articles: &[Article],
        local_counts: &[u32],
        titles: Option<&TitleIndex>,
        done: &mut dyn FnMut(&'static str),
    ) {
        let links: Vec<(u32, u32, f32)> = self
            .similarity
            .top_within_days(STORY_LINKS, STORY_LINK_MIN, STORY_WINDOW_DAYS)
            .into_iter()
            .enumerate()
            .flat_map(|(a, top)| top.into_iter().map(move |(b, s)| (a as u32, b as u32, s)))
            .collect();
        done("story links");
        // Clustering runs on one core; the read-more links need only the articles and take the
        // other.
        let (groups, read_more) = rayon::join(
            || stories::average_link_clusters(articles.len(), links, STORY_MERGE_MIN),
            || match titles {
                Some(titles) => read_more_links(articles, titles),
                None => read_more_links(articles, &TitleIndex::build(articles)),
            },
        );
        self.read_more = read_more;
        done("story clusters and read-more links");
        let mut stories: Vec<Story> = groups
            .into_par_iter()
            .map(|mut members| {
                members.sort_by(|&x, &y| {
                    let (a, b) = (&articles[x as usize], &articles[y as usize]);
                    a.sort_key().cmp(&b.sort_key()).then(x.cmp(&y))
                });
                let dates = members.iter().filter_map(|&m| articles[m as usize].date);
                Story {
                    label: self.story_label(articles, local_counts, &members),
                    start: dates.clone().min(),
                    end: dates.max(),
                    articles: members.into_iter().map(|m| m as usize).collect(),
                }
            })
            .collect();
        stories.sort_by_key(|s| (s.start.is_none(), s.start, s.articles.first().copied()));
        let mut story_of = vec![0u32; articles.len()];
        for (id, s) in stories.iter().enumerate() {
            for &a in &s.articles {
                story_of[a] = id as u32;
            }
        }
        self.entities.count_stories(&story_of);
        done("story labels");
        self.stories = stories;
        self.story_of = story_of;
    }

    /// The entities that best name a story: weighted by rarity and kind, summed over its
    /// articles (so that what most of them name wins); dates never. Without entities, the
    /// first article's title.
    fn story_label(&self, articles: &[Article], local_counts: &[u32], members: &[u32]) -> String {
        let n = self.docs.len();
        let mut weight: FastMap<EntityId, f32> = FastMap::default();
        for &m in members {
            let range = self.entities.local_range(m as usize);
            let counts = local_counts.get(range).unwrap_or_default();
            for (local, &count) in counts.iter().enumerate() {
                let id = self.entity_id(m as usize, local as u32);
                let Some(info) = self.entity_info(id) else {
                    continue;
                };
                let w = kind_weight(info.kind)
                    * idf(info.article_count, n)
                    * (1.0 + (count.max(1) as f32).ln());
                if w > 0.0 {
                    *weight.entry(id).or_insert(0.0) += w;
                }
            }
        }
        let mut ranked: Vec<(EntityId, f32)> = weight.into_iter().collect();
        ranked.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        let names: Vec<&str> = ranked
            .iter()
            .take(LABEL_ENTITIES)
            .map(|&(id, _)| self.entity(id).name.as_str())
            .collect();
        if names.is_empty() {
            members
                .first()
                .and_then(|&m| articles.get(m as usize))
                .map_or_else(String::new, |a| a.title.clone())
        } else {
            names.join(" · ")
        }
    }
}

/// Every article's read-more headlines matched against the collection's titles.
fn read_more_links(articles: &[Article], titles: &TitleIndex) -> Vec<Vec<(String, Option<usize>)>> {
    articles
        .par_iter()
        .enumerate()
        .map(|(i, a)| {
            a.read_more
                .iter()
                .map(|h| (h.clone(), titles.find(h, i)))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests;
