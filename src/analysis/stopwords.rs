//! English function words and the everyday vocabulary of news writing ("said", "told", weekdays,
//! months, small numbers): words every article has, which would make any two articles look alike.
//! Written for this project; sorted so lookup is a binary search.

use super::terms::term_hash;
use std::sync::LazyLock;

const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "according",
    "across",
    "added",
    "after",
    "again",
    "against",
    "ago",
    "all",
    "almost",
    "along",
    "already",
    "also",
    "although",
    "always",
    "am",
    "amid",
    "among",
    "an",
    "and",
    "another",
    "any",
    "anyone",
    "anything",
    "april",
    "are",
    "around",
    "as",
    "asked",
    "at",
    "august",
    "away",
    "back",
    "be",
    "became",
    "because",
    "become",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "called",
    "came",
    "can",
    "cannot",
    "come",
    "comes",
    "could",
    "day",
    "days",
    "december",
    "did",
    "do",
    "does",
    "doing",
    "done",
    "down",
    "dr",
    "during",
    "each",
    "eight",
    "either",
    "else",
    "end",
    "enough",
    "even",
    "ever",
    "every",
    "february",
    "few",
    "first",
    "five",
    "for",
    "four",
    "friday",
    "from",
    "further",
    "get",
    "gets",
    "getting",
    "give",
    "given",
    "gives",
    "go",
    "goes",
    "going",
    "gone",
    "got",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "including",
    "instead",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "january",
    "july",
    "june",
    "just",
    "know",
    "known",
    "last",
    "least",
    "less",
    "let",
    "like",
    "lot",
    "lots",
    "made",
    "make",
    "makes",
    "many",
    "march",
    "may",
    "me",
    "might",
    "monday",
    "more",
    "most",
    "mr",
    "mrs",
    "ms",
    "much",
    "must",
    "my",
    "myself",
    "near",
    "need",
    "never",
    "new",
    "news",
    "next",
    "nine",
    "no",
    "nor",
    "not",
    "november",
    "now",
    "october",
    "of",
    "off",
    "often",
    "on",
    "once",
    "one",
    "only",
    "onto",
    "or",
    "other",
    "others",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "part",
    "per",
    "percent",
    "perhaps",
    "put",
    "rather",
    "really",
    "report",
    "reported",
    "reporting",
    "reports",
    "said",
    "same",
    "saturday",
    "say",
    "saying",
    "says",
    "second",
    "see",
    "seen",
    "september",
    "seven",
    "several",
    "shall",
    "she",
    "should",
    "since",
    "six",
    "so",
    "some",
    "someone",
    "something",
    "statement",
    "still",
    "such",
    "sunday",
    "take",
    "taken",
    "takes",
    "tell",
    "tells",
    "ten",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "thing",
    "things",
    "think",
    "third",
    "this",
    "those",
    "though",
    "thought",
    "three",
    "through",
    "thursday",
    "thus",
    "time",
    "times",
    "to",
    "today",
    "told",
    "tomorrow",
    "too",
    "took",
    "toward",
    "towards",
    "tuesday",
    "two",
    "under",
    "unless",
    "until",
    "up",
    "upon",
    "us",
    "use",
    "used",
    "using",
    "very",
    "via",
    "want",
    "wanted",
    "wants",
    "was",
    "way",
    "we",
    "wednesday",
    "week",
    "weeks",
    "well",
    "went",
    "were",
    "what",
    "whatever",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "year",
    "years",
    "yes",
    "yesterday",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
];

/// True for a lower-case word that carries no topic.
pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.binary_search(&word).is_ok()
}

/// The stopwords' term hashes, sorted: the tokenizer hashes every word anyway, and comparing
/// one integer per step is several times cheaper than comparing strings.
static STOPWORD_HASHES: LazyLock<Vec<u64>> = LazyLock::new(|| {
    let mut v: Vec<u64> = STOPWORDS.iter().map(|w| term_hash(w)).collect();
    v.sort_unstable();
    v
});

/// Slots of [`STOPWORD_TABLE`]: a power of two, about three times the stopwords.
const TABLE_SLOTS: usize = 1024;

/// The same hashes in an open-addressing table (linear probing, 0 for an empty slot; the hashes
/// are well mixed, so their low bits index it). Every word of every article is looked up twice:
/// a binary search (nine dependent steps) was most of the time spent counting terms, a probe
/// here is usually one load.
static STOPWORD_TABLE: LazyLock<Box<[u64]>> = LazyLock::new(|| {
    let mut slots = vec![0u64; TABLE_SLOTS].into_boxed_slice();
    for &h in STOPWORD_HASHES.iter().filter(|&&h| h != 0) {
        let mut i = h as usize & (TABLE_SLOTS - 1);
        while slots[i] != 0 {
            i = (i + 1) & (TABLE_SLOTS - 1);
        }
        slots[i] = h;
    }
    slots
});

/// [`is_stopword`] for a word given by its [`term_hash`].
pub fn is_stopword_hash(hash: u64) -> bool {
    if hash == 0 {
        // The table's empty mark: never a real stopword's hash in practice, but exact anyway.
        return STOPWORD_HASHES.binary_search(&hash).is_ok();
    }
    let slots = &**STOPWORD_TABLE;
    let mut i = hash as usize & (TABLE_SLOTS - 1);
    loop {
        match slots[i] {
            s if s == hash => return true,
            0 => return false,
            _ => i = (i + 1) & (TABLE_SLOTS - 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_agrees_with_the_sorted_list() {
        assert!(STOPWORDS.len() * 2 < TABLE_SLOTS);
        for w in STOPWORDS {
            assert!(is_stopword_hash(term_hash(w)), "{w}");
        }
        let mut h: u64 = 1;
        for i in 0..20_000u64 {
            // Words that are not stopwords, and arbitrary hashes.
            let word = format!("w{i}x");
            let wh = term_hash(&word);
            assert_eq!(
                is_stopword_hash(wh),
                STOPWORD_HASHES.binary_search(&wh).is_ok()
            );
            h = h.wrapping_mul(0x9e37_79b9_7f4a_7c15).wrapping_add(i);
            assert_eq!(
                is_stopword_hash(h),
                STOPWORD_HASHES.binary_search(&h).is_ok()
            );
        }
        assert!(!is_stopword_hash(0));
    }

    #[test]
    fn sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn function_words_not_topics() {
        assert!(is_stopword("the") && is_stopword("said") && is_stopword("saturday"));
        assert!(!is_stopword("ceasefire") && !is_stopword("army"));
        for w in ["the", "said", "saturday", "ceasefire", "army"] {
            assert_eq!(is_stopword_hash(term_hash(w)), is_stopword(w), "{w}");
        }
    }
}
