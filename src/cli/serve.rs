//! `dateline serve [PATH…]`: the reader over SSH for everyone allowed in.

use super::{CmdResult, Failure, ServeArgs};
use crate::collection::loader;
use crate::collection::{Opening, Stage};
use crate::driver::reader_setup::load_config;
use crate::sanitize::sanitize_line;
use crate::serve::access::Access;
use crate::serve::hostkey::HostKey;
use crate::serve::reader::ReaderProgram;
use crate::serve::server::{ServeOptions, serve};
use crate::serve::source_names::relative_to;
use crate::state::{StateLocation, data_dir};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

pub fn run(args: &ServeArgs) -> CmdResult {
    let env = |name: &str| std::env::var(name).ok();
    let config = load_config(args.read.config.as_deref(), env)
        .map_err(|e| Failure::new(2, format!("config: {e}")))?;
    let access = if args.open {
        Access::Open
    } else {
        let path = match &args.authorized_keys {
            Some(p) => p.clone(),
            None => home()
                .map(|h| h.join(".ssh/authorized_keys"))
                .ok_or_else(|| {
                    Failure::new(2, "no home folder: give --authorized-keys FILE or --open")
                })?,
        };
        let (access, problems) =
            Access::from_authorized_keys(&path).map_err(|e| Failure::new(1, e.to_string()))?;
        for problem in problems {
            eprintln!("dateline: authorized keys: {problem}");
        }
        access
    };
    let host_key = match &args.host_key {
        Some(p) => p.clone(),
        None => data_dir().map(|d| d.join("host_ed25519")).ok_or_else(|| {
            Failure::new(2, "no data folder for the host key: give --host-key FILE")
        })?,
    };
    // Before the collection starts loading: a key that cannot be used is the one thing said.
    let host_key = HostKey::open(&host_key).map_err(|e| Failure::new(1, e.to_string()))?;
    let mut collection_args = args.read.collection.clone();
    if collection_args.paths.is_empty() {
        collection_args.paths.clone_from(&config.paths);
    }
    // Opened once in the background and shared by every session; the server listens at once
    // and a session shows whatever has arrived so far.
    let what = if collection_args.paths.is_empty() {
        "the embedded seeds".to_string()
    } else {
        collection_args
            .paths
            .iter()
            .map(|p| sanitize_line(&p.display().to_string()).into_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (opening, loader) = loader::start(collection_args.load_request())
        .map_err(|e| Failure::new(1, format!("cannot start loading: {e}")))?;
    log_when_opened(Arc::clone(&opening))
        .map_err(|e| Failure::new(1, format!("cannot start loading: {e}")))?;
    let program = ReaderProgram {
        opening,
        keymap: Arc::new(config.keymap()),
        config: Arc::new(config),
        state: collection_args.state_location(),
        collection_key: collection_args.collection_key(),
        ascii: args.read.ascii,
        source_name: (!collection_args.paths.is_empty())
            .then(|| relative_to(&collection_args.paths)),
    };
    if matches!(program.state, StateLocation::Memory) && !collection_args.no_state {
        eprintln!("dateline: no data folder for reader state; marks last for each session only");
    }
    let open = args.open;
    let options = ServeOptions {
        listen: args.listen,
        access,
        host_key,
        max_sessions: args.max_sessions,
        max_per_ip: args.max_per_ip,
        idle_timeout: args.idle_timeout,
        auth_timeout: args.auth_timeout,
        output_cap: args.output_cap as usize,
        max_unauthenticated: MAX_UNAUTHENTICATED,
        max_unauthenticated_per_ip: MAX_UNAUTHENTICATED_PER_IP,
    };
    let served = serve(options, Arc::new(program), |addr, fingerprint| {
        eprintln!("dateline: serving {what} on {addr}");
        eprintln!("dateline: host key fingerprint {fingerprint}");
        if open {
            eprintln!(
                "dateline: open access: anyone who can reach {addr} can read, and marks are kept per user name, which anyone can claim"
            );
        }
        eprintln!(
            "dateline: connect with: ssh -p {} {}",
            addr.port(),
            addr.ip()
        );
    });
    // Stopped (SIGTERM, Ctrl-C): what the loader has analysed goes into the cache first.
    loader.finish();
    served.map_err(|e| Failure::new(1, e.to_string()))?;
    Ok(ExitCode::SUCCESS)
}

/// Connections still signing in, in all and from one address: enough for a team connecting at
/// once, few enough that one address cannot hold the server's handshakes.
const MAX_UNAUTHENTICATED: usize = 32;
const MAX_UNAUTHENTICATED_PER_IP: usize = 8;

/// Enough of a load's problems for the log to show what kind they are.
const PROBLEM_LINES: usize = 20;

/// Logs on stderr how the opening went, once each step is done: the articles (with any load
/// problems, one line each, as the server's operator has no status line), then the analysis.
fn log_when_opened(opening: Arc<Opening>) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("opening log".into())
        .spawn(move || {
            let mut loaded = false;
            let mut seen = 0;
            while let Some(now) = opening.wait_since(seen, None) {
                seen = now.version;
                if !loaded && now.progress.stage != Stage::Loading {
                    loaded = true;
                    let report = &now.collection.corpus.report;
                    eprintln!("dateline: loaded {}", sanitize_line(&report.summary()));
                    let lines = report.problem_lines();
                    for line in lines.iter().take(PROBLEM_LINES) {
                        eprintln!("dateline: {}", sanitize_line(line));
                    }
                    if lines.len() > PROBLEM_LINES {
                        eprintln!(
                            "dateline: and {} more (details: dateline check)",
                            lines.len() - PROBLEM_LINES
                        );
                    }
                }
                if now.progress.stage == Stage::Ready {
                    match &now.progress.problem {
                        Some(p) => eprintln!("dateline: no analysis: {}", sanitize_line(p)),
                        None => eprintln!("dateline: analysis ready"),
                    }
                    return;
                }
            }
        })
        .map(drop)
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
}

/// Why a duration option's value is refused; each quotes what was given.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    #[error("not a duration: {0:?} (try 30s, 10m, 1h)")]
    NotADuration(String),
    #[error("unknown unit {unit:?} in {given:?} (use ms, s, m or h)")]
    UnknownUnit { unit: String, given: String },
    /// Zero, or 10,000,000 seconds (about 16 weeks) or more.
    #[error("duration out of range: {0:?}")]
    OutOfRange(String),
}

/// `30m`, `45s`, `2h`, `500ms`, or plain seconds.
pub fn parse_duration(s: &str) -> Result<Duration, DurationError> {
    let s = s.trim();
    let split = s
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num
        .parse()
        .map_err(|_| DurationError::NotADuration(s.to_string()))?;
    let secs = match unit.trim() {
        "" | "s" | "sec" | "secs" => n,
        "ms" => n / 1000.0,
        "m" | "min" | "mins" => n * 60.0,
        "h" | "hr" | "hours" => n * 3600.0,
        other => {
            return Err(DurationError::UnknownUnit {
                unit: other.to_string(),
                given: s.to_string(),
            });
        }
    };
    if !(secs > 0.0 && secs < 1e7) {
        return Err(DurationError::OutOfRange(s.to_string()));
    }
    Ok(Duration::from_secs_f64(secs))
}

#[cfg(test)]
mod tests {
    use super::{DurationError, parse_duration};
    use std::time::Duration;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_duration("45"), Ok(Duration::from_secs(45)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(
            parse_duration("0s"),
            Err(DurationError::OutOfRange("0s".into()))
        );
        assert_eq!(
            parse_duration("m"),
            Err(DurationError::NotADuration("m".into()))
        );
        let fortnights = parse_duration("3 fortnights");
        assert_eq!(
            fortnights,
            Err(DurationError::UnknownUnit {
                unit: "fortnights".into(),
                given: "3 fortnights".into()
            })
        );
        assert_eq!(
            fortnights.unwrap_err().to_string(),
            "unknown unit \"fortnights\" in \"3 fortnights\" (use ms, s, m or h)"
        );
    }
}
