//! `dateline check`: the load report. Exit code 1 when any file was skipped.

use super::output::Out;
use super::{CheckArgs, CmdResult};
use std::process::ExitCode;

pub fn run(args: &CheckArgs) -> CmdResult {
    let corpus = args.collection.load();
    let report = &corpus.report;
    let mut out = Out::new();
    if args.json {
        out.json(report)?;
    } else {
        out.line(&report.summary())?;
        for line in report.problem_lines() {
            out.line(&line)?;
        }
        if !report.ignored.is_empty() {
            out.line(&format!(
                "ignored (not an article format): {}",
                report.ignored.join(", ")
            ))?;
        }
        for s in &report.not_walked {
            out.line(&format!("not walked {}: {}", s.path, s.reason))?;
        }
    }
    out.flush()?;
    Ok(if report.skipped.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
