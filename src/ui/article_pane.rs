//! The article: its pre-wrapped lines from the scroll position down, each cut into spans where
//! highlights (search matches, the current spot) begin and end. Only the lines on screen are
//! styled, so a long article costs no more per frame than a short one.

use super::text::{clean, fit};
use super::theme::Theme;
use super::{Look, pane_block};
use crate::app::layout::article_text_area;
use crate::app::wrapped::{LineKind, LineText};
use crate::app::{App, Focus};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// A styled byte range of the article text, patched over the line's own style.
#[derive(Clone, Copy, Debug)]
pub struct Highlight {
    pub start: u32,
    pub end: u32,
    pub style: Style,
}

pub fn render(app: &App, look: &Look, frame: &mut Frame, area: Rect) {
    let (theme, sym) = (&look.theme, &look.symbols);
    let focused = app.focus == Focus::ARTICLE;
    let mut block = pane_block(look, focused).title(Line::styled(" Article ", theme.pane_title));
    let reader = &app.reader;
    if reader.article.is_some() {
        block = block.title_bottom(Line::from(format!(" {}% ", reader.percent())).right_aligned());
    }
    frame.render_widget(block, area);
    let text_area = article_text_area(area);
    let Some(article) = reader.article.map(|a| &app.corpus().articles[a]) else {
        return;
    };
    if text_area.width == 0 || text_area.height == 0 {
        return;
    }
    let visible = reader
        .wrapped
        .lines
        .get(reader.scroll..)
        .unwrap_or_default()
        .iter()
        .take(usize::from(text_area.height));
    let highlights = highlights(app, theme, visible.clone());
    let width = usize::from(text_area.width);
    // Only a text in memory is drawn: render reads nothing. The driver reads the open article's
    // text before each frame; until it is read, the wrapped lines hold none of it.
    let text = article.text.loaded().unwrap_or_default();
    let lines: Vec<Line> = visible
        .map(|line| {
            let base = line_style(line.kind, theme);
            let mut spans = Vec::new();
            if line.indent > 0 {
                let lead = if line.kind == LineKind::ReadMore && line.first_of_paragraph {
                    format!("{} ", sym.link)
                } else {
                    " ".repeat(usize::from(line.indent))
                };
                spans.push(Span::raw(fit(&lead, usize::from(line.indent), sym)));
            }
            match &line.text {
                LineText::Text(s, e) => {
                    styled_spans(text, *s, *e, base, &highlights, look, &mut spans);
                }
                LineText::Title(s, e) => {
                    let t = article.title.get(*s as usize..*e as usize).unwrap_or("");
                    spans.push(Span::styled(clean(t, sym).into_owned(), base));
                }
                LineText::Owned(t) => spans.push(Span::styled(fit(t, width, sym), base)),
                LineText::Empty => {}
            }
            Line::from(spans)
        })
        .collect();
    super::lines::draw(frame, text_area, lines);
}

fn line_style(kind: LineKind, theme: &Theme) -> Style {
    match kind {
        LineKind::Title => theme.heading,
        LineKind::Meta => theme.meta,
        LineKind::Blank | LineKind::Body => theme.body,
        LineKind::Caption => theme.caption,
        LineKind::ReadMoreHeading => theme.meta,
        LineKind::ReadMore => theme.link,
        LineKind::Update => theme.update_line,
    }
}

/// What is highlighted on the visible lines, lowest priority first: entity mentions coloured by
/// kind, search matches, the selected entity's mentions, then the spot `n`/`N` last went to.
fn highlights<'a>(
    app: &App,
    theme: &Theme,
    visible: impl Iterator<Item = &'a crate::app::wrapped::Line>,
) -> Vec<Highlight> {
    let mut range: Option<(u32, u32)> = None;
    for line in visible {
        if let LineText::Text(s, e) = line.text {
            range = Some(range.map_or((s, e), |(a, _)| (a, e)));
        }
    }
    let mut out = Vec::new();
    let (Some(article), Some((from, to))) = (app.reader.article, range) else {
        return out;
    };
    // The analysis's entities, or while it is built the ones found in this article so far
    // (in memory only: rendering reads nothing).
    if let Some(doc) = app.open_doc() {
        let selected = app.selected_entity();
        // Mentions starting before the first visible line may still reach into it.
        let from_mention = doc.mentions.partition_point(|m| m.end <= from);
        let to_mention = doc.mentions.partition_point(|m| m.start < to);
        let mut chosen = Vec::new();
        for m in doc
            .mentions
            .get(from_mention..to_mention)
            .unwrap_or_default()
        {
            let Some(e) = doc.get(m.entity as usize) else {
                continue;
            };
            // The kind the collection settled on, once there is one.
            let kind = app.analysis.as_deref().map_or(e.kind, |an| {
                an.entity_info(an.entity_id(article, m.entity))
                    .map_or(e.kind, |info| info.kind)
            });
            out.push(Highlight {
                start: m.start,
                end: m.end,
                style: theme.entity(kind),
            });
            let is_selected = |an: &crate::analysis::Analysis| {
                selected.is_some_and(|id| an.entity_id(article, m.entity) == id)
            };
            if app.analysis.as_deref().is_some_and(is_selected) {
                chosen.push(Highlight {
                    start: m.start,
                    end: m.end,
                    style: theme.current,
                });
            }
        }
        let matches = visible_matches(&app.reader.matches, from, to, theme);
        out.extend(matches);
        out.extend(chosen);
    } else {
        out.extend(visible_matches(&app.reader.matches, from, to, theme));
    }
    if let Some((start, end)) = app.reader.current_spot {
        out.push(Highlight {
            start,
            end,
            style: theme.current,
        });
    }
    out
}

fn visible_matches(
    matches: &[(u32, u32)],
    from: u32,
    to: u32,
    theme: &Theme,
) -> impl Iterator<Item = Highlight> {
    let first = matches.partition_point(|&(_, e)| e <= from);
    let last = matches.partition_point(|&(s, _)| s < to);
    let style = theme.search_match;
    matches
        .get(first..last)
        .unwrap_or_default()
        .iter()
        .map(move |&(start, end)| Highlight { start, end, style })
}

/// Cuts `text[start..end]` where highlights begin and end and styles each piece: the line's base
/// style patched by every highlight that covers it, later ones winning.
pub fn styled_spans(
    text: &str,
    start: u32,
    end: u32,
    base: Style,
    highlights: &[Highlight],
    look: &Look,
    out: &mut Vec<Span<'static>>,
) {
    let covering: Vec<&Highlight> = highlights
        .iter()
        .filter(|h| h.start < end && h.end > start)
        .collect();
    let mut cuts = vec![start, end];
    for h in &covering {
        cuts.extend([h.start.max(start), h.end.min(end)]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let Some(piece) = text.get(a as usize..b as usize) else {
            continue;
        };
        let style = covering
            .iter()
            .filter(|h| h.start <= a && h.end >= b)
            .fold(base, |s, h| s.patch(h.style));
        out.push(Span::styled(
            clean(piece, &look.symbols).into_owned(),
            style,
        ));
    }
}
