//! A ratatui backend for a terminal that is not ours: it draws with crossterm's escape sequences
//! into a buffer and reports the size the SSH client told us, instead of asking the server's own
//! terminal (which `CrosstermBackend` does, and which may not even exist for a daemon).

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use std::io;
use std::sync::{Arc, Mutex};

/// The bytes drawn so far; shared between the crossterm backend that writes them and the session
/// that takes them (the backend's own writer accessor is not stable API).
#[derive(Clone, Default)]
struct Output(Arc<Mutex<Vec<u8>>>);

impl Output {
    fn with<R>(&self, f: impl FnOnce(&mut Vec<u8>) -> R) -> R {
        f(&mut self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

impl io::Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.with(|v| v.extend_from_slice(buf));
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

pub struct RemoteBackend {
    inner: CrosstermBackend<Output>,
    output: Output,
    size: Size,
}

impl RemoteBackend {
    pub fn new(cols: u16, rows: u16) -> Self {
        let output = Output::default();
        Self {
            inner: CrosstermBackend::new(output.clone()),
            output,
            size: Size::new(cols, rows),
        }
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.size = Size::new(cols, rows);
    }

    /// The bytes drawn since the last call, for sending to the client.
    pub fn take_output(&mut self) -> Vec<u8> {
        self.output.with(std::mem::take)
    }

    /// Writes raw bytes (mode changes, synchronized-update markers) into the output.
    pub fn write_raw(&mut self, bytes: &[u8]) {
        self.output.with(|v| v.extend_from_slice(bytes));
    }
}

impl io::Write for RemoteBackend {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_raw(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Backend for RemoteBackend {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    /// The client's cursor cannot be queried without a round trip; ratatui only asks for it in
    /// inline viewports, which a remote session does not use.
    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(Position::ORIGIN)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        Ok(self.size)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size,
            // Pixel sizes are not needed by any widget dateline draws.
            pixels: Size::new(0, 0),
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        // Nothing to flush: the session sends `take_output` when a frame is complete.
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::widgets::Paragraph;

    #[test]
    fn draws_into_a_buffer_at_the_reported_size() {
        let mut t = Terminal::new(RemoteBackend::new(20, 3)).unwrap();
        t.draw(|f| {
            assert_eq!(f.area().width, 20);
            f.render_widget(Paragraph::new("hello"), f.area());
        })
        .unwrap();
        let out = t.backend_mut().take_output();
        assert!(String::from_utf8_lossy(&out).contains("hello"));
        t.backend_mut().resize(40, 10);
        t.autoresize().unwrap();
        t.draw(|f| assert_eq!(f.area().width, 40)).unwrap();
        // Only what changed is sent again: an identical second frame costs almost nothing.
        t.backend_mut().take_output();
        t.draw(|f| f.render_widget(Paragraph::new("hello"), f.area()))
            .unwrap();
        let first = t.backend_mut().take_output().len();
        t.draw(|f| f.render_widget(Paragraph::new("hello"), f.area()))
            .unwrap();
        assert!(t.backend_mut().take_output().len() < first);
    }
}
