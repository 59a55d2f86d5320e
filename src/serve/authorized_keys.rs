//! Reading an OpenSSH `authorized_keys` file: `[options] type base64 [comment]` per line.
//!
//! Options are honoured or the line is refused, never ignored: a key the operator restricted
//! must not get more here than it would from sshd. `from=` and `expiry-time=` are honoured;
//! options this server cannot honour (`command=`, `no-pty`, `restrict` without `pty`, certificate
//! authorities, …) make the line unusable; options that only permit or forbid what this server
//! never offers (forwarding, `~/.ssh/rc`, environment) change nothing.

use super::from::{FromList, FromRuleError};
use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, TimeZone, Utc};
use russh::keys::PublicKey;

/// Why a line cannot be used. Never quotes key material; an option name or value it quotes is
/// cleaned of control characters and cut to 40 characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthorizedKeysError {
    /// It starts with a key type, but the key does not decode.
    #[error("not a valid public key")]
    InvalidKey,
    #[error("not a public key")]
    NotAKey,
    #[error("an option's quotes are not closed")]
    UnclosedQuotes,
    #[error("an empty option")]
    EmptyOption,
    #[error("option {0}'s value is not quoted")]
    UnquotedValue(String),
    #[error("options must be separated by commas")]
    NoComma,
    #[error("option {0} needs a value")]
    NeedsValue(String),
    #[error("more than one from= option")]
    SecondFrom,
    #[error(transparent)]
    FromRule(#[from] FromRuleError),
    #[error("expiry-time {0:?} is not YYYYMMDD[HHMM[SS]][Z]")]
    BadExpiry(String),
    #[error("restrict (without pty) forbids the terminal the reader needs")]
    Restricted,
    #[error("no-pty forbids the terminal the reader needs")]
    NoPty,
    #[error("command= cannot be honoured (this server runs only the reader)")]
    Command,
    /// `cert-authority` or `principals`.
    #[error("{0} cannot be honoured (no certificate support)")]
    Certificates(String),
    #[error("verify-required cannot be honoured (no FIDO user verification check)")]
    VerifyRequired,
    #[error("unknown option {0}")]
    UnknownOption(String),
}

/// One usable line.
#[derive(Debug, Clone)]
pub struct AuthorizedKey {
    pub key: PublicKey,
    /// Its line in the file, for the logs.
    pub line: usize,
    pub from: Option<FromList>,
    pub expires: Option<DateTime<Utc>>,
}

/// What a file gave: its usable keys, and one message per line that could not be used (or whose
/// options partly cannot apply), `file:line: reason`, never with key material.
#[derive(Debug, Default)]
pub struct Parsed {
    pub keys: Vec<AuthorizedKey>,
    pub problems: Vec<String>,
}

pub fn parse(text: &str, file: &str, now: DateTime<Utc>) -> Parsed {
    let mut parsed = Parsed::default();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let n = i + 1;
        match parse_line(line, n) {
            Ok(key) => {
                if let Some(when) = key.expires.filter(|t| *t <= now) {
                    parsed.problems.push(format!(
                        "{file}:{n}: key expired on {} (expiry-time)",
                        when.format("%Y-%m-%d %H:%M UTC")
                    ));
                    continue;
                }
                if let Some(hosts) = key.from.as_ref().map(|f| f.host_entries).filter(|h| *h > 0) {
                    parsed.problems.push(format!(
                        "{file}:{n}: from= has {hosts} host-name entr{} that never match (this server matches addresses only)",
                        if hosts == 1 { "y" } else { "ies" }
                    ));
                }
                parsed.keys.push(key);
            }
            Err(reason) => parsed
                .problems
                .push(format!("{file}:{n}: {reason}; line not used")),
        }
    }
    parsed
}

fn parse_line(line: &str, n: usize) -> Result<AuthorizedKey, AuthorizedKeysError> {
    if let Ok(key) = PublicKey::from_openssh(line) {
        return Ok(AuthorizedKey {
            key,
            line: n,
            from: None,
            expires: None,
        });
    }
    let first = line.split_whitespace().next().unwrap_or("");
    if looks_like_key_type(first) {
        // The error text is not repeated: it could quote the key's bytes.
        return Err(AuthorizedKeysError::InvalidKey);
    }
    let (options, rest) = split_options(line)?;
    let key =
        PublicKey::from_openssh(rest.trim_start()).map_err(|_| AuthorizedKeysError::NotAKey)?;
    let options = parse_options(options)?;
    Ok(AuthorizedKey {
        key,
        line: n,
        from: options.from,
        expires: options.expires,
    })
}

fn looks_like_key_type(word: &str) -> bool {
    ["ssh-", "ecdsa-", "sk-ssh-", "sk-ecdsa-", "rsa-sha2-"]
        .iter()
        .any(|p| word.starts_with(p))
}

/// The options field (up to the first space outside quotes) and the rest of the line.
fn split_options(line: &str) -> Result<(&str, &str), AuthorizedKeysError> {
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => return Ok((&line[..i], &line[i..])),
            _ => {}
        }
    }
    Err(if quoted {
        AuthorizedKeysError::UnclosedQuotes
    } else {
        AuthorizedKeysError::NotAKey
    })
}

#[derive(Default)]
struct Options {
    from: Option<FromList>,
    expires: Option<DateTime<Utc>>,
}

/// Applies each option in turn (`restrict` then `pty` gives a terminal back, as in sshd).
fn parse_options(text: &str) -> Result<Options, AuthorizedKeysError> {
    use AuthorizedKeysError as E;
    let mut options = Options::default();
    // Why a terminal is refused, if it is; the reader cannot run without one.
    let mut no_pty: Option<AuthorizedKeysError> = None;
    for (name, value) in option_list(text)? {
        let lower = name.to_ascii_lowercase();
        let needs_value = |v: Option<String>| v.ok_or_else(|| E::NeedsValue(clean(&name)));
        match lower.as_str() {
            "from" => {
                if options.from.is_some() {
                    return Err(E::SecondFrom);
                }
                options.from = Some(FromList::parse(&needs_value(value)?)?);
            }
            "expiry-time" => {
                let when = expiry(&needs_value(value)?)?;
                options.expires = Some(options.expires.map_or(when, |t| t.min(when)));
            }
            "restrict" => no_pty = Some(E::Restricted),
            "no-pty" => no_pty = Some(E::NoPty),
            "pty" => no_pty = None,
            "command" => return Err(E::Command),
            "cert-authority" | "principals" => return Err(E::Certificates(lower)),
            "verify-required" => return Err(E::VerifyRequired),
            // Forwarding, rc files, tunnels and environment are never offered here, so
            // permitting or forbidding them changes nothing.
            "no-port-forwarding"
            | "port-forwarding"
            | "no-agent-forwarding"
            | "agent-forwarding"
            | "no-x11-forwarding"
            | "x11-forwarding"
            | "no-user-rc"
            | "user-rc"
            | "permitopen"
            | "permitlisten"
            | "tunnel"
            | "environment"
            | "no-touch-required" => {}
            _ => return Err(E::UnknownOption(clean(&name))),
        }
    }
    match no_pty {
        Some(why) => Err(why),
        None => Ok(options),
    }
}

/// `name` or `name="value"` entries separated by commas; `\"` is a quote inside a value.
fn option_list(text: &str) -> Result<Vec<(String, Option<String>)>, AuthorizedKeysError> {
    use AuthorizedKeysError as E;
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        let mut name = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c == ',' {
                break;
            }
            name.push(c);
            chars.next();
        }
        if name.is_empty() {
            return Err(E::EmptyOption);
        }
        let mut value = None;
        if chars.peek() == Some(&'=') {
            chars.next();
            if chars.next() != Some('"') {
                return Err(E::UnquotedValue(clean(&name)));
            }
            let mut v = String::new();
            loop {
                match chars.next() {
                    Some('\\') if chars.peek() == Some(&'"') => v.push(chars.next().unwrap_or('"')),
                    Some('"') => break,
                    Some(c) => v.push(c),
                    None => return Err(E::UnclosedQuotes),
                }
            }
            value = Some(v);
        }
        out.push((name, value));
        match chars.next() {
            None => return Ok(out),
            Some(',') => {}
            Some(_) => return Err(E::NoComma),
        }
    }
}

/// `YYYYMMDD[Z]` or `YYYYMMDDHHMM[SS][Z]`: UTC with `Z`, else the system's time zone (as sshd).
fn expiry(value: &str) -> Result<DateTime<Utc>, AuthorizedKeysError> {
    let bad = || AuthorizedKeysError::BadExpiry(clean(value));
    let (digits, utc) = match value.strip_suffix(['Z', 'z']) {
        Some(d) => (d, true),
        None => (value, false),
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let naive = match digits.len() {
        8 => NaiveDate::parse_from_str(digits, "%Y%m%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0)),
        12 => NaiveDateTime::parse_from_str(digits, "%Y%m%d%H%M").ok(),
        14 => NaiveDateTime::parse_from_str(digits, "%Y%m%d%H%M%S").ok(),
        _ => None,
    }
    .ok_or_else(bad)?;
    if utc {
        return Ok(naive.and_utc());
    }
    Local
        .from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(bad)
}

fn clean(text: &str) -> String {
    crate::sanitize::sanitize_line(text)
        .chars()
        .take(40)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl reader@example";

    fn one(options: &str) -> Result<AuthorizedKey, AuthorizedKeysError> {
        parse_line(&format!("{options} {KEY}"), 1)
    }

    fn now() -> DateTime<Utc> {
        "2030-01-01T00:00:00Z".parse().unwrap()
    }

    #[test]
    fn plain_keys_comments_and_bad_lines() {
        let text = format!("# team\n\n{KEY}\ngarbage line\nssh-ed25519 AAAAnotbase64!\n");
        let parsed = parse(&text, "ak", now());
        assert_eq!(parsed.keys.len(), 1);
        assert_eq!(parsed.keys[0].line, 3);
        assert_eq!(
            parsed.problems,
            [
                "ak:4: not a public key; line not used",
                "ak:5: not a valid public key; line not used"
            ]
        );
    }

    #[test]
    fn options_that_cannot_be_honoured_refuse_the_line() {
        use AuthorizedKeysError as E;
        for (options, why) in [
            ("command=\"/bin/sh -c 'x, y'\",no-pty", E::Command),
            ("no-pty", E::NoPty),
            ("restrict", E::Restricted),
            ("pty,restrict", E::Restricted),
            ("cert-authority", E::Certificates("cert-authority".into())),
            ("Principals=\"ann\"", E::Certificates("principals".into())),
            ("verify-required", E::VerifyRequired),
            ("frobnicate", E::UnknownOption("frobnicate".into())),
            ("from", E::NeedsValue("from".into())),
            ("from=10.0.0.1", E::UnquotedValue("from".into())),
            ("from=\"10.0.0.1", E::UnclosedQuotes),
            (
                "from=\"a.example\",from=\"10.0.0.1\"",
                E::FromRule(FromRuleError::OnlyHosts),
            ),
            ("from=\"10.0.0.1\",from=\"10.0.0.2\"", E::SecondFrom),
            ("from=\"10.0.0.1\"pty", E::NoComma),
            (",pty", E::EmptyOption),
            ("expiry-time=\"tomorrow\"", E::BadExpiry("tomorrow".into())),
        ] {
            assert_eq!(one(options).unwrap_err(), why, "{options}");
        }
    }

    #[test]
    fn options_that_change_nothing_or_are_honoured() {
        for options in [
            "restrict,pty",
            "no-port-forwarding,no-agent-forwarding,no-X11-forwarding,no-user-rc",
            "environment=\"A=b c\",permitopen=\"host:1\"",
            "pty",
        ] {
            assert!(one(options).is_ok(), "{options}");
        }
        let k = one("from=\"127.0.0.1,10.0.0.0/8\",expiry-time=\"20991231Z\"").unwrap();
        assert!(k.from.unwrap().allows("10.1.2.3".parse().unwrap()));
        assert_eq!(k.expires.unwrap().to_rfc3339(), "2099-12-31T00:00:00+00:00");
        // A quoted comma or space belongs to the value.
        let k = one("command=\"a b\\\"c,d\",pty").unwrap_err();
        assert_eq!(k, AuthorizedKeysError::Command);
    }

    #[test]
    fn expiry_times() {
        assert_eq!(
            expiry("203001021530Z").unwrap().to_rfc3339(),
            "2030-01-02T15:30:00+00:00"
        );
        assert_eq!(
            expiry("20300102153045Z").unwrap().to_rfc3339(),
            "2030-01-02T15:30:45+00:00"
        );
        assert!(expiry("20300102").is_ok());
        for bad in ["2030010", "20301340", "20300102153", "2030-01-02", ""] {
            assert_eq!(expiry(bad), Err(AuthorizedKeysError::BadExpiry(bad.into())));
        }
        // A key already expired is reported and not used.
        let text = format!("expiry-time=\"20200101Z\" {KEY}\n");
        let parsed = parse(&text, "ak", now());
        assert!(parsed.keys.is_empty());
        assert!(parsed.problems[0].contains("ak:1: key expired on 2020-01-01"));
    }

    #[test]
    fn host_names_in_a_usable_from_are_reported() {
        let text = format!("from=\"*.example.com,127.0.0.1\" {KEY}\n");
        let parsed = parse(&text, "ak", now());
        assert_eq!(parsed.keys.len(), 1);
        assert!(
            parsed.problems[0].contains("1 host-name entry"),
            "{:?}",
            parsed.problems
        );
    }

    #[test]
    fn problems_never_quote_key_material() {
        let base64 = KEY.split(' ').nth(1).unwrap();
        let text = format!(
            "no-pty {KEY}\nssh-ed25519 {base64}x\nfrom=\"{base64}\" {KEY}\nbogus=\"{base64}\" x\n"
        );
        for p in parse(&text, "ak", now()).problems {
            assert!(!p.contains(&base64[..20]), "{p}");
        }
    }
}
