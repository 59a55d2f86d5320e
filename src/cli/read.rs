//! `dateline [PATH…]`: the reader on a terminal.

use super::{CmdResult, Failure, ReadArgs};
use crate::analysis::Analysis;
use crate::app::{AppOptions, Collection, Effect, Marks};
use crate::config::{self, Config};
use crate::driver::local;
use crate::store::{Position, Store, local_reader};
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
    // The state's warning goes to the status line: stderr is hidden behind the reader's screen.
    let opened = Store::open(&collection_args.state_location(), &local_reader());
    let mut store = opened.store;
    let mut notice = opened.warning;
    let mut marks = Marks::default();
    match store.marks() {
        Ok(all) => {
            for (id, mark) in all {
                if mark.read {
                    marks.read.insert(id);
                }
                if mark.starred {
                    marks.starred.insert(id);
                }
            }
        }
        Err(e) => notice = Some(e.to_string()),
    }
    let key = collection_args.collection_key();
    let resume = store
        .position(&key)
        .ok()
        .flatten()
        .map(|p| (p.article, p.scroll));
    let options = AppOptions {
        keymap: Arc::new(config.keymap()),
        marks,
        size: (80, 24),
        resume,
        notice,
        analysis: Some(Arc::new(Analysis::build(&corpus))),
    };
    let mut persist = |effect: &Effect| {
        match *effect {
            Effect::MarkRead(id, read) => store.set_read(id, read),
            Effect::MarkStarred(id, starred) => store.set_starred(id, starred),
            Effect::SavePosition { article, scroll } => {
                store.save_position(&key, Position { article, scroll })
            }
            Effect::Copy(_) | Effect::Quit => Ok(()),
        }
        .map_err(|e| e.to_string())
    };
    local::run(
        Arc::new(Collection::new(corpus)),
        options,
        &look,
        &mut persist,
    )
    .map_err(|e| Failure::new(1, format!("terminal: {e}")))?;
    Ok(ExitCode::SUCCESS)
}
