//! The command line: argument definitions and dispatch. Each subcommand lives in its own file and
//! prints through [`output::Out`].

mod check;
mod collection;
mod list;
mod ner;
pub mod output;
mod show;

use clap::{Args, Parser, Subcommand};
pub use collection::CollectionArgs;
use std::io;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "dateline",
    version,
    about = "A terminal news reader: articles, the people, places and organisations they name, and related stories",
    args_conflicts_with_subcommands = true,
    after_help = "With no command, opens the reader on PATHs (or on the built-in seed articles)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub collection: CollectionArgs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// List the articles, newest first.
    List(ListArgs),
    /// Print one article, wrapped to the terminal.
    Show(ShowArgs),
    /// Load a collection and report every skipped file, warning and duplicate.
    Check(CheckArgs),
    /// Recognise entities in text on stdin: one JSON line per mention (byte offsets into stdin).
    Ner(NerArgs),
}

#[derive(Args, Debug)]
pub struct ListArgs {
    #[command(flatten)]
    pub collection: CollectionArgs,
    /// One JSON object per line instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// The article's id (any unique prefix of at least 4 digits).
    pub id: String,
    #[command(flatten)]
    pub collection: CollectionArgs,
    /// The whole article model as JSON.
    #[arg(long)]
    pub json: bool,
    /// Wrap to this many columns (default: the terminal's width, or 80).
    #[arg(long, value_name = "N")]
    pub width: Option<usize>,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub collection: CollectionArgs,
    /// The report as one JSON object.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct NerArgs {
    /// The article's date, to resolve weekdays ("Saturday") and dates without a year.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<chrono::NaiveDate>,
}

/// A failure to report: one line on stderr and an exit code.
pub struct Failure {
    pub message: String,
    pub code: u8,
}

impl Failure {
    pub fn new(code: u8, message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            code,
        }
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::new(1, format!("output failed: {e}"))
    }
}

pub type CmdResult = Result<ExitCode, Failure>;

/// Parses the arguments and runs the command. Usage errors exit 2, failures 1.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Some(Command::List(args)) => list::run(&args),
        Some(Command::Show(args)) => show::run(&args),
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Ner(args)) => ner::run(&args),
        None => list::run(&ListArgs {
            collection: cli.collection,
            json: false,
        }),
    };
    match result {
        Ok(code) => code,
        // A reader that closed the pipe (`| head`) has all it wanted.
        Err(f) if f.message.contains("Broken pipe") => ExitCode::SUCCESS,
        Err(f) => {
            output::error_line(&f.message);
            ExitCode::from(f.code)
        }
    }
}
