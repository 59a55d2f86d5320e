//! Matching `Read more:` headlines to the articles of the collection they name.
//!
//! Headlines and titles are compared in a normal form: lower case, letters and digits only, any
//! run of other characters (punctuation, straight or curly quotes, dashes) as one space. A
//! headline cut short with an ellipsis matches a title that starts with what is left of it.

use crate::corpus::Article;
use rayon::prelude::*;

/// Fewest words a shortened headline must keep to match by prefix: "The" must not open every
/// title of the collection.
const MIN_PREFIX_WORDS: usize = 4;

/// Titles in normal form, sorted, for exact and prefix search.
#[derive(Clone, Debug, Default)]
pub struct TitleIndex {
    titles: Vec<(String, u32)>,
}

impl TitleIndex {
    pub fn build(articles: &[Article]) -> TitleIndex {
        let mut titles: Vec<(String, u32)> = articles
            .iter()
            .enumerate()
            .filter_map(title_entry)
            .collect();
        titles.sort_unstable();
        TitleIndex { titles }
    }

    /// [`Self::build`] on every core: for a large collection, when the cores are free (never
    /// while the pool is busy: the work would queue behind everything else's).
    pub fn build_on_every_core(articles: &[Article]) -> TitleIndex {
        let mut titles: Vec<(String, u32)> = articles
            .par_iter()
            .enumerate()
            .filter_map(title_entry)
            .collect();
        titles.par_sort_unstable();
        TitleIndex { titles }
    }

    /// The article whose title `headline` names, other than `from` (the article citing it).
    pub fn find(&self, headline: &str, from: usize) -> Option<usize> {
        let trimmed = headline.trim();
        let shortened = ["…", "...", "\u{2026}"]
            .iter()
            .find_map(|e| trimmed.strip_suffix(e));
        let key = normalise_headline(shortened.unwrap_or(trimmed));
        if key.is_empty() {
            return None;
        }
        let start = self
            .titles
            .partition_point(|(t, _)| t.as_str() < key.as_str());
        let matching = self.titles[start..]
            .iter()
            .take_while(|(t, _)| match shortened {
                Some(_) => t.starts_with(&key),
                None => *t == key,
            });
        if shortened.is_some() && key.split(' ').count() < MIN_PREFIX_WORDS {
            return None;
        }
        matching.map(|&(_, a)| a as usize).find(|&a| a != from)
    }
}

/// An article's title in normal form with the article's index, unless the title has no word.
fn title_entry((i, a): (usize, &Article)) -> Option<(String, u32)> {
    let title = normalise_headline(&a.title);
    (!title.is_empty()).then_some((title, i as u32))
}

/// Lower-cased letters and digits, words separated by single spaces. Apostrophes vanish rather
/// than split ("Erdogan’s" and "Erdogan's" both give "erdogans").
pub fn normalise_headline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    // Byte by byte while ASCII (every title of a collection goes through here, some twice),
    // character by character otherwise.
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let c = if b < 0x80 {
            i += 1;
            b as char
        } else {
            let Some(c) = s[i..].chars().next() else {
                break;
            };
            i += c.len_utf8();
            c
        };
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else if !matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '`') {
            gap = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::load::load_bytes;

    /// [`normalise_headline`] by its definition, a character at a time.
    fn normalised_by_chars(s: &str) -> String {
        let mut out = String::new();
        let mut gap = false;
        for c in s.chars() {
            if c.is_alphanumeric() {
                if gap && !out.is_empty() {
                    out.push(' ');
                }
                gap = false;
                out.extend(c.to_lowercase());
            } else if !matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '`') {
                gap = true;
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn normal_form_is_the_character_by_character_one(s in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(normalise_headline(&s), normalised_by_chars(&s));
            // Mostly ASCII too, as titles are.
            let ascii: String = s.chars().map(|c| char::from(c as u32 as u8 & 0x7f)).collect();
            proptest::prop_assert_eq!(normalise_headline(&ascii), normalised_by_chars(&ascii));
        }
    }

    fn articles(titles: &[&str]) -> Vec<Article> {
        titles
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let raw = format!(" date 2020-01-01 {t}\n\nSome text about it, told at length.");
                load_bytes(raw.as_bytes(), &format!("{i}.txt")).articles[0].clone()
            })
            .collect()
    }

    #[test]
    fn normal_form_ignores_case_quotes_and_punctuation() {
        assert_eq!(
            normalise_headline("  Erdogan’s spokesman — tests “positive” for COVID-19! "),
            "erdogans spokesman tests positive for covid 19"
        );
        assert_eq!(
            normalise_headline("Erdogan's"),
            normalise_headline("ERDOGAN’S")
        );
        assert_eq!(normalise_headline("¡!?"), "");
    }

    #[test]
    fn headline_finds_its_article() {
        let a = articles(&[
            "Turkey is to blame for ongoing conflict in Nagorno-Karabakh: Armenian PM",
            "Minister’s spokesman tests positive for COVID-19",
            "Markets rally",
        ]);
        let idx = TitleIndex::build(&a);
        assert_eq!(
            idx.find(
                "Turkey is to blame for ongoing conflict in Nagorno Karabakh - Armenian PM",
                2
            ),
            Some(0)
        );
        assert_eq!(
            idx.find("Minister's spokesman tests \"positive\" for Covid-19", 0),
            Some(1)
        );
        assert_eq!(idx.find("Something else entirely", 0), None);
        assert_eq!(idx.find("", 0), None);
    }

    #[test]
    fn an_article_does_not_point_at_itself() {
        let a = articles(&["Markets rally", "Other news today"]);
        let idx = TitleIndex::build(&a);
        assert_eq!(idx.find("Markets rally", 0), None);
        assert_eq!(idx.find("Markets rally", 1), Some(0));
    }

    #[test]
    fn shortened_headline_matches_by_prefix() {
        let a = articles(&["Turkey is to blame for ongoing conflict in the region"]);
        let idx = TitleIndex::build(&a);
        assert_eq!(idx.find("Turkey is to blame for…", 5), Some(0));
        assert_eq!(idx.find("Turkey is…", 5), None);
        assert_eq!(idx.find("Turkey is to blame for", 5), None);
    }
}
