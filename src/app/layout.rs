//! Where the panes go at a given terminal size. Both `update` (which needs the article pane's width
//! to wrap text and its height to page) and the renderer call this, so they always agree.

use ratatui::layout::Rect;

/// Terminals at least this wide show all three panes side by side.
pub const WIDE_MIN_COLS: u16 = 100;
/// Below this the reader cannot show anything useful and says so.
pub const MIN_COLS: u16 = 24;
pub const MIN_ROWS: u16 = 6;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    TooSmall,
    /// One pane at a time under a tab bar.
    Narrow,
    /// List, article and sidebar side by side.
    Wide,
}

/// The panes' outer rectangles (borders included). In narrow mode the focused pane takes the
/// `article` rect's place: every pane gets the same body area, only one is drawn.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Panes {
    pub mode: Mode,
    pub tabs: Rect,
    pub list: Rect,
    pub article: Rect,
    pub sidebar: Rect,
    pub status: Rect,
}

impl Panes {
    /// The rectangle of the pane `focus` names.
    pub fn rect(&self, focus: crate::app::Focus) -> Rect {
        use crate::app::Focus;
        match focus {
            Focus::LIST => self.list,
            Focus::ARTICLE => self.article,
            Focus::SIDEBAR => self.sidebar,
            // A pane the layout does not know yet takes the article's place.
            _ => self.article,
        }
    }
}

pub fn panes(area: Rect) -> Panes {
    let empty = Rect::new(area.x, area.y, 0, 0);
    if area.width < MIN_COLS || area.height < MIN_ROWS {
        return Panes {
            mode: Mode::TooSmall,
            tabs: empty,
            list: empty,
            article: empty,
            sidebar: empty,
            status: empty,
        };
    }
    let status = Rect::new(area.x, area.bottom() - 1, area.width, 1);
    if area.width >= WIDE_MIN_COLS {
        let body_h = area.height - 1;
        let list_w = (area.width * 28 / 100).clamp(28, 44);
        let side_w = (area.width * 26 / 100).clamp(28, 42);
        let art_w = area.width - list_w - side_w;
        let list = Rect::new(area.x, area.y, list_w, body_h);
        let article = Rect::new(area.x + list_w, area.y, art_w, body_h);
        let sidebar = Rect::new(area.x + list_w + art_w, area.y, side_w, body_h);
        Panes {
            mode: Mode::Wide,
            tabs: empty,
            list,
            article,
            sidebar,
            status,
        }
    } else {
        let tabs = Rect::new(area.x, area.y, area.width, 1);
        let body = Rect::new(area.x, area.y + 1, area.width, area.height - 2);
        Panes {
            mode: Mode::Narrow,
            tabs,
            list: body,
            article: body,
            sidebar: body,
            status,
        }
    }
}

/// The article text's area inside its pane: within the border, one column of padding each side.
pub fn article_text_area(pane: Rect) -> Rect {
    Rect::new(
        pane.x.saturating_add(2),
        pane.y.saturating_add(1),
        pane.width.saturating_sub(4),
        pane.height.saturating_sub(2),
    )
}

/// The rows inside a bordered pane.
pub fn inner_rows(pane: Rect) -> u16 {
    pane.height.saturating_sub(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_by_size() {
        assert_eq!(panes(Rect::new(0, 0, 120, 40)).mode, Mode::Wide);
        assert_eq!(panes(Rect::new(0, 0, 80, 24)).mode, Mode::Narrow);
        assert_eq!(panes(Rect::new(0, 0, 50, 15)).mode, Mode::Narrow);
        assert_eq!(panes(Rect::new(0, 0, 10, 3)).mode, Mode::TooSmall);
    }

    #[test]
    fn wide_panes_tile_the_width() {
        for w in WIDE_MIN_COLS..400 {
            let p = panes(Rect::new(0, 0, w, 30));
            assert_eq!(p.list.width + p.article.width + p.sidebar.width, w);
            assert!(p.article.width >= 40, "article too narrow at {w}");
        }
    }
}
