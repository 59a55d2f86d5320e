//! The cache file's layout: a header that names the format and the analyser, checksummed frames
//! of postcard data, and at the end an index of those frames. Nothing is trusted before its
//! checksum is: a torn, truncated or tampered file is refused as a whole, and the caller rebuilds.
//!
//! ```text
//! header  "dateline-cache\n\0" · format u32 · analyser u64          (28 bytes, little endian)
//! frames  each chunk's article texts (raw, one hash each) and outcomes, then the analysis
//! index   a frame: every file's key, the chunks' frames, the analysis frame
//! footer  index frame (at u64 · len u64 · xxh3 u64) · "dlindex\n"      (32 bytes)
//! ```

use crate::lazy::Unreadable;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use xxhash_rust::xxh3::{Xxh3Default, xxh3_64};

const MAGIC: &[u8; 16] = b"dateline-cache\n\0";
const FOOTER_MAGIC: &[u8; 8] = b"dlindex\n";
const HEADER_LEN: u64 = 16 + 4 + 8;
const FOOTER_LEN: u64 = 8 * 3 + 8;

/// Where a frame is and what its bytes hash to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameRef {
    pub at: u64,
    pub len: u64,
    pub hash: u64,
}

/// An open cache file, read by any thread at any offset. Clones share the open file, which
/// stays readable after a newer cache takes its name (writers never change a file in place).
#[derive(Clone, Debug)]
pub struct FrameReader {
    file: Arc<File>,
    size: u64,
}

/// Why a cache file, or a part of one, cannot be used. Nothing in a cache is trusted before it
/// is checked; each check that fails says which.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("too short")]
    TooShort,
    #[error("not a dateline cache")]
    NotACache,
    #[error("cache format {found}, this version reads {reads}")]
    OtherFormat { found: u32, reads: u32 },
    #[error("written by another version of the analyser")]
    OtherAnalyser,
    #[error("incomplete (no index at its end)")]
    Incomplete,
    #[error("frame out of range")]
    OutOfRange,
    #[error("frame cut short")]
    CutShort,
    #[error("checksum mismatch")]
    Checksum,
    #[error("undecodable: {0}")]
    Undecodable(#[from] postcard::Error),
    /// The parts are intact but do not fit together (an index that does not add up, a part
    /// that is missing, entities that do not fit their text).
    #[error("{0}")]
    Inconsistent(&'static str),
}

/// A value read back from a cache that was opened whole: whatever fails now, the file changed.
impl From<CacheError> for Unreadable {
    fn from(e: CacheError) -> Unreadable {
        match e {
            CacheError::Io(e) => Unreadable::Io(e.kind()),
            CacheError::TooShort | CacheError::CutShort | CacheError::Incomplete => {
                Unreadable::CutShort
            }
            CacheError::OutOfRange => Unreadable::CutShort,
            CacheError::Checksum => Unreadable::Checksum,
            CacheError::NotACache
            | CacheError::OtherFormat { .. }
            | CacheError::OtherAnalyser
            | CacheError::Undecodable(_) => Unreadable::Undecodable,
            CacheError::Inconsistent(why) => Unreadable::Inconsistent(why),
        }
    }
}

impl FrameReader {
    /// Opens `path` if its header names this `format` and `analyser`; otherwise says why not.
    /// Returns the reader and the index frame's position.
    pub fn open(
        path: &Path,
        format: u32,
        analyser: u64,
    ) -> Result<(FrameReader, FrameRef), CacheError> {
        let file = File::open(path)?;
        let size = file.metadata()?.len();
        if size < HEADER_LEN + FOOTER_LEN {
            return Err(CacheError::TooShort);
        }
        let reader = FrameReader {
            file: Arc::new(file),
            size,
        };
        let header = reader.read_at(0, HEADER_LEN)?;
        if &header[..16] != MAGIC {
            return Err(CacheError::NotACache);
        }
        let version = u32::from_le_bytes(header[16..20].try_into().unwrap_or_default());
        let written_by = u64::from_le_bytes(header[20..28].try_into().unwrap_or_default());
        if version != format {
            return Err(CacheError::OtherFormat {
                found: version,
                reads: format,
            });
        }
        if written_by != analyser {
            return Err(CacheError::OtherAnalyser);
        }
        let footer = reader.read_at(size - FOOTER_LEN, FOOTER_LEN)?;
        if &footer[24..] != FOOTER_MAGIC {
            return Err(CacheError::Incomplete);
        }
        let word =
            |i: usize| u64::from_le_bytes(footer[i * 8..i * 8 + 8].try_into().unwrap_or_default());
        let index = FrameRef {
            at: word(0),
            len: word(1),
            hash: word(2),
        };
        Ok((reader, index))
    }

    /// A frame decoded, once its bytes match their checksum.
    pub fn frame<T: DeserializeOwned>(&self, frame: FrameRef) -> Result<T, CacheError> {
        Ok(postcard::from_bytes(&self.blob(frame)?)?)
    }

    /// The raw bytes [`FrameWriter::blob`] wrote, once they match their checksum.
    pub fn blob(&self, frame: FrameRef) -> Result<Vec<u8>, CacheError> {
        let bytes = self.read_at(frame.at, frame.len)?;
        if xxh3_64(&bytes) != frame.hash {
            return Err(CacheError::Checksum);
        }
        Ok(bytes)
    }

    fn read_at(&self, at: u64, len: u64) -> Result<Vec<u8>, CacheError> {
        let end = at.checked_add(len).ok_or(CacheError::OutOfRange)?;
        if end > self.size {
            return Err(CacheError::OutOfRange);
        }
        // Read into spare capacity: zeroing a large frame first would be wasted work.
        let mut buf = Vec::with_capacity(len as usize);
        let mut part = FilePart {
            file: &self.file,
            at,
            end,
        };
        io::Read::read_to_end(&mut part, &mut buf)?;
        if buf.len() as u64 != len {
            return Err(CacheError::CutShort);
        }
        Ok(buf)
    }
}

/// A byte range of a file, read by position (so any thread can read its own part at once).
struct FilePart<'a> {
    file: &'a File,
    at: u64,
    end: u64,
}

impl io::Read for FilePart<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let want = buf.len().min((self.end - self.at) as usize);
        if want == 0 {
            return Ok(0);
        }
        let n = read_at(self.file, &mut buf[..want], self.at)?;
        self.at += n as u64;
        Ok(n)
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, at)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, at)
}

/// A cache file being written: frames go out as they are made, so a large collection's cache
/// never sits in memory whole. It appears under its name only when complete ([`Self::finish`]);
/// until then it is a temporary file beside it, removed if the writer is dropped.
pub struct FrameWriter {
    out: Option<BufWriter<File>>,
    /// The file again, for reading: one handle that every [`Self::reader`] shares (a reader per
    /// round of a large collection's files would otherwise hold a descriptor each).
    read: Option<Arc<File>>,
    pos: u64,
    temp: PathBuf,
    target: PathBuf,
    /// Set once the file has its name: until then, however writing ends, the temporary file is
    /// removed when the writer is dropped.
    placed: bool,
}

impl FrameWriter {
    pub fn create(target: &Path, format: u32, analyser: u64) -> io::Result<FrameWriter> {
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)?;
        }
        clear_place(target)?;
        let name = target
            .file_name()
            .map_or_else(Default::default, |n| n.to_string_lossy());
        remove_abandoned(target, &name);
        // The process id keeps two readers of one collection from writing the same temp file.
        let temp = target.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        // Readable too: the texts written so far are read back through it (`reader`).
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&temp)?;
        // The writer owns the temporary file from here: a header that fails to go out removes it.
        let mut writer = FrameWriter {
            out: Some(BufWriter::with_capacity(1 << 20, file)),
            read: None,
            pos: HEADER_LEN,
            temp,
            target: target.to_path_buf(),
            placed: false,
        };
        let out = writer
            .out
            .as_mut()
            .ok_or_else(|| io::Error::other("finished"))?;
        out.write_all(MAGIC)?;
        out.write_all(&format.to_le_bytes())?;
        out.write_all(&analyser.to_le_bytes())?;
        Ok(writer)
    }

    /// Writes one frame and says where it went. The value is encoded straight into the file's
    /// buffer and hashed on the way: a large collection's analysis is too large to be held
    /// twice.
    pub fn frame<T: Serialize + ?Sized>(&mut self, value: &T) -> io::Result<FrameRef> {
        let out = self
            .out
            .as_mut()
            .ok_or_else(|| io::Error::other("finished"))?;
        let mut hashing = HashingWriter {
            inner: out,
            hasher: Xxh3Default::new(),
            len: 0,
        };
        postcard::to_io(value, &mut hashing).map_err(io::Error::other)?;
        let frame = FrameRef {
            at: self.pos,
            len: hashing.len,
            hash: hashing.hasher.digest(),
        };
        self.pos += frame.len;
        Ok(frame)
    }

    /// Writes `bytes` as they are (no encoding: an article's text, read back on its own) and
    /// says where they went.
    pub fn blob(&mut self, bytes: &[u8]) -> io::Result<FrameRef> {
        let out = self
            .out
            .as_mut()
            .ok_or_else(|| io::Error::other("finished"))?;
        out.write_all(bytes)?;
        let frame = FrameRef {
            at: self.pos,
            len: bytes.len() as u64,
            hash: xxh3_64(bytes),
        };
        self.pos += frame.len;
        Ok(frame)
    }

    /// A reader of what is written so far: blobs written before this call can be read through
    /// it, now and after the file is finished, renamed or abandoned (it holds the file open).
    pub fn reader(&mut self) -> io::Result<FrameReader> {
        let out = self
            .out
            .as_mut()
            .ok_or_else(|| io::Error::other("finished"))?;
        out.flush()?;
        let file = match &self.read {
            Some(file) => Arc::clone(file),
            None => Arc::clone(self.read.insert(Arc::new(out.get_ref().try_clone()?))),
        };
        Ok(FrameReader {
            file,
            size: self.pos,
        })
    }

    /// Writes the index and the footer, then puts the file in place of any older one.
    pub fn finish<T: Serialize>(mut self, index: &T) -> io::Result<()> {
        let at = self.frame(index)?;
        let mut out = self
            .out
            .take()
            .ok_or_else(|| io::Error::other("finished"))?;
        for word in [at.at, at.len, at.hash] {
            out.write_all(&word.to_le_bytes())?;
        }
        out.write_all(FOOTER_MAGIC)?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_data()?;
        drop(file);
        std::fs::rename(&self.temp, &self.target)?;
        self.placed = true;
        Ok(())
    }
}

/// Makes way for a cache file at `target`: an empty folder there (nothing of anyone's) is
/// removed; one with files in it is left alone, and the cache is not written, before anything
/// is (the rename that puts a finished cache in place would fail on it, every time).
fn clear_place(target: &Path) -> io::Result<()> {
    let is_folder = std::fs::symlink_metadata(target).is_ok_and(|m| m.is_dir());
    if !is_folder {
        return Ok(());
    }
    std::fs::remove_dir(target).map_err(|e| {
        let why = if e.kind() == io::ErrorKind::DirectoryNotEmpty {
            "is a folder with files in it (remove it, or use --no-cache)".to_string()
        } else {
            format!("is a folder that cannot be removed ({e})")
        };
        io::Error::new(e.kind(), format!("{} {why}", target.display()))
    })
}

/// Removes the temporary files of writers that died before finishing (killed, or the machine
/// went down): each is as large as a cache. A writer still at work is left alone — its process
/// is alive (where the system tells), or its file changed within the last day.
fn remove_abandoned(target: &Path, name: &str) {
    let Some(dir) = target.parent() else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.filter_map(Result::ok) {
        let file = entry.file_name();
        let file = file.to_string_lossy();
        let Some(pid) = file
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == std::process::id() {
            continue;
        }
        let proc_root = Path::new("/proc");
        let abandoned = if proc_root.is_dir() {
            !proc_root.join(pid.to_string()).exists()
        } else {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > std::time::Duration::from_secs(24 * 3600))
        };
        if abandoned {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Passes bytes on, hashing and counting them.
struct HashingWriter<'a, W: Write> {
    inner: &'a mut W,
    hasher: Xxh3Default,
    len: u64,
}

impl<W: Write> Write for HashingWriter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl Drop for FrameWriter {
    fn drop(&mut self) {
        // Closed first (on systems that refuse to remove an open file).
        drop(self.out.take());
        if !self.placed {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_share_one_handle_and_see_what_was_written_before_them() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = FrameWriter::create(&dir.path().join("c"), 1, 2).unwrap();
        let first = writer.blob(b"first").unwrap();
        let early = writer.reader().unwrap();
        let second = writer.blob(b"second").unwrap();
        let late = writer.reader().unwrap();
        assert!(Arc::ptr_eq(&early.file, &late.file));
        assert_eq!(early.blob(first).unwrap(), b"first");
        assert!(
            early.blob(second).is_err(),
            "written after the reader was made"
        );
        assert_eq!(late.blob(first).unwrap(), b"first");
        assert_eq!(late.blob(second).unwrap(), b"second");
        // Still readable once the writer is gone (its temporary file removed).
        drop(writer);
        assert_eq!(late.blob(second).unwrap(), b"second");
    }

    /// The temporary files in `dir`.
    fn temps(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn a_writer_that_cannot_put_its_file_in_place_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("c");
        let mut writer = FrameWriter::create(&target, 1, 2).unwrap();
        writer.blob(&[7; 4096]).unwrap();
        // A folder with a file in it took the name meanwhile: the rename fails.
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("keep"), "").unwrap();
        assert!(writer.finish(&0u8).is_err());
        assert_eq!(temps(dir.path()), Vec::<String>::new());
        assert!(target.join("keep").exists());

        // Nor is one begun in its place (nothing written to fail later).
        let e = FrameWriter::create(&target, 1, 2).err().unwrap();
        assert_eq!(
            e.to_string(),
            format!(
                "{} is a folder with files in it (remove it, or use --no-cache)",
                target.display()
            )
        );
        assert_eq!(temps(dir.path()), Vec::<String>::new());

        // An empty one is nobody's: it makes way.
        std::fs::remove_file(target.join("keep")).unwrap();
        let writer = FrameWriter::create(&target, 1, 2).unwrap();
        writer.finish(&0u8).unwrap();
        assert!(target.is_file());
        assert_eq!(temps(dir.path()), Vec::<String>::new());
    }
}
