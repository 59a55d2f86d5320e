//! dateline: a terminal news reader.
//!
//! Data flows one way: files → [`corpus`] (parse, dedup) → analysis → app state → ui. The
//! layers below the drivers are pure and tested without a terminal.

pub mod analysis;
pub mod app;
pub mod cache;
pub mod calendar;
pub mod chars;
pub mod cli;
pub mod collection;
pub mod config;
pub mod corpus;
pub mod driver;
pub mod entity;
pub mod exact;
pub mod hashing;
pub mod lazy;
pub mod ner;
pub mod sanitize;
pub mod serve;
pub mod state;
pub mod ui;
