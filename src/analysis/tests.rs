//! The facade on hand-made mini collections: ranking, explanations, threads, read-more links.

use super::entity_index::tests::doc as entities;
use super::*;
use crate::corpus::load::load_bytes;
use EntityKind::{Org, Person, Place};

/// A collection from (file name, raw native text) pairs.
fn collection(files: &[(&str, &str)]) -> Corpus {
    let mut corpus = Corpus::default();
    for (name, raw) in files {
        corpus
            .articles
            .extend(load_bytes(raw.as_bytes(), name).articles);
    }
    assert_eq!(
        corpus.articles.len(),
        files.len(),
        "every test article loads"
    );
    corpus
}

/// Entities by file name, as a recogniser would have found them.
fn hand_entities(article: &Article) -> DocEntities {
    let wire = (Org, "Reuters", "org:reuters", 1);
    match article.file_name() {
        "talks.txt" => entities(&[
            (Person, "Nikol Pashinyan", "person:nikol pashinyan", 2),
            (Person, "Vladimir Putin", "person:vladimir putin", 1),
            (Place, "Nagorno-Karabakh", "place:nagorno-karabakh", 2),
            (Place, "Armenia", "place:armenia", 3),
            wire,
        ]),
        "reply.txt" => entities(&[
            (Person, "Pashinyan", "person:pashinyan", 2),
            (Person, "Vladimir Putin", "person:vladimir putin", 1),
            (Place, "Nagorno-Karabakh", "place:nagorno-karabakh", 1),
            (Place, "Armenia", "place:armenia", 1),
            wire,
        ]),
        "later.txt" => entities(&[
            (Place, "Nagorno-Karabakh", "place:nagorno-karabakh", 1),
            (Place, "Armenia", "place:armenia", 2),
            wire,
        ]),
        "football.txt" => entities(&[(Org, "Ajax", "org:ajax", 2), wire]),
        "harvest.txt" => entities(&[(Place, "Iowa", "place:iowa", 1), wire]),
        _ => DocEntities::default(),
    }
}

const TALKS: &str = " date 2020-10-31 Pashinyan asks Putin for security talks over Karabakh\n\n\
Armenian leader Nikol Pashinyan asked Vladimir Putin for urgent security consultations as \
fighting over Nagorno-Karabakh continued. The ceasefire collapsed within hours and artillery \
shelled the region's capital, Reuters reported.\n\n\
Armenia said the defence treaty with Moscow obliged consultations on the ceasefire.";

const REPLY: &str = " date 2020-11-01 Karabakh: no reason for Moscow to step in\n\n\
Pashinyan's request for security consultations with Vladimir Putin was an admission of \
defeat, officials in Baku said, as artillery fire around Nagorno-Karabakh broke another \
ceasefire. Reuters could not verify the claims.\n\n\
Read more:\n\nFootball: Ajax win ‘the derby’ again";

const LATER: &str = " date 2020-12-10 Karabakh rebuilding begins\n\n\
Weeks after the ceasefire, builders in Nagorno-Karabakh started repairing homes damaged \
by artillery, Armenia said. Reuters visited the region.";

const FOOTBALL: &str = " date 2020-11-01 Football: Ajax win \"the derby\" again\n\n\
Ajax beat their rivals in the derby on Sunday, scoring twice in the second half before a \
crowd of supporters, Reuters reported. The coach praised the defence.";

const HARVEST: &str = " date 2020-10-31 Record harvest in Iowa\n\n\
Farmers in Iowa brought in a record corn harvest this autumn as dry weather helped the \
combines, Reuters reported. Prices for grain fell on the news.";

fn mini() -> (Corpus, Analysis) {
    let corpus = collection(&[
        ("later.txt", LATER),
        ("football.txt", FOOTBALL),
        ("talks.txt", TALKS),
        ("harvest.txt", HARVEST),
        ("reply.txt", REPLY),
    ]);
    let analysis = Analysis::build_with(&corpus, hand_entities);
    (corpus, analysis)
}

fn index_of(corpus: &Corpus, file: &str) -> usize {
    corpus
        .articles
        .iter()
        .position(|a| a.file_name() == file)
        .unwrap()
}

#[test]
fn same_story_ranks_first_and_nearer_days_before_later_follow_up() {
    let (c, a) = mini();
    let talks = index_of(&c, "talks.txt");
    let related: Vec<usize> = a.related(talks, 10).iter().map(|r| r.article).collect();
    assert_eq!(related[0], index_of(&c, "reply.txt"));
    assert_eq!(related[1], index_of(&c, "later.txt"));
    let scores: Vec<f32> = a.related(talks, 10).iter().map(|r| r.score).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

#[test]
fn sharing_only_the_wire_service_is_not_related() {
    let (c, a) = mini();
    let talks = index_of(&c, "talks.txt");
    let related: Vec<usize> = a.related(talks, 10).iter().map(|r| r.article).collect();
    assert!(
        !related.contains(&index_of(&c, "harvest.txt")),
        "{related:?}"
    );
    assert!(
        !related.contains(&index_of(&c, "football.txt")),
        "{related:?}"
    );
}

#[test]
fn explanation_names_shared_entities_and_days() {
    let (c, a) = mini();
    let talks = index_of(&c, "talks.txt");
    let top = &a.related(talks, 1)[0];
    assert_eq!(top.days_apart, Some(1));
    let names: Vec<&str> = top
        .shared
        .iter()
        .map(|&id| a.entity(id).name.as_str())
        .collect();
    // The surname-only "Pashinyan" of the reply is the same person as the full name.
    assert!(names.contains(&"Nikol Pashinyan"), "{names:?}");
    assert!(names.contains(&"Vladimir Putin"), "{names:?}");
    let text = top.explain(&a);
    assert!(text.starts_with("shares "), "{text}");
    assert!(text.ends_with(" · 1 day later"), "{text}");
    assert!(text.contains("Nikol Pashinyan"), "{text}");
    let back = &a.related(index_of(&c, "reply.txt"), 1)[0];
    assert!(back.explain(&a).ends_with("1 day earlier"));
    assert!(
        top.terms.contains(&"security".to_string()),
        "{:?}",
        top.terms
    );
}

#[test]
fn explanation_without_entities_names_words() {
    let r = Related {
        article: 0,
        score: 0.5,
        shared: vec![],
        terms: vec!["ceasefire".into(), "artillery".into()],
        days_apart: Some(0),
    };
    assert_eq!(
        r.explain(&Analysis::default()),
        "shares the words ceasefire, artillery · same day"
    );
}

#[test]
fn threads_group_the_story_in_time_order() {
    let (c, a) = mini();
    let talks = index_of(&c, "talks.txt");
    let reply = index_of(&c, "reply.txt");
    let story = a.story(a.story_of(talks));
    assert_eq!(story.articles, vec![talks, reply]);
    assert_eq!(a.story_of(reply), a.story_of(talks));
    assert_eq!(story.start, NaiveDate::from_ymd_opt(2020, 10, 31));
    assert_eq!(story.end, NaiveDate::from_ymd_opt(2020, 11, 1));
    assert!(story.label.contains("Nikol Pashinyan"), "{}", story.label);
    assert!(story.label.contains(" · "), "{}", story.label);
    assert_eq!(a.story_neighbours(talks), (None, Some(reply)));
    assert_eq!(a.story_neighbours(reply), (Some(talks), None));
}

#[test]
fn the_follow_up_weeks_later_and_unrelated_articles_stand_alone() {
    let (c, a) = mini();
    for file in ["later.txt", "football.txt", "harvest.txt"] {
        let i = index_of(&c, file);
        assert_eq!(a.story(a.story_of(i)).articles, vec![i], "{file}");
        assert_eq!(a.story_neighbours(i), (None, None));
    }
    assert_eq!(a.stories().len(), 4);
    let mut all: Vec<usize> = a
        .stories()
        .iter()
        .flat_map(|s| s.articles.clone())
        .collect();
    all.sort_unstable();
    assert_eq!(all, (0..c.articles.len()).collect::<Vec<_>>());
    assert!(
        a.stories().windows(2).all(|w| w[0].start <= w[1].start),
        "stories in date order"
    );
}

#[test]
fn entity_index_through_the_facade() {
    let (c, a) = mini();
    let reply = index_of(&c, "reply.txt");
    let talks = index_of(&c, "talks.txt");
    let id = a.entity_id(reply, 0);
    assert_eq!(a.entity(id).key, "person:nikol pashinyan");
    assert_eq!(a.entity(id).article_count, 2);
    assert_eq!(a.entity(id).story_count, 1);
    let mut articles: Vec<u32> = a.articles_mentioning(id).iter().map(|&(x, _)| x).collect();
    articles.sort_unstable();
    let mut expected = vec![talks as u32, reply as u32];
    expected.sort_unstable();
    assert_eq!(articles, expected);
    let reuters = a.entity_id(talks, 4);
    assert_eq!(a.entity(reuters).article_count, 5);
    assert_eq!(a.entities_of(talks).unwrap().len(), 5);
}

#[test]
fn read_more_headline_opens_its_article() {
    let (c, a) = mini();
    let reply = index_of(&c, "reply.txt");
    let targets = a.read_more_targets(reply);
    assert_eq!(
        targets,
        vec![(
            "Football: Ajax win ‘the derby’ again".to_string(),
            Some(index_of(&c, "football.txt"))
        )]
    );
    assert!(a.read_more_targets(index_of(&c, "talks.txt")).is_empty());
}

#[test]
fn unknown_indices_never_panic() {
    let (_, a) = mini();
    assert!(a.related(99, 10).is_empty());
    assert!(a.entities_of(99).unwrap().is_empty());
    assert_eq!(a.entity_id(99, 0), EntityId::MAX);
    assert_eq!(a.entity(EntityId::MAX).name, "");
    assert!(a.articles_mentioning(EntityId::MAX).is_empty());
    assert_eq!(a.story_of(99), usize::MAX);
    assert!(a.story(usize::MAX).articles.is_empty());
    assert_eq!(a.story_neighbours(99), (None, None));
    assert!(a.read_more_targets(99).is_empty());
    let empty = Analysis::build_with(&Corpus::default(), hand_entities);
    assert!(empty.stories().is_empty());
    assert!(empty.related(0, 5).is_empty());
}

#[test]
fn seeds_are_each_others_top_related_and_one_story() {
    let corpus = crate::corpus::load_embedded();
    let a = Analysis::build(&corpus);
    assert_eq!(a.related(0, 1)[0].article, 1);
    assert_eq!(a.related(1, 1)[0].article, 0);
    assert_eq!(a.story_of(0), a.story_of(1));
    assert_eq!(a.stories().len(), 1);
}

#[test]
fn analysis_is_shareable_between_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Analysis>();
}

/// Everything a reader asks of an analysis, article by article.
fn answers(c: &Corpus, a: &Analysis) -> Vec<String> {
    let mut out: Vec<String> = (0..c.articles.len() + 1)
        .map(|i| {
            format!(
                "{:?} {:?} {} {:?} {:?}",
                a.related(i, 10),
                a.entities_of(i),
                a.story_of(i),
                a.story_neighbours(i),
                a.read_more_targets(i),
            )
        })
        .collect();
    out.push(format!("{:?} {:?}", a.stories(), a.all_entities()));
    out
}

#[test]
fn chunked_builder_gives_the_same_analysis() {
    let (c, whole) = mini();
    let per = analyse_articles(&c.articles, hand_entities);
    let mut builder = AnalysisBuilder::new();
    for chunk in per.chunks(2) {
        builder.add(chunk.to_vec());
    }
    assert_eq!(builder.len(), c.articles.len());
    let chunked = builder.finish(&c, &mut |_| {});
    assert_eq!(answers(&c, &chunked), answers(&c, &whole));
}

#[test]
fn builder_pads_missing_and_forgets_extra_articles() {
    let (c, _) = mini();
    let per = analyse_articles(&c.articles, hand_entities);
    let mut short = per.clone();
    short.truncate(3);
    let expected = Analysis::from_articles(&c, short.clone());
    // The same results followed by results for articles the corpus does not have.
    let mut builder = AnalysisBuilder::new();
    builder.add(short);
    builder.add(per[3..].to_vec());
    builder.add(per.clone());
    let mut three = Corpus::default();
    three.articles.extend(c.articles[..3].iter().cloned());
    let padded = {
        let mut b = AnalysisBuilder::new();
        b.add(per[..3].to_vec());
        b.finish(&c, &mut |_| {})
    };
    assert_eq!(answers(&c, &padded), answers(&c, &expected));
    let extra = builder.finish(&three, &mut |_| {});
    let exact = Analysis::from_articles(&three, per[..3].to_vec());
    assert_eq!(answers(&three, &extra), answers(&three, &exact));
}

#[test]
fn analysis_survives_a_serde_round_trip() {
    let (c, a) = mini();
    let json = serde_json::to_string(&a).unwrap();
    let mut back: Analysis = serde_json::from_str(&json).unwrap();
    // The per-article entities are stored apart.
    assert!(back.entities_of(0).unwrap().is_empty());
    back.set_docs(
        a.docs()
            .iter()
            .map(|d| crate::entity::Entities::from(d.get().unwrap().clone()))
            .collect(),
    );
    assert_eq!(answers(&c, &back), answers(&c, &a));
    for i in 0..c.articles.len() {
        let (x, y) = (back.related(i, 10), a.related(i, 10));
        assert_eq!(x, y);
        assert!(
            x.iter()
                .zip(&y)
                .all(|(p, q)| p.score.to_bits() == q.score.to_bits())
        );
    }
    // Deterministic: the same analysis serialises to the same bytes.
    assert_eq!(serde_json::to_string(&back).unwrap(), json);
}
