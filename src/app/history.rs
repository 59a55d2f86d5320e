//! Browser-like history: every jump records where the reader was, so back and forward restore the
//! article, its scroll and the focused pane.
//!
//! A place names its article and entity by their stable keys, not by their indexes in one
//! snapshot: the collection and its analysis may be replaced between a jump and the step back.

use super::Focus;
use crate::corpus::ArticleId;

/// A place in the reader worth returning to.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Location {
    /// The open article (none in an empty collection).
    pub article: Option<ArticleId>,
    pub scroll: usize,
    pub focus: Focus,
    /// The key of the entity the list was filtered by.
    pub filter: Option<String>,
    /// The sidebar's cursor row (its rows are rebuilt the same for the same article).
    pub sidebar_cursor: Option<usize>,
}

#[derive(Clone, Debug, Default)]
pub struct History {
    back: Vec<Location>,
    forward: Vec<Location>,
}

/// Enough to go back a long way without growing for ever in a long session.
const LIMIT: usize = 500;

impl History {
    /// Records `from` before a jump; a new jump forgets the forward trail, as in a browser.
    pub fn record(&mut self, from: Location) {
        if self.back.last() == Some(&from) {
            return;
        }
        if self.back.len() == LIMIT {
            self.back.remove(0);
        }
        self.back.push(from);
        self.forward.clear();
    }

    /// Steps back from `current`, which becomes the first step forward.
    pub fn back(&mut self, current: Location) -> Option<Location> {
        let to = self.back.pop()?;
        self.forward.push(current);
        Some(to)
    }

    pub fn forward(&mut self, current: Location) -> Option<Location> {
        let to = self.forward.pop()?;
        self.back.push(current);
        Some(to)
    }

    pub fn can_go_back(&self) -> bool {
        !self.back.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(article: u64) -> Location {
        Location {
            article: Some(ArticleId(article)),
            scroll: article as usize * 10,
            focus: Focus::ARTICLE,
            filter: None,
            sidebar_cursor: None,
        }
    }

    #[test]
    fn back_and_forward_like_a_browser() {
        let mut h = History::default();
        h.record(at(1));
        h.record(at(2));
        assert_eq!(h.back(at(3)), Some(at(2)));
        assert_eq!(h.back(at(2)), Some(at(1)));
        assert_eq!(h.back(at(1)), None);
        assert_eq!(h.forward(at(1)), Some(at(2)));
        h.record(at(2));
        assert_eq!(h.forward(at(9)), None, "a new jump drops the forward trail");
    }
}
