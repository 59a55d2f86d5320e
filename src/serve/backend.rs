//! A ratatui backend for a terminal that is not ours: it draws with crossterm's escape sequences
//! into a buffer and reports the size the SSH client told us, instead of asking the server's own
//! terminal (which `CrosstermBackend` does, and which may not even exist for a daemon).

use super::program::FrameSink;
use crate::driver::event_loop::FrameOutput;
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
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

/// The client's terminal size, set by the session when the client reports a change and read by
/// the backend when ratatui asks.
#[derive(Clone)]
pub struct SharedSize(Arc<Mutex<Size>>);

impl SharedSize {
    pub fn new(cols: u16, rows: u16) -> Self {
        Self(Arc::new(Mutex::new(Size::new(cols, rows))))
    }

    pub fn set(&self, cols: u16, rows: u16) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Size::new(cols, rows);
    }

    pub fn get(&self) -> Size {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Draws for one session: frames collect in a buffer and go to the client's [`FrameSink`] when
/// the event loop flushes. A frame that would pile onto a congested client is dropped and
/// `repaint` set, so the next frame after the backlog drains is drawn in full.
pub struct RemoteBackend {
    inner: CrosstermBackend<Output>,
    output: Output,
    size: SharedSize,
    sink: FrameSink,
    repaint: Arc<AtomicBool>,
}

impl RemoteBackend {
    pub fn new(size: SharedSize, sink: FrameSink, repaint: Arc<AtomicBool>) -> Self {
        let output = Output::default();
        Self {
            inner: CrosstermBackend::new(output.clone()),
            output,
            size,
            sink,
            repaint,
        }
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

impl FrameOutput for RemoteBackend {
    fn write_raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        RemoteBackend::write_raw(self, bytes);
        Ok(())
    }

    fn flush_raw(&mut self) -> io::Result<()> {
        let frame = self.take_output();
        if self.sink.congested() {
            self.repaint.store(true, Ordering::Release);
            return Ok(());
        }
        self.sink
            .send(frame)
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "client gone"))
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
        Ok(self.size.get())
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size.get(),
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
        let size = SharedSize::new(20, 3);
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
        let sink = FrameSink::new(tx, Default::default(), 1 << 20);
        let mut t =
            Terminal::new(RemoteBackend::new(size.clone(), sink, Default::default())).unwrap();
        t.draw(|f| {
            assert_eq!(f.area().width, 20);
            f.render_widget(Paragraph::new("hello"), f.area());
        })
        .unwrap();
        let out = t.backend_mut().take_output();
        assert!(String::from_utf8_lossy(&out).contains("hello"));
        size.set(40, 10);
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

#[cfg(test)]
mod congestion_tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn a_congested_client_gets_no_diffs_and_a_repaint_request() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let backlog = Arc::new(AtomicUsize::new(0));
        let sink = FrameSink::new(tx, Arc::clone(&backlog), 100);
        let repaint = Arc::new(AtomicBool::new(false));
        let mut b = RemoteBackend::new(SharedSize::new(10, 2), sink, Arc::clone(&repaint));
        b.write_raw(&[b'x'; 150]);
        b.flush_raw().unwrap();
        assert_eq!(
            rx.try_recv().unwrap().len(),
            150,
            "the first frame goes out"
        );
        // Nothing was acknowledged: 150 bytes wait, over the cap of 100.
        b.write_raw(b"diff");
        b.flush_raw().unwrap();
        assert!(
            rx.try_recv().is_err(),
            "a frame onto a congested client is dropped"
        );
        assert!(repaint.load(Ordering::Acquire));
        backlog.store(0, Ordering::Release);
        b.write_raw(b"full");
        b.flush_raw().unwrap();
        assert_eq!(rx.try_recv().unwrap(), b"full");
    }
}
