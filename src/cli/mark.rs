//! `dateline mark ID --read/--unread/--star/--unstar`: changes the local reader's marks.

use super::output::Out;
use super::show::find_article;
use super::{CmdResult, Failure, MarkArgs};
use std::process::ExitCode;

pub fn run(args: &MarkArgs) -> CmdResult {
    let corpus = args.collection.load_noting_problems();
    let article = find_article(&corpus, &args.id)?;
    let mut store = args.collection.open_store();
    let fail = |e: crate::store::StoreError| Failure::new(1, e.0);
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
