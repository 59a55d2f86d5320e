#![no_main]
//! The config file: any text is a config or one error, never a panic; a config that parses
//! gives a key map.

use dateline::config::Config;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(config) = Config::parse(text, Path::new("fuzz.toml")) {
        let _ = config.keymap();
        let mut theme = dateline::ui::theme::Theme::new(dateline::ui::theme::ColorDepth::TrueColor);
        config.apply_colors(&mut theme);
    }
});
