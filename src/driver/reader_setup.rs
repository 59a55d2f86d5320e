//! What every driver does to start a reader and keep its state: pick the config file, choose the
//! look for the terminal at hand, load a reader's marks and last position from the store, and
//! carry out the effects that change them. Shared by the local terminal and each SSH session.

use crate::app::{Effect, Marks};
use crate::config::{self, Config, ConfigError};
use crate::corpus::ArticleId;
use crate::state::{Position, Store, StoreError};
use crate::ui::Look;
use crate::ui::symbols::Symbols;
use crate::ui::theme::{ColorDepth, Theme};
use std::path::Path;

/// The config named on the command line (which must exist), else the default file if present.
pub fn load_config(
    named: Option<&Path>,
    var: impl Fn(&str) -> Option<String>,
) -> Result<Config, ConfigError> {
    match (named, config::default_path(var)) {
        (Some(path), _) => Config::load(path, true),
        (None, Some(path)) => Config::load(&path, false),
        (None, None) => Ok(Config::default()),
    }
}

/// Colours and characters for a terminal described by `var` (its environment: `TERM`,
/// `COLORTERM`, `NO_COLOR`, the locale), with the config's colours on top.
pub fn look_for(var: impl Fn(&str) -> Option<String> + Copy, config: &Config, ascii: bool) -> Look {
    let mut theme = Theme::new(ColorDepth::detect(var));
    config.apply_colors(&mut theme);
    let symbols = if ascii || config.ascii {
        Symbols::ASCII
    } else {
        Symbols::detect(var)
    };
    Look { theme, symbols }
}

/// A reader's marks and where they left off in `collection`, plus a line for the status bar when
/// the store could not be read.
pub struct SavedState {
    pub marks: Marks,
    pub resume: Option<(ArticleId, u32)>,
    pub notice: Option<String>,
}

pub fn saved_state(store: &Store, collection: &str) -> SavedState {
    let mut marks = Marks::default();
    let mut notice = None;
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
    let resume = store
        .position(collection)
        .ok()
        .flatten()
        .map(|p| (p.article, p.scroll));
    SavedState {
        marks,
        resume,
        notice,
    }
}

/// Carries out one stored-state effect; an error is one line for the status bar.
pub fn persist(store: &mut Store, collection: &str, effect: &Effect) -> Result<(), StoreError> {
    match *effect {
        Effect::MarkRead(id, read) => store.set_read(id, read),
        Effect::MarkStarred(id, starred) => store.set_starred(id, starred),
        Effect::SavePosition { article, scroll } => {
            store.save_position(collection, Position { article, scroll })
        }
        Effect::Copy(_) | Effect::Quit => Ok(()),
    }
}
