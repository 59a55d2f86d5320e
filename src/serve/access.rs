//! Who may connect: everyone (`--open`) or the holders of the keys in an `authorized_keys` file.
//! Passwords are never offered. The reader identity that keeps each person's marks apart is the
//! key's SHA-256 fingerprint, or under `--open` the user name the client sent (which anyone can
//! claim: open mode is public reading, not private marks).

use russh::keys::{HashAlg, PublicKey};
use std::path::Path;

pub enum Access {
    Open,
    Keys(Vec<PublicKey>),
}

impl Access {
    /// Reads an OpenSSH `authorized_keys` file. Lines that are not keys (comments, blank lines,
    /// options this server ignores) are skipped; a file with no usable key is an error, since it
    /// would let nobody in.
    pub fn from_authorized_keys(path: &Path) -> Result<Access, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read authorized keys {}: {e}", path.display()))?;
        let keys = parse_authorized_keys(&text);
        if keys.is_empty() {
            return Err(format!(
                "{} holds no public key this server can use; add keys or serve with --open",
                path.display()
            ));
        }
        Ok(Access::Keys(keys))
    }

    pub fn allows(&self, key: &PublicKey) -> bool {
        match self {
            Access::Open => true,
            Access::Keys(keys) => keys.iter().any(|k| k.key_data() == key.key_data()),
        }
    }
}

/// The keys of an `authorized_keys` text: `[options] type base64 [comment]` per line.
pub fn parse_authorized_keys(text: &str) -> Vec<PublicKey> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|line| {
            // The key starts at the first field that parses; options come before it.
            let fields: Vec<&str> = line.split_whitespace().collect();
            (0..fields.len()).find_map(|i| PublicKey::from_openssh(&fields[i..].join(" ")).ok())
        })
        .collect()
}

/// The identity marks are kept under for a key: `key:SHA256:…`.
pub fn key_identity(key: &PublicKey) -> String {
    format!("key:{}", key.fingerprint(HashAlg::Sha256))
}

/// The identity for an `--open` session: `open:<user>`.
pub fn open_identity(user: &str) -> String {
    let clean: String = user.chars().filter(|c| !c.is_control()).take(64).collect();
    format!("open:{clean}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl reader@example";

    #[test]
    fn keys_with_options_and_comments() {
        let text = format!("# team\n\n{KEY}\nno-pty,command=\"x\" {KEY}\ngarbage line\n");
        let keys = parse_authorized_keys(&text);
        assert_eq!(keys.len(), 2);
        let access = Access::Keys(keys.clone());
        assert!(access.allows(&keys[0]));
        assert!(key_identity(&keys[0]).starts_with("key:SHA256:"));
    }

    #[test]
    fn a_file_without_keys_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("ak");
        std::fs::write(&p, "# nothing\n").unwrap();
        assert!(
            Access::from_authorized_keys(&p)
                .err()
                .unwrap()
                .contains("no public key")
        );
    }

    #[test]
    fn open_identities_are_clean() {
        assert_eq!(open_identity("ann\x1b[2J"), "open:ann[2J");
    }
}
