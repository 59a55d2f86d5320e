//! Browser-like history: every jump records where the reader was, so back and forward restore the
//! article, its scroll and the focused pane.

use super::Focus;

/// A place in the reader worth returning to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Location {
    /// Corpus index of the open article.
    pub article: usize,
    pub scroll: usize,
    pub focus: Focus,
    /// The entity the list was filtered by.
    pub filter: Option<crate::analysis::EntityId>,
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

    /// Renumbers the recorded articles after the collection changed; places whose article is
    /// gone are forgotten.
    pub fn remap(&mut self, new_index: impl Fn(usize) -> Option<usize>) {
        for trail in [&mut self.back, &mut self.forward] {
            trail.retain_mut(|l| match new_index(l.article) {
                Some(a) => {
                    l.article = a;
                    true
                }
                None => false,
            });
        }
    }

    pub fn can_go_back(&self) -> bool {
        !self.back.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(article: usize) -> Location {
        Location {
            article,
            scroll: article * 10,
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

    #[test]
    fn remapping_renumbers_and_forgets_the_missing() {
        let mut h = History::default();
        h.record(at(1));
        h.record(at(2));
        h.record(at(3));
        h.remap(|a| (a != 2).then_some(a + 10));
        assert_eq!(h.back(at(0)).map(|l| l.article), Some(13));
        assert_eq!(h.back(at(0)).map(|l| l.article), Some(11));
        assert_eq!(h.back(at(0)), None);
    }
}
