use super::*;
use crate::corpus::article::shown;
use crate::corpus::{Corpus, LoadOptions};
use std::fs;
use std::path::Path;
use std::sync::atomic::AtomicBool;

const ARTICLES: [&str; 4] = [
    " date 2020-10-02 Talks in Geneva\n\nPrime Minister Anna Lind met Omar Haddad in Geneva on Friday.\n\nThe talks on the border will resume.",
    " date 2020-10-03 Border talks resume\n\nAnna Lind said the Geneva talks on the border went well.\n\nHaddad agreed.",
    " date 2020-10-04 Floods in Lagos\n\nHeavy rain flooded Lagos, Nigeria on Sunday.\n\nThe Red Cross sent help.",
    " date 2020-10-05 Lagos cleans up\n\nLagos began to clean up after the floods in Nigeria.",
];

fn collection(dir: &Path) -> PathBuf {
    let root = dir.join("news");
    fs::create_dir_all(&root).unwrap();
    for (i, text) in ARTICLES.iter().enumerate() {
        fs::write(root.join(format!("{i}.txt")), text).unwrap();
    }
    fs::write(root.join("empty.txt"), "  \n").unwrap();
    fs::write(root.join("export.json"), r#"[{"title":"Wire","date":"2020-10-06","text":"Omar Haddad spoke in Cairo."},{"nothing":1}]"#).unwrap();
    root
}

fn request(root: &Path, cache: &Path) -> Request {
    Request {
        paths: vec![root.to_path_buf()],
        load: LoadOptions::default(),
        cache_dir: Some(cache.to_path_buf()),
    }
}

/// Opens synchronously: the final snapshot and what the opening did.
fn open(request: &Request) -> (crate::collection::Snapshot, Stats) {
    let opening = Opening::start();
    let stats = run(request, &opening);
    let snapshot = opening.current();
    assert_eq!(snapshot.progress.stage, Stage::Ready);
    (snapshot, stats)
}

/// What a reader sees of a collection and its analysis, to compare openings.
fn fingerprint(s: &crate::collection::Snapshot) -> String {
    let corpus = &s.collection.corpus;
    let analysis = s.analysis.as_ref().expect("analysed");
    let mut out = format!("{:?}\n", corpus.report.problem_lines());
    for (i, a) in corpus.articles.iter().enumerate() {
        let related: Vec<_> = analysis
            .related(i, 5)
            .iter()
            .map(|r| (r.article, (r.score * 1000.0).round() as i64))
            .collect();
        out += &format!(
            "{}\n{:?}\n{related:?}\nstory {}\n",
            shown(std::slice::from_ref(a)),
            analysis.entities_of(i),
            analysis.story_of(i)
        );
    }
    out
}

/// The sample collection in `dir`, opened once so that its cache is written: (folder, cache).
fn opened_once(dir: &Path) -> (PathBuf, PathBuf) {
    let root = collection(dir);
    let cache = dir.join("cache");
    open(&request(&root, &cache));
    (root, cache)
}

/// The one cache file in the cache folder.
fn cache_file(cache: &Path) -> PathBuf {
    fs::read_dir(cache).unwrap().next().unwrap().unwrap().path()
}

/// The articles under `root` as the loader gives them without a cache: what every opening with
/// one must agree with.
fn uncached(root: &Path) -> Corpus {
    let request = Request {
        paths: vec![root.to_path_buf()],
        ..Request::default()
    };
    load_articles(&request, &|_, _| {})
}

fn plain(root: &Path) -> String {
    let (s, stats) = open(&Request {
        paths: vec![root.to_path_buf()],
        load: LoadOptions::default(),
        cache_dir: None,
    });
    assert!(!stats.cache_written);
    fingerprint(&s)
}

#[test]
fn a_cold_opening_matches_loading_without_a_cache_and_analysing_directly() {
    let dir = tempfile::tempdir().unwrap();
    let root = collection(dir.path());
    let (s, stats) = open(&request(&root, &dir.path().join("cache")));
    let direct = uncached(&root);
    let analysis = Analysis::build(&direct);
    assert_eq!(
        shown(&s.collection.corpus.articles),
        shown(&direct.articles)
    );
    assert_eq!(
        s.collection.corpus.report.problem_lines(),
        direct.report.problem_lines()
    );
    // The collection phase worked from summaries of the entities it had written to the cache,
    // and came to the same indexes, profiles and stories.
    let opened = s.analysis.as_ref().unwrap();
    for i in 0..direct.articles.len() {
        assert_eq!(opened.entities_of(i), analysis.entities_of(i));
        for local in 0..analysis.entities_of(i).unwrap().len() as u32 {
            let (a, b) = (opened.entity_id(i, local), analysis.entity_id(i, local));
            assert_eq!(
                format!("{a:?} {:?}", opened.entity_info(a)),
                format!("{b:?} {:?}", analysis.entity_info(b))
            );
        }
        assert_eq!(
            format!("{:?}", opened.related(i, 5)),
            format!("{:?}", analysis.related(i, 5))
        );
        assert_eq!(opened.story_of(i), analysis.story_of(i));
    }
    assert_eq!(
        format!("{:?}", opened.stories()),
        format!("{:?}", analysis.stories())
    );
    assert_eq!(stats.files, 6);
    assert_eq!(stats.files_parsed, 6);
    assert_eq!(stats.articles_recognised, 5);
    assert!(stats.cache_written, "{:?}", stats.cache_problem);
}

#[test]
fn a_second_opening_parses_and_recognises_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = collection(dir.path());
    let cache = dir.path().join("cache");
    let (first, _) = open(&request(&root, &cache));
    let (second, stats) = open(&request(&root, &cache));
    assert_eq!(stats.files_parsed, 0, "{stats:?}");
    assert_eq!(stats.files_reused, 6);
    assert_eq!(stats.articles_recognised, 0);
    assert!(
        stats.analysis_reused,
        "the collection phase comes from the cache too"
    );
    assert!(!stats.cache_written, "nothing changed: nothing to write");
    assert_eq!(fingerprint(&second), fingerprint(&first));
    assert_eq!(fingerprint(&second), plain(&root));
}

#[test]
fn a_changed_or_added_file_is_redone_alone_and_a_removed_one_drops_out() {
    let dir = tempfile::tempdir().unwrap();
    let (root, cache) = opened_once(dir.path());

    fs::write(
        root.join("2.txt"),
        " date 2020-10-04 Storm in Accra\n\nA storm hit Accra, Ghana.",
    )
    .unwrap();
    fs::write(
        root.join("9.txt"),
        " date 2020-10-09 Rain in Oslo\n\nRain fell on Oslo, Norway.",
    )
    .unwrap();
    fs::remove_file(root.join("3.txt")).unwrap();
    let (s, stats) = open(&request(&root, &cache));
    assert_eq!(stats.files_parsed, 2, "{stats:?}");
    assert_eq!(stats.articles_recognised, 2);
    assert_eq!(stats.files_reused, 4);
    let titles: Vec<&str> = s
        .collection
        .corpus
        .articles
        .iter()
        .map(|a| a.title.as_str())
        .collect();
    assert!(titles.contains(&"Storm in Accra") && titles.contains(&"Rain in Oslo"));
    assert!(!titles.contains(&"Lagos cleans up") && !titles.contains(&"Floods in Lagos"));
    assert_eq!(fingerprint(&s), plain(&root));

    // And the cache written then serves the next opening whole.
    let (again, stats) = open(&request(&root, &cache));
    assert_eq!((stats.files_parsed, stats.articles_recognised), (0, 0));
    assert_eq!(fingerprint(&again), fingerprint(&s));
}

/// The articles' texts and entities are all in the cache file and none in memory; they read
/// as loading without a cache and analysing directly gives them.
fn assert_texts_in_cache(s: &crate::collection::Snapshot, root: &Path) {
    let direct = uncached(root);
    let articles = &s.collection.corpus.articles;
    let docs = s.analysis.as_ref().unwrap().docs();
    assert_eq!(articles.len(), direct.articles.len());
    assert_eq!(docs.len(), direct.articles.len());
    for (a, e) in articles.iter().zip(docs) {
        assert!(a.text.place().is_some(), "{} is in the cache", a.source);
        assert!(!a.text.in_memory(), "{} was not read into memory", a.source);
        assert!(!e.in_memory(), "{}'s entities were not decoded", a.source);
    }
    for ((a, d), e) in articles.iter().zip(&direct.articles).zip(docs) {
        assert_eq!(a.text.read().unwrap(), d.text.get().unwrap());
        assert_eq!(e.get().unwrap(), &crate::analysis::recognise(d));
    }
}

#[test]
fn texts_stay_in_the_cache_file_until_shown() {
    let dir = tempfile::tempdir().unwrap();
    let root = collection(dir.path());
    let cache = dir.path().join("cache");
    // Analysed, then given up for the copies in the new cache.
    let (cold, _) = open(&request(&root, &cache));
    assert_texts_in_cache(&cold, &root);
    // Never read at all.
    let (warm, _) = open(&request(&root, &cache));
    assert_texts_in_cache(&warm, &root);
    // Read for the moment to recount terms and to be copied into the new cache, not kept.
    fs::write(
        root.join("9.txt"),
        " date 2020-10-09 Oslo\n\nRain fell on Oslo.",
    )
    .unwrap();
    let (changed, stats) = open(&request(&root, &cache));
    assert_eq!(stats.files_reused, 6);
    assert_texts_in_cache(&changed, &root);
    // Shown: read once and kept.
    let a = &changed.collection.corpus.articles[0];
    assert!(a.paragraphs_with_text().unwrap().count() > 0);
    assert!(a.text.in_memory());
}

#[test]
fn touched_or_renamed_files_are_known_by_their_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (root, cache) = opened_once(dir.path());
    fs::rename(root.join("0.txt"), root.join("renamed.txt")).unwrap();
    let text = fs::read(root.join("1.txt")).unwrap();
    fs::write(root.join("1.txt"), text).unwrap(); // same bytes, new time
    let (s, stats) = open(&request(&root, &cache));
    assert_eq!(stats.files_parsed, 0, "{stats:?}");
    assert_eq!(stats.articles_recognised, 0);
    assert!(
        s.collection
            .corpus
            .articles
            .iter()
            .any(|a| a.source.ends_with("renamed.txt"))
    );
    assert_eq!(fingerprint(&s), plain(&root));
}

#[test]
fn a_corrupt_cache_is_ignored_reported_and_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let (root, cache) = opened_once(dir.path());
    let file = cache_file(&cache);
    let mut bytes = fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    fs::write(&file, &bytes).unwrap();

    let (s, stats) = open(&request(&root, &cache));
    assert_eq!(fingerprint(&s), plain(&root));
    // Whatever the byte hit, it was noticed and nothing damaged was used.
    assert!(stats.cache_problem.is_some(), "{stats:?}");
    assert!(
        !stats.analysis_reused || stats.files_parsed > 0,
        "{stats:?}"
    );
    // Rebuilt: the next opening uses it again.
    let (_, stats) = open(&request(&root, &cache));
    assert_eq!(
        (stats.files_parsed, stats.articles_recognised),
        (0, 0),
        "{stats:?}"
    );

    fs::write(&file, b"not a cache").unwrap();
    let (s, stats) = open(&request(&root, &cache));
    assert!(stats.cache_problem.is_some());
    assert_eq!(stats.files_parsed, 6);
    assert_eq!(fingerprint(&s), plain(&root));
}

#[test]
fn a_cache_from_another_analyser_build_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let (root, cache) = opened_once(dir.path());
    let file = cache_file(&cache);
    let mut bytes = fs::read(&file).unwrap();
    bytes[20] ^= 1; // the analyser version in the header
    fs::write(&file, &bytes).unwrap();
    let (s, stats) = open(&request(&root, &cache));
    assert_eq!(stats.files_parsed, 6);
    assert!(stats.cache_problem.unwrap().contains("another version"));
    assert!(stats.cache_written);
    assert_eq!(fingerprint(&s), plain(&root));
}

#[test]
fn without_a_cache_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let root = collection(dir.path());
    let before: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    plain(&root);
    let after: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(before.len(), after.len());
}

/// Pass one over every file under `root`, without an old cache and never stopped, writing texts
/// to `writer` if given and telling `round` of each round.
fn pass_one(
    root: &Path,
    writer: &mut Option<CacheWriter>,
    round: &mut dyn FnMut(&files::Loaded, usize),
) -> files::Loaded {
    let (files, report) = list_files(&[root.to_path_buf()]);
    let never = AtomicBool::new(false);
    let inputs = files::Inputs {
        files: &files,
        options: LoadOptions::default(),
        cache: None,
        stop: &never,
        progress: &|_| {},
    };
    files::load(&inputs, report, writer, round)
}

#[test]
fn files_arrive_in_growing_prefixes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("many");
    fs::create_dir_all(&root).unwrap();
    let n = 2048 + 8192 + 100;
    for i in 0..n {
        fs::write(
            root.join(format!("{i:05}.txt")),
            format!(" date 2020-01-01 Note {i}\n\nNumber {i} of many."),
        )
        .unwrap();
    }
    let mut rounds = Vec::new();
    let mut sources: Vec<String> = Vec::new();
    let loaded = pass_one(&root, &mut None, &mut |l, done| {
        // Each round extends the last: what was there keeps its place.
        let now: Vec<String> = l.corpus.articles.iter().map(|a| a.source.clone()).collect();
        assert!(now.starts_with(&sources));
        sources = now;
        rounds.push(done);
    });
    assert_eq!(rounds, vec![2048, 2048 + 8192, n]);
    assert_eq!(loaded.corpus.articles.len(), n);
}

#[test]
fn pass_one_writes_the_texts_it_parses_to_the_new_cache_round_by_round() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("many");
    fs::create_dir_all(&root).unwrap();
    let n = 2048 + 300;
    for i in 0..n {
        // Every hundredth file repeats the one before it: a duplicate, kept for the cache only.
        let k = if i % 100 == 99 { i - 1 } else { i };
        fs::write(
            root.join(format!("{i:05}.txt")),
            format!(" date 2020-01-01 Note {k}\n\nNumber {k} of many, told at length."),
        )
        .unwrap();
    }
    let path = cache::cache_path(dir.path(), "texts");
    let mut writer = Some(CacheWriter::create(&path, cache::analyser_version()).unwrap());
    let mut rounds = 0;
    let loaded = pass_one(&root, &mut writer, &mut |l, _| {
        // What a round publishes reads its texts from the cache already.
        rounds += 1;
        assert!(l.corpus.articles.iter().all(|a| a.text.place().is_some()));
    });
    assert_eq!(rounds, 2);
    assert!(writer.is_some(), "{:?}", loaded.cache_problem);
    let direct = uncached(&root);
    assert_eq!(loaded.corpus.articles.len(), direct.articles.len());
    for ((a, kept), d) in loaded
        .corpus
        .articles
        .iter()
        .zip(&loaded.kept)
        .zip(&direct.articles)
    {
        let place = kept.extras.text_place;
        assert_eq!(a.text.place(), place);
        assert!(place.is_some());
        assert!(!a.text.in_memory());
        assert_eq!(&*a.text.read().unwrap(), d.text.get().unwrap());
    }
    let duplicates: Vec<&files::Duplicated> = loaded
        .files
        .iter()
        .flat_map(|f| &f.articles)
        .filter_map(|s| match s {
            files::Slot::Duplicate(d) => Some(&**d),
            files::Slot::Kept(_) => None,
        })
        .collect();
    assert_eq!(duplicates.len(), n / 100);
    for d in duplicates {
        assert_eq!(d.article.text.place(), d.extras.text_place);
        assert!(d.article.text.read().unwrap().starts_with("Number "));
    }
}

#[test]
fn loading_articles_only_reads_the_cache_and_agrees_with_loading_without_it() {
    let dir = tempfile::tempdir().unwrap();
    let (root, cache) = opened_once(dir.path());
    fs::write(
        root.join("1.txt"),
        " date 2020-10-03 Changed\n\nNew words here.",
    )
    .unwrap();
    let cached = load_articles(&request(&root, &cache), &|_, _| {});
    let direct = uncached(&root);
    assert_eq!(shown(&cached.articles), shown(&direct.articles));
    assert_eq!(cached.report.problem_lines(), direct.report.problem_lines());
    assert!(cached.articles.iter().any(|a| a.title == "Changed"));
}

#[test]
fn loading_articles_tells_progress_for_every_file() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..5 {
        fs::write(
            dir.path().join(format!("{i}.txt")),
            format!(" date 2020-01-01 Article {i}."),
        )
        .unwrap();
    }
    let seen = std::sync::Mutex::new(Vec::new());
    let request = Request {
        paths: vec![dir.path().to_path_buf()],
        ..Request::default()
    };
    let c = load_articles(&request, &|d, t| seen.lock().unwrap().push((d, t)));
    assert_eq!(c.articles.len(), 5);
    let mut seen = seen.into_inner().unwrap();
    seen.sort();
    assert_eq!(seen, (1..=5).map(|d| (d, 5)).collect::<Vec<_>>());
}

#[test]
fn stopped_early_it_keeps_what_it_analysed_and_the_next_start_goes_on_from_there() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("many");
    fs::create_dir_all(&root).unwrap();
    // More files than one chunk of pass two.
    let n = analyse::CHUNK_FILES + 300;
    // Cities cycle with a period prime to the chunk size: an article given another's entities
    // would name another city.
    let cities = ["Oslo", "Paris", "Lagos", "Cairo", "Geneva", "Tokyo", "Lima"];
    for i in 0..n {
        let city = cities[i % cities.len()];
        let text = format!(" date 2020-01-01 Note {i}\n\nNumber {i} was filed in {city}.");
        fs::write(root.join(format!("{i:05}.txt")), text).unwrap();
    }
    let cache = dir.path().join("cache");
    // Pass one, then pass two told to stop once its first chunk is done (as the reader does on
    // quitting); what it wrote is completed as a cache.
    let stop = AtomicBool::new(false);
    let mut loaded = pass_one(&root, &mut None, &mut |_, _| {});
    let corpus = std::mem::take(&mut loaded.corpus);
    let path = cache::cache_path(&cache, &collection_key(std::slice::from_ref(&root)));
    let writer = CacheWriter::create(&path, cache::analyser_version()).unwrap();
    let early = crate::collection::EarlyEntities::new(n);
    let analysed = analyse::analyse(&corpus, loaded, Some(writer), &early, &stop, &|_| {
        stop.store(true, Ordering::Relaxed)
    });
    assert!(analysed.stopped);
    assert_eq!(analysed.builder.len(), analyse::CHUNK_FILES);
    // The analysed chunk's entities were told as it was done; the rest never came.
    for (i, a) in corpus.articles.iter().enumerate() {
        match early.get(i) {
            Some(e) => assert_eq!(
                e.get().unwrap(),
                &crate::analysis::recognise(a),
                "{}",
                a.source
            ),
            None => assert!(i >= analyse::CHUNK_FILES, "{} was analysed", a.source),
        }
    }
    assert!(early.get(analyse::CHUNK_FILES - 1).is_some());
    analysed.writer.unwrap().finish().unwrap();

    let (s, stats) = open(&request(&root, &cache));
    assert_eq!(s.collection.corpus.articles.len(), n);
    // The chunk the stopped run finished is not read or recognised again.
    assert_eq!(stats.files_reused, analyse::CHUNK_FILES, "{stats:?}");
    assert_eq!(stats.files_parsed, n - analyse::CHUNK_FILES);
    assert_eq!(stats.articles_recognised, n - analyse::CHUNK_FILES);
    assert!(stats.cache_written);
    let (reopened, again) = open(&request(&root, &cache));
    assert_eq!((again.files_parsed, again.articles_recognised), (0, 0));
    assert!(again.analysis_reused);
    // Over chunks written while the next was analysed, every article kept its own text and
    // entities.
    assert_texts_in_cache(&s, &root);
    assert_texts_in_cache(&reopened, &root);
}

#[test]
fn stopped_before_its_work_it_leaves_an_existing_cache_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (root, cache) = opened_once(dir.path());
    let file = cache_file(&cache);
    let before = fs::read(&file).unwrap();
    fs::write(
        root.join("9.txt"),
        " date 2020-10-09 New\n\nSomething new in Rome.",
    )
    .unwrap();
    let stats = run_until(
        &request(&root, &cache),
        &Opening::start(),
        &AtomicBool::new(true),
    );
    assert!(stats.stopped);
    assert!(!stats.cache_written);
    assert_eq!(fs::read(&file).unwrap(), before);
    assert_eq!(
        fs::read_dir(&cache).unwrap().count(),
        1,
        "no temporary file left"
    );
}

#[test]
fn a_cache_that_cannot_be_written_still_serves_and_says_so_only_when_needed() {
    let dir = tempfile::tempdir().unwrap();
    let (root, cache) = opened_once(dir.path());
    let file = cache_file(&cache);
    // A folder where this process's temporary file would go: no new cache can be begun, even
    // by root (who may write in a read-only folder).
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    fs::create_dir(cache.join(format!(".{name}.{}.tmp", std::process::id()))).unwrap();
    let (s, stats) = open(&request(&root, &cache));
    assert!(stats.analysis_reused, "{stats:?}");
    assert_eq!(stats.cache_problem, None, "nothing needed writing");
    assert_eq!(fingerprint(&s), plain(&root));

    fs::write(root.join("new.txt"), " date 2020-10-07 Talks in Cairo.").unwrap();
    let (_, stats) = open(&request(&root, &cache));
    assert!(!stats.cache_written);
    let problem = stats.cache_problem.unwrap_or_default();
    assert!(
        problem.starts_with(&format!(
            "cannot write the analysis cache in {}: ",
            cache.display()
        )),
        "{problem}"
    );
}
