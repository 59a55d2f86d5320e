//! Keys to commands. One table serves the key handling, the status-line hints and the help
//! overlay, so what the help says is always what the keys do. The config file overrides entries
//! by command name.

use super::action::Command;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::fmt;

/// A key name the config form does not know.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeymapError {
    /// Neither one character nor a key name, after any `ctrl-`/`alt-`/`shift-` prefixes.
    #[error("unknown key {0:?}")]
    UnknownKey(String),
}

/// One key with its modifiers, as written in the config (`ctrl-d`, `shift-tab`, `G`, `space`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    pub const fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
        }
    }

    pub const fn alt(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: true,
        }
    }

    /// The binding a terminal key event stands for. Shift is folded into the character (`G` is
    /// shift-g) and Shift-Tab arrives as `BackTab`, so shift itself is never compared.
    pub fn from_event(e: &KeyEvent) -> Key {
        let code = match e.code {
            KeyCode::Char(c) if e.modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            other => other,
        };
        Key {
            code,
            ctrl: e.modifiers.contains(KeyModifiers::CONTROL),
            alt: e.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// Parses the config form: optional `ctrl-`/`alt-`/`shift-` prefixes, then a key name or one
    /// character.
    pub fn parse(s: &str) -> Result<Key, KeymapError> {
        let mut rest = s;
        let (mut ctrl, mut alt, mut shift) = (false, false, false);
        loop {
            let lower = rest.to_ascii_lowercase();
            if let Some(r) = strip_any(&lower, &["ctrl-", "c-"]) {
                ctrl = true;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = strip_any(&lower, &["alt-", "m-"]) {
                alt = true;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = strip_any(&lower, &["shift-", "s-"]) {
                shift = true;
                rest = &rest[rest.len() - r.len()..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) if shift => KeyCode::Char(c.to_ascii_uppercase()),
            (Some(c), None) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            (Some(c), None) => KeyCode::Char(c),
            _ => match rest.to_ascii_lowercase().as_str() {
                "space" => KeyCode::Char(' '),
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" if shift => KeyCode::BackTab,
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "backspace" | "bs" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pageup" | "pgup" => KeyCode::PageUp,
                "pagedown" | "pgdn" => KeyCode::PageDown,
                f if f.starts_with('f')
                    && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
                {
                    KeyCode::F(f[1..].parse().unwrap_or(1))
                }
                _ => return Err(KeymapError::UnknownKey(s.to_string())),
            },
        };
        Ok(Key { code, ctrl, alt })
    }
}

fn strip_any<'a>(s: &'a str, prefixes: &[&str]) -> Option<&'a str> {
    prefixes
        .iter()
        .find_map(|p| s.strip_prefix(p))
        .filter(|r| !r.is_empty())
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Up => f.write_str("Up"),
            KeyCode::Down => f.write_str("Down"),
            KeyCode::Left => f.write_str("Left"),
            KeyCode::Right => f.write_str("Right"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The live bindings: an ordered list, so the help and the hints show keys in a stable order.
#[derive(Clone, Debug)]
pub struct Keymap {
    bindings: Vec<(Key, Command)>,
}

impl Default for Keymap {
    fn default() -> Self {
        use Command as C;
        use KeyCode as K;
        let bindings = vec![
            (Key::char('j'), C::Down),
            (Key::plain(K::Down), C::Down),
            (Key::char('k'), C::Up),
            (Key::plain(K::Up), C::Up),
            (Key::char(' '), C::PageDown),
            (Key::plain(K::PageDown), C::PageDown),
            (Key::char('b'), C::PageUp),
            (Key::plain(K::PageUp), C::PageUp),
            (Key::ctrl('d'), C::HalfPageDown),
            (Key::ctrl('u'), C::HalfPageUp),
            (Key::char('g'), C::Top),
            (Key::plain(K::Home), C::Top),
            (Key::char('G'), C::Bottom),
            (Key::plain(K::End), C::Bottom),
            (Key::plain(K::Enter), C::Open),
            (Key::plain(K::Esc), C::Clear),
            (Key::plain(K::Backspace), C::Back),
            (Key::ctrl('o'), C::Back),
            (Key::alt(K::Left), C::Back),
            // Ctrl-i is the same byte as Tab on most terminals, so forward also has a key of its
            // own; with a keyboard protocol that tells them apart, Ctrl-i works too.
            (Key::ctrl('i'), C::Forward),
            (Key::alt(K::Right), C::Forward),
            (Key::char('f'), C::Forward),
            (Key::plain(K::Tab), C::FocusNext),
            (Key::plain(K::BackTab), C::FocusPrev),
            (Key::char('h'), C::FocusLeft),
            (Key::plain(K::Left), C::FocusLeft),
            (Key::char('l'), C::FocusRight),
            (Key::plain(K::Right), C::FocusRight),
            (Key::char('1'), C::FocusList),
            (Key::char('2'), C::FocusArticle),
            (Key::char('3'), C::FocusDetails),
            (Key::char('e'), C::FocusEntities),
            (Key::char('r'), C::FocusRelated),
            (Key::char('/'), C::Search),
            (Key::char('n'), C::NextMatch),
            (Key::char('N'), C::PrevMatch),
            (Key::char(']'), C::NextInStory),
            (Key::char('['), C::PrevInStory),
            (Key::char('o'), C::ToggleSort),
            (Key::char('m'), C::ToggleRead),
            (Key::char('*'), C::ToggleStar),
            (Key::char('u'), C::MarksFilter),
            (Key::char('y'), C::Copy),
            (Key::char('?'), C::Help),
            (Key::char('q'), C::Quit),
            (Key::ctrl('c'), C::Quit),
        ];
        Keymap { bindings }
    }
}

impl Keymap {
    pub fn command_for(&self, key: &Key) -> Option<Command> {
        self.bindings
            .iter()
            .find(|(k, _)| k == key)
            .map(|&(_, c)| c)
    }

    /// The keys bound to `command`, in table order.
    pub fn keys_for(&self, command: Command) -> impl Iterator<Item = Key> + '_ {
        self.bindings
            .iter()
            .filter(move |(_, c)| *c == command)
            .map(|&(k, _)| k)
    }

    /// The key to show in a hint: the first one bound.
    pub fn hint(&self, command: Command) -> Option<Key> {
        self.keys_for(command).next()
    }

    /// Replaces every binding of `command` with `keys`; a key taken from another command leaves
    /// that command (a key means one thing).
    pub fn rebind(&mut self, command: Command, keys: &[Key]) {
        self.bindings
            .retain(|(k, c)| *c != command && !keys.contains(k));
        self.bindings.extend(keys.iter().map(|&k| (k, command)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_config_forms() {
        assert_eq!(Key::parse("ctrl-d"), Ok(Key::ctrl('d')));
        assert_eq!(Key::parse("C-D"), Ok(Key::ctrl('d')));
        assert_eq!(Key::parse("G"), Ok(Key::char('G')));
        assert_eq!(Key::parse("shift-g"), Ok(Key::char('G')));
        assert_eq!(Key::parse("shift-tab"), Ok(Key::plain(KeyCode::BackTab)));
        assert_eq!(Key::parse("space"), Ok(Key::char(' ')));
        assert_eq!(Key::parse("-"), Ok(Key::char('-')));
        assert_eq!(Key::parse("alt-left"), Ok(Key::alt(KeyCode::Left)));
        assert_eq!(Key::parse("f5"), Ok(Key::plain(KeyCode::F(5))));
        let unknown = |s: &str| Err(KeymapError::UnknownKey(s.into()));
        assert_eq!(Key::parse("hyper-x"), unknown("hyper-x"));
        assert_eq!(Key::parse(""), unknown(""));
        assert_eq!(
            Key::parse("ctrl-").unwrap_err().to_string(),
            "unknown key \"ctrl-\""
        );
    }

    #[test]
    fn shifted_letters_and_control_keys_match_events() {
        let ev = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&ev), Key::char('G'));
        let ev = KeyEvent::new(
            KeyCode::Char('D'),
            KeyModifiers::CONTROL | KeyModifiers::SHIFT,
        );
        assert_eq!(Key::from_event(&ev), Key::ctrl('d'));
    }

    #[test]
    fn rebinding_moves_a_key_between_commands() {
        let mut map = Keymap::default();
        map.rebind(Command::Quit, &[Key::char('x')]);
        assert_eq!(map.command_for(&Key::char('x')), Some(Command::Quit));
        assert_eq!(map.command_for(&Key::char('q')), None);
        map.rebind(Command::Top, &[Key::char('j')]);
        assert_eq!(map.command_for(&Key::char('j')), Some(Command::Top));
        assert_eq!(
            map.keys_for(Command::Down).count(),
            1,
            "only Down arrow left"
        );
    }

    #[test]
    fn every_command_has_a_default_key() {
        let map = Keymap::default();
        for c in Command::ALL {
            assert!(map.hint(c).is_some(), "{c:?} unbound");
        }
    }
}
