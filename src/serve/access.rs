//! Who may connect: everyone (`--open`) or the holders of the keys in an `authorized_keys` file,
//! with the options of their lines honoured ([`super::authorized_keys`]). Passwords are never
//! offered. The reader identity that keeps each person's marks apart is the key's SHA-256
//! fingerprint, or under `--open` the user name the client sent (which anyone can claim: open
//! mode is public reading, not private marks).

use super::authorized_keys::{self, AuthorizedKey};
use russh::keys::{HashAlg, PublicKey};
use std::net::IpAddr;
use std::path::{Path, PathBuf};

pub enum Access {
    Open,
    Keys(Vec<AuthorizedKey>),
}

/// Why a key may not be used, for the log (never the key itself).
#[derive(Debug, PartialEq, Eq)]
pub enum Denied {
    Unknown,
    /// Listed, but not for this address (`from=`).
    NotFrom(usize),
    /// Listed, but past its `expiry-time`.
    Expired(usize),
}

impl std::fmt::Display for Denied {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Denied::Unknown => write!(f, "key not in the authorized keys"),
            Denied::NotFrom(line) => {
                write!(f, "key (line {line}) not allowed from this address (from=)")
            }
            Denied::Expired(line) => write!(f, "key (line {line}) has expired (expiry-time)"),
        }
    }
}

/// Why an `authorized_keys` file lets nobody in.
#[derive(Debug, thiserror::Error)]
pub enum AccessError {
    #[error("cannot read authorized keys {path}: {source}")]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Read, but no line is usable; `problems` says why, one line each (`file:line: reason`).
    #[error(
        "{path} holds no public key this server can use{}; add keys or serve with --open",
        first_problem(problems)
    )]
    NoUsableKey {
        path: PathBuf,
        problems: Vec<String>,
    },
}

/// ` (the first problem, …)`, or nothing when there is none.
fn first_problem(problems: &[String]) -> String {
    match problems {
        [] => String::new(),
        [only] => format!(" ({only})"),
        [first, ..] => format!(" ({first}, …)"),
    }
}

impl Access {
    /// Reads an OpenSSH `authorized_keys` file; also returns one line per line of the file that
    /// cannot be used (or only partly), for the operator. A file with no usable key is an error,
    /// since it would let nobody in.
    pub fn from_authorized_keys(path: &Path) -> Result<(Access, Vec<String>), AccessError> {
        let text = std::fs::read_to_string(path).map_err(|source| AccessError::Unreadable {
            path: path.to_owned(),
            source,
        })?;
        let file = crate::sanitize::sanitize_line(&path.display().to_string()).into_owned();
        let parsed = authorized_keys::parse(&text, &file, chrono::Utc::now());
        if parsed.keys.is_empty() {
            return Err(AccessError::NoUsableKey {
                path: path.to_owned(),
                problems: parsed.problems,
            });
        }
        Ok((Access::Keys(parsed.keys), parsed.problems))
    }

    /// Whether `key` may be used by a client at `addr`.
    pub fn check(&self, key: &PublicKey, addr: IpAddr) -> Result<(), Denied> {
        let Access::Keys(keys) = self else {
            return Ok(());
        };
        let mut denied = Denied::Unknown;
        // The same key may be listed more than once with different options, as with sshd.
        for k in keys.iter().filter(|k| k.key.key_data() == key.key_data()) {
            if k.expires.is_some_and(|t| t <= chrono::Utc::now()) {
                denied = Denied::Expired(k.line);
            } else if k.from.as_ref().is_some_and(|f| !f.allows(addr)) {
                denied = Denied::NotFrom(k.line);
            } else {
                return Ok(());
            }
        }
        Err(denied)
    }
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

    fn access(text: &str) -> (Access, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("ak");
        std::fs::write(&p, text).unwrap();
        Access::from_authorized_keys(&p).unwrap()
    }

    #[test]
    fn from_and_expiry_are_checked_per_address() {
        let key = PublicKey::from_openssh(KEY).unwrap();
        let local: IpAddr = "127.0.0.1".parse().unwrap();
        let other: IpAddr = "10.9.9.9".parse().unwrap();
        let (a, problems) = access(&format!("from=\"10.9.9.9\" {KEY}\n"));
        assert!(problems.is_empty());
        assert_eq!(a.check(&key, local), Err(Denied::NotFrom(1)));
        assert_eq!(a.check(&key, other), Ok(()));
        let (a, _) = access(&format!("from=\"10.9.9.9\" {KEY}\n{KEY}\n"));
        assert_eq!(a.check(&key, local), Ok(()));
        let (a, _) = access(&format!("{KEY}\n"));
        let stranger = PublicKey::from_openssh(
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBh1KOUyEkCS3s4v3XbuThEEaZjNMSLwM4I4LDUfwbmT x",
        )
        .unwrap();
        assert_eq!(a.check(&stranger, local), Err(Denied::Unknown));
        assert!(key_identity(&key).starts_with("key:SHA256:"));
    }

    #[test]
    fn a_file_without_usable_keys_is_refused_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("ak");
        std::fs::write(&p, "# nothing\n").unwrap();
        let err = Access::from_authorized_keys(&p).err().unwrap();
        assert!(
            matches!(&err, AccessError::NoUsableKey { path, problems } if *path == p && problems.is_empty()),
            "{err:?}"
        );
        std::fs::write(&p, format!("no-pty {KEY}\nssh-ed25519 AAAAnotbase64!\n")).unwrap();
        let err = Access::from_authorized_keys(&p).err().unwrap();
        let shown = p.display();
        assert_eq!(
            err.to_string(),
            format!(
                "{shown} holds no public key this server can use ({shown}:1: no-pty forbids the terminal the reader needs; line not used, …); add keys or serve with --open"
            )
        );
        let missing = dir.path().join("missing");
        let err = Access::from_authorized_keys(&missing).err().unwrap();
        assert!(matches!(err, AccessError::Unreadable { .. }), "{err:?}");
    }

    #[test]
    fn open_identities_are_clean() {
        assert_eq!(open_identity("ann\x1b[2J"), "open:ann[2J");
    }
}
