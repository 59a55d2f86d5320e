//! How a served reader names an article's source: relative to the folder or file it was served
//! from (`news/world/a.txt`, `wire.xml#3`), so remote readers learn nothing of the server's file
//! system (home folders, user names) from the article header or the sidebar.

use crate::app::SourceName;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The names for sources loaded from `roots` (the paths given to `serve`, as given).
pub fn relative_to(roots: &[PathBuf]) -> SourceName {
    let mut roots: Vec<(String, String)> = roots.iter().map(|r| root(r)).collect();
    // The longest first, so that a root inside another names its own files.
    roots.sort_by_key(|(prefix, _)| std::cmp::Reverse(prefix.len()));
    Arc::new(move |source: &str| name(&roots, source))
}

/// A root as the loader writes it at the start of its sources, and the name shown for it: its
/// last component (none for `/`, `.` or `..`).
fn root(path: &Path) -> (String, String) {
    // The loader's sources are the walked paths as lossy text, starting with the root as given.
    let text = path.to_string_lossy();
    let prefix = text.trim_end_matches('/').to_string();
    let shown = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (prefix, shown)
}

fn name(roots: &[(String, String)], source: &str) -> String {
    for (prefix, shown) in roots {
        let Some(rest) = source.strip_prefix(prefix.as_str()) else {
            continue;
        };
        // A whole component (or an export's `#n`), not `news2` for the root `news`.
        if !(rest.is_empty() || rest.starts_with('/') || rest.starts_with('#')) {
            continue;
        }
        let named = if shown.is_empty() {
            rest.trim_start_matches('/').to_string()
        } else {
            format!("{shown}{rest}")
        };
        if !named.is_empty() {
            return named;
        }
    }
    // Not from a served path (cannot happen for loaded files): the file name alone.
    source.rsplit('/').next().unwrap_or(source).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(roots: &[&str], source: &str) -> String {
        let roots: Vec<PathBuf> = roots.iter().map(PathBuf::from).collect();
        relative_to(&roots)(source)
    }

    #[test]
    fn sources_are_named_from_their_root() {
        let roots = [
            "/home/ann/news",
            "/srv/feeds/wire.xml",
            "/home/ann/news/world/",
        ];
        assert_eq!(names(&roots, "/home/ann/news/a.txt"), "news/a.txt");
        assert_eq!(names(&roots, "/home/ann/news/world/b.txt"), "world/b.txt");
        assert_eq!(names(&roots, "/srv/feeds/wire.xml#3"), "wire.xml#3");
        assert_eq!(names(&roots, "/home/ann/news2/c.txt"), "c.txt");
        assert_eq!(names(&roots, "/etc/elsewhere.txt"), "elsewhere.txt");
    }

    #[test]
    fn roots_without_a_name() {
        assert_eq!(names(&["/"], "/srv/a.txt"), "srv/a.txt");
        assert_eq!(names(&["."], "./a/b.txt"), "a/b.txt");
        assert_eq!(names(&["../../x/news"], "../../x/news/a.txt"), "news/a.txt");
    }
}
