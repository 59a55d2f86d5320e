//! Borders and marks, in Unicode or plain ASCII (for `--ascii` and terminals whose locale is not
//! UTF-8, where box-drawing characters turn into garbage).

use ratatui::symbols::border;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Symbols {
    pub ascii: bool,
    pub border: border::Set<'static>,
    pub cursor: &'static str,
    pub unread: &'static str,
    pub star: &'static str,
    pub ellipsis: &'static str,
    pub sep: &'static str,
    pub link: &'static str,
    pub prompt_caret: &'static str,
}

const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Symbols {
    pub const UNICODE: Symbols = Symbols {
        ascii: false,
        border: border::PLAIN,
        cursor: "▸",
        unread: "●",
        star: "★",
        ellipsis: "…",
        sep: "·",
        link: "→",
        prompt_caret: "▏",
    };

    pub const ASCII: Symbols = Symbols {
        ascii: true,
        border: ASCII_BORDER,
        cursor: ">",
        unread: "*",
        star: "+",
        ellipsis: "...",
        sep: "-",
        link: ">",
        prompt_caret: "_",
    };

    /// Unicode when the locale's character set is UTF-8 (`LC_ALL`, then `LC_CTYPE`, then `LANG`,
    /// the first that is set decides, as in C's `setlocale`).
    pub fn detect(var: impl Fn(&str) -> Option<String>) -> Symbols {
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
            .iter()
            .find_map(|k| var(k).filter(|v| !v.is_empty()))
            .unwrap_or_default()
            .to_ascii_lowercase();
        if locale.contains("utf-8") || locale.contains("utf8") {
            Symbols::UNICODE
        } else {
            Symbols::ASCII
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_decides() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert!(!Symbols::detect(env(&[("LANG", "en_GB.UTF-8")])).ascii);
        assert!(!Symbols::detect(env(&[("LC_ALL", "C.utf8"), ("LANG", "C")])).ascii);
        assert!(Symbols::detect(env(&[("LC_ALL", "C"), ("LANG", "en_GB.UTF-8")])).ascii);
        assert!(Symbols::detect(env(&[("LANG", "en_US.ISO-8859-1")])).ascii);
        assert!(Symbols::detect(env(&[])).ascii);
    }
}
