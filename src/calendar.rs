//! Month and weekday names, shared by the parser (update lines) and the date recogniser.

use chrono::Weekday;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// `"October"`, `"oct"`, `"Oct."`, `"Sept"` → 10, 10, 10, 9. Three-letter forms and `sept` only;
/// any case.
pub fn month_from_name(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    if w == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(&w)))
        .map(|i| i as u32 + 1)
}

/// `"Saturday"`, `"Sat"`, `"Sat."` → Saturday; any case.
pub fn weekday_from_name(word: &str) -> Option<Weekday> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    const DAYS: [(&str, Weekday); 7] = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    DAYS.iter()
        .find(|(name, _)| *name == w || (w.len() == 3 && name.starts_with(&w)))
        .map(|(_, d)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_in_full_and_short() {
        assert_eq!(month_from_name("October"), Some(10));
        assert_eq!(month_from_name("oct."), Some(10));
        assert_eq!(month_from_name("Sept"), Some(9));
        assert_eq!(month_from_name("Ma"), None);
        assert_eq!(month_from_name("Mayday"), None);
    }

    #[test]
    fn weekdays() {
        assert_eq!(weekday_from_name("Saturday"), Some(Weekday::Sat));
        assert_eq!(weekday_from_name("thu"), Some(Weekday::Thu));
        assert_eq!(weekday_from_name("Thurs"), None);
    }
}
