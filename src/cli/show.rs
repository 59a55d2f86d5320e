//! `dateline show ID`: one article as wrapped text, or its whole model as JSON.

use super::output::{Out, output_width};
use super::{CmdResult, Failure, ShowArgs};
use crate::corpus::{Article, Corpus, ParagraphKind, TextUnavailable};
use crate::sanitize::sanitize_line;
use std::process::ExitCode;

pub fn run(args: &ShowArgs) -> CmdResult {
    let corpus = args.collection.load_noting_problems();
    let article = find_article(&corpus, &args.id)?;
    let mut out = Out::new();
    if args.json {
        out.json(article)?;
    } else {
        let text = render_text(article, output_width(args.width))
            .map_err(|e| Failure::new(1, e.to_string()))?;
        out.text(&text)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Resolves an id prefix; unknown or ambiguous ids are failures with exit code 1.
pub fn find_article<'a>(corpus: &'a Corpus, id: &str) -> Result<&'a Article, Failure> {
    find_article_index(corpus, id).map(|i| &corpus.articles[i])
}

/// Like [`find_article`], giving the article's index in the corpus.
pub(crate) fn find_article_index(corpus: &Corpus, id: &str) -> Result<usize, Failure> {
    if id.len() < 4 || !id.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(Failure::new(
            1,
            format!("{id:?} is not an article id (4 to 12 hex digits; see dateline list)"),
        ));
    }
    match corpus.find_by_prefix(id).as_slice() {
        [i] => Ok(*i),
        [] => Err(Failure::new(
            1,
            format!("no article with id {id} in this collection"),
        )),
        many => Err(Failure::new(
            1,
            format!("id {id} is ambiguous: {} articles match", many.len()),
        )),
    }
}

/// The article as plain text wrapped to `width`: a header, then the paragraphs with captions
/// indented and marked, read-more headlines as a list.
pub fn render_text(a: &Article, width: usize) -> Result<String, TextUnavailable> {
    let mut s = String::new();
    let wrap = |text: &str, indent: &str| {
        let opts = textwrap::Options::new(width)
            .initial_indent(indent)
            .subsequent_indent(indent);
        textwrap::wrap(text, opts).join("\n")
    };
    s.push_str(&wrap(&a.title, ""));
    s.push('\n');
    let mut meta = vec![a.date.map_or("date unknown".to_string(), |d| {
        d.format("%a %-d %b %Y").to_string()
    })];
    if let Some(t) = a.timestamp {
        meta.push(t.format("%H:%M UTC").to_string());
    }
    // The file's name is the one part of the header that did not come through the parser's
    // gate; `Out::text` keeps newlines, so a name holding one would break the header apart.
    meta.push(sanitize_line(&a.source).into_owned());
    meta.push(a.id.to_hex());
    s.push_str(&wrap(&meta.join(" · "), ""));
    s.push('\n');
    s.push_str(&"─".repeat(width.min(80)));
    s.push('\n');
    for (p, text) in a.paragraphs_with_text()? {
        s.push('\n');
        match p.kind {
            ParagraphKind::Body => s.push_str(&wrap(text, "")),
            ParagraphKind::Caption => s.push_str(&wrap(&format!("[photo] {text}"), "    ")),
            ParagraphKind::ReadMoreHeading => s.push_str("Read more:"),
            ParagraphKind::ReadMore => {
                let headline = text
                    .split_once(':')
                    .filter(|(label, _)| label.eq_ignore_ascii_case("read more"))
                    .map_or(text, |(_, h)| h.trim());
                s.push_str(&wrap(&format!("→ {headline}"), "  "));
            }
            ParagraphKind::Update => s.push_str(&wrap(text, "")),
        }
        s.push('\n');
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::load_embedded;

    #[test]
    fn the_header_keeps_a_file_name_on_its_line() {
        let mut a = load_embedded().articles.remove(0);
        a.source = "news/evil\nname\r\x1b[31m\u{202e}.txt".to_string();
        let text = render_text(&a, 200).unwrap();
        let meta = text.lines().nth(1).unwrap();
        assert!(meta.contains("news/evil name[31m.txt"), "{meta:?}");
        assert!(meta.contains(&a.id.to_hex()), "{meta:?}");
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
    }
}
