//! An article laid out for one width: its lines as byte ranges into the title or the text, so that
//! entity mentions and search matches (byte ranges too) can be styled per visible line without
//! copying the text. Computed once per (article, width) — when an article opens or the terminal is
//! resized — never per frame.

use crate::corpus::{Article, ParagraphKind, TitleSource};
use textwrap::{Options, WordSplitter};

/// What a line is, which decides its style and indent.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum LineKind {
    Title,
    Meta,
    Blank,
    Body,
    Caption,
    ReadMoreHeading,
    ReadMore,
    Update,
}

/// Where a line's characters come from.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum LineText {
    /// A byte range of `Article::title`.
    Title(u32, u32),
    /// A byte range of `Article::text` (mentions and matches use the same offsets).
    Text(u32, u32),
    /// Composed for display (the date line).
    Owned(String),
    Empty,
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Line {
    pub kind: LineKind,
    pub text: LineText,
    /// Columns of indent before the text (captions, read-more headlines).
    pub indent: u16,
    /// A marker drawn in the indent on the first line of a read-more headline.
    pub first_of_paragraph: bool,
}

/// What the article pane shows below the title and the date line.
#[derive(Clone, Copy, Debug)]
pub enum Body<'a> {
    /// The article's text (its paragraphs' ranges index into it).
    Text(&'a str),
    /// One line in the text's place: why it cannot be shown, or that it is being read.
    Missing(&'a str),
}

/// Indent of captions and read-more headlines, set apart from the body.
pub const SIDE_INDENT: u16 = 2;

#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Wrapped {
    pub width: u16,
    pub lines: Vec<Line>,
    /// For each text line, in order: (start byte, line index) — finds the line of a byte offset.
    text_starts: Vec<(u32, u32)>,
}

impl Wrapped {
    pub fn new(article: &Article, body: Body, meta: String, width: u16) -> Wrapped {
        let w = usize::from(width.max(1));
        let mut out = Wrapped {
            width,
            ..Wrapped::default()
        };
        // A title cut from the lead sentence would only repeat, cut short, the paragraph below
        // it: the list shows it, the article starts with the lead itself.
        if article.title_source != TitleSource::LeadSentence {
            for (s, e) in wrap_ranges(&article.title, w) {
                out.push(LineKind::Title, LineText::Title(s, e), 0, false);
            }
        }
        for piece in textwrap::wrap(&meta, options(w)) {
            out.push(
                LineKind::Meta,
                LineText::Owned(piece.into_owned()),
                0,
                false,
            );
        }
        let text = match body {
            Body::Text(text) => text,
            Body::Missing(line) => {
                out.push(LineKind::Blank, LineText::Empty, 0, false);
                for piece in textwrap::wrap(line, options(w)) {
                    out.push(
                        LineKind::Body,
                        LineText::Owned(piece.into_owned()),
                        0,
                        false,
                    );
                }
                return out;
            }
        };
        for p in &article.paragraphs {
            out.push(LineKind::Blank, LineText::Empty, 0, false);
            let kind = match p.kind {
                ParagraphKind::Body => LineKind::Body,
                ParagraphKind::Caption => LineKind::Caption,
                ParagraphKind::ReadMoreHeading => LineKind::ReadMoreHeading,
                ParagraphKind::ReadMore => LineKind::ReadMore,
                ParagraphKind::Update => LineKind::Update,
            };
            let indent = match kind {
                LineKind::Caption | LineKind::ReadMore => SIDE_INDENT,
                _ => 0,
            };
            let mut start = p.start;
            let Some(para) = text.get(p.range()) else {
                continue;
            };
            // "Read more: headline" shows as a link to the headline alone.
            if kind == LineKind::ReadMore
                && let Some((label, _)) = para.split_once(':')
                && label.eq_ignore_ascii_case("read more")
            {
                let after = &para[label.len() + 1..];
                start += (label.len() + 1 + after.len() - after.trim_start().len()) as u32;
            }
            let body = text.get(start as usize..p.end as usize).unwrap_or_default();
            let avail = w.saturating_sub(usize::from(indent)).max(1);
            for (i, (s, e)) in wrap_ranges(body, avail).into_iter().enumerate() {
                out.push(kind, LineText::Text(start + s, start + e), indent, i == 0);
            }
        }
        out
    }

    fn push(&mut self, kind: LineKind, text: LineText, indent: u16, first: bool) {
        if let LineText::Text(s, _) = text {
            self.text_starts.push((s, self.lines.len() as u32));
        }
        self.lines.push(Line {
            kind,
            text,
            indent,
            first_of_paragraph: first,
        });
    }

    /// The line showing byte `offset` of the text (the last line starting at or before it).
    pub fn line_of_offset(&self, offset: u32) -> Option<usize> {
        let i = self.text_starts.partition_point(|&(s, _)| s <= offset);
        i.checked_sub(1).map(|i| self.text_starts[i].1 as usize)
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

fn options(width: usize) -> Options<'static> {
    // No hyphenation: every line is then a slice of its paragraph, so its byte range is exact.
    Options::new(width)
        .break_words(true)
        .word_splitter(WordSplitter::NoHyphenation)
}

/// Wraps `text` to `width` columns and returns each line's byte range in `text`.
fn wrap_ranges(text: &str, width: usize) -> Vec<(u32, u32)> {
    let base = text.as_ptr() as usize;
    let mut cursor = 0usize;
    textwrap::wrap(text, options(width))
        .iter()
        .filter_map(|line| {
            let ptr = line.as_ptr() as usize;
            let start = if ptr >= base && ptr + line.len() <= base + text.len() {
                ptr - base
            } else {
                // An owned line (textwrap added something): find it from where the last ended.
                cursor + text[cursor..].find(line.trim_end_matches('-'))?
            };
            cursor = start + line.len();
            Some((start as u32, (start + line.len()) as u32))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::load_embedded;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn lines_fit_and_cover_the_text() {
        let corpus = load_embedded();
        for a in &corpus.articles {
            let text = a.text.loaded().unwrap();
            for width in [1u16, 7, 20, 44, 80] {
                let w = Wrapped::new(a, Body::Text(text), "Sat 31 Oct 2020".into(), width);
                for line in &w.lines {
                    let s = match line.text {
                        LineText::Text(s, e) => &text[s as usize..e as usize],
                        LineText::Title(s, e) => &a.title[s as usize..e as usize],
                        _ => continue,
                    };
                    let limit = usize::from(width.saturating_sub(line.indent).max(1));
                    // A single wide character can exceed a 1-column width; nothing else may.
                    assert!(
                        s.width() <= limit || s.chars().count() == 1,
                        "{s:?} wider than {limit}"
                    );
                }
                let words: usize = w
                    .lines
                    .iter()
                    .filter_map(|l| match l.text {
                        LineText::Text(s, e) => {
                            Some(text[s as usize..e as usize].split_whitespace().count())
                        }
                        _ => None,
                    })
                    .sum();
                assert!(words > 100, "text lost at width {width}");
            }
        }
    }

    #[test]
    fn offsets_find_their_line() {
        let corpus = load_embedded();
        let a = &corpus.articles[0];
        let text = a.text.loaded().unwrap();
        let w = Wrapped::new(a, Body::Text(text), String::new(), 40);
        let offset = text.find("Russia has a military base").unwrap() as u32;
        let line = w.line_of_offset(offset + 5).unwrap();
        match w.lines[line].text {
            LineText::Text(s, e) => assert!(s <= offset + 5 && offset + 5 < e),
            ref other => panic!("not a text line: {other:?}"),
        }
    }

    #[test]
    fn a_missing_text_is_one_line_in_its_place() {
        let corpus = load_embedded();
        let a = &corpus.articles[0];
        let w = Wrapped::new(
            a,
            Body::Missing("text unavailable: cut short"),
            String::new(),
            80,
        );
        let owned: Vec<_> = w
            .lines
            .iter()
            .filter_map(|l| match &l.text {
                LineText::Owned(t) if !t.is_empty() => Some(t.as_str()),
                LineText::Text(..) => panic!("no line may point into a text not shown"),
                _ => None,
            })
            .collect();
        assert_eq!(owned, ["text unavailable: cut short"]);
    }
}
