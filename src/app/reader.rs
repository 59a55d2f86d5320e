//! The open article: its wrapped lines for the current width, the scroll, and the spots `n`/`N`
//! step through (search matches or the selected entity's mentions).

use super::wrapped::Wrapped;

#[derive(Clone, Debug, Default)]
pub struct Reader {
    /// Corpus index of the article shown, if any.
    pub article: Option<usize>,
    pub wrapped: Wrapped,
    /// First line on screen.
    pub scroll: usize,
    /// Rows of text on screen (from the layout).
    pub rows: usize,
    /// Byte ranges of the search query in the text.
    pub matches: Vec<(u32, u32)>,
    /// The match or mention `n`/`N` last went to, emphasised in the text.
    pub current_spot: Option<(u32, u32)>,
    /// Why the article's text could not be read, once the driver tried
    /// ([`crate::app::Action::TextRead`]); the pane shows this line in its place.
    pub text_problem: Option<String>,
    /// Why its entities could not be read, likewise.
    pub entities_problem: Option<String>,
}

impl Reader {
    pub fn max_scroll(&self) -> usize {
        self.wrapped.len().saturating_sub(self.rows.max(1))
    }

    pub fn scroll_by(&mut self, delta: isize) {
        self.scroll = self
            .scroll
            .saturating_add_signed(delta)
            .min(self.max_scroll());
    }

    pub fn scroll_to(&mut self, line: usize) {
        self.scroll = line.min(self.max_scroll());
    }

    /// How far through the article the bottom of the screen is, 0–100.
    pub fn percent(&self) -> u16 {
        let total = self.wrapped.len();
        if total <= self.rows {
            return 100;
        }
        ((self.scroll + self.rows) * 100 / total).min(100) as u16
    }

    /// Brings the line holding byte `offset` into view, a few lines below the top so the context
    /// above it shows too.
    pub fn reveal_offset(&mut self, offset: u32) {
        if let Some(line) = self.wrapped.line_of_offset(offset) {
            let visible = self.scroll..self.scroll + self.rows.max(1);
            if !visible.contains(&line) {
                self.scroll_to(line.saturating_sub(self.rows / 3));
            }
        }
    }

    /// The next (or previous) spot after the current one, wrapping around.
    pub fn step_spot(&mut self, spots: &[(u32, u32)], forward: bool) -> Option<usize> {
        if spots.is_empty() {
            return None;
        }
        let here = self.current_spot.map(|(s, _)| s);
        let i = match (here, forward) {
            (None, true) => {
                // First spot at or below the top of the screen.
                let top = self.top_offset();
                spots.iter().position(|&(s, _)| s >= top).unwrap_or(0)
            }
            (None, false) => spots.len() - 1,
            (Some(h), true) => spots.iter().position(|&(s, _)| s > h).unwrap_or(0),
            (Some(h), false) => spots
                .iter()
                .rposition(|&(s, _)| s < h)
                .unwrap_or(spots.len() - 1),
        };
        self.current_spot = Some(spots[i]);
        self.reveal_offset(spots[i].0);
        Some(i)
    }

    /// The first text byte on screen (0 while the title is showing).
    fn top_offset(&self) -> u32 {
        self.wrapped.lines[self.scroll.min(self.wrapped.len())..]
            .iter()
            .find_map(|l| match l.text {
                super::wrapped::LineText::Text(s, _) => Some(s),
                _ => None,
            })
            .unwrap_or(0)
    }
}
