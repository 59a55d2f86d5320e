//! `dateline ner [--date YYYY-MM-DD]`: text on stdin → one JSON line per entity mention,
//! `{"start","end","text","label"}` with byte offsets into stdin, plus `"value"` for a resolved
//! date. This is the evaluation contract of the entity recogniser; keep it stable.
//!
//! Input that is not UTF-8 is rejected: decoding it lossily would shift every later offset.
//! Input larger than `--max-file-size` (16M by default) is refused, judged by the bytes read.

use super::output::Out;
use super::{CmdResult, Failure, NerArgs};
use crate::corpus::load::human_bytes;
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

/// Reads `input` up to `limit` bytes. Only one byte more is ever read to tell that there is more,
/// so an endless stream (`< /dev/zero`) ends at the limit.
pub fn read_capped(input: impl Read, limit: u64) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    input
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::new(1, format!("cannot read stdin: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(Failure::new(
            1,
            format!(
                "stdin is larger than the {} limit (see --max-file-size); nothing was recognised",
                human_bytes(limit)
            ),
        ));
    }
    Ok(bytes)
}

pub fn run(args: &NerArgs) -> CmdResult {
    let bytes = read_capped(std::io::stdin().lock(), args.max_file_size)?;
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
    fn input_beyond_the_limit_is_refused_after_reading_one_byte_more() {
        let mut endless = std::io::repeat(b'a');
        let err = read_capped(&mut endless, 1024).unwrap_err();
        assert_eq!(err.code, 1);
        assert!(
            err.message.contains("larger than the 1 KiB limit"),
            "{}",
            err.message
        );
        assert_eq!(
            read_capped(&b"Paris"[..], 5).ok().as_deref(),
            Some(&b"Paris"[..])
        );
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
