//! Dates: "October 25, 2020", "31 October 2020", "Saturday, 31 October 2020", "September 27",
//! weekdays resolved against the article's date, years ("1997") and decades ("the 1990s").

use super::token::{CALENDAR, CAP, DIGIT, LINE_START, POSSESSIVE, SENT_START, SHOUT, Shape, Token};
use crate::calendar::{month_from_name, weekday_from_name};
use chrono::{Datelike, Days, NaiveDate, Weekday};

/// A date found in the text: tokens `first..end` and what it means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateSpan {
    pub first: usize,
    pub end: usize,
    /// The calendar day, when the text and the article's date pin it down.
    pub day: Option<NaiveDate>,
    /// The cross-article key without its kind prefix: "2020-10-31", "1997", "1990s", "october".
    pub key: String,
}

fn number(text: &str, t: &Token) -> Option<u32> {
    if t.shape != Shape::Number {
        return None;
    }
    let s = t.text(text);
    if s.len() > 4 {
        return None;
    }
    s.parse().ok()
}

fn is_year(n: u32, t: &Token, text: &str) -> bool {
    (1800..=2100).contains(&n) && t.text(text).len() == 4
}

/// "1990s" → Some("1990s").
fn decade(text: &str, t: &Token) -> Option<&'static str> {
    let s = t.text(text);
    let digits = s.strip_suffix('s')?;
    if digits.len() == 4 && digits.ends_with('0') && digits.bytes().all(|b| b.is_ascii_digit()) {
        let n: u32 = digits.parse().ok()?;
        if (1000..=2100).contains(&n) {
            return Some("decade");
        }
    }
    None
}

/// The month a capitalised token names; "May" only where a day or year goes with it (else it is
/// the verb), and three-letter forms only with their dot or a number.
fn month_of(text: &str, t: &Token) -> Option<u32> {
    if !t.has(CALENDAR) {
        return None;
    }
    month_from_name(t.text(text))
}

fn weekday_of(text: &str, t: &Token) -> Option<Weekday> {
    if !t.has(CALENDAR) {
        return None;
    }
    let s = t.text(text);
    // Full names only: "Sun" and "Wed" are words too.
    if s.len() < 6 {
        return None;
    }
    weekday_from_name(s)
}

/// A cheap test before the calendar's (allocating) name parsers: month and weekday names are
/// 3 to 10 ASCII letters (and a dot) starting with one of these three-letter prefixes.
#[inline]
pub fn may_be_calendar_word(word: &str) -> bool {
    let b = word.as_bytes();
    if !(3..=10).contains(&b.len()) {
        return false;
    }
    let head = [
        b[0].to_ascii_lowercase(),
        b[1].to_ascii_lowercase(),
        b[2].to_ascii_lowercase(),
    ];
    matches!(
        &head,
        b"jan"
            | b"feb"
            | b"mar"
            | b"apr"
            | b"may"
            | b"jun"
            | b"jul"
            | b"aug"
            | b"sep"
            | b"oct"
            | b"nov"
            | b"dec"
            | b"mon"
            | b"tue"
            | b"wed"
            | b"thu"
            | b"fri"
            | b"sat"
            | b"sun"
    )
}

fn is_punct(text: &str, t: Option<&Token>, c: &str) -> bool {
    t.is_some_and(|t| t.shape == Shape::Punct && t.text(text) == c)
}

/// A day-month date without a year: the occurrence nearest before (or shortly after) the article.
fn infer_year(month: u32, day: u32, article: Option<NaiveDate>) -> Option<NaiveDate> {
    let article = article?;
    let this_year = NaiveDate::from_ymd_opt(article.year(), month, day)?;
    // News reports the recent past and announces the near future: more than ~2 months ahead
    // means last year's date.
    if this_year > article + Days::new(62) {
        return NaiveDate::from_ymd_opt(article.year() - 1, month, day);
    }
    Some(this_year)
}

/// Resolves a weekday against the article's date: the same day or the latest one before it,
/// unless the text says "next".
pub fn resolve_weekday(weekday: Weekday, article: NaiveDate, forward: bool) -> NaiveDate {
    let from = article.weekday().num_days_from_monday() as i64;
    let to = weekday.num_days_from_monday() as i64;
    if forward {
        let ahead = (to - from).rem_euclid(7);
        let ahead = if ahead == 0 { 7 } else { ahead };
        article + Days::new(ahead as u64)
    } else {
        let back = (from - to).rem_euclid(7);
        article - Days::new(back as u64)
    }
}

/// Finds the dates among `tokens`. Spans are sorted and disjoint.
pub fn find_dates(
    text: &str,
    tokens: &[Token],
    article: Option<NaiveDate>,
    out: &mut Vec<DateSpan>,
) {
    out.clear();
    let mut i = 0;
    while i < tokens.len() {
        // A date starts with a number, a word with digits ("1990s") or a capitalised month or
        // weekday: most tokens are none of these and skip the rules below.
        let t = &tokens[i];
        if t.shape == Shape::Word
            && t.has(CAP)
            && let Some(span) = holiday_at(text, tokens, i)
        {
            i = span.end;
            out.push(span);
            continue;
        }
        let may_start =
            t.shape == Shape::Number || t.shape == Shape::Word && (t.has(DIGIT) || t.has(CALENDAR));
        if !may_start {
            i += 1;
            continue;
        }
        match date_at(text, tokens, i, article) {
            // A date never spans lines (nor paragraphs).
            Some(span)
                if !tokens[span.first + 1..span.end]
                    .iter()
                    .any(|t| t.has(LINE_START)) =>
            {
                i = span.end;
                out.push(span);
            }
            _ => i += 1,
        }
    }
}

fn date_at(text: &str, tokens: &[Token], i: usize, article: Option<NaiveDate>) -> Option<DateSpan> {
    let t = &tokens[i];
    let get = |k: usize| tokens.get(k);
    // Weekday, optionally followed by a full date: "Saturday, 31 October 2020".
    if let Some(weekday) = weekday_of(text, t) {
        let after = if is_punct(text, get(i + 1), ",") {
            i + 2
        } else {
            i + 1
        };
        if let Some(mut span) = calendar_date(text, tokens, after, article)
            && span.day.is_some()
        {
            span.first = i;
            return Some(span);
        }
        let prev = i
            .checked_sub(1)
            .map(|p| tokens[p].text(text).to_ascii_lowercase());
        let forward = matches!(prev.as_deref(), Some("next" | "coming"));
        let day = article.map(|a| resolve_weekday(weekday, a, forward));
        let key = match day {
            Some(d) => iso_date(d),
            None => t.text(text).to_lowercase(),
        };
        return Some(DateSpan {
            first: i,
            end: i + 1,
            day,
            key,
        });
    }
    if let Some(span) = calendar_date(text, tokens, i, article) {
        return Some(span);
    }
    if t.shape == Shape::Word && t.has(DIGIT) && decade(text, t).is_some() {
        return Some(DateSpan {
            first: i,
            end: i + 1,
            day: None,
            key: t.text(text).to_string(),
        });
    }
    if let Some(n) = number(text, t)
        && is_year(n, t, text)
        && !is_glued_number(text, tokens, i)
    {
        return Some(DateSpan {
            first: i,
            end: i + 1,
            day: None,
            key: n.to_string(),
        });
    }
    None
}

/// Holidays and feasts named by one word, a date with no calendar day of its own (it moves,
/// or the text rarely says which year's). Named days with a head word ("Labor Day", "Election
/// Day") are left to the name finder, which reads them as named events. General knowledge.
const HOLIDAYS: &[&str] = &[
    "Christmas",
    "Thanksgiving",
    "Easter",
    "Hanukkah",
    "Chanukah",
    "Passover",
    "Ramadan",
    "Halloween",
    "Kwanzaa",
    "Diwali",
    "Purim",
    "Pentecost",
    "Juneteenth",
];

/// Words after a holiday that belong to it ("Christmas Eve", "Easter Sunday").
const HOLIDAY_TAILS: &[&str] = &["Eve", "Day", "Sunday", "Monday"];

/// The holiday at token `i` (a capitalised word): one of [`HOLIDAYS`] with its tail, "New
/// Year's Eve", "Good Friday", "Yom Kippur", "Rosh Hashanah". Its key is its lower-case name.
fn holiday_at(text: &str, tokens: &[Token], i: usize) -> Option<DateSpan> {
    let word = |k: usize| {
        tokens
            .get(k)
            .filter(|t| k == i || !t.has(LINE_START))
            .map_or("", |t| t.text(text))
    };
    let end = match word(i) {
        w if HOLIDAYS.contains(&w) => i + 1 + usize::from(HOLIDAY_TAILS.contains(&word(i + 1))),
        "New" if word(i + 1) == "Year" => {
            let at = if tokens.get(i + 2).is_some_and(|t| t.has(POSSESSIVE)) {
                i + 3
            } else {
                i + 2
            };
            if matches!(word(at), "Eve" | "Day") {
                at + 1
            } else {
                i + 2
            }
        }
        "Good" if word(i + 1) == "Friday" => i + 2,
        "Yom" if word(i + 1) == "Kippur" => i + 2,
        "Rosh" if word(i + 1) == "Hashanah" => i + 2,
        _ => return None,
    };
    let mut key = String::new();
    for t in &tokens[i..end] {
        if !key.is_empty() && !t.has(POSSESSIVE) {
            key.push(' ');
        }
        key.push_str(&t.text(text).to_lowercase());
    }
    Some(DateSpan {
        first: i,
        end,
        day: None,
        key,
    })
}

/// A year-like number that is part of a score, range or amount ("2000-2001", "$2000", "2020.5").
fn is_glued_number(text: &str, tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    let glued = |o: Option<&Token>, before: bool| {
        o.is_some_and(|o| {
            let touching = if before {
                o.end == t.start
            } else {
                o.start == t.end
            };
            touching
                && matches!(o.text(text), "$" | "£" | "€" | "%" | "/" | "-" | "." | ",")
                && !(o.text(text) == "," || o.text(text) == "." && !before)
        })
    };
    glued(i.checked_sub(1).map(|p| &tokens[p]), true) || glued(tokens.get(i + 1), false)
}

/// "October 25, 2020", "October 25", "25 October 2020", "October 2020", "October".
fn calendar_date(
    text: &str,
    tokens: &[Token],
    i: usize,
    article: Option<NaiveDate>,
) -> Option<DateSpan> {
    let t = tokens.get(i)?;
    let get = |k: usize| tokens.get(k);
    if let Some(month) = month_of(text, t) {
        return month_first_date(text, tokens, i, month, article);
    }
    // Day first: "31 October 2020", "25 October".
    if let Some(day) = number(text, t).filter(|d| (1..=31).contains(d))
        && let Some(m) = get(i + 1)
        && let Some(month) = month_of(text, m)
    {
        let mut end = i + 2;
        if is_punct(text, get(end), ".") && m.text(text).len() <= 4 {
            end += 1;
        }
        return Some(day_span(text, tokens, i, month, day, end, end, article));
    }
    None
}

/// A date opening with the name of `month` at token `i`: with a day ("October 25, 2020",
/// "October 25"), with a year ("October 2020"), or the month alone when that is surely a
/// month (see [`is_month_alone`]).
fn month_first_date(
    text: &str,
    tokens: &[Token],
    i: usize,
    month: u32,
    article: Option<NaiveDate>,
) -> Option<DateSpan> {
    let t = &tokens[i];
    let get = |k: usize| tokens.get(k);
    let mut end = i + 1;
    // "Oct." keeps its dot.
    if is_punct(text, get(end), ".") && t.text(text).len() <= 4 {
        end += 1;
    }
    let day_tok = get(end).filter(|d| d.start > t.end || end > i + 1);
    if let Some(day) = day_tok
        .and_then(|d| number(text, d))
        .filter(|d| (1..=31).contains(d))
    {
        end += 1;
        // ", 2020" or " 2020"
        let year_at = if is_punct(text, get(end), ",") {
            end + 1
        } else {
            end
        };
        return Some(day_span(text, tokens, i, month, day, year_at, end, article));
    }
    if let Some(y) = get(end)
        .and_then(|y| number(text, y))
        .filter(|&y| is_year(y, &tokens[end], text))
    {
        return Some(DateSpan {
            first: i,
            end: end + 1,
            day: None,
            key: format!("{y}-{month:02}"),
        });
    }
    is_month_alone(text, tokens, i).then(|| DateSpan {
        first: i,
        end: i + 1,
        day: None,
        key: month_alone_key(t.text(text), month, article),
    })
}

/// Whether the month name at token `i` is surely a month when it stands alone. Not "May" (the
/// verb) nor a bare abbreviation; "March" only capitalised inside a sentence, where the noun and
/// the verb are not, and not after a name ("Fredric March") or a possessive ("Women's March").
fn is_month_alone(text: &str, tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    let word = t.text(text);
    let march = word.eq_ignore_ascii_case("march");
    let mid_sentence_march = march
        && word.starts_with('M')
        && !t.has(SENT_START)
        && !t.has(SHOUT)
        && !t.has(LINE_START)
        && i.checked_sub(1)
            .map(|p| &tokens[p])
            .is_none_or(|p| !(p.has(POSSESSIVE) || p.is_word() && p.has(CAP)));
    (word.len() >= 5 && !march)
        || mid_sentence_march
        || word.eq_ignore_ascii_case("june")
        || word.eq_ignore_ascii_case("july")
}

/// The key of `month` named alone by `word`: in the article's year, or the year before when the
/// month is more than two months ahead of the article; the word itself without a date.
fn month_alone_key(word: &str, month: u32, article: Option<NaiveDate>) -> String {
    match article {
        Some(a) => {
            let y = if month > a.month() + 2 {
                a.year() - 1
            } else {
                a.year()
            };
            format!("{y}-{month:02}")
        }
        None => word.to_lowercase(),
    }
}

/// A day of `month` starting at token `first`: with the year at token `year_at` when that is a
/// year (the span then ends after it), else with the year inferred from the article's date (the
/// span ends at `end`).
#[allow(clippy::too_many_arguments)]
fn day_span(
    text: &str,
    tokens: &[Token],
    first: usize,
    month: u32,
    day: u32,
    year_at: usize,
    end: usize,
    article: Option<NaiveDate>,
) -> DateSpan {
    let year = tokens
        .get(year_at)
        .and_then(|y| number(text, y))
        .filter(|&y| is_year(y, &tokens[year_at], text));
    let (date, end) = match year {
        Some(y) => (NaiveDate::from_ymd_opt(y as i32, month, day), year_at + 1),
        None => (infer_year(month, day, article), end),
    };
    DateSpan {
        first,
        end,
        day: date,
        key: day_key(date, month, day),
    }
}

/// `d` as chrono's "%Y-%m-%d", without going through its format-string interpreter (which cost
/// more than finding the date).
pub fn iso_date(d: NaiveDate) -> String {
    let y = d.year();
    if !(0..=9999).contains(&y) {
        // Signed years: leave them to chrono.
        return d.format("%Y-%m-%d").to_string();
    }
    let mut s = String::with_capacity(10);
    let digit = |n: u32| char::from(b'0' + n as u8);
    let y = y as u32;
    for n in [y / 1000, y / 100 % 10, y / 10 % 10, y % 10] {
        s.push(digit(n));
    }
    s.push('-');
    s.push(digit(d.month() / 10));
    s.push(digit(d.month() % 10));
    s.push('-');
    s.push(digit(d.day() / 10));
    s.push(digit(d.day() % 10));
    s
}

/// `d` as chrono's "%-d %B %Y" ("31 October 2020"), without its format-string interpreter.
pub fn long_date(d: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let y = d.year();
    if !(0..=9999).contains(&y) {
        return d.format("%-d %B %Y").to_string();
    }
    format!("{} {} {:04}", d.day(), MONTHS[d.month0() as usize], y)
}

fn day_key(date: Option<NaiveDate>, month: u32, day: u32) -> String {
    match date {
        Some(d) => iso_date(d),
        None => format!("{month:02}-{day:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::token::tokenize;

    fn dates(text: &str, article: Option<NaiveDate>) -> Vec<(String, Option<NaiveDate>, String)> {
        let mut tokens = Vec::new();
        tokenize(text, &mut tokens);
        let mut out = Vec::new();
        find_dates(text, &tokens, article, &mut out);
        out.iter()
            .map(|d| {
                let s = tokens[d.first].start as usize;
                let e = tokens[d.end - 1].end as usize;
                (text[s..e].to_string(), d.day, d.key.clone())
            })
            .collect()
    }

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn weekdays_resolve_against_the_article() {
        let sunday = ymd(2020, 11, 1);
        let found = dates("He said Saturday, after Friday and on Sunday.", sunday);
        assert_eq!(found[0].1, ymd(2020, 10, 31));
        assert_eq!(found[1].1, ymd(2020, 10, 30));
        assert_eq!(found[2].1, ymd(2020, 11, 1));
        assert_eq!(found[0].2, "2020-10-31");
        let next = dates("They meet next Tuesday.", sunday);
        assert_eq!(next[0].1, ymd(2020, 11, 3));
    }

    #[test]
    fn full_dates_in_both_orders() {
        let found = dates(
            "Yerevan, Armenia October 25, 2020. Last Update: Saturday, 31 October 2020 KSA",
            None,
        );
        assert_eq!(found[0].0, "October 25, 2020");
        assert_eq!(found[0].1, ymd(2020, 10, 25));
        assert_eq!(found[1].0, "Saturday, 31 October 2020");
        assert_eq!(found[1].1, ymd(2020, 10, 31));
    }

    #[test]
    fn day_and_month_take_the_article_year() {
        let found = dates("clashes broke out on September 27 and", ymd(2020, 11, 1));
        assert_eq!(found[0].0, "September 27");
        assert_eq!(found[0].1, ymd(2020, 9, 27));
        let found = dates("on December 30 last year", ymd(2021, 1, 5));
        assert_eq!(found[0].1, ymd(2020, 12, 30));
    }

    #[test]
    fn years_and_decades() {
        let found = dates(
            "a 1997 treaty, a 1990s war, 30,000 dead, $2000 paid, 1,200 people",
            None,
        );
        let texts: Vec<_> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(texts, ["1997", "1990s"]);
        assert_eq!(found[1].2, "1990s");
    }

    #[test]
    fn formats_agree_with_chrono() {
        for d in [
            ymd(2020, 10, 31),
            ymd(999, 1, 2),
            ymd(1, 12, 9),
            ymd(-5, 3, 4),
            ymd(10001, 7, 7),
        ] {
            let d = d.unwrap();
            assert_eq!(iso_date(d), d.format("%Y-%m-%d").to_string());
            assert_eq!(long_date(d), d.format("%-d %B %Y").to_string());
        }
    }

    #[test]
    fn may_the_verb_is_not_a_date() {
        assert!(dates("It May rain. Sun and Wed are short.", None).is_empty());
        assert_eq!(dates("on May 5", ymd(2020, 6, 1))[0].1, ymd(2020, 5, 5));
    }
}
