//! Drivers: where events come from and where frames go. [`event_loop::run`] is the one loop,
//! generic over the ratatui backend and the source of input events, so the local terminal and
//! each SSH session run the same code with their own input and size.

pub mod clipboard;
pub mod event_loop;
pub mod local;
pub mod opening_watch;
pub mod reader_setup;
#[cfg(any(test, feature = "test-support"))]
pub mod recording;
pub mod signals;
pub mod terminal_guard;

pub use event_loop::{EventSource, FrameOutput, run};
