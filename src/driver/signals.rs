//! The signals that end a process by default end the local reader through its normal path, so
//! the terminal guard restores the screen: a handler only notes the signal, and the input loop
//! checks for it. Once the terminal is the user's again, the process ends as that signal would
//! have ended it, so a shell or script sees the usual status (128 + the signal's number).
//!
//! Left alone: SIGPIPE, which Rust programs ignore (a closed pipe is a write error instead), the
//! stop signals (SIGTSTP and friends stop, they do not end), and the faults (SIGSEGV, SIGBUS,
//! SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS), after which nothing can be trusted to run; a panic
//! restores the terminal through its hook.

use signal_hook::consts::signal::{
    SIGALRM, SIGHUP, SIGINT, SIGPROF, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGVTALRM, SIGXCPU,
    SIGXFSZ,
};
use std::io;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Every signal whose default action ends the process and that can arrive from outside.
pub const ENDING: [i32; 11] = [
    SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU,
    SIGXFSZ,
];

/// Of [`ENDING`], those whose default action also dumps core: after a clean shutdown there is
/// nothing worth a core file, so these end with the status alone.
const DUMPS_CORE: [i32; 3] = [SIGQUIT, SIGXCPU, SIGXFSZ];

/// The signal that asked the reader to stop (0: none yet).
#[derive(Clone, Debug)]
pub struct StopFlag {
    signal: Arc<AtomicUsize>,
    /// Set once the terminal is restored: from then on a further signal takes its default action
    /// at once (a second Ctrl-C while the analysis cache is being saved).
    restored: Arc<AtomicBool>,
}

impl StopFlag {
    pub fn install() -> io::Result<StopFlag> {
        let flag = StopFlag {
            signal: Arc::new(AtomicUsize::new(0)),
            restored: Arc::new(AtomicBool::new(false)),
        };
        for signal in ENDING {
            // The default action must be registered first: it runs before the note is taken.
            signal_hook::flag::register_conditional_default(signal, Arc::clone(&flag.restored))?;
            signal_hook::flag::register_usize(signal, Arc::clone(&flag.signal), signal as usize)?;
        }
        Ok(flag)
    }

    pub fn is_set(&self) -> bool {
        self.received().is_some()
    }

    /// The signal that arrived, if one did.
    pub fn received(&self) -> Option<i32> {
        match self.signal.load(Ordering::SeqCst) {
            0 => None,
            n => i32::try_from(n).ok(),
        }
    }

    /// Calls `wake` on a thread of its own whenever one of the [`ENDING`] signals arrives (the
    /// flag is set by then), so a loop waiting for input notices the signal at once. The thread
    /// ends when the returned handle is closed.
    pub fn wake_on_signal(
        &self,
        wake: impl Fn() + Send + 'static,
    ) -> io::Result<signal_hook::iterator::Handle> {
        let mut signals = signal_hook::iterator::Signals::new(ENDING)?;
        let handle = signals.handle();
        std::thread::Builder::new()
            .name("signal wake".into())
            .spawn(move || {
                for _ in signals.forever() {
                    wake();
                }
            })?;
        Ok(handle)
    }

    /// The terminal is restored: a further signal needs no shutdown of ours.
    pub fn terminal_restored(&self) {
        self.restored.store(true, Ordering::SeqCst);
    }
}

/// Ends the process as `signal` would have, after the shutdown it asked for: by the signal itself
/// (its default action), or for the core-dumping ones by the status a shell shows for them. The
/// returned code is the fallback should the signal not end the process.
pub fn end_by(signal: i32) -> ExitCode {
    if !DUMPS_CORE.contains(&signal) {
        let _ = signal_hook::low_level::emulate_default_handler(signal);
    }
    ExitCode::from(status(signal))
}

/// The status a shell reports for a process ended by `signal`.
fn status(signal: i32) -> u8 {
    128u8.saturating_add(u8::try_from(signal).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_the_shells() {
        assert_eq!(status(SIGQUIT), 131);
        assert_eq!(status(SIGTERM), 143);
        assert!(DUMPS_CORE.iter().all(|s| ENDING.contains(s)));
    }
}
