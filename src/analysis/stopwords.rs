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

/// Buckets of two slots each in the smallest [`StopwordTable`] tried (a power of two, about
/// three times the stopwords).
const MIN_BUCKET_BITS: u32 = 10;

/// The stopwords' hashes in buckets of two slots (0 for an empty one), each stopword in the
/// bucket its hash times `multiplier` picks. Every word of every article is looked up: with at
/// most two places a stopword can be, both are compared without a branch, and whether a word is
/// a stopword (a coin toss to the branch predictor) costs no misprediction here.
struct StopwordTable {
    multiplier: u64,
    bits: u32,
    buckets: Box<[[u64; 2]]>,
    /// Whether 0, the empty mark, is itself a stopword's hash (never in practice).
    zero: bool,
}

impl StopwordTable {
    fn bucket(&self, hash: u64) -> usize {
        (hash.wrapping_mul(self.multiplier) >> (64 - self.bits)) as usize
    }

    /// The table for `hashes` under the first multiplier, from a fixed sequence, that puts no
    /// more than two of them in a bucket (so the table is the same in every run).
    fn build(hashes: &[u64]) -> StopwordTable {
        let mut multiplier = 0x9e37_79b9_7f4a_7c15u64;
        let mut bits = MIN_BUCKET_BITS;
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let mut table = StopwordTable {
                multiplier,
                bits,
                buckets: vec![[0u64; 2]; 1 << bits].into_boxed_slice(),
                zero: hashes.contains(&0),
            };
            let fits = hashes.iter().filter(|&&h| h != 0).all(|&h| {
                let b = table.bucket(h);
                let bucket = &mut table.buckets[b];
                match bucket.iter().position(|&s| s == 0 || s == h) {
                    Some(free) => {
                        bucket[free] = h;
                        true
                    }
                    None => false,
                }
            });
            if fits {
                return table;
            }
            // The next odd multiplier (splitmix64's step); a bigger table now and then, so that
            // the search ends whatever the list.
            multiplier = multiplier.wrapping_add(0x9e37_79b9_7f4a_7c15);
            multiplier = (multiplier ^ (multiplier >> 31)).wrapping_mul(0xbf58_476d_1ce4_e5b9) | 1;
            if attempt.is_multiple_of(1024) {
                bits += 1;
            }
        }
    }

    #[inline]
    fn contains(&self, hash: u64) -> bool {
        let [a, b] = self.buckets[self.bucket(hash)];
        // `|` and `&`, not `||` and `&&`: no branch.
        (hash != 0) & ((a == hash) | (b == hash)) | (hash == 0) & self.zero
    }
}

static STOPWORD_TABLE: LazyLock<StopwordTable> =
    LazyLock::new(|| StopwordTable::build(&STOPWORD_HASHES));

/// [`is_stopword`] for a word given by its [`term_hash`].
#[inline]
pub fn is_stopword_hash(hash: u64) -> bool {
    STOPWORD_TABLE.contains(hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_list_of_hashes_finds_a_table() {
        // More hashes than the smallest table can hold two to a bucket (so the search must
        // grow it), and the empty mark.
        let crowded: Vec<u64> = (0..1500u64)
            .map(|k| k.wrapping_mul(0x2545_f491_4f6c_dd1d).rotate_left(17))
            .collect();
        let table = StopwordTable::build(&crowded);
        assert!(table.bits > MIN_BUCKET_BITS);
        assert!(crowded.iter().all(|&h| table.contains(h)));
        assert!(table.zero && table.contains(0));
        assert!(!table.contains(1 << 53) && !table.contains(u64::MAX));
        let without_zero = StopwordTable::build(&[7, 9]);
        assert!(!without_zero.contains(0) && without_zero.contains(9));
        assert!(!without_zero.contains(8));
    }

    #[test]
    fn table_agrees_with_the_sorted_list() {
        assert!(STOPWORDS.len() * 3 < (2 << STOPWORD_TABLE.bits));
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
