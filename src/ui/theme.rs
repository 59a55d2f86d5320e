//! Colours and text attributes. The default uses the 16 named colours, which every terminal maps
//! to its own palette and so read well on dark and light backgrounds alike; 256 colours and
//! truecolor are used only when the terminal says it has them; `NO_COLOR` gives a monochrome theme
//! that still tells entity kinds apart with bold, underline, italic and reverse.

use crate::entity::EntityKind;
use ratatui::style::{Color, Modifier, Style};

/// How many colours the terminal can show.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ColorDepth {
    Mono,
    Ansi16,
    Ansi256,
    TrueColor,
}

impl ColorDepth {
    /// Decides from the environment as the terminal reports it (`NO_COLOR`, `COLORTERM`, `TERM`).
    /// `var` looks a variable up, so an SSH session can pass its client's values.
    pub fn detect(var: impl Fn(&str) -> Option<String>) -> ColorDepth {
        if var("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return ColorDepth::Mono;
        }
        let term = var("TERM").unwrap_or_default();
        if term == "dumb" {
            return ColorDepth::Mono;
        }
        let colorterm = var("COLORTERM").unwrap_or_default().to_ascii_lowercase();
        if colorterm == "truecolor" || colorterm == "24bit" {
            ColorDepth::TrueColor
        } else if term.contains("256color") || term.contains("direct") {
            ColorDepth::Ansi256
        } else {
            ColorDepth::Ansi16
        }
    }
}

/// A colour the theme cannot take.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ThemeError {
    /// The name is neither a part of the theme nor an entity kind.
    #[error("unknown theme colour {name:?} (known: {})", Theme::color_names().join(", "))]
    UnknownColour { name: String },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    pub depth: ColorDepth,
    pub border: Style,
    pub border_focus: Style,
    pub pane_title: Style,
    pub heading: Style,
    pub meta: Style,
    pub body: Style,
    pub caption: Style,
    pub link: Style,
    pub link_missing: Style,
    pub update_line: Style,
    pub date: Style,
    pub unread: Style,
    pub star: Style,
    /// The list or sidebar row under the cursor, in the focused pane and elsewhere.
    pub cursor_focus: Style,
    pub cursor_idle: Style,
    pub search_match: Style,
    /// The match or mention `n`/`N` last went to, and the selected entity.
    pub current: Style,
    pub status: Style,
    pub status_key: Style,
    pub notice: Style,
    pub chip: Style,
    pub tab_active: Style,
    pub tab_idle: Style,
    entities: [Style; 6],
}

fn kind_index(kind: EntityKind) -> usize {
    EntityKind::ALL.iter().position(|&k| k == kind).unwrap_or(0)
}

impl Theme {
    pub fn new(depth: ColorDepth) -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let dim = Style::new().add_modifier(Modifier::DIM);
        let italic = Style::new().add_modifier(Modifier::ITALIC);
        let underline = Style::new().add_modifier(Modifier::UNDERLINED);
        let reverse = Style::new().add_modifier(Modifier::REVERSED);
        if depth == ColorDepth::Mono {
            return Theme {
                depth,
                border: dim,
                border_focus: bold,
                pane_title: bold,
                heading: bold,
                meta: dim,
                body: Style::new(),
                caption: italic.add_modifier(Modifier::DIM),
                link: underline,
                link_missing: dim,
                update_line: dim,
                date: dim,
                unread: bold,
                star: bold,
                cursor_focus: reverse,
                cursor_idle: underline,
                search_match: reverse,
                current: reverse.add_modifier(Modifier::BOLD),
                status: reverse,
                status_key: reverse.add_modifier(Modifier::BOLD),
                notice: reverse.add_modifier(Modifier::BOLD),
                chip: bold,
                tab_active: reverse.add_modifier(Modifier::BOLD),
                tab_idle: Style::new(),
                // Kinds apart without colour: person bold, place underlined, org both,
                // group bold italic, date italic underlined, other italic.
                entities: [
                    bold,
                    underline,
                    bold.add_modifier(Modifier::UNDERLINED),
                    bold.add_modifier(Modifier::ITALIC),
                    italic.add_modifier(Modifier::UNDERLINED),
                    italic,
                ],
            };
        }
        let pick = |c16: Color, c256: u8, rgb: (u8, u8, u8)| match depth {
            ColorDepth::TrueColor => Color::Rgb(rgb.0, rgb.1, rgb.2),
            ColorDepth::Ansi256 => Color::Indexed(c256),
            _ => c16,
        };
        // Mid-luminance hues: legible on black and on white backgrounds.
        let accent = pick(Color::Blue, 32, (38, 128, 200));
        let person = pick(Color::Magenta, 170, (200, 90, 190));
        let place = pick(Color::Green, 71, (70, 160, 80));
        let org = pick(Color::Blue, 68, (80, 125, 215));
        let group = pick(Color::Red, 166, (215, 100, 30));
        let date = pick(Color::Cyan, 37, (20, 160, 160));
        let misc = pick(Color::Yellow, 136, (170, 140, 20));
        let fg = |c: Color| Style::new().fg(c);
        Theme {
            depth,
            border: dim,
            border_focus: fg(accent),
            pane_title: bold,
            heading: bold,
            meta: dim,
            body: Style::new(),
            caption: italic.add_modifier(Modifier::DIM),
            link: fg(accent).add_modifier(Modifier::UNDERLINED),
            link_missing: dim,
            update_line: dim,
            date: dim,
            unread: fg(accent).add_modifier(Modifier::BOLD),
            star: fg(group),
            cursor_focus: reverse,
            cursor_idle: bold.add_modifier(Modifier::UNDERLINED),
            search_match: Style::new()
                .bg(pick(Color::Yellow, 186, (240, 220, 120)))
                .fg(Color::Black),
            current: reverse.add_modifier(Modifier::BOLD),
            status: reverse,
            status_key: reverse.add_modifier(Modifier::BOLD),
            notice: fg(accent).add_modifier(Modifier::BOLD | Modifier::REVERSED),
            chip: fg(accent).add_modifier(Modifier::BOLD),
            tab_active: fg(accent).add_modifier(Modifier::BOLD | Modifier::REVERSED),
            tab_idle: dim,
            entities: [
                fg(person),
                fg(place),
                fg(org),
                fg(group),
                fg(date),
                fg(misc),
            ],
        }
    }

    pub fn entity(&self, kind: EntityKind) -> Style {
        self.entities[kind_index(kind)]
    }

    /// Applies a colour from the config to a named part. Unknown names are refused (the config
    /// loader reports them with their line).
    pub fn set_color(&mut self, name: &str, color: Color) -> Result<(), ThemeError> {
        if self.depth == ColorDepth::Mono {
            // NO_COLOR wins over any configured colour.
            return Ok(());
        }
        let fg = |s: &mut Style| *s = s.fg(color);
        match name {
            "accent" => {
                fg(&mut self.border_focus);
                fg(&mut self.chip);
                fg(&mut self.unread);
            }
            "link" => fg(&mut self.link),
            "match" => self.search_match = self.search_match.bg(color),
            "border" => fg(&mut self.border),
            other => match EntityKind::ALL.iter().find(|k| k.label() == other) {
                Some(&k) => fg(&mut self.entities[kind_index(k)]),
                None => {
                    return Err(ThemeError::UnknownColour {
                        name: other.to_string(),
                    });
                }
            },
        }
        Ok(())
    }

    pub fn color_names() -> Vec<&'static str> {
        let mut names = vec!["accent", "link", "match", "border"];
        names.extend(EntityKind::ALL.iter().map(|k| k.label()));
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn depth_follows_what_the_terminal_says() {
        assert_eq!(
            ColorDepth::detect(env(&[("TERM", "xterm")])),
            ColorDepth::Ansi16
        );
        assert_eq!(
            ColorDepth::detect(env(&[("TERM", "xterm-256color")])),
            ColorDepth::Ansi256
        );
        assert_eq!(
            ColorDepth::detect(env(&[("TERM", "xterm"), ("COLORTERM", "truecolor")])),
            ColorDepth::TrueColor
        );
        assert_eq!(
            ColorDepth::detect(env(&[("TERM", "xterm-256color"), ("NO_COLOR", "1")])),
            ColorDepth::Mono
        );
        assert_eq!(
            ColorDepth::detect(env(&[("NO_COLOR", "")])),
            ColorDepth::Ansi16,
            "empty NO_COLOR is unset"
        );
        assert_eq!(ColorDepth::detect(env(&[])), ColorDepth::Ansi16);
    }

    #[test]
    fn mono_tells_every_kind_apart_without_colour() {
        let t = Theme::new(ColorDepth::Mono);
        for (i, a) in EntityKind::ALL.iter().enumerate() {
            assert_eq!(t.entity(*a).fg, None);
            for b in &EntityKind::ALL[i + 1..] {
                assert_ne!(t.entity(*a), t.entity(*b), "{a:?} and {b:?} look the same");
            }
        }
    }

    #[test]
    fn colour_themes_give_every_kind_its_own_colour() {
        for depth in [
            ColorDepth::Ansi16,
            ColorDepth::Ansi256,
            ColorDepth::TrueColor,
        ] {
            let t = Theme::new(depth);
            let mut seen: Vec<_> = EntityKind::ALL.iter().map(|&k| t.entity(k).fg).collect();
            seen.sort_by_key(|c| format!("{c:?}"));
            seen.dedup();
            assert_eq!(seen.len(), EntityKind::ALL.len(), "{depth:?}");
        }
    }

    #[test]
    fn an_unknown_colour_name_is_refused_with_the_known_ones() {
        let mut t = Theme::new(ColorDepth::Ansi16);
        assert_eq!(t.set_color("person", Color::Red), Ok(()));
        let e = t.set_color("blurple", Color::Red).unwrap_err();
        assert_eq!(
            e,
            ThemeError::UnknownColour {
                name: "blurple".into()
            }
        );
        assert_eq!(
            e.to_string(),
            "unknown theme colour \"blurple\" (known: accent, link, match, border, person, place, org, group, date, misc)"
        );
    }
}
