use std::process::ExitCode;

/// mimalloc instead of the system allocator: loading and analysing a large collection makes
/// millions of small allocations from worker threads, and glibc's per-thread arenas grow by one
/// `mprotect` call at a time (a sixth of a warm start's time went there).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    dateline::cli::run()
}
