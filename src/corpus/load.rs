//! The parts of turning paths into a corpus: walking folders into the list of files, reading a
//! file within its size limit, deciding whether its bytes are usable and parsing them. The
//! collection's loader puts them together (with the analysis cache beside them); here, only bytes
//! already in memory and the embedded seeds become a corpus. Nothing here stops a load: each
//! file that cannot be used becomes a [`Skip`] with a one-line reason.

use super::duplicates::FirstOfEachText;
use super::feed::parse_feed;
use super::json::{parse_json, parse_json_lines};
use super::parse::Item;
use super::parse::{Parsed, parse_native};
use super::report::{LoadReport, Skip};
use super::{Corpus, embedded};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The default limit on one file's size; larger files are skipped (`--max-file-size`).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

#[derive(Clone, Copy, Debug)]
pub struct LoadOptions {
    pub max_file_size: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Format {
    Native,
    Json,
    JsonLines,
    Feed,
}

fn format_of(path: &Path) -> Option<Format> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        None | Some("txt" | "text" | "md" | "article") => Some(Format::Native),
        Some("json") => Some(Format::Json),
        Some("jsonl" | "ndjson") => Some(Format::JsonLines),
        Some("xml" | "rss" | "atom") => Some(Format::Feed),
        _ => None,
    }
}

/// What one file turned into.
pub(crate) enum Outcome {
    Articles(Vec<Parsed>, Vec<Skip>),
    Skipped(Skip),
}

/// The files under `paths` with their formats, in load order, and the report of what could not
/// be listed or is not an article format.
pub(crate) fn list_files(paths: &[PathBuf]) -> (Vec<(PathBuf, Format)>, LoadReport) {
    list_files_beside(paths, SystemFolders::here())
}

fn list_files_beside(
    paths: &[PathBuf],
    system: SystemFolders,
) -> (Vec<(PathBuf, Format)>, LoadReport) {
    let mut walk = Walk {
        system,
        files: Vec::new(),
        report: LoadReport::default(),
    };
    for path in paths {
        walk.named(path);
    }
    (walk.files, walk.report)
}

/// Why a file of `len` bytes is not loaded under `options`, if it is not.
pub(crate) fn too_large(len: u64, options: LoadOptions) -> Option<String> {
    (len > options.max_file_size).then(|| {
        format!(
            "larger than the {} limit ({}; see --max-file-size)",
            human_bytes(options.max_file_size),
            human_bytes(len)
        )
    })
}

/// The two seed articles compiled into the binary.
pub fn load_embedded() -> Corpus {
    let outcomes = embedded::SEEDS
        .iter()
        .map(|(name, text)| {
            Outcome::Articles(
                vec![parse_native(text, &format!("seeds/{name}"))],
                Vec::new(),
            )
        })
        .collect();
    assemble(outcomes)
}

pub(crate) fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// What the walk of the paths named has found so far.
struct Walk {
    system: SystemFolders,
    files: Vec<(PathBuf, Format)>,
    report: LoadReport,
}

/// Why `/proc`, `/sys` and `/dev` (and whatever is in them) are left alone: their files claim a
/// size of 0 and give without end, block, or are devices.
const SYSTEM_FOLDER: &str = "a system folder (/proc, /sys and /dev are never read)";
const IN_SYSTEM_FOLDER: &str = "in a system folder (/proc, /sys and /dev are never read)";

impl Walk {
    /// A path the user named: followed if it is a link; a missing one is a skip, and a file of
    /// an unknown extension is still tried as text.
    fn named(&mut self, path: &Path) {
        match fs::metadata(path) {
            Ok(meta) => self.entry(path, &meta, true),
            Err(e) => self.skip(path, missing_reason(path, &e)),
        }
    }

    /// An entry whose metadata is known (through any link): `explicit` when the user named it.
    fn entry(&mut self, path: &Path, meta: &fs::Metadata, explicit: bool) {
        if meta.is_dir() {
            if !self.system.holds(meta) {
                self.folder(path);
            } else if explicit {
                self.skip(path, SYSTEM_FOLDER.into());
            } else {
                self.report
                    .not_walked
                    .push(skip(path, SYSTEM_FOLDER.into()));
            }
        } else if meta.is_file() {
            if self.system.holds(meta) {
                self.skip(path, IN_SYSTEM_FOLDER.into());
            } else {
                self.file(path, explicit);
            }
        } else if explicit {
            // Decided from the metadata alone: a named pipe is never opened (that would wait
            // for a writer), a device never read (`/dev/zero` gives without end).
            self.skip(path, not_regular(meta.file_type()));
        } else {
            self.unusable_in_folder(path, not_regular(meta.file_type()));
        }
    }

    /// Walks a folder: hidden entries are left out, links to folders are not followed (no
    /// cycles), and anything else that is not a regular file is named with the reason.
    fn folder(&mut self, path: &Path) {
        let entries = match fs::read_dir(path) {
            Ok(rd) => rd,
            Err(e) => return self.skip(path, format!("folder {}", io_reason(&e))),
        };
        let mut children: Vec<(PathBuf, Option<fs::FileType>)> = entries
            .filter_map(Result::ok)
            .filter(|e| !e.file_name().as_encoded_bytes().starts_with(b"."))
            .map(|e| (e.path(), e.file_type().ok()))
            .collect();
        // Siblings differ only in their last component: comparing the raw names gives the same
        // order as comparing paths, at a fraction of the cost for a folder of 100,000 files.
        children.sort_unstable_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
        for (child, kind) in children {
            match kind {
                // The listing already tells a plain file: no need to ask the system again.
                Some(t) if t.is_file() => self.file(&child, false),
                Some(t) if t.is_symlink() => self.link(&child),
                // Nor for a pipe, socket or device.
                Some(t) if !t.is_dir() => self.unusable_in_folder(&child, not_regular(t)),
                _ => match fs::symlink_metadata(&child) {
                    Ok(meta) if meta.is_symlink() => self.link(&child),
                    Ok(meta) => self.entry(&child, &meta, false),
                    Err(e) => self.unusable_in_folder(&child, io_reason(&e)),
                },
            }
        }
    }

    /// A link met in a walked folder: followed to a file, never to a folder.
    fn link(&mut self, path: &Path) {
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => self.report.not_walked.push(skip(
                path,
                "a symbolic link to a folder (links to folders are not followed)".into(),
            )),
            Ok(meta) => self.entry(path, &meta, false),
            Err(e) => self.unusable_in_folder(path, missing_reason(path, &e)),
        }
    }

    fn file(&mut self, path: &Path, explicit: bool) {
        match format_of(path) {
            Some(f) => self.files.push((path.to_path_buf(), f)),
            None if explicit => self.files.push((path.to_path_buf(), Format::Native)),
            None => self.report.ignored.push(display(path)),
        }
    }

    /// Something in a walked folder that cannot be read: a skip when its name says it is an
    /// article, one of the other files ignored otherwise (as it would be if it were readable).
    fn unusable_in_folder(&mut self, path: &Path, reason: String) {
        match format_of(path) {
            Some(_) => self.skip(path, reason),
            None => self.report.ignored.push(display(path)),
        }
    }

    fn skip(&mut self, path: &Path, reason: String) {
        self.report.skipped.push(skip(path, reason));
    }
}

fn skip(path: &Path, reason: String) -> Skip {
    Skip {
        path: display(path),
        reason,
    }
}

/// Why there is nothing at `path` (`e` from following it): a link whose target is gone says so.
fn missing_reason(path: &Path, e: &io::Error) -> String {
    let dangling = e.kind() == io::ErrorKind::NotFound
        && fs::symlink_metadata(path).is_ok_and(|m| m.is_symlink());
    if dangling {
        "a broken symbolic link (nothing is at its target)".to_string()
    } else {
        io_reason(e)
    }
}

/// The reason a file of this type (not a regular file, nor a folder) is not read.
pub(crate) fn not_regular(kind: fs::FileType) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let what = if kind.is_fifo() {
            Some("a named pipe")
        } else if kind.is_char_device() {
            Some("a character device")
        } else if kind.is_block_device() {
            Some("a block device")
        } else if kind.is_socket() {
            Some("a socket")
        } else {
            None
        };
        if let Some(what) = what {
            return format!("not a regular file ({what})");
        }
    }
    let _ = kind;
    "not a regular file".to_string()
}

/// `/proc`, `/sys` and `/dev` as this system has them, to be recognised by identity (under any
/// path, through any link) rather than by name.
#[derive(Default)]
struct SystemFolders {
    /// Device and inode of each.
    roots: Vec<(u64, u64)>,
    /// The devices of those that are file systems of their own (procfs, sysfs, devtmpfs):
    /// everything on them is theirs.
    devices: Vec<u64>,
}

impl SystemFolders {
    #[cfg(unix)]
    fn here() -> SystemFolders {
        use std::os::unix::fs::MetadataExt;
        let root = fs::metadata("/").map(|m| m.dev()).ok();
        let mut system = SystemFolders::default();
        for dir in ["/proc", "/sys", "/dev"] {
            if let Ok(m) = fs::metadata(dir) {
                system.roots.push((m.dev(), m.ino()));
                if Some(m.dev()) != root {
                    system.devices.push(m.dev());
                }
            }
        }
        system
    }

    #[cfg(not(unix))]
    fn here() -> SystemFolders {
        SystemFolders::default()
    }

    #[cfg(unix)]
    fn holds(&self, meta: &fs::Metadata) -> bool {
        use std::os::unix::fs::MetadataExt;
        self.devices.contains(&meta.dev()) || self.roots.contains(&(meta.dev(), meta.ino()))
    }

    #[cfg(not(unix))]
    fn holds(&self, _meta: &fs::Metadata) -> bool {
        false
    }
}

pub(crate) fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".to_string(),
        io::ErrorKind::PermissionDenied => "unreadable: permission denied".to_string(),
        _ => format!("unreadable: {e}"),
    }
}

/// Why a file with this metadata is not read under `options`, if it is not: it is not a
/// regular file, or says it is larger than the limit.
pub(crate) fn not_readable(meta: &fs::Metadata, options: LoadOptions) -> Option<String> {
    if !meta.is_file() {
        return Some(not_regular(meta.file_type()));
    }
    too_large(meta.len(), options)
}

/// The open file's bytes, given its size as just seen (`fs::read` would ask the system for it
/// again, for each of 100,000 files), or why they are not used. The limit holds for the bytes
/// read, not the size seen: a file that gives more than it said (one in `/proc` says 0, one may
/// grow meanwhile) is read no further than one byte past the limit.
pub(crate) fn read_capped(
    file: fs::File,
    len: u64,
    options: LoadOptions,
) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let cap = options.max_file_size.saturating_add(1);
    let mut bytes = Vec::new();
    let expected = len.min(cap).saturating_add(1);
    bytes
        .try_reserve_exact(usize::try_from(expected).unwrap_or(usize::MAX))
        .map_err(|e| format!("unreadable: {e}"))?;
    // Through `take` (which is also what bounds it): `File`'s own `read_to_end` asks for the
    // size once more.
    file.take(cap)
        .read_to_end(&mut bytes)
        .map_err(|e| io_reason(&e))?;
    if bytes.len() as u64 > options.max_file_size {
        let limit = human_bytes(options.max_file_size);
        return Err(format!(
            "larger than the {limit} limit (more than {limit} read; see --max-file-size)"
        ));
    }
    Ok(bytes)
}

/// Decides whether `bytes` are usable and parses them. `Err` is the reason to skip the file.
pub(crate) fn parse_bytes(bytes: &[u8], source: &str, format: Format) -> Result<Outcome, String> {
    // A UTF-8 byte order mark (Windows editors write one) is no part of the text in any format.
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err("binary file (contains NUL bytes)".to_string());
    }
    // The strict check first: it is much faster than the lossy decoder on valid UTF-8 (nearly
    // every file), and the lossy decoder only ever borrows when the check would pass.
    let (text, lossy) = match std::str::from_utf8(bytes) {
        Ok(s) => (std::borrow::Cow::Borrowed(s), false),
        Err(_) => (String::from_utf8_lossy(bytes), true),
    };
    if text.trim().is_empty() {
        return Err("empty file".to_string());
    }
    let encoding_warning = "not valid UTF-8; decoded with replacement characters (�)".to_string();
    let mut parsed = match format {
        Format::Native => {
            let p = parse_native(&text, source);
            if p.header_only {
                return Err("only a date header, no text".to_string());
            }
            if p.article.paragraphs.is_empty() {
                return Err("empty file".to_string());
            }
            vec![p]
        }
        Format::Json | Format::JsonLines | Format::Feed => {
            let items = match format {
                Format::Json => parse_json(&text, source)?,
                Format::Feed => parse_feed(&text, source)?,
                _ => parse_json_lines(&text, source),
            };
            let mut articles = Vec::new();
            let mut skips = Vec::new();
            for item in items {
                match item {
                    Item::Article(p) => articles.push(*p),
                    Item::Unusable { index, reason } => skips.push(Skip {
                        path: format!("{source}#{index}"),
                        reason,
                    }),
                }
            }
            if articles.is_empty() && !skips.is_empty() && skips.len() == 1 {
                return Err(skips.remove(0).reason);
            }
            if lossy {
                for p in &mut articles {
                    p.warnings.insert(0, encoding_warning.clone());
                }
            }
            return Ok(Outcome::Articles(articles, skips));
        }
    };
    if lossy {
        parsed[0].warnings.insert(0, encoding_warning);
    }
    Ok(Outcome::Articles(parsed, Vec::new()))
}

/// Collects outcomes in file order, dropping articles whose text was already loaded.
fn assemble(outcomes: Vec<Outcome>) -> Corpus {
    let mut corpus = Corpus {
        articles: Vec::with_capacity(outcomes.len()),
        report: LoadReport::default(),
    };
    let mut first_of_each_text = FirstOfEachText::with_capacity(outcomes.len());
    for outcome in outcomes {
        match outcome {
            Outcome::Skipped(s) => corpus.report.skipped.push(s),
            Outcome::Articles(parsed, skips) => {
                corpus.report.skipped.extend(skips);
                for p in parsed {
                    first_of_each_text.add(&mut corpus, p.article, &p.warnings);
                }
            }
        }
    }
    corpus
}

/// `16 MiB`, `2.5 KiB`, `900 B`.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    if unit == 0 || v.fract() == 0.0 {
        format!("{v:.0} {}", UNITS[unit])
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

/// Loads from bytes already in memory, as if read from `source` (used by fuzz/property tests and
/// by callers that receive articles over other channels).
pub fn load_bytes(bytes: &[u8], source: &str) -> Corpus {
    let format = format_of(Path::new(source)).unwrap_or(Format::Native);
    let outcome = parse_bytes(bytes, source, format).unwrap_or_else(|reason| {
        Outcome::Skipped(Skip {
            path: source.to_string(),
            reason,
        })
    });
    assemble(vec![outcome])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_seeds_load_without_warnings() {
        let c = load_embedded();
        assert_eq!(c.articles.len(), 2);
        assert!(c.report.problem_lines().is_empty(), "{:?}", c.report);
    }

    #[test]
    fn reasons_for_unusable_bytes() {
        let reason = |b: &[u8]| load_bytes(b, "f.txt").report.skipped[0].reason.clone();
        assert!(reason(b"abc\0def").contains("binary"));
        assert_eq!(reason(b"  \n\n "), "empty file");
        assert_eq!(
            reason(b" date 2020-01-01 \n\n"),
            "only a date header, no text"
        );
    }

    #[test]
    fn latin1_loads_with_a_warning() {
        let c = load_bytes(b" date 2020-01-01 Caf\xe9 opens in M\xfcnchen.", "f.txt");
        assert_eq!(c.articles.len(), 1);
        assert!(c.articles[0].text.get().unwrap().contains('\u{fffd}'));
        assert!(c.report.warnings[0].message.contains("not valid UTF-8"));
    }

    #[test]
    fn only_invalid_utf8_is_decoded_lossily() {
        for (bytes, lossy) in [
            (&b" date 2020-01-01 Caf\xc3\xa9 \xe2\x80\x99s."[..], false),
            (b" date 2020-01-01 Caf\xc3 opens.", true),
            (b" date 2020-01-01 Opens \xed\xa0\x80 late.", true),
        ] {
            let c = load_bytes(bytes, "f.txt");
            assert_eq!(c.articles.len(), 1);
            let expected = String::from_utf8_lossy(bytes);
            assert!(expected.ends_with(c.articles[0].text.get().unwrap()));
            let warned = c
                .report
                .warnings
                .iter()
                .any(|w| w.message.contains("not valid UTF-8"));
            assert_eq!(warned, lossy, "{bytes:?}");
        }
    }

    #[test]
    fn a_byte_order_mark_is_no_part_of_any_format() {
        for (name, bytes) in [
            ("b.json", &b"\xef\xbb\xbf[{\"text\":\"Hello there.\"}]"[..]),
            ("b.jsonl", b"\xef\xbb\xbf{\"text\":\"Hello there.\"}\n"),
            ("b.rss", b"\xef\xbb\xbf<rss><channel><item><description>Hello there.</description></item></channel></rss>"),
            ("b.txt", b"\xef\xbb\xbf date 2020-01-01 Hello there."),
        ] {
            let c = load_bytes(bytes, name);
            assert_eq!(c.report.skipped, [], "{name}");
            assert_eq!(c.articles[0].text.get().unwrap(), "Hello there.", "{name}");
        }
        assert_eq!(
            load_bytes(b"\xef\xbb\xbf \n", "b.json").report.skipped[0].reason,
            "empty file"
        );
    }

    #[test]
    fn reading_stops_one_byte_past_the_limit() {
        // `/dev/zero` says it holds nothing and gives without end: the listing never offers it,
        // and the read is bounded all the same.
        let Ok(zero) = fs::File::open("/dev/zero") else {
            return;
        };
        let options = LoadOptions {
            max_file_size: 1000,
        };
        let e = read_capped(zero, 0, options).unwrap_err();
        assert_eq!(
            e,
            "larger than the 1000 B limit (more than 1000 B read; see --max-file-size)"
        );
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.txt");
        for (len, fits) in [(1000, true), (1001, false)] {
            fs::write(&p, vec![b'a'; len]).unwrap();
            // Told it is empty, as a file in /proc would say.
            let read = read_capped(fs::File::open(&p).unwrap(), 0, options);
            assert_eq!(read.is_ok(), fits, "{len}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn system_folders_are_not_walked_nor_read() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let system = dir.path().join("proc");
        fs::create_dir_all(system.join("1")).unwrap();
        fs::write(system.join("1/status.txt"), "State: running").unwrap();
        fs::write(dir.path().join("a.txt"), " date 2020-01-01 A.").unwrap();
        let m = fs::metadata(&system).unwrap();
        let beside = || SystemFolders {
            roots: vec![(m.dev(), m.ino())],
            devices: Vec::new(),
        };
        let (files, report) = list_files_beside(&[dir.path().to_path_buf()], beside());
        assert_eq!(files, [(dir.path().join("a.txt"), Format::Native)]);
        assert_eq!(report.skipped, []);
        assert_eq!(
            report.not_walked,
            [Skip {
                path: display(&system),
                reason: SYSTEM_FOLDER.into()
            }]
        );
        assert!(
            report.summary().ends_with("1 folder not walked"),
            "{}",
            report.summary()
        );
        // Named: a skip, as nothing in it loads.
        let (files, report) = list_files_beside(std::slice::from_ref(&system), beside());
        assert_eq!((files.len(), report.skipped.len()), (0, 1));
        // The real ones, under any name, and the files in them.
        if Path::new("/proc/self/status").exists() {
            let paths = ["/proc", "/proc/self/", "/proc/self/status"].map(PathBuf::from);
            let (files, report) = list_files(&paths);
            assert_eq!(files, []);
            let reasons: Vec<_> = report.skipped.iter().map(|s| s.reason.as_str()).collect();
            assert_eq!(reasons, [SYSTEM_FOLDER, SYSTEM_FOLDER, IN_SYSTEM_FOLDER]);
        }
    }

    #[test]
    fn human_sizes() {
        assert_eq!(human_bytes(16 * 1024 * 1024), "16 MiB");
        assert_eq!(human_bytes(2560), "2.5 KiB");
        assert_eq!(human_bytes(10), "10 B");
    }
}
