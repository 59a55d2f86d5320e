//! Turns the bytes an SSH client sends into key events — the job crossterm does for a local
//! terminal. Packets can hold several keys and can split an escape sequence or a UTF-8 character
//! in two, so bytes accumulate here until they form a whole event. A lone ESC is ambiguous (the
//! Escape key, or the start of a sequence whose rest is still in flight): it is held until the
//! next byte arrives or the caller decides, after a short wait, that it was the key
//! ([`InputParser::flush_pending`]).
//!
//! Why not a parser crate (terminput, which carries crossterm's own): those parse one buffer and
//! answer "incomplete" or "error", leaving the caller to decide what an unfinished sequence
//! followed by more keys means, how much of a bad one to drop, and when a lone ESC is the key.
//! Those decisions are what this module is for, and what its tests and the `ssh_input` fuzz
//! target hold it to: the same keys however the bytes are split into packets, and no key lost
//! behind a broken sequence. What is left, the table of sequences, is short.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// Longest escape sequence kept before the bytes are judged garbage and dropped.
const MAX_SEQUENCE: usize = 64;

#[derive(Default)]
pub struct InputParser {
    pending: Vec<u8>,
}

impl InputParser {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds bytes; returns the events they complete.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Event> {
        self.pending.extend_from_slice(bytes);
        let mut events = Vec::new();
        let mut at = 0;
        while at < self.pending.len() {
            match parse_one(&self.pending[at..]) {
                Parsed::Event(e, used) => {
                    if let Some(e) = e {
                        events.push(e);
                    }
                    at += used;
                }
                Parsed::Incomplete => {
                    if self.pending.len() - at > MAX_SEQUENCE {
                        // Not a sequence any terminal sends: drop its first byte and go on.
                        at += 1;
                    } else {
                        break;
                    }
                }
            }
        }
        self.pending.drain(..at);
        events
    }

    /// True when bytes are held waiting for the rest of a sequence.
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Called when no byte followed for a while: a held ESC was the Escape key (and a held
    /// ESC-prefixed fragment is Alt + what follows); anything else held is dropped.
    pub fn flush_pending(&mut self) -> Vec<Event> {
        let pending = std::mem::take(&mut self.pending);
        match pending.as_slice() {
            [0x1b] => vec![key(KeyCode::Esc, KeyModifiers::NONE)],
            [0x1b, b'['] => vec![key(KeyCode::Char('['), KeyModifiers::ALT)],
            [0x1b, b'O'] => vec![key(KeyCode::Char('O'), KeyModifiers::ALT)],
            _ => Vec::new(),
        }
    }
}

enum Parsed {
    /// An event (or `None` for bytes understood and ignored) and how many bytes it used.
    Event(Option<Event>, usize),
    Incomplete,
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
    Event::Key(KeyEvent::new(code, modifiers))
}

fn parse_one(b: &[u8]) -> Parsed {
    match b[0] {
        0x1b => parse_escape(b),
        b'\r' | b'\n' => Parsed::Event(Some(key(KeyCode::Enter, KeyModifiers::NONE)), 1),
        b'\t' => Parsed::Event(Some(key(KeyCode::Tab, KeyModifiers::NONE)), 1),
        0x7f | 0x08 => Parsed::Event(Some(key(KeyCode::Backspace, KeyModifiers::NONE)), 1),
        0x00 => Parsed::Event(Some(key(KeyCode::Char(' '), KeyModifiers::CONTROL)), 1),
        c @ 0x01..=0x1a => {
            let letter = (c - 1 + b'a') as char;
            Parsed::Event(Some(key(KeyCode::Char(letter), KeyModifiers::CONTROL)), 1)
        }
        c @ 0x1c..=0x1f => {
            let ch = (c - 0x1c + b'4') as char;
            Parsed::Event(Some(key(KeyCode::Char(ch), KeyModifiers::CONTROL)), 1)
        }
        _ => parse_utf8(b),
    }
}

fn parse_utf8(b: &[u8]) -> Parsed {
    let len = match b[0] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        // A byte that cannot start a character: skip it.
        _ => return Parsed::Event(None, 1),
    };
    if b.len() < len {
        // A continuation byte that does not fit says the character is broken, not incomplete.
        if b[1..].iter().any(|c| c & 0xc0 != 0x80) {
            return Parsed::Event(None, 1);
        }
        return Parsed::Incomplete;
    }
    match std::str::from_utf8(&b[..len]) {
        Ok(s) => {
            let c = s.chars().next().unwrap_or(' ');
            let mods = if c.is_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            Parsed::Event(Some(key(KeyCode::Char(c), mods)), len)
        }
        Err(_) => Parsed::Event(None, 1),
    }
}

fn parse_escape(b: &[u8]) -> Parsed {
    let Some(&second) = b.get(1) else {
        return Parsed::Incomplete;
    };
    match second {
        b'[' => parse_csi(b),
        b'O' => match b.get(2) {
            None => Parsed::Incomplete,
            Some(&c) => Parsed::Event(letter_key(c).map(|k| key(k, KeyModifiers::NONE)), 3),
        },
        0x1b => Parsed::Event(Some(key(KeyCode::Esc, KeyModifiers::NONE)), 1),
        _ => match parse_one(&b[1..]) {
            Parsed::Event(Some(Event::Key(k)), used) => {
                Parsed::Event(Some(key(k.code, k.modifiers | KeyModifiers::ALT)), used + 1)
            }
            Parsed::Event(other, used) => Parsed::Event(other, used + 1),
            Parsed::Incomplete => Parsed::Incomplete,
        },
    }
}

/// The letter-final keys, the same after `ESC O` (SS3) and `ESC [` (CSI, where xterm adds
/// modifier parameters: `ESC [ 1 ; 5 A` is Ctrl-Up).
fn letter_key(c: u8) -> Option<KeyCode> {
    Some(match c {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P' => KeyCode::F(1),
        b'Q' => KeyCode::F(2),
        b'R' => KeyCode::F(3),
        b'S' => KeyCode::F(4),
        _ => return None,
    })
}

/// `ESC [ params final`: parameters are bytes 0x30–0x3f, intermediates 0x20–0x2f, the final byte
/// 0x40–0x7e.
fn parse_csi(b: &[u8]) -> Parsed {
    // The final byte must come straight after parameters and intermediates: any other byte
    // first (another ESC, a letter's UTF-8) means this was never a sequence, and looking
    // further would swallow the keys typed after it.
    // A run longer than any terminal sends is judged here, at a fixed length, so that the
    // verdict is the same however the bytes were split into packets.
    let limit = MAX_SEQUENCE - 2;
    let run = &b[2..];
    let Some(end) = run
        .iter()
        .take(limit)
        .position(|c| !(0x20..=0x3f).contains(c))
    else {
        if run.len() < limit {
            return Parsed::Incomplete;
        }
        return Parsed::Event(Some(key(KeyCode::Char('['), KeyModifiers::ALT)), 2);
    };
    if !(0x40..=0x7e).contains(&b[2 + end]) {
        // Not a CSI sequence after all: ESC [ is Alt-[, the rest is ordinary input.
        return Parsed::Event(Some(key(KeyCode::Char('['), KeyModifiers::ALT)), 2);
    }
    let used = 2 + end + 1;
    let params = std::str::from_utf8(&b[2..2 + end]).unwrap_or("");
    let final_byte = b[2 + end];
    let mut nums = params.split(';').map(|p| p.parse::<u16>().unwrap_or(0));
    let first = nums.next().unwrap_or(0);
    let modifiers = modifiers_from(nums.next().unwrap_or(1));
    let code = match final_byte {
        b'Z' => return Parsed::Event(Some(key(KeyCode::BackTab, KeyModifiers::SHIFT)), used),
        c if c.is_ascii_uppercase() => match letter_key(c) {
            Some(k) => k,
            None => return Parsed::Event(None, used),
        },
        b'~' => match first {
            1 | 7 => KeyCode::Home,
            2 => KeyCode::Insert,
            3 => KeyCode::Delete,
            4 | 8 => KeyCode::End,
            5 => KeyCode::PageUp,
            6 => KeyCode::PageDown,
            11..=15 => KeyCode::F((first - 10) as u8),
            17..=21 => KeyCode::F((first - 11) as u8),
            23 | 24 => KeyCode::F((first - 12) as u8),
            _ => return Parsed::Event(None, used),
        },
        // Mouse reports, focus changes, device replies: understood, not used.
        _ => return Parsed::Event(None, used),
    };
    Parsed::Event(Some(key(code, modifiers)), used)
}

/// xterm's modifier parameter: 1 + (shift 1 | alt 2 | ctrl 4).
fn modifiers_from(p: u16) -> KeyModifiers {
    let bits = p.saturating_sub(1);
    let mut m = KeyModifiers::NONE;
    if bits & 1 != 0 {
        m |= KeyModifiers::SHIFT;
    }
    if bits & 2 != 0 {
        m |= KeyModifiers::ALT;
    }
    if bits & 4 != 0 {
        m |= KeyModifiers::CONTROL;
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a fresh parser makes of `bytes` arriving in two packets, cut at `cut`, once a
    /// pending ESC has waited its time.
    fn in_two_packets(bytes: &[u8], cut: usize) -> Vec<Event> {
        let mut p = InputParser::new();
        let mut events = p.feed(&bytes[..cut]);
        events.extend(p.feed(&bytes[cut..]));
        events.extend(p.flush_pending());
        events
    }

    fn codes(events: &[Event]) -> Vec<(KeyCode, KeyModifiers)> {
        events
            .iter()
            .filter_map(|e| match e {
                Event::Key(k) => Some((k.code, k.modifiers)),
                _ => None,
            })
            .collect()
    }

    const NONE: KeyModifiers = KeyModifiers::NONE;

    #[test]
    fn several_keys_in_one_packet() {
        let mut p = InputParser::new();
        let e = p.feed(b"jk\x1b[B\r\x7f\x04q");
        assert_eq!(
            codes(&e),
            [
                (KeyCode::Char('j'), NONE),
                (KeyCode::Char('k'), NONE),
                (KeyCode::Down, NONE),
                (KeyCode::Enter, NONE),
                (KeyCode::Backspace, NONE),
                (KeyCode::Char('d'), KeyModifiers::CONTROL),
                (KeyCode::Char('q'), NONE),
            ]
        );
    }

    /// Found by the `ssh_input` fuzz target: an unterminated `ESC [` followed by another
    /// sequence took the other sequence's final byte as its own, and so ate the keys between
    /// them — differently depending on where the packets were cut.
    #[test]
    fn an_unterminated_sequence_does_not_swallow_the_keys_after_it() {
        let bytes = b"\x1b[200\x1bPq";
        let mut whole = InputParser::new();
        let mut at_once = whole.feed(bytes);
        at_once.extend(whole.flush_pending());
        assert_eq!(
            codes(&at_once),
            [
                (KeyCode::Char('['), KeyModifiers::ALT),
                (KeyCode::Char('2'), NONE),
                (KeyCode::Char('0'), NONE),
                (KeyCode::Char('0'), NONE),
                (KeyCode::Char('P'), KeyModifiers::SHIFT | KeyModifiers::ALT),
                (KeyCode::Char('q'), NONE),
            ]
        );
        for cut in 0..bytes.len() {
            assert_eq!(
                codes(&in_two_packets(bytes, cut)),
                codes(&at_once),
                "cut at {cut}"
            );
        }
    }

    /// Also from the fuzz target: a parameter run too long to be a sequence was dropped as
    /// garbage when a packet ended inside it, but read as Alt-[ and text when it came whole.
    #[test]
    fn an_overlong_sequence_reads_the_same_in_any_packets() {
        let mut bytes = b"\x1b[".to_vec();
        bytes.extend([b'<'; 100]);
        bytes.extend(b"xq");
        let mut whole = InputParser::new();
        let mut at_once = whole.feed(&bytes);
        at_once.extend(whole.flush_pending());
        assert_eq!(codes(&at_once)[0], (KeyCode::Char('['), KeyModifiers::ALT));
        assert_eq!(at_once.len(), 1 + 100 + 2);
        for cut in [1, 2, 30, 63, 64, 65, 90, 102] {
            assert_eq!(
                codes(&in_two_packets(&bytes, cut)),
                codes(&at_once),
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn a_sequence_split_across_packets() {
        let mut p = InputParser::new();
        assert!(p.feed(b"\x1b").is_empty());
        assert!(p.feed(b"[").is_empty());
        assert!(p.feed(b"6").is_empty());
        assert_eq!(
            codes(&p.feed(b"~j")),
            [(KeyCode::PageDown, NONE), (KeyCode::Char('j'), NONE)]
        );
        assert!(!p.has_pending());
    }

    #[test]
    fn utf8_split_across_packets() {
        let mut p = InputParser::new();
        let bytes = "é".as_bytes();
        assert!(p.feed(&bytes[..1]).is_empty());
        assert_eq!(codes(&p.feed(&bytes[1..])), [(KeyCode::Char('é'), NONE)]);
    }

    #[test]
    fn lone_escape_waits_then_is_the_key() {
        let mut p = InputParser::new();
        assert!(p.feed(b"\x1b").is_empty());
        assert!(p.has_pending());
        assert_eq!(codes(&p.flush_pending()), [(KeyCode::Esc, NONE)]);
        assert!(!p.has_pending());
    }

    #[test]
    fn modifiers_shift_tab_alt_and_ss3() {
        let mut p = InputParser::new();
        let e = p.feed(b"\x1b[1;5A\x1b[Z\x1bx\x1bOB\x1b[3~");
        assert_eq!(
            codes(&e),
            [
                (KeyCode::Up, KeyModifiers::CONTROL),
                (KeyCode::BackTab, KeyModifiers::SHIFT),
                (KeyCode::Char('x'), KeyModifiers::ALT),
                (KeyCode::Down, NONE),
                (KeyCode::Delete, NONE),
            ]
        );
    }

    #[test]
    fn mouse_reports_and_garbage_are_ignored() {
        let mut p = InputParser::new();
        let e = p.feed(b"\x1b[<0;10;5M\xff\xfe\x80a");
        assert_eq!(codes(&e), [(KeyCode::Char('a'), NONE)]);
        let mut long = b"\x1b[".to_vec();
        long.extend(std::iter::repeat_n(b'1', 200));
        assert!(p.feed(&long).is_empty() || !p.has_pending());
        assert!(p.pending.len() <= MAX_SEQUENCE + 1);
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        let mut p = InputParser::new();
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let n = (state % 9) as usize;
            let bytes: Vec<u8> = (0..n).map(|i| (state >> (i * 7)) as u8).collect();
            p.feed(&bytes);
            if state.is_multiple_of(5) {
                p.flush_pending();
            }
        }
    }
}
