//! A backend for tests and benchmarks: the event loop draws into a ratatui `TestBackend`, and the
//! text of every frame it finishes is kept, in order.

use super::event_loop::{FrameOutput, SYNC_END};
use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Size};
use std::io;

pub struct RecordingBackend {
    inner: TestBackend,
    /// The text of each finished frame (see [`screen_text`]).
    pub frames: Vec<String>,
}

impl RecordingBackend {
    pub fn new(width: u16, height: u16) -> RecordingBackend {
        RecordingBackend {
            inner: TestBackend::new(width, height),
            frames: Vec::new(),
        }
    }

    pub fn buffer(&self) -> &Buffer {
        self.inner.buffer()
    }
}

/// The screen as text, one line per row, trailing spaces kept so widths show.
pub fn screen_text(buffer: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut skip = 0;
        for x in 0..buffer.area.width {
            // A wide character's second cell is blank in the buffer; skip it.
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buffer[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
            out.push_str(sym);
        }
        out.push('\n');
    }
    out
}

impl Backend for RecordingBackend {
    type Error = <TestBackend as Backend>::Error;
    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }
    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)
    }
    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }
    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}

/// A frame ends with the synchronized-update bracket: that is when its text is kept.
impl FrameOutput for RecordingBackend {
    fn write_raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        if bytes == SYNC_END {
            self.frames.push(screen_text(self.inner.buffer()));
        }
        Ok(())
    }
    fn flush_raw(&mut self) -> io::Result<()> {
        Ok(())
    }
}
