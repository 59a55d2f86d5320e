//! The native format: ` date YYYY-MM-DD ` then the body, paragraphs split by blank lines.
//!
//! The parser never fails: whatever text it is given becomes an article (possibly with an unknown
//! date) plus warnings. Deciding that a file is unusable (binary, empty) is the loader's job.

use super::article::{Article, ArticleId, Paragraph, ParagraphKind, TitleSource};
use super::text::{
    cut_to_width, lead_sentence, normalise_line_ends, normalised_hash, split_lf_paragraphs,
};
use crate::calendar::month_from_name;
use crate::sanitize::{sanitize, sanitize_line};
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use std::borrow::Cow;

/// Titles derived from a lead sentence are cut at a word boundary to about this many columns.
pub const TITLE_COLUMNS: usize = 90;

/// What the parser made of a text, with what it had to guess.
#[derive(Debug)]
pub struct Parsed {
    pub article: Article,
    pub warnings: Vec<String>,
    /// True when a date header was present but nothing followed it.
    pub header_only: bool,
}

#[derive(Debug)]
/// One entry of a multi-article file (a JSON export, a feed) that became an article or could not.
pub enum Item {
    Article(Box<Parsed>),
    Unusable { index: usize, reason: String },
}

/// The pieces an article is made of before its text is laid out; other formats (JSON) fill this.
#[derive(Default)]
pub struct Draft {
    pub source: String,
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
    pub url: Option<String>,
    /// Paragraph texts, already split.
    pub paragraphs: Vec<String>,
}

/// Parses the native format. `raw` may contain anything; it is sanitised here.
pub fn parse_native(raw: &str, source: &str) -> Parsed {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let mut clean = sanitize(raw);
    // Sanitising removes a CR, which would glue the lines it ended: text with one is sanitised
    // with its line ends made LFs. (Only text that had something to remove is looked at again,
    // so a clean file is scanned once.)
    if matches!(clean, Cow::Owned(_)) && raw.contains('\r') {
        clean = Cow::Owned(sanitize(&normalise_line_ends(raw)).into_owned());
    }
    let mut warnings = Vec::new();
    let (date, body) = split_header(&clean, &mut warnings);
    let header_only = date.is_some() && body.trim().is_empty();
    // Not through `build`: the paragraphs of a sanitised body are already what `sanitize_line`
    // leaves alone (see `lay_out`), so they need no second scan, and most of them (one line
    // each) need no copy either.
    let paragraphs = split_lf_paragraphs(body);
    let paragraphs: Vec<&str> = paragraphs.iter().map(|p| &**p).collect();
    let mut parsed = lay_out(
        Draft {
            source: source.to_string(),
            date: date.flatten(),
            ..Draft::default()
        },
        &paragraphs,
        date.is_some(),
        warnings,
    );
    parsed.header_only = header_only;
    parsed
}

/// Reads the ` date YYYY-MM-DD ` header. Returns `Some(date)` when a header was present (`Some(None)`
/// when its date is impossible) and the text after it.
fn split_header<'a>(
    text: &'a str,
    warnings: &mut Vec<String>,
) -> (Option<Option<NaiveDate>>, &'a str) {
    let trimmed = text.trim_start();
    let Some(rest) = trimmed.strip_prefix("date ") else {
        return (None, text);
    };
    let rest = rest.trim_start_matches([' ', '\t']);
    let token_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let token = &rest[..token_end];
    if !looks_like_iso_date(token) {
        // `date` followed by something else is ordinary prose ("date night…"), not a header.
        return (None, text);
    }
    let body = &rest[token_end..];
    // One separator follows the date; keep the rest (a newline there starts the body).
    let body = body.strip_prefix([' ', '\t', '\n']).unwrap_or(body);
    match NaiveDate::parse_from_str(token, "%Y-%m-%d") {
        Ok(d) => (Some(Some(d)), body),
        Err(_) => {
            warnings.push(format!(
                "impossible date {token:?} in the header; date unknown"
            ));
            (Some(None), body)
        }
    }
}

fn looks_like_iso_date(token: &str) -> bool {
    let b = token.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Lays out a draft as an article: classifies paragraphs, finds the title, the update timestamp
/// and the read-more headlines, and derives the id. `had_header` silences the missing-date warning
/// for formats whose date comes from elsewhere.
pub fn build(mut draft: Draft, had_header: bool, warnings: Vec<String>) -> Parsed {
    // Every format but the native one comes through here, so this is where their untrusted
    // text is made safe once (a scan that copies nothing when the format's parser already
    // cleaned it). The native parser sanitises the whole text itself and goes to `lay_out`.
    for p in &mut draft.paragraphs {
        if let std::borrow::Cow::Owned(clean) = sanitize_line(p) {
            *p = clean;
        }
    }
    if let Some(t) = draft.title.as_mut()
        && let std::borrow::Cow::Owned(clean) = sanitize_line(t)
    {
        *t = clean;
    }
    let paragraphs = std::mem::take(&mut draft.paragraphs);
    let paragraphs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
    lay_out(draft, &paragraphs, had_header, warnings)
}

/// The rest of [`build`], for a draft whose title and `paragraphs` (in place of the draft's) are
/// already sanitised: [`sanitize_line`] would return each unchanged. The native parser comes
/// here directly, as what it passes always is (the debug assertion checks it in every test that
/// parses, and `native_paragraphs_need_no_second_sanitising` over every short text).
fn lay_out(
    draft: Draft,
    paragraphs: &[&str],
    had_header: bool,
    mut warnings: Vec<String>,
) -> Parsed {
    debug_assert!(
        draft
            .title
            .iter()
            .map(String::as_str)
            .chain(paragraphs.iter().copied())
            .all(|p| matches!(sanitize_line(p), std::borrow::Cow::Borrowed(_))),
        "unsanitised text in {paragraphs:?}"
    );
    let paragraphs: Vec<&str> = paragraphs
        .iter()
        .copied()
        .filter(|p| !p.trim().is_empty())
        .collect();
    let id = ArticleId(normalised_hash(
        draft
            .title
            .iter()
            .map(String::as_str)
            .chain(paragraphs.iter().copied()),
    ));
    let kinds = classify(&paragraphs);
    let mut items: Vec<(ParagraphKind, &str)> = kinds
        .iter()
        .copied()
        .zip(paragraphs.iter().copied())
        .collect();

    let (title, title_source) = match draft.title.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => (t.to_string(), TitleSource::Given),
        _ => {
            if items.len() > 1 && items[0].0 == ParagraphKind::Body && is_headline(items[0].1) {
                let headline = items.remove(0).1;
                (headline.to_string(), TitleSource::Headline)
            } else if let Some((_, lead)) = items.iter().find(|(k, _)| *k == ParagraphKind::Body) {
                (
                    cut_to_width(lead_sentence(lead), TITLE_COLUMNS),
                    TitleSource::LeadSentence,
                )
            } else {
                (String::new(), TitleSource::None)
            }
        }
    };

    let mut timestamp = None;
    let mut update_date = None;
    let mut read_more = Vec::new();
    for (kind, text) in &items {
        match kind {
            ParagraphKind::Update if timestamp.is_none() => {
                let (d, t) = parse_update_line(text);
                update_date = update_date.or(d);
                timestamp = t;
            }
            ParagraphKind::ReadMore => read_more.push(read_more_headline(text).to_string()),
            _ => {}
        }
    }

    let mut date = draft.date;
    if date.is_none() {
        date = update_date;
        if !had_header {
            warnings.push(match date {
                Some(d) => format!("no date header; date {d} taken from the update line"),
                None => "no date header; date unknown".to_string(),
            });
        }
    }

    let mut text = String::with_capacity(items.iter().map(|(_, t)| t.len() + 2).sum());
    let mut paragraphs = Vec::with_capacity(items.len());
    for (kind, para) in &items {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len() as u32;
        text.push_str(para);
        paragraphs.push(Paragraph {
            kind: *kind,
            start,
            end: text.len() as u32,
        });
    }

    Parsed {
        article: Article {
            id,
            source: draft.source,
            date,
            timestamp,
            title,
            title_source,
            url: draft.url,
            text: text.into(),
            paragraphs,
            read_more,
        },
        warnings,
        header_only: false,
    }
}

/// The kinds of a run of paragraphs. Read-more headings claim the headline-like paragraphs that
/// follow them.
fn classify(paragraphs: &[&str]) -> Vec<ParagraphKind> {
    let mut kinds = Vec::with_capacity(paragraphs.len());
    let mut in_read_more_block = false;
    for p in paragraphs {
        let kind = if is_update_line(p) {
            ParagraphKind::Update
        } else if let Some(rest) = strip_read_more_label(p) {
            if rest.is_empty() {
                ParagraphKind::ReadMoreHeading
            } else {
                ParagraphKind::ReadMore
            }
        } else if in_read_more_block && is_headline(p) {
            ParagraphKind::ReadMore
        } else if is_caption(p) {
            ParagraphKind::Caption
        } else {
            ParagraphKind::Body
        };
        in_read_more_block = matches!(kind, ParagraphKind::ReadMoreHeading)
            || (in_read_more_block && kind == ParagraphKind::ReadMore);
        kinds.push(kind);
    }
    kinds
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn is_update_line(p: &str) -> bool {
    starts_with_ignore_case(p, "last update:") || starts_with_ignore_case(p, "last updated:")
}

/// For `Read more: X` (and `Also read:`, `Related:`), the part after the label, trimmed.
fn strip_read_more_label(p: &str) -> Option<&str> {
    for label in ["read more", "also read", "related"] {
        if starts_with_ignore_case(p, label) {
            let rest = p[label.len()..].trim_start();
            if let Some(after) = rest.strip_prefix(':') {
                return Some(after.trim());
            }
            if rest.is_empty() && label == "read more" {
                return Some("");
            }
        }
    }
    None
}

fn read_more_headline(p: &str) -> &str {
    strip_read_more_label(p).unwrap_or(p)
}

/// A headline: one short line of prose that does not end like a sentence.
pub fn is_headline(p: &str) -> bool {
    let p = p.trim();
    let words = p.split_whitespace().count();
    if p.is_empty() || p.len() > 200 || words > 30 || p.contains('\n') {
        return false;
    }
    let last = p.chars().last().unwrap_or('.');
    // A sentence ends with a full stop (possibly inside closing quotes); a headline does not.
    let ends_sentence = last == '.'
        || last == ':'
        || last == ','
        || last == ';'
        || (matches!(last, '"' | '”' | '’' | '\'' | ')')
            && p.chars().rev().nth(1).is_some_and(|c| c == '.' || c == ','));
    !ends_sentence && p.chars().next().is_some_and(|c| !c.is_lowercase())
}

/// Agency credits that end photo captions: `(Reuters)`, `(Reuters/Aziz Karimov)`, `(AP Photo/…)`.
const CREDIT_HEADS: &[&str] = &[
    "reuters",
    "ap",
    "ap photo",
    "afp",
    "afp photo",
    "epa",
    "epa-efe",
    "efe",
    "getty",
    "getty images",
    "anadolu",
    "anadolu agency",
    "xinhua",
    "bloomberg",
    "upi",
    "dpa",
    "tass",
    "sputnik",
    "ria novosti",
    "ani",
    "pti",
    "spa",
    "wam",
    "shutterstock",
    "alamy",
    "pa",
    "pa images",
    "pa wire",
    "photo",
    "file photo",
    "file",
    "courtesy",
    "handout",
    "supplied",
    "al arabiya",
];

fn is_caption(p: &str) -> bool {
    let p = p.trim_end();
    let Some(inner) = p.strip_suffix(')') else {
        return false;
    };
    let Some(open) = inner.rfind('(') else {
        return false;
    };
    let credit = inner[open + 1..].trim();
    if credit.is_empty() || credit.len() > 80 || open == 0 {
        return false;
    }
    let head = credit
        .split(['/', ':', ';', ',', '|'])
        .next()
        .unwrap_or("")
        .trim()
        .trim_end_matches('.')
        .to_ascii_lowercase();
    CREDIT_HEADS.contains(&head.as_str())
        || (head.ends_with(" photo") || head.ends_with(" images") || head.ends_with(" via reuters"))
}

/// `Last Update: Saturday, 31 October 2020 KSA 11:08 - GMT 08:08` → (2020-10-31, 08:08 UTC).
/// The date is read as `31 October 2020` or `October 31, 2020`; the time only when it is marked
/// GMT or UTC, so a local time is never mistaken for UTC.
pub fn parse_update_line(p: &str) -> (Option<NaiveDate>, Option<DateTime<Utc>>) {
    let words: Vec<&str> = p
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let mut date = None;
    for (i, w) in words.iter().enumerate() {
        if let Some(month) = month_from_name(w) {
            let num = |j: usize| {
                words
                    .get(j)
                    .and_then(|s| s.trim_matches(',').parse::<u32>().ok())
            };
            let (day, year) = match (i.checked_sub(1).and_then(num), num(i + 1), num(i + 2)) {
                (Some(d), Some(y), _) if d <= 31 && y > 1000 => (d, y),
                (_, Some(d), Some(y)) if d <= 31 && y > 1000 => (d, y),
                _ => continue,
            };
            date = NaiveDate::from_ymd_opt(year as i32, month, day);
            if date.is_some() {
                break;
            }
        }
    }
    let time = words.windows(2).find_map(|pair| {
        let zone = pair[0].to_ascii_uppercase();
        if zone == "GMT" || zone == "UTC" {
            NaiveTime::parse_from_str(pair[1], "%H:%M").ok()
        } else {
            None
        }
    });
    let timestamp = match (date, time) {
        (Some(d), Some(t)) => Utc.from_local_datetime(&d.and_time(t)).single(),
        _ => None,
    };
    (date, timestamp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::text::{every_string, split_paragraphs, split_paragraphs_borrowed};
    use proptest::prelude::*;

    /// [`parse_native`] as it was first written: copied paragraphs, through [`build`] and its
    /// second sanitising.
    fn reference_parse_native(raw: &str, source: &str) -> Parsed {
        let raw = normalise_line_ends(raw.strip_prefix('\u{feff}').unwrap_or(raw));
        let clean = sanitize(&raw);
        let mut warnings = Vec::new();
        let (date, body) = split_header(&clean, &mut warnings);
        let header_only = date.is_some() && body.trim().is_empty();
        let draft = Draft {
            source: source.to_string(),
            date: date.flatten(),
            title: None,
            url: None,
            paragraphs: split_paragraphs(body),
        };
        let mut parsed = build(draft, date.is_some(), warnings);
        parsed.header_only = header_only;
        parsed
    }

    fn same_parse(raw: &str) {
        let (a, b) = (parse_native(raw, "x"), reference_parse_native(raw, "x"));
        let show = |p: &Parsed| {
            let x = &p.article;
            format!(
                "{:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
                x.id,
                x.source,
                x.date,
                x.timestamp,
                x.title,
                x.title_source,
                x.url,
                x.text.get().unwrap(),
                x.paragraphs,
                x.read_more,
                p.warnings,
                p.header_only
            )
        };
        assert_eq!(show(&a), show(&b), "{raw:?}");
    }

    #[test]
    fn native_paragraphs_need_no_second_sanitising() {
        // Whatever survives `sanitize` and the paragraph split, `sanitize_line` leaves alone
        // (newlines are gone, tabs expanded, line separators made newlines, the rest removed).
        let alphabet = [
            'a', ' ', '\n', '\t', '\r', '\x1b', '\x7f', '\u{85}', '\u{9b}', '\u{a0}', '\u{ad}',
            '\u{200b}', '\u{2028}', '\u{2029}', '\u{202e}', '\u{feff}',
        ];
        every_string(&alphabet, 4, |s| {
            let clean = sanitize(s);
            for p in split_paragraphs_borrowed(&clean) {
                assert!(
                    matches!(sanitize_line(&p), std::borrow::Cow::Borrowed(_)),
                    "{s:?} → {p:?}"
                );
            }
            same_parse(s);
            same_parse(&format!(" date 2020-01-01 {s}A.\n\n{s}b{s}"));
        });
    }

    #[test]
    fn bare_cr_and_crlf_end_lines() {
        for end in ["\r", "\r\n"] {
            let raw = format!(
                " date 2021-01-01{end}Title here{end}{end}First para{end}bare CR.{end}{end}Second."
            );
            let p = parse_native(&raw, "cr.txt");
            let a = &p.article;
            assert_eq!(a.title, "Title here", "{end:?}");
            let texts: Vec<_> = a.paragraphs_with_text().unwrap().map(|(_, t)| t).collect();
            assert_eq!(texts, ["First para bare CR.", "Second."], "{end:?}");
            assert_eq!(a.date, NaiveDate::from_ymd_opt(2021, 1, 1));
        }
    }

    #[test]
    fn native_parse_is_unchanged() {
        for raw in [
            " date 2020-01-01 Beck Wows the Crowd\n\nHe spoke.\nIt went well.\t(Reuters)",
            " date 2020-01-01 Lead sentence here.\n\nRead more: One headline\n\nMore body.\n\nRead more:\n\nTwo headline\n\nThree headline\n\nLast Update: 1 January 2020",
            "\u{feff}Body text.\r\n\r\nLast Update: 2 March 2021 GMT 10:00",
            " date 2020-13-45 Some\u{2028}text\u{2029}here.\u{85}\u{85}More \x1b[2J.",
            "",
            "   \n\n  ",
        ] {
            same_parse(raw);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn native_parse_is_unchanged_on_any_text(s in any::<String>()) {
            same_parse(&s);
        }

        #[test]
        fn native_parse_is_unchanged_on_article_like_text(
            paras in proptest::collection::vec("[ -~\u{a0}-\u{2fff}\n\t\r\x1b]{0,80}", 0..8),
        ) {
            same_parse(&format!(" date 2021-02-03 {}", paras.join("\n\n")));
        }
    }

    #[test]
    fn update_line_gives_utc_timestamp() {
        let (d, t) =
            parse_update_line("Last Update: Saturday, 31 October 2020 KSA 11:08 - GMT 08:08");
        assert_eq!(d, NaiveDate::from_ymd_opt(2020, 10, 31));
        assert_eq!(t.unwrap().to_rfc3339(), "2020-10-31T08:08:00+00:00");
    }

    #[test]
    fn update_line_without_zone_has_date_only() {
        let (d, t) = parse_update_line("Last Update: October 5, 2021 11:08");
        assert_eq!(d, NaiveDate::from_ymd_opt(2021, 10, 5));
        assert_eq!(t, None);
    }

    #[test]
    fn captions_need_an_agency_credit() {
        assert!(is_caption("A burnt car in Barda. (Reuters)"));
        assert!(is_caption("Smoke rises. (Reuters/Aziz Karimov)"));
        assert!(is_caption("Protesters march (AP Photo/Jane Doe)"));
        assert!(is_caption("A view of the city (AFP)"));
        assert!(!is_caption("The party (which won in 2019) said no (again)"));
        assert!(!is_caption("(Reuters)"));
    }

    #[test]
    fn headlines_do_not_end_like_sentences() {
        assert!(is_headline(
            "Turkey is to blame for ongoing conflict: Armenian PM"
        ));
        assert!(is_headline(
            "France's Macron to Muslims: I hear your anger, but won't accept violence"
        ));
        assert!(!is_headline("Russia has a military base in Armenia."));
        assert!(!is_headline("He said it was “unacceptable.”"));
        assert!(!is_headline("and then lower case"));
    }

    #[test]
    fn header_with_impossible_date_warns_and_keeps_text() {
        let p = parse_native(" date 2020-13-45 Some text here.", "x.txt");
        assert_eq!(p.article.date, None);
        assert!(p.warnings[0].contains("impossible date"));
        assert_eq!(p.article.text, "Some text here.");
    }

    #[test]
    fn no_header_warns_and_uses_update_line() {
        let p = parse_native("Body text.\n\nLast Update: 2 March 2021 GMT 10:00", "x.txt");
        assert_eq!(p.article.date, NaiveDate::from_ymd_opt(2021, 3, 2));
        assert!(p.warnings[0].contains("no date header"));
    }

    #[test]
    fn headline_first_paragraph_becomes_title() {
        let p = parse_native(
            " date 2010-02-20 Beck Wows the Crowd\n\nHe spoke. It went well.",
            "x",
        );
        assert_eq!(p.article.title, "Beck Wows the Crowd");
        assert_eq!(p.article.title_source, TitleSource::Headline);
        assert_eq!(p.article.text, "He spoke. It went well.");
    }

    #[test]
    fn inline_and_block_read_more() {
        let p = parse_native(
            " date 2020-01-01 Lead sentence here.\n\nRead more: One headline\n\nMore body.\n\nRead more:\n\nTwo headline\n\nThree headline\n\nLast Update: 1 January 2020",
            "x",
        );
        assert_eq!(
            p.article.read_more,
            ["One headline", "Two headline", "Three headline"]
        );
        let kinds: Vec<_> = p.article.paragraphs.iter().map(|p| p.kind).collect();
        use ParagraphKind::*;
        assert_eq!(
            kinds,
            [
                Body,
                ReadMore,
                Body,
                ReadMoreHeading,
                ReadMore,
                ReadMore,
                Update
            ]
        );
    }

    #[test]
    fn paragraphs_are_ranges_into_text() {
        let p = parse_native(" date 2020-01-01 One.\n\nTwo\nlines.\n\n\n\nThree.", "x");
        let texts: Vec<_> = p
            .article
            .paragraphs_with_text()
            .unwrap()
            .map(|(_, t)| t)
            .collect();
        assert_eq!(texts, ["One.", "Two lines.", "Three."]);
    }

    #[test]
    fn control_characters_never_reach_the_text() {
        let p = parse_native(
            " date 2020-01-01 Evil\x1b[2J text\x07.\n\nMore\u{202e}.",
            "x",
        );
        assert!(!p.article.text.get().unwrap().contains('\x1b'));
        assert!(!p.article.text.get().unwrap().contains('\u{202e}'));
    }
}
