//! `dateline serve`: the reader over SSH for many people at once. One shared, already-analysed
//! collection; each connection gets its own reader (selection, filters, history, size, colours,
//! marks) on its own thread.
//!
//! Layers: [`server`] speaks SSH (russh) and enforces access and limits; [`session`] turns one
//! channel into a byte stream in and frames out; [`program`] is the boundary a reader plugs into;
//! [`input`] parses the client's bytes into key events; [`backend`] draws for a remote terminal.

pub mod access;
pub mod authorized_keys;
pub mod backend;
pub mod from;
pub mod hostkey;
pub mod input;
pub mod limits;
pub mod program;
pub mod reader;
pub mod server;
pub mod session;
pub mod source_names;
