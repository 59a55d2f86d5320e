//! The analysis cache: what loading and analysing each file produced, kept in
//! `$XDG_CACHE_HOME/dateline/` so that opening an unchanged collection again skips parsing and
//! recognition, and opening a changed one redoes only the changed files.
//!
//! One file per collection ([`cache_path`]). Each file's entry is keyed by its path, size and
//! modification time (a fast check that needs no read) and by the hash of its bytes (so a touched
//! or renamed file whose content is unchanged is still reused). Entries are stored in chunks of
//! consecutive files; the collection's analysis is stored too, under a digest of every file it
//! was built from. The header names the format and the analyser's build ([`analyser_version`]):
//! a cache written by anything else is ignored and rebuilt, as is one that fails any checksum.

mod file;
pub mod records;

pub use file::{CacheError, FrameRef};
pub use records::{
    ArticleRecord, ArticleRecordRef, FileOutcome, FileOutcomeRef, StoredArticle, StoredArticleRef,
    StoredEntities, StoredEntitiesRef, StoredPlace, cache_place, stored_place,
};

use crate::analysis::{PartSink, PartSource};
use crate::corpus::{CachePlace, TextSource};
use crate::entity::DocEntities;
use crate::entity::EntitySource;
use crate::hashing::FastMap;
use crate::lazy::Unreadable;
use file::{FrameReader, FrameWriter};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use xxhash_rust::xxh3::xxh3_64;

/// The layout of the cache file; bump on any change to the frames or records.
pub const FORMAT_VERSION: u32 = 2;

/// Identifies the code that produced a cache's contents: the crate's version and a fingerprint
/// of the loading and analysis sources and assets taken at build time, so any change to how
/// articles are parsed or analysed invalidates every cache.
pub fn analyser_version() -> u64 {
    xxh3_64(
        concat!(
            env!("CARGO_PKG_VERSION"),
            "/",
            env!("DATELINE_ANALYSER_SOURCES")
        )
        .as_bytes(),
    )
}

/// The cache file of the collection whose key (see `state::collection_key`) is `key`.
pub fn cache_path(dir: &Path, key: &str) -> PathBuf {
    dir.join(format!("collection-{:016x}.cache", xxh3_64(key.as_bytes())))
}

/// Hash of a file's bytes, the content half of its key.
pub fn content_hash(bytes: &[u8]) -> u64 {
    xxh3_64(bytes)
}

/// A file as the cache knows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileKey {
    pub path: String,
    pub len: u64,
    /// Modification time, nanoseconds since the Unix epoch (0 when the system gives none).
    pub modified: i64,
    pub content: u64,
}

/// Where a chunk's frame is: its files' outcomes (articles and their entities). Term counts are
/// not kept: they cost little to count again, and a cache without them is much smaller.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct ChunkRef {
    files: u32,
    outcomes: FrameRef,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Index {
    files: Vec<FileKey>,
    chunks: Vec<ChunkRef>,
    /// The collection's analysis, in parts, and the digest of the files it was built from.
    analysis: Option<(u64, Vec<FrameRef>)>,
}

/// A cache file opened for reading.
#[derive(Debug)]
pub struct Cache {
    reader: FrameReader,
    index: Index,
    /// By a hash of the path (checked against the path on a hit): hashing a large collection's
    /// paths a byte at a time showed in warm starts.
    by_path: FastMap<u64, usize>,
    by_content: FastMap<u64, usize>,
    /// Per file: its chunk and its position in the chunk.
    place: Vec<(u32, u32)>,
}

/// Where a file's entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub file: usize,
    pub chunk: usize,
    pub position: usize,
}

impl Cache {
    /// Opens the cache at `path` if it was written in this format by this `analyser`, with an
    /// intact index; otherwise says why it cannot be used.
    pub fn open(path: &Path, analyser: u64) -> Result<Cache, CacheError> {
        let (reader, index_frame) = FrameReader::open(path, FORMAT_VERSION, analyser)?;
        let index: Index = reader.frame(index_frame)?;
        let mut place = Vec::with_capacity(index.files.len());
        for (c, chunk) in index.chunks.iter().enumerate() {
            place.extend((0..chunk.files).map(|p| (c as u32, p)));
        }
        if place.len() != index.files.len() {
            return Err(CacheError::Inconsistent("index does not add up"));
        }
        let by_path = index
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| (xxh3_64(f.path.as_bytes()), i))
            .collect();
        let by_content = index
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.content, i))
            .collect();
        Ok(Cache {
            reader,
            index,
            by_path,
            by_content,
            place,
        })
    }

    /// The files it holds, in the order they were written.
    pub fn files(&self) -> &[FileKey] {
        &self.index.files
    }

    pub fn chunk_count(&self) -> usize {
        self.index.chunks.len()
    }

    fn entry(&self, file: usize) -> Entry {
        let (chunk, position) = self.place[file];
        Entry {
            file,
            chunk: chunk as usize,
            position: position as usize,
        }
    }

    /// The entry of the file at `path` if its size and modification time are unchanged.
    pub fn unchanged(&self, path: &str, len: u64, modified: i64) -> Option<Entry> {
        let &i = self.by_path.get(&xxh3_64(path.as_bytes()))?;
        let f = &self.index.files[i];
        let same = f.path == path && f.len == len && f.modified == modified && modified != 0;
        same.then(|| self.entry(i))
    }

    /// Whether a file was cached under `path` (changed or not).
    pub fn knows_path(&self, path: &str) -> bool {
        self.by_path
            .get(&xxh3_64(path.as_bytes()))
            .is_some_and(|&i| self.index.files[i].path == path)
    }

    /// The entry of a file with these bytes (under any name).
    pub fn with_content(&self, content: u64) -> Option<Entry> {
        self.by_content.get(&content).map(|&i| self.entry(i))
    }

    /// The files of one chunk, as indices into [`Self::files`].
    pub fn chunk_files(&self, chunk: usize) -> std::ops::Range<usize> {
        let start: usize = self.index.chunks[..chunk.min(self.index.chunks.len())]
            .iter()
            .map(|c| c.files as usize)
            .sum();
        let len = self.index.chunks.get(chunk).map_or(0, |c| c.files as usize);
        start..start + len
    }

    /// The outcomes of one chunk's files, in order.
    pub fn outcomes(&self, chunk: usize) -> Result<Vec<FileOutcome>, CacheError> {
        let c = self
            .index
            .chunks
            .get(chunk)
            .ok_or(CacheError::Inconsistent("no such chunk"))?;
        let outcomes: Vec<FileOutcome> = self.reader.frame(c.outcomes)?;
        if outcomes.len() != c.files as usize {
            return Err(CacheError::Inconsistent("chunk does not match its index"));
        }
        Ok(outcomes)
    }

    /// Where the articles it gives read their texts from: the file as opened now, which stays
    /// readable (and unchanged) when a newer cache replaces it.
    pub fn texts(&self) -> Arc<dyn TextSource> {
        Arc::new(StoredTexts(self.reader.clone()))
    }

    /// Where the articles it gives decode their entities from (as [`Self::texts`]).
    pub fn entities(&self) -> Arc<dyn EntitySource> {
        Arc::new(Stored(self.reader.clone()))
    }

    /// The digest of the files the stored analysis was built from, if one is stored.
    pub fn stored_digest(&self) -> Option<u64> {
        self.index.analysis.as_ref().map(|(d, _)| *d)
    }

    /// The parts of the collection's analysis, if it was built from the files whose digest is
    /// `digest`.
    pub fn analysis_parts(&self, digest: u64) -> Option<StoredParts<'_>> {
        match &self.index.analysis {
            Some((d, frames)) if *d == digest => Some(StoredParts {
                reader: &self.reader,
                frames,
            }),
            _ => None,
        }
    }
}

/// A stored analysis, each part decoded (and checked) when asked for.
pub struct StoredParts<'a> {
    reader: &'a FrameReader,
    frames: &'a [FrameRef],
}

impl PartSource for StoredParts<'_> {
    type Error = CacheError;

    fn part<T: DeserializeOwned>(&self, index: usize) -> Result<T, CacheError> {
        let frame = self.frames.get(index).ok_or(CacheError::Inconsistent(
            "a part of the analysis is missing",
        ))?;
        self.reader.frame(*frame)
    }
}

/// Article texts in a cache file.
#[derive(Debug)]
struct StoredTexts(FrameReader);

/// Article entities in a cache file.
#[derive(Debug)]
struct Stored(FrameReader);

impl EntitySource for Stored {
    fn entities(&self, place: CachePlace, text_len: usize) -> Result<DocEntities, Unreadable> {
        let frame = FrameRef {
            at: place.at,
            len: place.len as u64,
            hash: place.hash,
        };
        let stored: StoredEntities = self.0.frame(frame)?;
        stored
            .into_entities(text_len)
            .ok_or(Unreadable::Inconsistent(
                "entities that do not fit their text",
            ))
    }
}

impl TextSource for StoredTexts {
    fn read(&self, at: u64, len: u32, hash: u64) -> Result<String, Unreadable> {
        let bytes = self.0.blob(FrameRef {
            at,
            len: len as u64,
            hash,
        })?;
        String::from_utf8(bytes).map_err(|_| Unreadable::NotUtf8)
    }
}

/// The digest of the files an analysis is built from: their paths and contents, in order.
pub fn files_digest<'a>(files: impl IntoIterator<Item = &'a FileKey>) -> u64 {
    let mut bytes = Vec::new();
    for f in files {
        bytes.extend_from_slice(f.path.as_bytes());
        bytes.push(0);
        bytes.extend_from_slice(&f.content.to_le_bytes());
    }
    xxh3_64(&bytes)
}

/// The one line that says a cache could not be written in `dir`, and why.
pub fn write_problem(dir: &Path, e: &io::Error) -> String {
    format!("cannot write the analysis cache in {}: {e}", dir.display())
}

/// A cache file being written, chunk by chunk, then the analysis, then [`Self::finish`].
pub struct CacheWriter {
    frames: FrameWriter,
    /// The folder it is written in, to say where when writing fails.
    dir: PathBuf,
    index: Index,
    parts: Vec<FrameRef>,
    /// Where each article's entities are encoded, kept from one to the next (a fresh vector
    /// would grow, and copy itself, for every article).
    encoded: Vec<u8>,
}

impl CacheWriter {
    pub fn create(path: &Path, analyser: u64) -> io::Result<CacheWriter> {
        Ok(CacheWriter {
            frames: FrameWriter::create(path, FORMAT_VERSION, analyser)?,
            dir: path.parent().unwrap_or(path).to_path_buf(),
            index: Index::default(),
            parts: Vec::new(),
            encoded: Vec::new(),
        })
    }

    /// The one line that says writing it failed with `e`, and where ([`write_problem`]).
    pub fn problem(&self, e: &io::Error) -> String {
        write_problem(&self.dir, e)
    }

    /// Writes an article's text, to be named in its record (texts go before the records of
    /// their chunk).
    pub fn add_text(&mut self, text: &str) -> io::Result<CachePlace> {
        let frame = self.frames.blob(text.as_bytes())?;
        let len = u32::try_from(frame.len).map_err(|_| io::Error::other("text over 4 GB"))?;
        Ok(CachePlace {
            at: frame.at,
            len,
            hash: frame.hash,
        })
    }

    /// Where the texts written so far can be read from: what [`Cache::texts`] gives for a cache
    /// opened later, but already now (articles can let their texts go once they are written).
    pub fn texts(&mut self) -> io::Result<Arc<dyn TextSource>> {
        Ok(Arc::new(StoredTexts(self.frames.reader()?)))
    }

    /// Writes an article's entities, to be named in its record (as its text).
    pub fn add_entities(&mut self, entities: &DocEntities) -> io::Result<CachePlace> {
        let mut buffer = std::mem::take(&mut self.encoded);
        buffer.clear();
        let bytes = postcard::to_extend(&StoredEntitiesRef::of(entities), buffer)
            .map_err(io::Error::other)?;
        let frame = self.frames.blob(&bytes);
        self.encoded = bytes;
        let frame = frame?;
        Ok(CachePlace {
            at: frame.at,
            len: frame.len as u32,
            hash: frame.hash,
        })
    }

    /// Where the entities written so far can be decoded from (as [`Self::texts`]).
    pub fn entities(&mut self) -> io::Result<Arc<dyn EntitySource>> {
        Ok(Arc::new(Stored(self.frames.reader()?)))
    }

    /// Adds the next files, in collection order, with their outcomes.
    pub fn add_chunk(
        &mut self,
        files: Vec<FileKey>,
        outcomes: &[FileOutcomeRef],
    ) -> io::Result<()> {
        if files.len() != outcomes.len() {
            return Err(io::Error::other("a chunk's parts differ in length"));
        }
        let outcomes = self.frames.frame(outcomes)?;
        self.index.chunks.push(ChunkRef {
            files: files.len() as u32,
            outcomes,
        });
        self.index.files.extend(files);
        Ok(())
    }

    /// The digest of every file added so far (what an analysis of them is stored under).
    pub fn digest(&self) -> u64 {
        files_digest(&self.index.files)
    }

    /// Completes the file and puts it in place. Parts given through [`PartSink`] are the
    /// analysis of every file added.
    pub fn finish(mut self) -> io::Result<()> {
        if !self.parts.is_empty() {
            self.index.analysis = Some((self.digest(), std::mem::take(&mut self.parts)));
        }
        self.frames.finish(&self.index)
    }
}

/// The collection's analysis goes in as parts, each a frame of its own.
impl PartSink for CacheWriter {
    type Error = io::Error;

    fn part<T: Serialize>(&mut self, value: &T) -> io::Result<()> {
        let frame = self.frames.frame(value)?;
        self.parts.push(frame);
        Ok(())
    }
}

#[cfg(test)]
mod tests;
