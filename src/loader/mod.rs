//! Opening a collection in the background: files (or the analysis cache) become articles that
//! stream into the readers' list, then the per-article analysis and the collection's indexes are
//! built on worker threads, all of it published through an [`Opening`] with its progress.

use crate::analysis::Analysis;
use crate::app::Collection;
use crate::corpus::{LoadOptions, load_embedded, load_paths_with_progress};
use crate::opening::{Opening, Progress, Stage};
use std::path::PathBuf;
use std::sync::Arc;

/// What to open and how.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// Files and folders; none: the embedded seeds.
    pub paths: Vec<PathBuf>,
    pub load: LoadOptions,
    /// The analysis cache's folder; `None` keeps no cache (`--no-cache`).
    pub cache_dir: Option<PathBuf>,
}

/// Starts opening `request` on background threads and returns at once; the returned
/// [`Opening`] fills in as the work proceeds.
pub fn start(request: Request) -> std::io::Result<Arc<Opening>> {
    let opening = Opening::start();
    let publish = Arc::clone(&opening);
    std::thread::Builder::new()
        .name("loader".into())
        .spawn(move || run(&request, &publish))?;
    Ok(opening)
}

/// Opens `request` on this thread, publishing each step to `opening`.
pub fn run(request: &Request, opening: &Opening) {
    let corpus = if request.paths.is_empty() {
        load_embedded()
    } else {
        load_paths_with_progress(&request.paths, request.load, &|done, total| {
            if done % 256 == 0 || done == total {
                opening.publish_progress(Progress {
                    stage: Stage::Loading,
                    done,
                    total,
                    problem: None,
                });
            }
        })
    };
    let total = corpus.articles.len();
    let collection = Arc::new(Collection::new(corpus));
    opening.publish_collection(Arc::clone(&collection));
    opening.publish_progress(Progress {
        stage: Stage::Analysing,
        done: 0,
        total,
        problem: None,
    });
    let analysis = Analysis::build(&collection.corpus);
    opening.publish_analysis(Arc::new(analysis));
}
