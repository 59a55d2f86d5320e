//! `dateline mark ID --read/--unread/--star/--unstar`: changes the local reader's marks.
//!
//! It exists to save: when the change cannot reach the state file (damaged, read-only, of
//! another program, a full disk), it fails with the reason instead of marking in memory.

use super::output::Out;
use super::show::find_article;
use super::{CmdResult, Failure, MarkArgs};
use crate::state::{StateLocation, Store, local_reader};
use std::process::ExitCode;

pub fn run(args: &MarkArgs) -> CmdResult {
    let corpus = args.collection.load_noting_problems();
    let article = find_article(&corpus, &args.id)?;
    let location = args.collection.state_location();
    if location == StateLocation::Memory && !args.collection.no_state {
        return Err(Failure::new(
            1,
            "mark not saved: no place for the state file (neither HOME nor XDG_DATA_HOME is set; use --state PATH)",
        ));
    }
    let opened = Store::open(&location, &local_reader());
    if let Some(why) = opened.not_saved {
        return Err(Failure::new(1, format!("mark not saved: {why}")));
    }
    let mut store = opened.store;
    let fail = |e: crate::state::StoreError| Failure::new(1, e.0);
    if args.read || args.unread {
        store.set_read(article.id, args.read).map_err(fail)?;
    }
    if args.star || args.unstar {
        store.set_starred(article.id, args.star).map_err(fail)?;
    }
    let mark = store
        .marks()
        .map_err(fail)?
        .get(&article.id)
        .copied()
        .unwrap_or_default();
    let mut out = Out::new();
    out.line(&format!(
        "{}  {}, {}  {}",
        article.id,
        if mark.read { "read" } else { "unread" },
        if mark.starred {
            "starred"
        } else {
            "not starred"
        },
        article.title
    ))?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
