use super::*;
use crate::analysis::{PartSink, PartSource};
use crate::corpus::{Article, load_embedded};
use crate::entity::DocEntities;

fn sample_keys(articles: &[Article]) -> Vec<FileKey> {
    articles
        .iter()
        .enumerate()
        .map(|(i, a)| FileKey {
            path: a.source.clone(),
            len: a.text.len() as u64,
            modified: 1_000 + i as i64,
            content: content_hash(a.text.get().unwrap().as_bytes()),
        })
        .collect()
}

const UNUSABLE: &[(u32, String)] = &[];

/// The records of `articles`, whose texts `w` has just written.
fn sample_outcomes<'a>(
    w: &mut CacheWriter,
    articles: &'a [Article],
    entities: &'a [DocEntities],
) -> Vec<FileOutcomeRef<'a>> {
    let warnings: &'static [String] = &[];
    articles
        .iter()
        .zip(entities)
        .map(|(a, e)| FileOutcomeRef::Articles {
            articles: vec![ArticleRecordRef {
                article: StoredArticleRef::of(a, w.add_text(a.text.get().unwrap()).unwrap()),
                suffix: "",
                warnings,
                entities: Some(stored_place(w.add_entities(e).unwrap())),
            }],
            unusable: UNUSABLE,
        })
        .collect()
}

fn sample() -> (Vec<Article>, Vec<DocEntities>) {
    let articles = load_embedded().articles;
    let entities = articles
        .iter()
        .map(|a| crate::ner::Recognizer::shared().recognize(a.text.get().unwrap(), a.date))
        .collect();
    (articles, entities)
}

fn write_sample(path: &Path, analyser: u64) -> (Vec<FileKey>, Vec<Article>, Vec<DocEntities>) {
    let (articles, entities) = sample();
    let keys = sample_keys(&articles);
    let mut w = CacheWriter::create(path, analyser).unwrap();
    let outcomes = sample_outcomes(&mut w, &articles[..1], &entities[..1]);
    w.add_chunk(keys[..1].to_vec(), &outcomes).unwrap();
    let outcomes = sample_outcomes(&mut w, &articles[1..], &entities[1..]);
    w.add_chunk(keys[1..].to_vec(), &outcomes).unwrap();
    w.part(&vec![7u32, 8, 9]).unwrap();
    w.part(&"second".to_string()).unwrap();
    w.finish().unwrap();
    (keys, articles, entities)
}

#[test]
fn what_is_written_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/c.cache");
    let (keys, articles, entities) = write_sample(&path, 42);
    let cache = Cache::open(&path, 42).unwrap();
    assert_eq!(cache.files(), &keys[..]);
    assert_eq!(cache.chunk_count(), 2);
    let e = cache
        .unchanged(&keys[1].path, keys[1].len, keys[1].modified)
        .unwrap();
    assert_eq!((e.file, e.chunk, e.position), (1, 1, 0));
    let FileOutcome::Articles {
        articles: mut read, ..
    } = cache.outcomes(1).unwrap().remove(0)
    else {
        panic!("articles expected");
    };
    let record = read.remove(0);
    let article = record
        .article
        .into_article(articles[1].source.clone(), &cache.texts())
        .unwrap();
    assert!(
        article.text.place().is_some(),
        "its text is left in the file"
    );
    assert_eq!(
        crate::corpus::article::shown(std::slice::from_ref(&article)),
        crate::corpus::article::shown(&articles[1..2])
    );
    let stored = cache
        .entities()
        .entities(cache_place(record.entities.unwrap()), article.text.len());
    assert_eq!(stored, Ok(entities[1].clone()));
    let digest = files_digest(&keys);
    let parts = cache.analysis_parts(digest).unwrap();
    assert_eq!(parts.part::<Vec<u32>>(0).unwrap(), vec![7, 8, 9]);
    assert_eq!(parts.part::<String>(1).unwrap(), "second");
    assert!(parts.part::<String>(2).is_err(), "no third part");
    assert!(cache.analysis_parts(digest ^ 1).is_none(), "other files");
    // No temporary file is left beside it.
    let names: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
    assert_eq!(names.len(), 1);
}

#[test]
fn a_changed_stamp_misses_and_the_content_still_finds_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.cache");
    let (keys, ..) = write_sample(&path, 1);
    let cache = Cache::open(&path, 1).unwrap();
    let k = &keys[0];
    assert!(cache.unchanged(&k.path, k.len, k.modified + 1).is_none());
    assert!(cache.unchanged(&k.path, k.len + 1, k.modified).is_none());
    assert!(
        cache
            .unchanged("elsewhere.txt", k.len, k.modified)
            .is_none()
    );
    assert!(
        cache.unchanged(&k.path, k.len, 0).is_none(),
        "no time: never trust the stamp"
    );
    assert_eq!(cache.with_content(k.content).map(|e| e.file), Some(0));
    assert!(cache.with_content(k.content ^ 1).is_none());
    // A path is known whatever its stamp: the loader then looks before it opens.
    assert!(keys.iter().all(|k| cache.knows_path(&k.path)));
    assert!(!cache.knows_path("elsewhere.txt"));
}

#[test]
fn another_analyser_or_format_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.cache");
    write_sample(&path, 1);
    let why = Cache::open(&path, 2).unwrap_err();
    assert!(matches!(why, super::CacheError::OtherAnalyser), "{why}");
    assert!(why.to_string().contains("another version"), "{why}");

    let mut bytes = std::fs::read(&path).unwrap();
    bytes[16] = bytes[16].wrapping_add(1); // the format number
    std::fs::write(&path, &bytes).unwrap();
    let why = Cache::open(&path, 1).unwrap_err();
    assert!(
        matches!(why, super::CacheError::OtherFormat { .. }),
        "{why}"
    );
}

#[test]
fn any_damage_is_refused_never_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.cache");
    write_sample(&path, 1);
    let good = std::fs::read(&path).unwrap();

    // Truncated: the index at the end is gone.
    std::fs::write(&path, &good[..good.len() - 5]).unwrap();
    assert!(Cache::open(&path, 1).is_err());

    // Not a cache at all.
    std::fs::write(&path, b"hello").unwrap();
    assert!(Cache::open(&path, 1).is_err());
    std::fs::write(&path, vec![0u8; 4096]).unwrap();
    assert!(Cache::open(&path, 1).is_err());

    // One flipped byte anywhere in the frames: the index, a chunk or a text (when it is read)
    // fails its checksum.
    for at in (40..good.len() - 40).step_by(good.len() / 17) {
        let mut bad = good.clone();
        bad[at] ^= 0x20;
        std::fs::write(&path, &bad).unwrap();
        let usable = Cache::open(&path, 1)
            .map_err(|e| e.to_string())
            .and_then(|c| {
                let texts = c.texts();
                for chunk in 0..c.chunk_count() {
                    for outcome in c.outcomes(chunk).map_err(|e| e.to_string())? {
                        let FileOutcome::Articles { articles, .. } = outcome else {
                            continue;
                        };
                        for record in articles {
                            let a = record.article.into_article(String::new(), &texts);
                            let place = a.and_then(|a| a.text.place()).ok_or("no place")?;
                            texts
                                .read(place.at, place.len, place.hash)
                                .map_err(|e| e.to_string())?;
                            let stored = cache_place(record.entities.ok_or("no entities")?);
                            c.entities()
                                .entities(stored, place.len as usize)
                                .map_err(|e| e.to_string())?;
                        }
                    }
                }
                let parts = c
                    .analysis_parts(files_digest(c.files()))
                    .ok_or("no analysis")?;
                parts.part::<Vec<u32>>(0).map_err(|e| e.to_string())?;
                parts.part::<String>(1).map_err(|e| e.to_string())?;
                Ok(())
            });
        assert!(usable.is_err(), "flipped byte {at} went unnoticed");
    }
}

#[test]
fn a_missing_cache_is_simply_absent() {
    let dir = tempfile::tempdir().unwrap();
    assert!(Cache::open(&dir.path().join("none.cache"), 1).is_err());
}

#[test]
fn an_abandoned_writer_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.cache");
    let (articles, entities) = sample();
    let mut w = CacheWriter::create(&path, 1).unwrap();
    let outcomes = sample_outcomes(&mut w, &articles, &entities);
    w.add_chunk(sample_keys(&articles), &outcomes).unwrap();
    drop(w);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn collections_get_their_own_files() {
    let dir = Path::new("/c");
    assert_ne!(cache_path(dir, "/a"), cache_path(dir, "/b"));
    assert_eq!(cache_path(dir, "/a"), cache_path(dir, "/a"));
}

#[test]
fn temporary_files_of_dead_writers_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.cache");
    // A pid no process has (beyond the kernel's limit), for this collection and another one.
    let dead = dir.path().join(".c.cache.4294967295.tmp");
    let other = dir.path().join(".other.cache.4294967295.tmp");
    std::fs::write(&dead, b"half a cache").unwrap();
    std::fs::write(&other, b"another collection's").unwrap();
    write_sample(&path, 1);
    assert!(
        !dead.exists() || !Path::new("/proc").is_dir(),
        "left behind"
    );
    assert!(
        other.exists(),
        "another collection's writer is none of its business"
    );
    assert!(Cache::open(&path, 1).is_ok());
}

#[test]
fn texts_are_read_when_needed_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.cache");
    let (_, articles, _) = write_sample(&path, 1);
    let cache = Cache::open(&path, 1).unwrap();
    let texts = cache.texts();
    let FileOutcome::Articles { articles: read, .. } = cache.outcomes(0).unwrap().remove(0) else {
        panic!("articles expected");
    };
    let first = read[0]
        .article
        .clone()
        .into_article(articles[0].source.clone(), &texts)
        .unwrap();
    let place = first.text.place().unwrap();
    drop(cache);
    // A newer cache takes the file's name: the articles already open still read the old one.
    write_sample(&path, 1);
    std::fs::write(&path, b"replaced").unwrap();
    assert_eq!(first.text.get().unwrap(), articles[0].text.get().unwrap());

    // Bytes that do not match their hash are refused: reading says why, and invents nothing.
    let wrong = place.hash ^ 1;
    assert_eq!(
        texts.read(place.at, place.len, wrong),
        Err(crate::lazy::Unreadable::Checksum)
    );
    let damaged = crate::corpus::Text::stored(
        texts,
        CachePlace {
            hash: wrong,
            ..place
        },
    );
    assert_eq!(damaged.len(), articles[0].text.len());
    let why = damaged.read().unwrap_err();
    assert_eq!(why.reason, crate::lazy::Unreadable::Checksum);
    assert!(damaged.get().is_err() && !damaged.in_memory());
}
