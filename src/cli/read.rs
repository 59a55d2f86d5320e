//! `dateline [PATH…]`: the reader on a terminal.

use super::{CmdResult, Failure, ReadArgs};
use crate::app::{AppOptions, Collection, Marks};
use crate::config::{self, Config};
use crate::driver::local;
use crate::ui::Look;
use crate::ui::symbols::Symbols;
use crate::ui::theme::{ColorDepth, Theme};
use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

pub fn run(args: &ReadArgs) -> CmdResult {
    let config = match (&args.config, config::default_path(env)) {
        (Some(path), _) => Config::load(path, true),
        (None, Some(path)) => Config::load(&path, false),
        (None, None) => Ok(Config::default()),
    }
    .map_err(|e| Failure::new(2, format!("config: {e}")))?;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(Failure::new(
            1,
            "the reader needs a terminal (for scripts: dateline list, dateline show ID)",
        ));
    }
    let mut collection_args = args.collection.clone();
    if collection_args.paths.is_empty() {
        collection_args.paths.clone_from(&config.paths);
    }
    let corpus = collection_args.load_noting_problems();
    let mut theme = Theme::new(ColorDepth::detect(env));
    config.apply_colors(&mut theme);
    let symbols = if args.ascii || config.ascii {
        Symbols::ASCII
    } else {
        Symbols::detect(env)
    };
    let look = Look { theme, symbols };
    let options = AppOptions {
        keymap: Arc::new(config.keymap()),
        marks: Marks::default(),
        size: (80, 24),
    };
    // Read and starred marks live for the session until the state store (issue 6) persists
    // these effects; nothing else is lost by dropping them here.
    let mut persist = |_: &crate::app::Effect| {};
    local::run(
        Arc::new(Collection::new(corpus)),
        options,
        &look,
        &mut persist,
    )
    .map_err(|e| Failure::new(1, format!("terminal: {e}")))?;
    Ok(ExitCode::SUCCESS)
}
