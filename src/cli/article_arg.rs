//! Commands of the form `dateline CMD [ID] [PATH…]`: telling an article id from a first path.

use super::CollectionArgs;
use std::path::{Path, PathBuf};

/// Splits an optional first positional into an article id or a path. It is an id when it is 4 to
/// 16 hex digits and no file or folder has that name; otherwise it is the first path.
pub fn id_or_path(
    first: Option<&str>,
    collection: &CollectionArgs,
) -> (Option<String>, CollectionArgs) {
    let mut collection = collection.clone();
    match first {
        Some(s) if looks_like_id(s) && !Path::new(s).exists() => (Some(s.to_string()), collection),
        Some(s) => {
            collection.paths.insert(0, PathBuf::from(s));
            (None, collection)
        }
        None => (None, collection),
    }
}

fn looks_like_id(s: &str) -> bool {
    (4..=16).contains(&s.len()) && s.chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_an_id_and_anything_else_a_path() {
        let base = CollectionArgs::default();
        let (id, c) = id_or_path(Some("9b97"), &base);
        assert_eq!(id.as_deref(), Some("9b97"));
        assert!(c.paths.is_empty());
        let (id, c) = id_or_path(Some("articles/"), &base);
        assert_eq!(id, None);
        assert_eq!(c.paths, vec![PathBuf::from("articles/")]);
        assert_eq!(id_or_path(None, &base).0, None);
        assert_eq!(id_or_path(Some("abc"), &base).0, None);
    }
}
