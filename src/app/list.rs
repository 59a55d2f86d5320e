//! The article list: the sort order, the rows a filter leaves visible, the cursor and the scroll
//! offset. Rows are indices into the corpus, so a frame reads only the rows on screen.

/// Newest first (the default) or oldest first.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SortOrder {
    NewestFirst,
    OldestFirst,
}

#[derive(Clone, Debug)]
pub struct ArticleList {
    /// Every article, in the current order.
    order: Vec<u32>,
    /// The rows shown: `order` narrowed by the active filters.
    visible: Vec<u32>,
    pub sort: SortOrder,
    /// Index into `visible`.
    cursor: usize,
    /// First visible row on screen.
    offset: usize,
}

impl ArticleList {
    /// `newest_first` is the corpus's own order.
    pub fn new(newest_first: Vec<u32>) -> ArticleList {
        ArticleList {
            visible: newest_first.clone(),
            order: newest_first,
            sort: SortOrder::NewestFirst,
            cursor: 0,
            offset: 0,
        }
    }

    pub fn visible(&self) -> &[u32] {
        &self.visible
    }

    /// Every article, in the current order.
    pub fn order(&self) -> &[u32] {
        &self.order
    }

    /// Starts the rows afresh (a search that fills them in as it reads), cursor at the top.
    pub fn set_visible(&mut self, rows: Vec<u32>) {
        self.visible = rows;
        self.cursor = 0;
        self.offset = 0;
    }

    /// Appends rows a search in progress found (they come in list order).
    pub fn extend_visible(&mut self, rows: &[u32]) {
        self.visible.extend_from_slice(rows);
    }

    pub fn total(&self) -> usize {
        self.order.len()
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The article under the cursor.
    pub fn selected(&self) -> Option<usize> {
        self.visible.get(self.cursor).map(|&i| i as usize)
    }

    /// Moves the cursor by `delta` rows (clamped) and keeps it on screen in `rows` rows.
    pub fn move_by(&mut self, delta: isize, rows: usize) {
        let last = self.visible.len().saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
        self.scroll_into_view(rows);
    }

    pub fn move_to(&mut self, row: usize, rows: usize) {
        self.cursor = row.min(self.visible.len().saturating_sub(1));
        self.scroll_into_view(rows);
    }

    /// Puts the cursor on `article` if it is visible.
    pub fn select_article(&mut self, article: usize, rows: usize) -> bool {
        match self.visible.iter().position(|&i| i as usize == article) {
            Some(row) => {
                self.move_to(row, rows);
                true
            }
            None => false,
        }
    }

    pub fn scroll_into_view(&mut self, rows: usize) {
        let rows = rows.max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + rows {
            self.offset = self.cursor + 1 - rows;
        }
        // No empty space below the last row when the list could fill the pane.
        let max_offset = self.visible.len().saturating_sub(rows);
        self.offset = self.offset.min(max_offset);
    }

    /// Reverses the order, keeping the cursor on the same article.
    pub fn toggle_sort(&mut self, rows: usize) {
        let selected = self.selected();
        self.order.reverse();
        self.visible.reverse();
        self.sort = match self.sort {
            SortOrder::NewestFirst => SortOrder::OldestFirst,
            SortOrder::OldestFirst => SortOrder::NewestFirst,
        };
        if let Some(a) = selected {
            self.select_article(a, rows);
        }
    }

    /// Shows only the articles `keep` accepts, in the current order; the cursor stays on its
    /// article when it survives, else goes to the top.
    pub fn filter(&mut self, keep: impl Fn(u32) -> bool, rows: usize) {
        let selected = self.selected();
        self.visible = self.order.iter().copied().filter(|&i| keep(i)).collect();
        self.cursor = 0;
        self.offset = 0;
        if let Some(a) = selected {
            self.select_article(a, rows);
        }
    }

    /// Narrows the current rows further (a search query that grew by a letter cannot match an
    /// article the shorter one did not, so only the survivors are searched).
    pub fn narrow(&mut self, keep: impl Fn(u32) -> bool, rows: usize) {
        let selected = self.selected();
        self.visible.retain(|&i| keep(i));
        self.cursor = 0;
        self.offset = 0;
        if let Some(a) = selected {
            self.select_article(a, rows);
        }
    }

    /// Takes a new order of every article, newest first (the collection grew or changed), in the
    /// current sort; shows the rows `keep` accepts. The cursor goes to `selected` when it is shown,
    /// on the same screen row as before where the list allows, else to the top.
    pub fn replace(
        &mut self,
        newest_first: Vec<u32>,
        keep: impl Fn(u32) -> bool,
        selected: Option<usize>,
        rows: usize,
    ) {
        let screen_row = self.cursor.saturating_sub(self.offset);
        self.order = newest_first;
        if self.sort == SortOrder::OldestFirst {
            self.order.reverse();
        }
        self.visible = self.order.iter().copied().filter(|&i| keep(i)).collect();
        self.cursor = 0;
        self.offset = 0;
        if let Some(a) = selected
            && let Some(row) = self.visible.iter().position(|&i| i as usize == a)
        {
            self.cursor = row;
            self.offset = row.saturating_sub(screen_row);
        }
        self.scroll_into_view(rows);
    }

    pub fn show_all(&mut self, rows: usize) {
        self.filter(|_| true, rows);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_stays_on_screen_and_in_range() {
        let mut l = ArticleList::new((0..100).collect());
        l.move_by(15, 10);
        assert_eq!((l.cursor(), l.offset()), (15, 6));
        l.move_by(-100, 10);
        assert_eq!((l.cursor(), l.offset()), (0, 0));
        l.move_by(1000, 10);
        assert_eq!((l.cursor(), l.offset()), (99, 90));
    }

    #[test]
    fn filtering_keeps_the_selected_article() {
        let mut l = ArticleList::new((0..10).collect());
        l.move_to(4, 5);
        l.filter(|i| i % 2 == 0, 5);
        assert_eq!(l.visible(), &[0, 2, 4, 6, 8]);
        assert_eq!(l.selected(), Some(4));
        l.filter(|i| i % 2 == 1, 5);
        assert_eq!(l.selected(), Some(1), "gone: the cursor goes to the top");
        l.show_all(5);
        assert_eq!(l.selected(), Some(1));
    }

    #[test]
    fn sort_toggle_keeps_the_selection() {
        let mut l = ArticleList::new((0..10).collect());
        l.move_to(2, 5);
        l.toggle_sort(5);
        assert_eq!(l.visible()[0], 9);
        assert_eq!(l.selected(), Some(2));
        assert_eq!(l.sort, SortOrder::OldestFirst);
    }

    #[test]
    fn replacing_keeps_the_article_on_its_screen_row() {
        let mut l = ArticleList::new((0..10).collect());
        l.move_to(6, 4);
        assert_eq!((l.cursor(), l.offset()), (6, 3));
        // Five newer articles arrive above.
        l.replace((10..15).chain(0..10).collect(), |_| true, Some(6), 4);
        assert_eq!(l.selected(), Some(6));
        assert_eq!((l.cursor(), l.offset()), (11, 8));
        l.replace(vec![1, 2], |_| true, Some(6), 4);
        assert_eq!((l.selected(), l.offset()), (Some(1), 0), "gone: the top");
    }

    #[test]
    fn an_empty_list_has_no_selection() {
        let mut l = ArticleList::new(vec![]);
        l.move_by(3, 5);
        assert_eq!(l.selected(), None);
    }
}
