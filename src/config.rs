//! `config.toml`: key bindings by command name, theme colours, and the paths opened by default.
//! A missing file is fine; an invalid one is an error that names the file, the line and the key,
//! because a setting silently ignored is worse than one refused.
//!
//! ```toml
//! paths = ["~/news"]          # opened when no PATH is given
//! ascii = false               # plain ASCII borders and marks
//!
//! [keys]                      # command = key or [keys]; see `?` in the reader for the names
//! quit = ["q", "ctrl-c"]
//! page_down = ["space", "ctrl-f"]
//!
//! [theme]                     # accent, link, match, border, person, place, org, group, date, misc
//! person = "magenta"
//! place = "#3c9a50"
//! ```

use crate::app::Command;
use crate::app::keymap::{Key, Keymap, KeymapError};
use crate::ui::theme::Theme;
use ratatui::style::Color;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use toml::Spanned;

/// The most of a config file that is read.
pub const MAX_BYTES: u64 = 1 << 20;

/// Quits whatever the file says, so that no config can leave the reader without a way out.
const ALWAYS_QUITS: Key = Key::ctrl('c');

#[derive(Debug, Default)]
pub struct Config {
    pub paths: Vec<PathBuf>,
    pub ascii: bool,
    /// Commands and the keys the file binds them to.
    pub keys: Vec<(Command, Vec<Key>)>,
    /// Theme part names and their colours.
    pub colors: Vec<(String, Color)>,
}

#[derive(Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    ascii: bool,
    #[serde(default)]
    keys: BTreeMap<Spanned<String>, Spanned<OneOrMany>>,
    #[serde(default)]
    theme: BTreeMap<Spanned<String>, Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// `$XDG_CONFIG_HOME/dateline/config.toml`, else `~/.config/dateline/config.toml`.
pub fn default_path(var: impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let base = var("XDG_CONFIG_HOME")
        .filter(|v| Path::new(v).is_absolute())
        .map(PathBuf::from)
        .or_else(|| var("HOME").map(|h| Path::new(&h).join(".config")))?;
    Some(base.join("dateline").join("config.toml"))
}

impl Config {
    /// Reads `path`. A missing file gives the defaults when `must_exist` is false (the default
    /// location); a path the user named must exist. At most [`MAX_BYTES`] are read: a config is
    /// a few lines, and `--config /dev/zero` must not fill the memory.
    pub fn load(path: &Path, must_exist: bool) -> Result<Config, ConfigError> {
        let error = |message: String| ConfigError {
            path: path.to_owned(),
            line: None,
            message,
        };
        let file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => {
                return Ok(Config::default());
            }
            Err(e) => return Err(error(format!("cannot read: {e}"))),
        };
        let mut bytes = Vec::new();
        file.take(MAX_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| error(format!("cannot read: {e}")))?;
        if bytes.len() as u64 > MAX_BYTES {
            return Err(error(format!(
                "larger than {}; not a config file",
                crate::corpus::load::human_bytes(MAX_BYTES)
            )));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            error(format!(
                "not UTF-8 text (first bad byte at offset {})",
                e.utf8_error().valid_up_to()
            ))
        })?;
        Config::parse(&text, path)
    }

    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let error = |span: Option<std::ops::Range<usize>>, message: String| ConfigError {
            path: path.to_owned(),
            line: span.map(|s| line_of(text, s.start)),
            message,
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            // toml's message repeats the source line; the first line of it says enough.
            let message = e
                .message()
                .lines()
                .next()
                .unwrap_or("invalid TOML")
                .to_string();
            error(e.span(), message)
        })?;
        let home = std::env::var_os("HOME").map(PathBuf::from);
        let paths = raw
            .paths
            .iter()
            .map(|p| match (p.strip_prefix("~/"), &home) {
                (Some(rest), Some(home)) => home.join(rest),
                _ => PathBuf::from(p),
            })
            .collect();
        let keys = parse_keys(&raw.keys, &error)?;
        let known = Theme::color_names();
        let mut colors = Vec::new();
        for (name, value) in &raw.theme {
            if !known.contains(&name.get_ref().as_str()) {
                return Err(error(
                    Some(name.span()),
                    format!(
                        "theme.{}: unknown part (known: {})",
                        name.get_ref(),
                        known.join(", ")
                    ),
                ));
            }
            let color = Color::from_str(value.get_ref()).map_err(|_| {
                error(
                    Some(value.span()),
                    format!(
                        "theme.{}: {:?} is not a colour (a name like \"blue\", \"#3c9a50\" or 0-255)",
                        name.get_ref(),
                        value.get_ref()
                    ),
                )
            })?;
            colors.push((name.get_ref().clone(), color));
        }
        Ok(Config {
            paths,
            ascii: raw.ascii,
            keys,
            colors,
        })
    }

    /// The default keymap with this file's bindings applied, and Ctrl-C quitting whatever
    /// they say.
    pub fn keymap(&self) -> Keymap {
        let mut map = keymap_of(&self.keys);
        if map.command_for(&ALWAYS_QUITS) != Some(Command::Quit) {
            let mut quit: Vec<Key> = map.keys_for(Command::Quit).collect();
            quit.push(ALWAYS_QUITS);
            map.rebind(Command::Quit, &quit);
        }
        map
    }

    pub fn apply_colors(&self, theme: &mut Theme) {
        for (name, color) in &self.colors {
            // Names were checked when the file was read.
            let _ = theme.set_color(name, *color);
        }
    }
}

/// A config error at a span of the file.
type ErrorAt<'a> = dyn Fn(Option<std::ops::Range<usize>>, String) -> ConfigError + 'a;

/// The `[keys]` table: commands and their keys. Refused: an unknown command or key, Ctrl-C for
/// anything but quitting, and bindings that leave no key to quit by.
fn parse_keys(
    table: &BTreeMap<Spanned<String>, Spanned<OneOrMany>>,
    error: &ErrorAt<'_>,
) -> Result<Vec<(Command, Vec<Key>)>, ConfigError> {
    let mut keys = Vec::new();
    for (name, value) in table {
        let command = Command::from_name(name.get_ref()).ok_or_else(|| {
            error(
                Some(name.span()),
                format!(
                    "keys.{}: no such command (the help overlay `?` lists them)",
                    name.get_ref()
                ),
            )
        })?;
        let list = match value.get_ref() {
            OneOrMany::One(k) => vec![k.clone()],
            OneOrMany::Many(ks) => ks.clone(),
        };
        let parsed = list
            .iter()
            .map(|k| Key::parse(k))
            .collect::<Result<Vec<Key>, KeymapError>>()
            .map_err(|m| error(Some(value.span()), format!("keys.{}: {m}", name.get_ref())))?;
        if command != Command::Quit && parsed.contains(&ALWAYS_QUITS) {
            return Err(error(
                Some(value.span()),
                format!("keys.{}: ctrl-c always quits the reader", name.get_ref()),
            ));
        }
        keys.push((command, parsed));
    }
    if keymap_of(&keys).hint(Command::Quit).is_none() {
        let at = table
            .iter()
            .find(|(name, _)| name.get_ref() == Command::Quit.name())
            .map(|(_, value)| value.span());
        return Err(error(
            at,
            "keys.quit: no key is left to quit the reader (bind one, e.g. quit = \"q\")".into(),
        ));
    }
    Ok(keys)
}

/// The default keymap with `keys` applied, in the file's order.
fn keymap_of(keys: &[(Command, Vec<Key>)]) -> Keymap {
    let mut map = Keymap::default();
    for (command, keys) in keys {
        map.rebind(*command, keys);
    }
    map
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::theme::ColorDepth;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("config.toml"))
    }

    #[test]
    fn a_full_file() {
        let c = parse(
            "paths = [\"/srv/news\"]\nascii = true\n[keys]\nquit = \"x\"\ndown = [\"j\", \"ctrl-n\"]\n[theme]\nperson = \"#ff0000\"\n",
        )
        .unwrap();
        assert_eq!(c.paths, vec![PathBuf::from("/srv/news")]);
        assert!(c.ascii);
        let map = c.keymap();
        assert_eq!(map.command_for(&Key::char('x')), Some(Command::Quit));
        assert_eq!(map.command_for(&Key::ctrl('n')), Some(Command::Down));
        let mut theme = Theme::new(ColorDepth::TrueColor);
        c.apply_colors(&mut theme);
        assert_eq!(
            theme.entity(crate::entity::EntityKind::Person).fg,
            Some(Color::Rgb(255, 0, 0))
        );
    }

    #[test]
    fn errors_name_the_line_and_the_key() {
        let e = parse("[keys]\nquit = \"q\"\njump_around = \"x\"\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("jump_around"), "{e}");
        let e = parse("[keys]\n\nquit = \"hyper-q\"\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(
            e.message.contains("keys.quit") && e.message.contains("hyper-q"),
            "{e}"
        );
        let e = parse("[theme]\nperson = \"blurple\"\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("theme.person"), "{e}");
        let e = parse("colour = 1\n").unwrap_err();
        assert_eq!(e.line, Some(1));
        assert!(e.message.contains("colour"), "{e}");
        let e = parse("ascii = \n").unwrap_err();
        assert_eq!(e.line, Some(1));
        assert!(e.to_string().starts_with("config.toml:1: "), "{e}");
    }

    #[test]
    fn no_config_leaves_the_reader_without_a_way_out() {
        let e = parse("[keys]\n\nquit = []\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(
            e.to_string().starts_with("config.toml:3: keys.quit: "),
            "{e}"
        );
        // The last key to quit by, taken by another command.
        let e = parse("[keys]\nquit = \"x\"\nsearch = \"x\"\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.starts_with("keys.quit: "), "{e}");
        let e = parse("[keys]\ncopy = [\"y\", \"ctrl-c\"]\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(
            e.message.contains("keys.copy") && e.message.contains("ctrl-c"),
            "{e}"
        );
    }

    #[test]
    fn ctrl_c_quits_whatever_the_file_binds() {
        let map = parse("[keys]\nquit = \"x\"\n").unwrap().keymap();
        assert_eq!(map.command_for(&Key::ctrl('c')), Some(Command::Quit));
        assert_eq!(map.command_for(&Key::char('x')), Some(Command::Quit));
        assert_eq!(map.command_for(&Key::char('q')), None);
        assert_eq!(map.hint(Command::Quit), Some(Key::char('x')));
    }

    #[test]
    fn at_most_a_megabyte_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.toml");
        let comment = format!("# {}\n", "x".repeat(1021));
        std::fs::write(&big, comment.repeat(1025)).unwrap();
        let e = Config::load(&big, true).unwrap_err();
        assert!(e.message.contains("larger than 1 MiB"), "{e}");
        assert!(!e.to_string().contains('\n'));
        let fits = dir.path().join("fits.toml");
        std::fs::write(&fits, comment.repeat(1024)).unwrap();
        assert!(Config::load(&fits, true).is_ok());
        let e = Config::load(Path::new("/dev/zero"), true).unwrap_err();
        assert!(e.message.contains("larger than"), "{e}");
    }

    #[test]
    fn a_missing_default_file_is_fine_a_named_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.toml");
        assert!(Config::load(&missing, false).is_ok());
        assert!(Config::load(&missing, true).is_err());
    }

    #[test]
    fn default_path_follows_xdg() {
        let env = |k: &str| match k {
            "XDG_CONFIG_HOME" => Some("/x/cfg".to_string()),
            "HOME" => Some("/home/u".to_string()),
            _ => None,
        };
        assert_eq!(
            default_path(env),
            Some(PathBuf::from("/x/cfg/dateline/config.toml"))
        );
        let env = |k: &str| (k == "HOME").then(|| "/home/u".to_string());
        assert_eq!(
            default_path(env),
            Some(PathBuf::from("/home/u/.config/dateline/config.toml"))
        );
    }
}
