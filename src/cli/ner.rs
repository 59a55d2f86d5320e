//! `dateline ner [--date YYYY-MM-DD]`: text on stdin → one JSON line per entity mention,
//! `{"start","end","text","label"}` with byte offsets into stdin, plus `"value"` for a resolved
//! date. This is the evaluation contract of the entity recogniser; keep it stable.
//!
//! Input that is not UTF-8 is rejected: decoding it lossily would shift every later offset.

use super::output::Out;
use super::{CmdResult, Failure, NerArgs};
use crate::entity::{DocEntities, EntityKind};
use crate::ner::Recognizer;
use serde::Serialize;
use std::io::Read;
use std::process::ExitCode;

#[derive(Serialize, Debug, PartialEq)]
pub struct MentionLine<'a> {
    pub start: u32,
    pub end: u32,
    pub text: &'a str,
    pub label: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// The lines to print for `text`'s entities.
pub fn mention_lines<'a>(text: &'a str, found: &DocEntities) -> Vec<MentionLine<'a>> {
    found
        .mentions
        .iter()
        .filter_map(|m| {
            let e = found.get(m.entity as usize)?;
            Some(MentionLine {
                start: m.start,
                end: m.end,
                text: text.get(m.start as usize..m.end as usize)?,
                label: e.kind.label(),
                value: (e.kind == EntityKind::Date)
                    .then(|| e.date.map(|d| d.format("%Y-%m-%d").to_string()))
                    .flatten(),
            })
        })
        .collect()
}

/// Decodes stdin, refusing invalid UTF-8 with the byte offset of the first bad byte.
pub fn decode(bytes: Vec<u8>) -> Result<String, Failure> {
    String::from_utf8(bytes).map_err(|e| {
        Failure::new(
            1,
            format!(
                "stdin is not valid UTF-8 (first bad byte at offset {}); offsets would be meaningless",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

pub fn run(args: &NerArgs) -> CmdResult {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::new(1, format!("cannot read stdin: {e}")))?;
    let text = decode(bytes)?;
    let found = Recognizer::shared().recognize(&text, args.date);
    let mut out = Out::new();
    for line in mention_lines(&text, &found) {
        out.json(&line)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn invalid_utf8_is_rejected_with_its_offset() {
        let err = decode(b"Paris \xff".to_vec()).unwrap_err();
        assert_eq!(err.code, 1);
        assert!(err.message.contains("offset 6"), "{}", err.message);
        assert_eq!(decode(b"Paris".to_vec()).ok().as_deref(), Some("Paris"));
    }

    #[test]
    fn lines_carry_offsets_labels_and_resolved_dates() {
        let text = "Émile Zola left Paris on Saturday.";
        let date = NaiveDate::from_ymd_opt(2020, 11, 1);
        let found = Recognizer::shared().recognize(text, date);
        let lines = mention_lines(text, &found);
        let paris = lines.iter().find(|l| l.text == "Paris").unwrap();
        assert_eq!((paris.start, paris.end, paris.label), (17, 22, "place"));
        let saturday = lines.iter().find(|l| l.text == "Saturday").unwrap();
        assert_eq!(saturday.value.as_deref(), Some("2020-10-31"));
        let json = serde_json::to_string(paris).unwrap();
        assert_eq!(
            json,
            r#"{"start":17,"end":22,"text":"Paris","label":"place"}"#
        );
    }
}
