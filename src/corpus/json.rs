//! JSON exports: an array of article objects, an object holding such an array (`articles`,
//! `items`, `entries`, `data`, `posts`), a single article object, or JSON Lines (one object per
//! line). Field names are matched loosely because every exporter picks its own.

use super::parse::{Draft, Item, build};
use super::text::{lines, normalise_line_ends, split_lf_paragraphs};
use crate::sanitize::sanitize;
use chrono::{DateTime, NaiveDate};
use serde_json::{Map, Value};
use std::borrow::Cow;

const TITLE_KEYS: &[&str] = &["title", "headline", "name"];
const TEXT_KEYS: &[&str] = &[
    "text",
    "body",
    "content",
    "article",
    "full_text",
    "description",
    "summary",
];
const DATE_KEYS: &[&str] = &[
    "date",
    "published",
    "published_at",
    "publishedAt",
    "pubDate",
    "datetime",
    "created_at",
    "time",
    "updated",
];
const URL_KEYS: &[&str] = &["url", "link", "href", "permalink"];
const LIST_KEYS: &[&str] = &[
    "articles", "items", "entries", "data", "posts", "results", "stories",
];

/// Parses a `.json` file. `Err` is a one-line reason for skipping the whole file.
pub fn parse_json(raw: &str, source: &str) -> Result<Vec<Item>, String> {
    // Editors on Windows begin UTF-8 files with a byte order mark, which JSON does not allow.
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let value: Value = serde_json::from_str(raw).map_err(|e| format!("malformed JSON: {e}"))?;
    let (items, is_list): (Vec<&Value>, bool) = match &value {
        Value::Array(a) => (a.iter().collect(), true),
        Value::Object(o) => match LIST_KEYS
            .iter()
            .find_map(|k| o.get(*k).and_then(Value::as_array))
        {
            Some(a) => (a.iter().collect(), true),
            None => (vec![&value], false),
        },
        _ => return Err("JSON holds no article objects".to_string()),
    };
    if items.is_empty() {
        return Err("JSON holds no article objects".to_string());
    }
    Ok(items
        .into_iter()
        .enumerate()
        .map(|(i, v)| item(v, source, i + 1, is_list))
        .collect())
}

/// Parses a `.jsonl` / `.ndjson` file: one object per non-empty line.
pub fn parse_json_lines(raw: &str, source: &str) -> Vec<Item> {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    lines(raw)
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, line)| match serde_json::from_str::<Value>(line) {
            Ok(v) => item(&v, source, n + 1, true),
            Err(e) => Item::Unusable {
                index: n + 1,
                reason: format!("line {}: malformed JSON: {e}", n + 1),
            },
        })
        .collect()
}

fn item(v: &Value, source: &str, index: usize, numbered: bool) -> Item {
    let Some(obj) = v.as_object() else {
        return Item::Unusable {
            index,
            reason: format!("item {index} is not an object"),
        };
    };
    let text = string_field(obj, TEXT_KEYS).unwrap_or_default();
    // Its line ends are LFs already (`string_field`).
    let paragraphs: Vec<String> = if text.contains("\n\n") {
        split_lf_paragraphs(&text)
            .into_iter()
            .map(Cow::into_owned)
            .collect()
    } else {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect()
    };
    if paragraphs.is_empty() {
        return Item::Unusable {
            index,
            reason: format!("item {index} has no text"),
        };
    }
    let source = if numbered {
        format!("{source}#{index}")
    } else {
        source.to_string()
    };
    let mut warnings = Vec::new();
    let date = match string_field(obj, DATE_KEYS) {
        Some(d) => {
            let parsed = parse_loose_date(&d);
            if parsed.is_none() {
                warnings.push(format!(
                    "unreadable date {:?}; date unknown",
                    d.chars().take(40).collect::<String>()
                ));
            }
            parsed
        }
        None => None,
    };
    let draft = Draft {
        source,
        date,
        title: string_field(obj, TITLE_KEYS)
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")),
        url: string_field(obj, URL_KEYS),
        paragraphs,
    };
    let had_date = draft.date.is_some() || !warnings.is_empty();
    Item::Article(Box::new(build(draft, had_date, warnings)))
}

fn string_field(obj: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match obj.get(*k)? {
        // Line ends made LFs first: sanitising removes a CR (`"\r"` in the JSON), which would
        // glue the lines it ended.
        Value::String(s) if !s.trim().is_empty() => {
            Some(sanitize(&normalise_line_ends(s)).into_owned())
        }
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// `2020-10-31`, `2020-10-31T08:08:00Z`, `Sat, 31 Oct 2020 08:08:00 GMT`, or a Unix time.
pub fn parse_loose_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.date_naive());
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return Some(dt.date_naive());
    }
    if let Some(d) = s
        .get(..10)
        .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
    {
        return Some(d);
    }
    if let Ok(secs) = s.parse::<i64>() {
        // Milliseconds when the number is too large to be seconds in this era.
        let secs = if secs > 100_000_000_000 {
            secs / 1000
        } else {
            secs
        };
        return DateTime::from_timestamp(secs, 0).map(|d| d.date_naive());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::corpus::parse::Parsed;

    fn articles(items: Vec<Item>) -> Vec<Parsed> {
        items
            .into_iter()
            .filter_map(|i| match i {
                Item::Article(p) => Some(*p),
                Item::Unusable { .. } => None,
            })
            .collect()
    }

    #[test]
    fn array_export_with_loose_fields() {
        let raw = r#"[{"headline":"A title","published":"2021-03-04T10:00:00Z","content":"One.\nTwo.","link":"https://x"},
                      {"title":"No text"}]"#;
        let items = parse_json(raw, "e.json").unwrap();
        assert!(matches!(&items[1], Item::Unusable { reason, .. } if reason.contains("no text")));
        let a = &articles(items)[0].article;
        assert_eq!(a.title, "A title");
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2021, 3, 4));
        assert_eq!(a.paragraphs.len(), 2);
        assert_eq!(a.url.as_deref(), Some("https://x"));
        assert_eq!(a.source, "e.json#1");
    }

    #[test]
    fn wrapped_list_and_json_lines() {
        let items = parse_json(
            r#"{"articles":[{"text":"Hello there.","date":"Sat, 31 Oct 2020 08:08:00 GMT"}]}"#,
            "w.json",
        )
        .unwrap();
        assert_eq!(
            articles(items)[0].article.date,
            NaiveDate::from_ymd_opt(2020, 10, 31)
        );
        let items = parse_json_lines("{\"text\":\"a.\"}\n\nnot json\n", "l.jsonl");
        assert_eq!(items.len(), 2);
        assert!(matches!(&items[1], Item::Unusable { reason, .. } if reason.starts_with("line 3")));
    }

    #[test]
    fn a_byte_order_mark_is_allowed() {
        let items = parse_json("\u{feff}[{\"text\":\"Hello there.\"}]", "b.json").unwrap();
        assert_eq!(articles(items)[0].article.text, "Hello there.");
        let items = parse_json_lines("\u{feff}{\"text\":\"a.\"}\n{\"text\":\"b.\"}\n", "b.jsonl");
        assert_eq!(articles(items).len(), 2);
    }

    #[test]
    fn cr_and_crlf_end_lines_in_text_and_between_lines() {
        for end in ["\\r", "\\r\\n"] {
            let raw =
                format!(r#"[{{"title":"A{end}title","text":"First.{end}{end}Second{end}part."}}]"#);
            let a = &articles(parse_json(&raw, "c.json").unwrap())[0].article;
            assert_eq!(a.title, "A title", "{end}");
            let texts: Vec<_> = a.paragraphs_with_text().unwrap().map(|(_, t)| t).collect();
            assert_eq!(texts, ["First.", "Second part."], "{end}");
        }
        let one_per_line = r#"[{"text":"One.\rTwo."}]"#;
        let a = &articles(parse_json(one_per_line, "c.json").unwrap())[0].article;
        assert_eq!(a.paragraphs.len(), 2);
        let items = parse_json_lines("{\"text\":\"a.\"}\r{\"text\":\"b.\"}\r", "c.jsonl");
        assert_eq!(articles(items).len(), 2);
    }

    #[test]
    fn malformed_json_is_one_reason() {
        let e = parse_json("{\"a\": [", "bad.json").err().unwrap();
        assert!(e.starts_with("malformed JSON"));
        assert!(!e.contains('\n'));
    }
}
