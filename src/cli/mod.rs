//! The command line: argument definitions and dispatch. Each subcommand lives in its own file and
//! prints through [`output::Out`].

mod article_arg;
mod check;
mod collection;
mod entities;
mod explain;
mod list;
mod mark;
mod ner;
pub mod output;
pub mod progress;
mod read;
mod related;
mod serve;
mod show;
mod stories;

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
    pub read: ReadArgs,
}

/// The reader's options (the command line without a subcommand).
#[derive(Args, Debug)]
pub struct ReadArgs {
    #[command(flatten)]
    pub collection: CollectionArgs,
    /// Plain ASCII borders and marks (the default when the locale is not UTF-8).
    #[arg(long)]
    pub ascii: bool,
    /// The config file (default: $XDG_CONFIG_HOME/dateline/config.toml).
    #[arg(long, value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// List the articles, newest first.
    List(ListArgs),
    /// Print one article, wrapped to the terminal.
    Show(ShowArgs),
    /// Load a collection and report every skipped file, warning and duplicate.
    Check(CheckArgs),
    /// Mark an article read or unread, starred or not.
    Mark(MarkArgs),
    /// The articles related to one article (or to each, with --all), with why.
    Related(RelatedArgs),
    /// The collection grouped into story threads.
    Stories(StoriesArgs),
    /// One article's entities, or the collection's ranked by the articles mentioning them.
    Entities(EntitiesArgs),
    /// Recognise entities in text on stdin: one JSON line per mention (byte offsets into stdin).
    Ner(NerArgs),
    /// Serve the reader over SSH to everyone allowed in.
    Serve(ServeArgs),
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    pub read: ReadArgs,
    /// Address and port to listen on.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:2222")]
    pub listen: std::net::SocketAddr,
    /// Let anyone in without credentials (public reading; marks are per claimed user name).
    #[arg(long, conflicts_with = "authorized_keys")]
    pub open: bool,
    /// Public keys allowed in, OpenSSH format (default: ~/.ssh/authorized_keys).
    #[arg(long, value_name = "FILE")]
    pub authorized_keys: Option<std::path::PathBuf>,
    /// The server's ed25519 host key, created if missing (default: $XDG_DATA_HOME/dateline/host_ed25519).
    #[arg(long, value_name = "FILE")]
    pub host_key: Option<std::path::PathBuf>,
    /// Readers at once, in all.
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub max_sessions: usize,
    /// Readers at once from one address.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub max_per_ip: usize,
    /// End a session after this long without a key (e.g. 30m, 90s).
    #[arg(long, value_name = "DURATION", default_value = "30m", value_parser = serve::parse_duration)]
    pub idle_timeout: std::time::Duration,
    /// Time to connect and authenticate.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = serve::parse_duration)]
    pub auth_timeout: std::time::Duration,
    /// Bytes waiting for a slow client before frames are dropped for one full repaint.
    #[arg(long, value_name = "SIZE", default_value = "1M", value_parser = collection::parse_size)]
    pub output_cap: u64,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    #[command(flatten)]
    pub collection: CollectionArgs,
    /// One JSON object per line instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Only articles not yet read.
    #[arg(long)]
    pub unread: bool,
    /// Only starred articles.
    #[arg(long)]
    pub starred: bool,
}

#[derive(Args, Debug)]
#[command(group = clap::ArgGroup::new("change").required(true).multiple(true))]
pub struct MarkArgs {
    /// The article's id (any unique prefix of at least 4 digits).
    pub id: String,
    #[command(flatten)]
    pub collection: CollectionArgs,
    /// Mark it read.
    #[arg(long, group = "change", conflicts_with = "unread")]
    pub read: bool,
    /// Mark it unread.
    #[arg(long, group = "change")]
    pub unread: bool,
    /// Star it.
    #[arg(long, group = "change", conflicts_with = "unstar")]
    pub star: bool,
    /// Remove its star.
    #[arg(long, group = "change")]
    pub unstar: bool,
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
pub struct RelatedArgs {
    /// The article's id (a unique prefix of at least 4 hex digits). With --all: the first PATH.
    pub id: Option<String>,
    #[command(flatten)]
    pub collection: CollectionArgs,
    /// How many related articles to list.
    #[arg(short = 'n', long, default_value_t = 10)]
    pub n: usize,
    /// Every article's related list.
    #[arg(long)]
    pub all: bool,
    /// One JSON object per article.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct StoriesArgs {
    #[command(flatten)]
    pub collection: CollectionArgs,
    /// One JSON object per story.
    #[arg(long)]
    pub json: bool,
    /// Print how long loading and each analysis phase took (on stderr).
    #[arg(long)]
    pub timings: bool,
}

#[derive(Args, Debug)]
pub struct EntitiesArgs {
    /// An article's id (4 to 16 hex digits, not the name of a file); without it, the whole
    /// collection's entities.
    pub id: Option<String>,
    #[command(flatten)]
    pub collection: CollectionArgs,
    /// One JSON object per entity.
    #[arg(long)]
    pub json: bool,
    /// List at most this many entities.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Why the entity called NAME has its kind: the evidence its articles show, pooled, and
    /// the forms joined into it.
    #[arg(long, value_name = "NAME")]
    pub explain: Option<String>,
}

#[derive(Args, Debug)]
pub struct NerArgs {
    /// The article's date, to resolve weekdays ("Saturday") and dates without a year.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<chrono::NaiveDate>,
    /// Refuse input larger than this (bytes, or with K, M, G suffix).
    #[arg(long, value_name = "SIZE", default_value = "16M", value_parser = collection::parse_size)]
    pub max_file_size: u64,
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
        Some(Command::Mark(args)) => mark::run(&args),
        Some(Command::Related(args)) => related::run(&args),
        Some(Command::Stories(args)) => stories::run(&args),
        Some(Command::Entities(args)) => entities::run(&args),
        Some(Command::Ner(args)) => ner::run(&args),
        Some(Command::Serve(args)) => serve::run(&args),
        None => read::run(&cli.read),
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
