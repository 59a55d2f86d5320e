//! `dateline [PATH…]`: the reader on a terminal.

use super::{CmdResult, Failure, ReadArgs};
use crate::app::{AppOptions, Effect};
use crate::collection::loader;
use crate::driver::local;
use crate::driver::reader_setup::{load_config, look_for, persist, saved_state};
use crate::state::{Store, local_reader};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

pub fn run(args: &ReadArgs) -> CmdResult {
    let config = load_config(args.config.as_deref(), env)
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
    // Loading starts now and the reader with it: articles stream into the list, and the
    // entities, related stories and threads follow once the analysis is built. Load problems
    // are noted in the status line (stderr is hidden behind the reader's screen).
    let (opening, loader) = loader::start(collection_args.load_request())
        .map_err(|e| Failure::new(1, format!("cannot start loading: {e}")))?;
    let look = look_for(env, &config, args.ascii);
    // The state's warning goes to the status line: stderr is hidden behind the reader's screen.
    let opened = Store::open(&collection_args.state_location(), &local_reader());
    let mut store = opened.store;
    let key = collection_args.collection_key();
    let saved = saved_state(&store, &key);
    let options = AppOptions {
        keymap: Arc::new(config.keymap()),
        marks: saved.marks,
        size: (80, 24),
        resume: saved.resume,
        notice: opened.warning.or(saved.notice),
    };
    let mut persist = |effect: &Effect| persist(&mut store, &key, effect);
    let read = local::run(opening, options, &look, &mut persist);
    // The terminal is the user's again. What the loader has analysed goes into the cache, so the
    // next start carries on from there (a large collection's cache takes a moment to write).
    if !loader.is_finished() {
        let _ = writeln!(std::io::stderr(), "dateline: saving the analysis cache…");
    }
    let stats = loader.finish();
    if std::env::var_os("DATELINE_TIMINGS").is_some() {
        // For benchmarks: when the opening reached each step, as `stories --timings` prints it.
        let steps: Vec<String> = stats
            .timings
            .iter()
            .map(|(what, at)| format!("{what} {:.2}s", at.as_secs_f64()))
            .collect();
        let _ = writeln!(std::io::stderr(), "dateline: {}", steps.join(" · "));
    }
    match read.map_err(|e| Failure::new(1, format!("terminal: {e}")))? {
        Some(signal) => Ok(crate::driver::signals::end_by(signal)),
        None => Ok(ExitCode::SUCCESS),
    }
}
