//! RSS 2.0, RSS 1.0 (RDF) and Atom feeds: each item or entry is an article. Its text is the full
//! content when the feed carries it (`content:encoded`, Atom `content`), else the description or
//! summary; the HTML in it becomes paragraphs (block tags split, other tags dropped, entities
//! decoded). The feed's own XML is parsed by quick-xml.

use super::json::parse_loose_date;
use super::parse::{Draft, Item, build};
use super::text::{normalise_line_ends, split_lf_paragraphs};
use crate::sanitize::sanitize;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;
use std::borrow::Cow;

#[derive(Default)]
struct Entry {
    title: String,
    link: Option<String>,
    date: String,
    /// Full content (`content:encoded`, Atom `content`).
    content: String,
    /// Description or summary.
    summary: String,
}

/// Parses a feed. `Err` is a one-line reason for skipping the whole file.
pub fn parse_feed(raw: &str, source: &str) -> Result<Vec<Item>, String> {
    let mut reader = Reader::from_str(raw.strip_prefix('\u{feff}').unwrap_or(raw));
    let mut feed = FeedParser::default();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("malformed feed: {e} (at byte {})", reader.buffer_position()))?;
        match event {
            Event::Start(e) => feed.start(&e)?,
            Event::Empty(e) => feed.empty(&e),
            Event::End(_) => feed.end(source),
            Event::Text(t) => feed.text(&t.xml10_content()),
            Event::CData(t) => feed.text(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let name = r.into_inner();
                match decode_entity(&name) {
                    Some(decoded) => feed.text(&decoded),
                    None => feed.markup(&format!("&{name};")),
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !feed.is_feed {
        return Err("not an RSS or Atom feed".to_string());
    }
    if feed.items.is_empty() {
        return Err("feed has no items".to_string());
    }
    Ok(feed.items)
}

/// The field of an entry that an element's text goes to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Field {
    Title,
    Date,
    Content,
    Summary,
    Link,
}

fn field_of(element: &str) -> Option<Field> {
    Some(match element {
        "title" => Field::Title,
        "pubdate" | "published" | "updated" | "date" => Field::Date,
        "encoded" | "content" => Field::Content,
        "description" | "summary" => Field::Summary,
        "link" => Field::Link,
        _ => return None,
    })
}

impl Entry {
    fn field(&mut self, field: Field) -> &mut String {
        match field {
            Field::Title => &mut self.title,
            Field::Date => &mut self.date,
            Field::Content => &mut self.content,
            Field::Summary => &mut self.summary,
            Field::Link => self.link.get_or_insert_with(String::new),
        }
    }
}

/// A feed being read, one XML event at a time.
#[derive(Default)]
struct FeedParser {
    /// The open elements' local names, lower case.
    stack: Vec<String>,
    is_feed: bool,
    entry: Option<Entry>,
    items: Vec<Item>,
    /// Inside an Atom text construct of `type="xhtml"` (its content is XHTML elements, not
    /// text): the depth in `stack` of its first child and the field it fills. Its markup is
    /// written into the field as HTML, which becomes paragraphs as HTML content does.
    xhtml: Option<(usize, Field)>,
}

impl FeedParser {
    fn start(&mut self, e: &BytesStart<'_>) -> Result<(), String> {
        let name = local_name(e);
        if self.stack.is_empty() {
            self.is_feed = matches!(name.as_str(), "rss" | "feed" | "rdf");
            if !self.is_feed {
                return Err(format!("not an RSS or Atom feed (root element <{name}>)"));
            }
        }
        if self.xhtml.is_some() {
            self.markup(&format!("<{name}>"));
        } else if matches!(name.as_str(), "item" | "entry") {
            self.entry = Some(Entry::default());
        } else if let Some(en) = self.entry.as_mut() {
            if name == "link" {
                take_atom_link(e, en);
            }
            if let Some(f @ (Field::Title | Field::Content | Field::Summary)) = field_of(&name)
                && is_xhtml(e)
            {
                self.xhtml = Some((self.stack.len() + 1, f));
            }
        }
        self.stack.push(name);
        Ok(())
    }

    fn empty(&mut self, e: &BytesStart<'_>) {
        let name = local_name(e);
        if self.xhtml.is_some() {
            self.markup(&format!("<{name}/>"));
        } else if name == "link"
            && let Some(en) = self.entry.as_mut()
        {
            take_atom_link(e, en);
        }
    }

    fn end(&mut self, source: &str) {
        let Some(name) = self.stack.pop() else {
            return;
        };
        if let Some((depth, _)) = self.xhtml {
            if self.stack.len() >= depth {
                self.markup(&format!("</{name}>"));
                return;
            }
            self.xhtml = None;
        }
        if matches!(name.as_str(), "item" | "entry")
            && let Some(en) = self.entry.take()
        {
            let index = self.items.len() + 1;
            self.items.push(finish(en, source, index));
        }
    }

    /// Text (entities decoded) inside the innermost element.
    fn text(&mut self, text: &str) {
        if self.xhtml.is_some() {
            // Markup is kept as HTML: text that looks like markup is escaped to stay text.
            let escaped = text.replace('&', "&amp;").replace('<', "&lt;");
            self.markup(&escaped);
            return;
        }
        append(&mut self.entry, &self.stack, text);
    }

    /// Markup to keep as it is: inside an XHTML construct, into its field; elsewhere, as text.
    fn markup(&mut self, html: &str) {
        match (self.xhtml, self.entry.as_mut()) {
            (Some((_, field)), Some(en)) => en.field(field).push_str(html),
            _ => append(&mut self.entry, &self.stack, html),
        }
    }
}

/// Whether an Atom text construct holds XHTML (`type="xhtml"`).
fn is_xhtml(e: &BytesStart<'_>) -> bool {
    e.attributes()
        .flatten()
        .any(|a| a.key.local_name().as_ref() == "type" && a.value.as_ref() == "xhtml")
}

fn local_name(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_ascii_lowercase()
}

/// Atom's `<link href="…" rel="alternate"/>`: the article's address (other rels are not).
fn take_atom_link(e: &BytesStart<'_>, entry: &mut Entry) {
    let mut href = None;
    let mut rel = None;
    for a in e.attributes().flatten() {
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|v| v.into_owned())
            .unwrap_or_default();
        match a.key.local_name().as_ref() {
            "href" => href = Some(value),
            "rel" => rel = Some(value),
            _ => {}
        }
    }
    if let Some(h) = href
        && rel.as_deref().is_none_or(|r| r == "alternate")
        && entry.link.is_none()
    {
        entry.link = Some(h);
    }
}

/// Adds text to the field of the current entry that the innermost element names.
fn append(entry: &mut Option<Entry>, stack: &[String], text: &str) {
    if let Some(en) = entry.as_mut()
        && let Some(field) = stack.last().and_then(|name| field_of(name))
    {
        en.field(field).push_str(text);
    }
}

fn finish(en: Entry, source: &str, index: usize) -> Item {
    let body = if en.content.trim().is_empty() {
        &en.summary
    } else {
        &en.content
    };
    let paragraphs = html_to_paragraphs(body);
    if paragraphs.is_empty() {
        return Item::Unusable {
            index,
            reason: format!("item {index} has no text"),
        };
    }
    let mut warnings = Vec::new();
    let date_text = en.date.trim();
    let date = if date_text.is_empty() {
        None
    } else {
        let d = parse_loose_date(date_text);
        if d.is_none() {
            warnings.push(format!(
                "unreadable date {:?}; date unknown",
                date_text.chars().take(40).collect::<String>()
            ));
        }
        d
    };
    let had_date = date.is_some() || !warnings.is_empty();
    let title = html_to_paragraphs(&en.title).join(" ");
    let draft = Draft {
        source: format!("{source}#{index}"),
        date,
        title: Some(title),
        url: en
            .link
            .map(|l| sanitize(l.trim()).into_owned())
            .filter(|l| !l.is_empty()),
        paragraphs,
    };
    Item::Article(Box::new(build(draft, had_date, warnings)))
}

/// Block-level tags: their start or end separates paragraphs.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "br",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "table",
    "section",
    "article",
    "figure",
    "figcaption",
    "hr",
    "pre",
    "header",
    "footer",
    "aside",
    "dd",
    "dt",
];

/// HTML (or plain text) to paragraphs: block tags split, other tags dropped, `script` and `style`
/// bodies skipped, entities decoded, whitespace collapsed.
pub fn html_to_paragraphs(html: &str) -> Vec<String> {
    // A CR (`&#13;`, or text from elsewhere) ends a line, as LF does.
    let html = normalise_line_ends(html);
    let html: &str = &html;
    if !html.contains('<') && !html.contains('&') {
        return split_lf_paragraphs(html)
            .into_iter()
            .map(Cow::into_owned)
            .collect();
    }
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    let mut rest = html;
    let flush = |current: &mut String, paragraphs: &mut Vec<String>| {
        let p = current.split_whitespace().collect::<Vec<_>>().join(" ");
        if !p.is_empty() {
            paragraphs.push(sanitize(&p).into_owned());
        }
        current.clear();
    };
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            let Some(end) = rest.find('>') else {
                current.push_str(rest);
                break;
            };
            let tag = rest[1..end].trim_start_matches('/').trim();
            let name: String = tag
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            rest = &rest[end + 1..];
            if (name == "script" || name == "style") && !rest.is_empty() {
                let close = format!("</{name}");
                let lower = rest.to_ascii_lowercase();
                rest = match lower.find(&close) {
                    Some(i) => &rest[i..],
                    None => "",
                };
                continue;
            }
            if BLOCK_TAGS.contains(&name.as_str()) {
                flush(&mut current, &mut paragraphs);
            } else {
                current.push(' ');
            }
        } else if c == '&' {
            let decoded = rest[1..]
                .find(';')
                .filter(|&i| i <= 10)
                .and_then(|i| decode_entity(&rest[1..1 + i]).map(|d| (d, i + 2)));
            match decoded {
                Some((text, used)) => {
                    current.push_str(&text);
                    rest = &rest[used..];
                }
                None => {
                    current.push('&');
                    rest = &rest[1..];
                }
            }
        } else if c == '\n'
            && rest[1..]
                .trim_start_matches([' ', '\t', '\r'])
                .starts_with('\n')
        {
            // A blank line in text without tags also separates paragraphs.
            flush(&mut current, &mut paragraphs);
            rest = &rest[1..];
        } else {
            current.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    flush(&mut current, &mut paragraphs);
    paragraphs
}

/// `amp`, `#8217`, `#x2019`, `nbsp`, `mdash`… → the character(s).
pub fn decode_entity(name: &str) -> Option<String> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).map(String::from);
    }
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "euro" => '€',
        "pound" => '£',
        "deg" => '°',
        "middot" => '·',
        "bull" => '•',
        _ => return None,
    };
    Some(c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn articles(items: Vec<Item>) -> Vec<crate::corpus::Article> {
        items
            .into_iter()
            .filter_map(|i| match i {
                Item::Article(p) => Some(p.article),
                Item::Unusable { .. } => None,
            })
            .collect()
    }

    #[test]
    fn rss_items_with_html_descriptions() {
        let rss = r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Wire</title>
<item><title>Harbour reopens &amp; ships return</title><link>https://example.org/a</link>
<pubDate>Sat, 31 Oct 2020 08:08:00 GMT</pubDate>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>The harbour reopened on Friday.</p><p>Ships &mdash; dozens of them &#8212; returned.<br>Officials said so.</p><script>alert(1)</script>]]></content:encoded>
</item>
<item><title>Empty</title><description></description></item>
</channel></rss>"#;
        let items = parse_feed(rss, "wire.xml").unwrap();
        assert!(
            matches!(&items[1], Item::Unusable { reason, .. } if reason == "item 2 has no text")
        );
        let a = &articles(items)[0];
        assert_eq!(a.title, "Harbour reopens & ships return");
        assert_eq!(a.date, chrono::NaiveDate::from_ymd_opt(2020, 10, 31));
        assert_eq!(a.url.as_deref(), Some("https://example.org/a"));
        let texts: Vec<_> = a.paragraphs_with_text().unwrap().map(|(_, t)| t).collect();
        assert_eq!(
            texts,
            [
                "The harbour reopened on Friday.",
                "Ships — dozens of them — returned.",
                "Officials said so."
            ]
        );
        assert_eq!(a.source, "wire.xml#1");
    }

    #[test]
    fn atom_entries() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>
<entry><title type="html">Vote &lt;b&gt;counted&lt;/b&gt;</title>
<link rel="self" href="https://example.org/self"/><link href="https://example.org/e1"/>
<published>2021-03-04T10:00:00Z</published>
<summary>Counting ended late.

Results follow.</summary></entry></feed>"#;
        let a = &articles(parse_feed(atom, "f.atom").unwrap())[0];
        assert_eq!(a.title, "Vote counted");
        assert_eq!(a.url.as_deref(), Some("https://example.org/e1"));
        assert_eq!(a.date, chrono::NaiveDate::from_ymd_opt(2021, 3, 4));
        assert_eq!(a.paragraphs.len(), 2);
    }

    #[test]
    fn atom_xhtml_content_and_summary_become_paragraphs() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>
<entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Vote <b>counted</b></div></title>
<updated>2021-03-04T10:00:00Z</updated>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Counting ended <em>late</em> &amp; slowly.</p><p>Results &lt;soon&gt;.<br/>Then more.</p></div></content></entry>
<entry><title>Second</title><summary type="xhtml"><xhtml:div xmlns:xhtml="http://www.w3.org/1999/xhtml"><xhtml:p>Only a summary.</xhtml:p></xhtml:div></summary></entry>
<entry><title>Third</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"></div></content></entry>
</feed>"#;
        let items = parse_feed(atom, "x.atom").unwrap();
        assert!(
            matches!(&items[2], Item::Unusable { reason, .. } if reason == "item 3 has no text")
        );
        let all = articles(items);
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].title, "Vote counted");
        let texts: Vec<_> = all[0]
            .paragraphs_with_text()
            .unwrap()
            .map(|(_, t)| t)
            .collect();
        assert_eq!(
            texts,
            [
                "Counting ended late & slowly.",
                "Results <soon>.",
                "Then more."
            ]
        );
        let texts: Vec<_> = all[1]
            .paragraphs_with_text()
            .unwrap()
            .map(|(_, t)| t)
            .collect();
        assert_eq!(texts, ["Only a summary."]);
        assert_eq!(all[1].title, "Second");
    }

    #[test]
    fn a_byte_order_mark_and_cr_line_ends_are_allowed() {
        let rss = "\u{feff}<rss><channel><item><title>T</title><description>One.\r\rTwo\rthree.</description></item></channel></rss>";
        let a = &articles(parse_feed(rss, "x.rss").unwrap())[0];
        let texts: Vec<_> = a.paragraphs_with_text().unwrap().map(|(_, t)| t).collect();
        assert_eq!(texts, ["One.", "Two three."]);
    }

    #[test]
    fn other_xml_and_broken_xml_are_reasons() {
        assert!(
            parse_feed("<html><body/></html>", "x.xml")
                .unwrap_err()
                .contains("not an RSS or Atom feed")
        );
        let e = parse_feed("<rss><channel><item><title>x</item></rss>", "x.xml").unwrap_err();
        assert!(e.starts_with("malformed feed"), "{e}");
        assert!(!e.contains('\n'));
        assert_eq!(
            parse_feed("<rss><channel/></rss>", "x.xml").unwrap_err(),
            "feed has no items"
        );
    }

    #[test]
    fn control_characters_in_feeds_are_removed() {
        let rss = "<rss><channel><item><title>T\u{1b}[2J</title><description>Body&#27;[31m text.</description></item></channel></rss>";
        let a = &articles(parse_feed(rss, "x.xml").unwrap())[0];
        assert!(
            !a.title.contains('\u{1b}') && !a.text.get().unwrap().contains('\u{1b}'),
            "{a:?}"
        );
    }
}
