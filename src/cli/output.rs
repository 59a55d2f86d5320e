//! Everything the CLI prints goes through here, so that no byte of article text reaches the
//! terminal unsanitised and a closed pipe (`dateline list | head`) ends the program quietly.

use crate::sanitize::{sanitize, sanitize_line};
use serde::Serialize;
use std::io::{self, BufWriter, IsTerminal, Write};

pub struct Out {
    inner: BufWriter<io::StdoutLock<'static>>,
}

impl Default for Out {
    fn default() -> Self {
        Self::new()
    }
}

impl Out {
    pub fn new() -> Self {
        Self {
            inner: BufWriter::new(io::stdout().lock()),
        }
    }

    /// Writes text that may span several lines (newlines kept, everything else sanitised).
    pub fn text(&mut self, s: &str) -> io::Result<()> {
        self.inner.write_all(sanitize(s).as_bytes())?;
        self.inner.write_all(b"\n")
    }

    /// Writes one line; embedded newlines become spaces.
    pub fn line(&mut self, s: &str) -> io::Result<()> {
        self.inner.write_all(sanitize_line(s).as_bytes())?;
        self.inner.write_all(b"\n")
    }

    /// Writes one JSON value on one line. serde_json escapes C0 controls; the line gate also
    /// removes C1 controls and bidi/zero-width characters that JSON would carry raw.
    pub fn json<T: Serialize>(&mut self, value: &T) -> io::Result<()> {
        let s = serde_json::to_string(value).map_err(io::Error::other)?;
        self.line(&s)
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The width to wrap text to: `--width`, else the terminal's, else 80.
pub fn output_width(requested: Option<usize>) -> usize {
    if let Some(w) = requested {
        return w.max(10);
    }
    if io::stdout().is_terminal()
        && let Ok((cols, _)) = crossterm::terminal::size()
    {
        return usize::from(cols).clamp(20, 200);
    }
    80
}

/// Prints one error line on stderr: `dateline: <message>`.
pub fn error_line(message: &str) {
    let _ = writeln!(io::stderr(), "dateline: {}", sanitize_line(message));
}
