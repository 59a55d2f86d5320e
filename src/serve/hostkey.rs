//! The server's ed25519 host key: created on first start in the data directory (mode 0600),
//! reused afterwards, so clients see the same fingerprint every time.

use russh::keys::ssh_key::LineEnding;
use russh::keys::ssh_key::private::{Ed25519Keypair, KeypairData};
use russh::keys::{HashAlg, PrivateKey};
use std::fs;
use std::io::{Read, Write};
use std::path::Path;

/// Loads the key at `path`, or creates it. `Err` is one line for the user.
pub fn load_or_create(path: &Path) -> Result<(PrivateKey, bool), String> {
    if path.exists() {
        let text = fs::read_to_string(path)
            .map_err(|e| format!("cannot read host key {}: {e}", path.display()))?;
        let key = PrivateKey::from_openssh(&text).map_err(|e| {
            format!(
                "host key {} is not an OpenSSH private key: {e}",
                path.display()
            )
        })?;
        return Ok((key, false));
    }
    let key = generate()?;
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let pem = key
        .to_openssh(LineEnding::LF)
        .map_err(|e| format!("cannot encode the host key: {e}"))?;
    write_private(path, pem.as_bytes())
        .map_err(|e| format!("cannot write host key {}: {e}", path.display()))?;
    Ok((key, true))
}

/// `SHA256:…`, as `ssh` shows it when it first connects.
pub fn fingerprint(key: &PrivateKey) -> String {
    key.public_key().fingerprint(HashAlg::Sha256).to_string()
}

fn generate() -> Result<PrivateKey, String> {
    let mut seed = [0u8; 32];
    fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut seed))
        .map_err(|e| format!("no randomness for a host key: {e}"))?;
    let pair = Ed25519Keypair::from_seed(&seed);
    PrivateKey::new(KeypairData::Ed25519(pair), "dateline host key")
        .map_err(|e| format!("cannot make a host key: {e}"))
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

    #[test]
    fn a_broken_key_file_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("host");
        fs::write(&path, "nonsense").unwrap();
        assert!(
            load_or_create(&path)
                .unwrap_err()
                .contains("not an OpenSSH private key")
        );
    }
}
