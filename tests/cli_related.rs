//! The JSON contracts of `related`, `stories` and `entities` on a small folder written here: two
//! reports of one event and an unrelated article.

use serde_json::Value;
use std::fs;
use std::process::Command;

fn dateline(args: &[&str]) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(args)
        .arg("--no-state")
        // The analysis cache goes to a folder of the test's own, never the user's.
        .env("XDG_CACHE_HOME", test_cache())
        .output()
        .expect("run dateline");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

fn test_cache() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("dateline-test-cache-{}", std::process::id()))
}

fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a-storm.txt"),
        " date 2021-03-02 Storm Clara floods the harbour of Porthaven\n\n\
         Storm Clara flooded the harbour of Porthaven on Tuesday, sinking fishing boats and \
         cutting power to the old town, the coastguard said. Mayor Elin Varga ordered schools \
         closed as the storm surge reached the market square.",
    )
    .unwrap();
    fs::write(
        dir.path().join("b-storm.txt"),
        " date 2021-03-03 Porthaven counts the cost of Storm Clara\n\n\
         A day after Storm Clara flooded its harbour, Porthaven began pumping water from the \
         market square. Mayor Elin Varga said fishing boats sank and power to the old town \
         would return within a week, the coastguard added.",
    )
    .unwrap();
    fs::write(
        dir.path().join("c-chess.txt"),
        " date 2021-06-20 Teenager wins the national chess championship\n\n\
         A sixteen-year-old won the national chess championship in Brightwell after a tense \
         final game, becoming the youngest champion in the tournament's history.",
    )
    .unwrap();
    dir
}

#[test]
fn related_all_json_follows_the_contract() {
    let dir = folder();
    let rows = dateline(&["related", "--all", "--json", dir.path().to_str().unwrap()]);
    assert_eq!(rows.len(), 3);
    let storm = rows.iter().find(|r| r["file"] == "a-storm.txt").unwrap();
    assert_eq!(storm["id"].as_str().unwrap().len(), 12);
    let top = &storm["related"][0];
    assert_eq!(top["file"], "b-storm.txt");
    assert!(top["score"].as_f64().unwrap() > 0.0);
    assert_eq!(top["days_apart"], 1);
    assert!(top["title"].as_str().unwrap().contains("Porthaven"));
    assert!(top["shared"].is_array());
    let chess = rows.iter().find(|r| r["file"] == "c-chess.txt").unwrap();
    assert!(chess["related"].as_array().unwrap().is_empty(), "{chess}");
}

#[test]
fn related_of_one_article_by_id() {
    let dir = folder();
    let path = dir.path().to_str().unwrap();
    let all = dateline(&["related", "--all", "--json", path]);
    let id = all.iter().find(|r| r["file"] == "b-storm.txt").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let one = dateline(&["related", &id, path, "--json", "-n", "1"]);
    assert_eq!(one.len(), 1);
    assert_eq!(one[0]["related"].as_array().unwrap().len(), 1);
    assert_eq!(one[0]["related"][0]["file"], "a-storm.txt");
    assert_eq!(one[0]["related"][0]["days_apart"], -1);
}

#[test]
fn stories_json_follows_the_contract() {
    let dir = folder();
    let rows = dateline(&["stories", "--json", dir.path().to_str().unwrap()]);
    assert_eq!(rows.len(), 2, "{rows:?}");
    let storm = rows
        .iter()
        .find(|s| s["files"].as_array().unwrap().len() == 2)
        .unwrap();
    assert_eq!(storm["files"][0], "a-storm.txt", "time order");
    assert_eq!(storm["files"][1], "b-storm.txt");
    assert_eq!(storm["start"], "2021-03-02");
    assert_eq!(storm["end"], "2021-03-03");
    assert_eq!(storm["ids"].as_array().unwrap().len(), 2);
    assert!(!storm["label"].as_str().unwrap().is_empty());
    assert!(storm["id"].is_number());
}

#[test]
fn entities_of_the_collection_are_ranked_by_articles() {
    let dir = folder();
    let rows = dateline(&["entities", "--json", dir.path().to_str().unwrap()]);
    assert!(!rows.is_empty());
    let articles: Vec<u64> = rows
        .iter()
        .map(|r| r["articles"].as_u64().unwrap())
        .collect();
    assert!(articles.windows(2).all(|w| w[0] >= w[1]), "{articles:?}");
    assert_eq!(articles[0], 2);
    for r in &rows {
        assert!(r["kind"].is_string() && r["name"].is_string() && r["key"].is_string());
    }
}

#[test]
fn the_analysis_cache_gives_the_same_answers_as_a_fresh_analysis() {
    let dir = folder();
    let path = dir.path().to_str().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_dateline"))
            .args(["related", "--all", "--json", path, "--no-state"])
            .args(extra)
            .env("XDG_CACHE_HOME", cache.path())
            .output()
            .expect("run dateline");
        assert!(out.status.success());
        out.stdout
    };
    let cold = run(&[]);
    let written: Vec<_> = fs::read_dir(cache.path().join("dateline"))
        .unwrap()
        .collect();
    assert_eq!(written.len(), 1, "one cache file for the collection");
    let warm = run(&[]);
    assert_eq!(warm, cold);
    assert_eq!(run(&["--no-cache"]), cold);
}

#[test]
fn explain_says_why_a_name_has_its_kind_and_what_was_joined() {
    let dir = tempfile::tempdir().unwrap();
    // Three reports on a company no article calls a person, and a minister named in full once
    // and by surname after.
    for (i, body) in [
        "Minister Arvo Tanskanen said Zentrova would build the plant.",
        "Tanskanen visited the site. Zentrova hired 200 workers.",
        "Zentrova opened the plant on Monday. Tanskanen spoke.",
    ]
    .iter()
    .enumerate()
    {
        let text = format!(" date 2021-03-0{} Plant news {i}\n\n{body}", i + 1);
        fs::write(dir.path().join(format!("{i}.txt")), text).unwrap();
    }
    let path = dir.path().to_str().unwrap();
    let explained = dateline(&["entities", "--explain", "tanskanen", "--json", path]);
    assert_eq!(explained.len(), 1, "{explained:?}");
    let e = &explained[0];
    assert_eq!(e["name"], "Arvo Tanskanen");
    assert_eq!(e["kind"], "person");
    let forms = e["forms"].as_array().unwrap();
    assert_eq!(forms[0]["key"], "person:arvo tanskanen");
    assert!(
        forms[1..].iter().any(|f| f["key"] == "person:tanskanen"
            && f["joined"].as_str().unwrap().starts_with("a surname")),
        "{forms:?}"
    );
    assert_eq!(e["articles"].as_array().unwrap().len(), 3);

    let company = dateline(&["entities", "--explain", "Zentrova", "--json", path]);
    assert_ne!(company[0]["kind"], "person", "{company:?}");
    assert!(
        company[0]["reason"]
            .as_str()
            .unwrap()
            .contains("0 of 3 articles write it as a person's name"),
        "{company:?}"
    );

    let out = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["entities", "--explain", "Nobody", path, "--no-state"])
        .env("XDG_CACHE_HOME", test_cache())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no entity called \"Nobody\""));
}
