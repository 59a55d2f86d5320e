//! The server's ed25519 host key: created on first start in the data directory (mode 0600),
//! reused afterwards, so clients see the same fingerprint every time.

use russh::keys::ssh_key::private::{Ed25519Keypair, KeypairData};
use russh::keys::ssh_key::{self, LineEnding};
use russh::keys::{HashAlg, PrivateKey};
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Why the server has no host key to use: one line for the user, naming the file.
#[derive(Debug, thiserror::Error)]
pub enum HostKeyError {
    #[error("cannot create {dir}: {source}")]
    CreateDir {
        dir: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("no randomness for a host key: {0}")]
    NoRandomness(#[source] io::Error),
    #[error("cannot make a host key: {0}")]
    Make(#[source] ssh_key::Error),
    #[error("cannot encode the host key: {0}")]
    Encode(#[source] ssh_key::Error),
    #[error("cannot write host key {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("cannot read host key {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// Refused as sshd refuses it: group or others have some access (`mode` is the file's).
    #[error(
        "host key {path} can be read by other users (mode {mode:04o}); make it private with chmod 600"
    )]
    NotPrivate { path: PathBuf, mode: u32 },
    #[error(
        "host key {path} is empty; remove it to have a new one created, or give another with --host-key"
    )]
    Empty { path: PathBuf },
    #[error("host key {path} is not an OpenSSH private key: {source}")]
    NotOpenSsh {
        path: PathBuf,
        #[source]
        source: ssh_key::Error,
    },
    #[error(
        "host key {path} is protected by a passphrase, which the server cannot ask for; remove it with ssh-keygen -p -N '' -f {path}, or give another key"
    )]
    Encrypted { path: PathBuf },
}

/// The key the server will use, where it is, and whether it was just made.
pub struct HostKey {
    pub key: PrivateKey,
    pub path: PathBuf,
    pub created: bool,
}

impl HostKey {
    /// [`load_or_create`] as a whole.
    pub fn open(path: &Path) -> Result<HostKey, HostKeyError> {
        let (key, created) = load_or_create(path)?;
        Ok(HostKey {
            key,
            path: path.to_path_buf(),
            created,
        })
    }
}

/// Loads the key at `path`, or creates it. `Err` is one line for the user.
pub fn load_or_create(path: &Path) -> Result<(PrivateKey, bool), HostKeyError> {
    if path.exists() {
        return load(path).map(|key| (key, false));
    }
    let key = generate()?;
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|source| HostKeyError::CreateDir {
            dir: dir.to_owned(),
            source,
        })?;
    }
    let pem = key
        .to_openssh(LineEnding::LF)
        .map_err(HostKeyError::Encode)?;
    write_private(path, pem.as_bytes()).map_err(|source| HostKeyError::Write {
        path: path.to_owned(),
        source,
    })?;
    Ok((key, true))
}

/// An existing key, refused (as sshd refuses it) when others may read it, and when it cannot
/// be used without a passphrase nobody is there to type.
fn load(path: &Path) -> Result<PrivateKey, HostKeyError> {
    let read = |source| HostKeyError::Read {
        path: path.to_owned(),
        source,
    };
    let meta = fs::metadata(path).map_err(read)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(HostKeyError::NotPrivate {
                path: path.to_owned(),
                mode,
            });
        }
    }
    if meta.len() == 0 {
        return Err(HostKeyError::Empty {
            path: path.to_owned(),
        });
    }
    let text = fs::read_to_string(path).map_err(read)?;
    let key = PrivateKey::from_openssh(&text).map_err(|source| HostKeyError::NotOpenSsh {
        path: path.to_owned(),
        source,
    })?;
    if key.is_encrypted() {
        return Err(HostKeyError::Encrypted {
            path: path.to_owned(),
        });
    }
    Ok(key)
}

/// `SHA256:…`, as `ssh` shows it when it first connects.
pub fn fingerprint(key: &PrivateKey) -> String {
    key.public_key().fingerprint(HashAlg::Sha256).to_string()
}

fn generate() -> Result<PrivateKey, HostKeyError> {
    let mut seed = [0u8; 32];
    fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut seed))
        .map_err(HostKeyError::NoRandomness)?;
    let pair = Ed25519Keypair::from_seed(&seed);
    PrivateKey::new(KeypairData::Ed25519(pair), "dateline host key").map_err(HostKeyError::Make)
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_once_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/host_ed25519");
        let (a, created) = load_or_create(&path).unwrap();
        assert!(created);
        let (b, created) = load_or_create(&path).unwrap();
        assert!(!created);
        assert_eq!(fingerprint(&a), fingerprint(&b));
        assert!(fingerprint(&a).starts_with("SHA256:"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
    }

    fn private_file(dir: &Path, bytes: &[u8]) -> std::path::PathBuf {
        let path = dir.join("host");
        write_private(&path, bytes).unwrap();
        path
    }

    #[test]
    fn a_broken_key_file_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = private_file(dir.path(), b"nonsense");
        let err = load_or_create(&path).unwrap_err();
        assert!(matches!(err, HostKeyError::NotOpenSsh { .. }), "{err:?}");
    }

    #[test]
    fn an_empty_key_file_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = private_file(dir.path(), b"");
        let err = load_or_create(&path).unwrap_err();
        assert!(
            matches!(&err, HostKeyError::Empty { path: p } if *p == path),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            format!(
                "host key {} is empty; remove it to have a new one created, or give another with --host-key",
                path.display()
            )
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_key_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("host");
        load_or_create(&path).unwrap();
        for mode in [0o644, 0o640, 0o604] {
            fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
            let err = load_or_create(&path).unwrap_err();
            assert!(
                matches!(err, HostKeyError::NotPrivate { mode: m, .. } if m == mode),
                "{err:?}"
            );
        }
        fs::set_permissions(&path, fs::Permissions::from_mode(0o400)).unwrap();
        assert!(load_or_create(&path).is_ok());
    }
}
