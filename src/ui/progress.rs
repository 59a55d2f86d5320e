//! The opening's progress as words for the status line: `loading 41,200 / 100,000 ▕███░░▏`, in
//! shorter forms when the line is narrow.

use super::symbols::Symbols;
use crate::collection::{Progress, Stage};

/// Inner cells of the bar.
const BAR_CELLS: usize = 10;

/// The ways to say `progress`, longest first; empty when there is nothing to say (ready).
pub fn variants(progress: &Progress, sym: &Symbols) -> Vec<String> {
    let verb = match progress.stage {
        Stage::Loading => "loading",
        Stage::Analysing => "analysing",
        Stage::Indexing => return vec![format!("indexing{}", sym.ellipsis)],
        Stage::Ready => return Vec::new(),
    };
    if progress.total == 0 {
        // Not counted (yet): the word alone.
        return vec![format!("{verb}{}", sym.ellipsis)];
    }
    let done = progress.done.min(progress.total);
    let numbers = format!("{verb} {} / {}", thousands(done), thousands(progress.total));
    let percent = done * 100 / progress.total;
    vec![
        format!("{numbers} {}", bar(done, progress.total, sym)),
        numbers,
        format!("{verb} {percent}%"),
    ]
}

/// `41200` → `41,200`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `▕███░░░░░░░▏`, or `[###-------]` in ASCII.
fn bar(done: usize, total: usize, sym: &Symbols) -> String {
    let filled = (done * BAR_CELLS).checked_div(total).unwrap_or(0);
    let (left, full, empty, right) = if sym.ascii {
        ("[", "#", "-", "]")
    } else {
        ("▕", "█", "░", "▏")
    };
    format!(
        "{left}{}{}{right}",
        full.repeat(filled),
        empty.repeat(BAR_CELLS - filled)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(stage: Stage, done: usize, total: usize) -> Progress {
        Progress {
            stage,
            done,
            total,
            problem: None,
        }
    }

    #[test]
    fn separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(41_200), "41,200");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn longest_first_and_ascii_bars() {
        let p = at(Stage::Loading, 41_200, 100_000);
        assert_eq!(
            variants(&p, &Symbols::UNICODE),
            vec![
                "loading 41,200 / 100,000 ▕████░░░░░░▏".to_string(),
                "loading 41,200 / 100,000".to_string(),
                "loading 41%".to_string(),
            ]
        );
        let ascii = variants(&at(Stage::Analysing, 100, 100), &Symbols::ASCII);
        assert_eq!(ascii[0], "analysing 100 / 100 [##########]");
        assert!(ascii.iter().all(|v| v.is_ascii()));
        assert_eq!(
            variants(&at(Stage::Indexing, 0, 0), &Symbols::ASCII),
            vec!["indexing...".to_string()]
        );
        assert!(variants(&Progress::ready(), &Symbols::UNICODE).is_empty());
        assert_eq!(
            variants(&at(Stage::Loading, 5, 0), &Symbols::UNICODE),
            vec!["loading…".to_string()]
        );
    }
}
