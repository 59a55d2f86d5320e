//! Names: runs of capitalised words, cut into titles, gazetteer entries and unknown names, each
//! given a kind and a strength of evidence.
//!
//! Evidence is ranked so that the document stage can let strong readings overrule weak ones:
//! a gazetteer entry or a context rule ("President X", "X said", "the town of X") beats the
//! fallback guess for an unknown name.

use super::lexicon::{self, Entry, Lexicon, phrase_key};
use super::token::{
    ALL_CAPS, CALENDAR, CAP, DIGIT, LINE_START, POSSESSIVE, SENT_START, SHOUT, Shape, Token,
};
use crate::entity::EntityKind;
use crate::hashing::FastMap;

/// How sure a candidate's kind is. `WEAK`: a capitalised common word ("Bush"); kept only if the
/// document links it to a stronger mention.
pub const WEAK: u8 = 0;
pub const GUESS: u8 = 1;
pub const RULE: u8 = 2;
pub const GAZETTEER: u8 = 3;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Token range `first..end`.
    pub first: usize,
    pub end: usize,
    pub kind: EntityKind,
    pub score: u8,
    /// The gazetteer's canonical name (a [`Lexicon::name`] index) or [`lexicon::NONE`].
    pub canonical: u32,
    /// Named as a person is here: a title before it, a given name or an initial opening it
    /// (set by [`NameFinder::find`] once the candidates are cut).
    pub named: bool,
}

impl Candidate {
    /// A candidate a context rule decided (no gazetteer entry behind it).
    fn rule(first: usize, end: usize, kind: EntityKind) -> Candidate {
        Candidate::unlisted(first, end, kind, RULE)
    }

    /// A candidate with no gazetteer entry behind it, as sure of its kind as `score` says.
    fn unlisted(first: usize, end: usize, kind: EntityKind, score: u8) -> Candidate {
        Candidate {
            first,
            end,
            kind,
            score,
            canonical: lexicon::NONE,
            named: false,
        }
    }
}

/// Words seen capitalised in the middle of a sentence somewhere in the document, and never in
/// lower case: a sentence-initial or headline word that is also a common word is kept as a name
/// only with this evidence.
#[derive(Default)]
pub struct Evidence {
    /// Word hash → (capitalised mid-sentence count, also seen in lower case).
    mid_sentence_caps: FastMap<u64, (u32, bool)>,
    /// The text reads as a sports report: its places are mostly teams.
    pub sports: bool,
    /// The text reads as a business report: its unknown one-word names are mostly companies.
    pub business: bool,
    /// Each token's [`word_hash`] (0 for punctuation and numbers).
    pub hashes: Vec<u64>,
}

use super::hash::word_hash_in;

/// Bits of the per-document filter in front of `mid_sentence_caps` (a power of two).
const CAPS_FILTER_BITS: usize = 4096;

fn caps_filter_bit(hash: u64) -> (usize, u64) {
    let bit = (hash >> 40) as usize % CAPS_FILTER_BITS;
    (bit / 64, 1u64 << (bit % 64))
}

impl Evidence {
    /// The evidence of a document, in `self`'s buffers (kept from the previous document).
    pub fn collect(&mut self, text: &str, tokens: &[Token], lex: &Lexicon) {
        let mid_sentence_caps = &mut self.mid_sentence_caps;
        mid_sentence_caps.clear();
        let hashes = &mut self.hashes;
        hashes.clear();
        hashes.reserve(tokens.len());
        let (mut words, mut sports_words, mut business_words) = (0u32, 0u32, 0u32);
        // The capitalised words' hashes, as bits: most lower-case words then skip the map.
        let mut caps_filter = [0u64; CAPS_FILTER_BITS / 64];
        // First the capitalised words, then the lower-case ones probe that (small) map: no
        // insertion per lower-case word.
        for t in tokens {
            if !t.is_word() {
                hashes.push(0);
                continue;
            }
            let h = word_hash_in(text, t.start as usize, t.end as usize);
            hashes.push(h);
            if t.has(CAP) && !t.has(SENT_START) && !t.has(SHOUT) {
                mid_sentence_caps.entry(h).or_insert((0, false)).0 += 1;
                let (w, bit) = caps_filter_bit(h);
                caps_filter[w] |= bit;
            }
        }
        for (t, &h) in tokens.iter().zip(hashes.iter()) {
            if !t.is_word() {
                continue;
            }
            words += 1;
            match lex.topic(h) {
                lexicon::SPORTS_WORD => sports_words += 1,
                lexicon::BUSINESS_WORD => business_words += 1,
                _ => {}
            }
            if !t.has(CAP) {
                let (w, bit) = caps_filter_bit(h);
                if caps_filter[w] & bit != 0
                    && let Some(e) = mid_sentence_caps.get_mut(&h)
                {
                    e.1 = true;
                }
            }
        }
        self.sports = sports_words >= 4 && sports_words * 40 >= words;
        self.business = business_words >= 4 && business_words * 40 >= words;
    }

    /// How often token `i` (a word) is capitalised mid-sentence, if it is never written in lower
    /// case.
    pub fn mid_sentence_count(&self, i: usize) -> u32 {
        match self.mid_sentence_caps.get(&self.hashes[i]) {
            Some(&(n, false)) => n,
            _ => 0,
        }
    }
    pub fn seen_mid_sentence(&self, i: usize) -> bool {
        self.mid_sentence_count(i) > 0
    }
}

/// Month and weekday names and their abbreviations ("Sept", "Thu"): dates or nothing.
fn is_calendar_word(word: &str) -> bool {
    // Three-letter forms ("Jan", "Sun") are names too often to be excluded.
    if !super::dates::may_be_calendar_word(word) {
        return false;
    }
    let month = word.len() >= 4
        && crate::calendar::month_from_name(word).is_some()
        && !word.eq_ignore_ascii_case("march");
    month || word.len() >= 6 && crate::calendar::weekday_from_name(word).is_some()
}

/// Whether `word` is hyphenated and its last part starts in lower case ("Democrat-held").
fn ends_in_lower_case_part(word: &str) -> bool {
    word.rsplit_once(['-', '‐'])
        .is_some_and(|(_, last)| last.chars().next().is_some_and(char::is_lowercase))
}

/// Whether `word` ends in an English contraction's tail ("We're", "Don't", "I'll").
fn is_contraction(word: &str) -> bool {
    word.rsplit_once(['\'', '’'])
        .is_some_and(|(_, tail)| matches!(tail, "re" | "ll" | "ve" | "d" | "m" | "t"))
}

/// Below this population a town's name alone is weak evidence of a place.
const SMALL_TOWN: u32 = 200_000;

/// Whether the entry `e` is only a small town: no country, region, organisation, group or
/// title reading, and too few people for its name alone to say "place".
fn is_small_town(e: &Entry) -> bool {
    e.has(lexicon::CITY)
        && e.flags
            & (lexicon::COUNTRY | lexicon::REGION | lexicon::ORG | lexicon::GROUP | lexicon::TITLE)
            == 0
        && e.population < SMALL_TOWN
}

/// What one step of [`NameFinder::segment`] decided about the words where it stood, and so
/// where the next step starts.
enum Step {
    /// No name starts here: move on this many tokens; a title before still holds.
    Skip(usize),
    /// A title of this many tokens: the name after it is a person's.
    Title(usize),
    /// A name (or, for an unknown word, possibly none) ends before this token, which the next
    /// step starts at; any title before has been used.
    Next(usize),
    /// The rest of the run was one name: the run is done.
    Done,
    /// A descriptor word to skip: the name after it is of this kind unless the gazetteer
    /// knows it.
    Descriptor(EntityKind),
}

/// Last parts of a hyphenated adjective that make the name after it an organisation
/// ("Ontario-based", "state-owned", "Iran-backed").
const ORG_DESCRIPTORS: &[&str] = &[
    "based",
    "owned",
    "controlled",
    "listed",
    "headquartered",
    "backed",
    "led",
    "run",
    "funded",
];

/// Particles that may stand inside a name ("Leonardo da Vinci", "Ludwig van Beethoven").
const PARTICLES: &[&str] = &[
    "de", "da", "di", "du", "del", "della", "der", "den", "van", "von", "la", "le", "bin", "ibn",
    "al", "el", "dos", "das", "ben", "abu", "y",
];

/// Lower-case words before a name that make it a place ("the town of Barda", "near Terter").
const PLACE_CONTEXT: &[&str] = &[
    "city",
    "town",
    "village",
    "region",
    "province",
    "district",
    "capital",
    "port",
    "state",
    "county",
    "island",
    "republic",
    "enclave",
    "territory",
    "suburb",
    "outskirts",
];
/// Prepositions after which an unknown single name is more likely a place.
const PLACE_PREPOSITIONS: &[&str] = &["in", "near", "outside", "across", "into"];
/// Prepositions that often precede places but also people and organisations.
const LOOSE_PLACE_PREPOSITIONS: &[&str] = &["from", "to", "over", "towards", "toward", "via"];
/// Lower-case words after a name that make it a place ("the Tavildara valley").
const PLACE_AFTER: &[&str] = &[
    "region", "valley", "province", "district", "border", "area", "enclave", "airport", "river",
];
/// Words after a name (or its possessive) that make it a company ("Pirelli's shares").
const BUSINESS_AFTER: &[&str] = &[
    "shares",
    "stock",
    "stocks",
    "profit",
    "profits",
    "earnings",
    "subsidiary",
    "unit",
    "shareholders",
    "bonds",
    "bid",
    "takeover",
    "revenue",
    "revenues",
    "sales",
    "stake",
    "plant",
    "chairman",
    "executives",
];
/// Words before a name that make it a company or club ("shares in Pirelli", "rivals Ajax").
const BUSINESS_BEFORE: &[&str] = &[
    "company",
    "firm",
    "group",
    "maker",
    "makers",
    "carrier",
    "airline",
    "bank",
    "insurer",
    "retailer",
    "brewer",
    "conglomerate",
    "operator",
    "producer",
    "rival",
    "rivals",
    "club",
    "side",
    "champions",
    "newspaper",
];

/// Words before "in"/"of" and a name that make it a company ("shares in Zentrova").
const SHARES: &[&str] = &["shares", "stake", "stock"];

/// Verbs of speech after a name: people speak.
const SPEECH: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "stated",
    "wrote",
    "asked",
    "warned",
    "explained",
    "insisted",
    "announced",
    "argued",
    "noted",
    "who",
];

/// Words after a name that make it a person's: what a leader's name is lent to.
const PERSON_AFTER: &[&str] = &["administration", "presidency", "era", "campaign", "cabinet"];

/// One of the context word lists above, as a bit of [`CONTEXT_WORDS`].
#[derive(Clone, Copy)]
struct WordSet(u16);

const IS_PARTICLE: WordSet = WordSet(1);
const IS_PLACE_CONTEXT: WordSet = WordSet(1 << 1);
const IS_PLACE_PREPOSITION: WordSet = WordSet(1 << 2);
const IS_LOOSE_PLACE_PREPOSITION: WordSet = WordSet(1 << 3);
const IS_PLACE_AFTER: WordSet = WordSet(1 << 4);
const IS_BUSINESS_AFTER: WordSet = WordSet(1 << 5);
const IS_BUSINESS_BEFORE: WordSet = WordSet(1 << 6);
const IS_SPEECH: WordSet = WordSet(1 << 7);
const IS_SHARES: WordSet = WordSet(1 << 8);
const IS_PERSON_AFTER: WordSet = WordSet(1 << 9);

/// [`word_hash`](super::hash::word_hash) of every word of the context lists → the lists it is
/// in. Asking whether a word is in a list is then one probe of a small map with the hash the
/// evidence already holds, not a case-insensitive comparison with each word of the list (this
/// ran for every name and its neighbours).
static CONTEXT_WORDS: std::sync::LazyLock<FastMap<u64, u16>> = std::sync::LazyLock::new(|| {
    let mut map = FastMap::default();
    for (list, set) in [
        (PARTICLES, IS_PARTICLE),
        (PLACE_CONTEXT, IS_PLACE_CONTEXT),
        (PLACE_PREPOSITIONS, IS_PLACE_PREPOSITION),
        (LOOSE_PLACE_PREPOSITIONS, IS_LOOSE_PLACE_PREPOSITION),
        (PLACE_AFTER, IS_PLACE_AFTER),
        (BUSINESS_AFTER, IS_BUSINESS_AFTER),
        (BUSINESS_BEFORE, IS_BUSINESS_BEFORE),
        (SPEECH, IS_SPEECH),
        (SHARES, IS_SHARES),
        (PERSON_AFTER, IS_PERSON_AFTER),
    ] {
        for w in list {
            *map.entry(super::hash::word_hash(w)).or_insert(0) |= set.0;
        }
    }
    map
});

/// The per-token working memory of a [`NameFinder`]: kept from one document to the next so that
/// a document costs no allocation for it (see `Scratch` in the module root).
#[derive(Default)]
pub struct FinderBuffers {
    key: String,
    stem: String,
    /// Per token: [`NOT_LOOKED_UP`], [`NO_ENTRY`] or an index into `entries`. Four bytes per
    /// token rather than a whole optional entry: this is cleared for every document.
    entry_slot: Vec<u32>,
    entries: Vec<Entry>,
    /// [`word_hash`](super::hash::word_hash) → the gazetteer's raw entry for that word, for the
    /// current document. The same words recur ("Armenia", "said", "the" before a name) and each
    /// probe of the gazetteer map is a cache miss or two; this small map stays in cache. The
    /// word hash stands for the lower-case word, which alone decides the key looked up.
    word_entries: FastMap<u64, Option<Entry>>,
    /// Per token: `None` until known, then whether it is a common word.
    common_cache: Vec<Option<bool>>,
    /// Per token: whether it can be part of a name (see [`NameFinder::is_name_token`]).
    name_tokens: Vec<bool>,
}

const NOT_LOOKED_UP: u32 = u32::MAX;
const NO_ENTRY: u32 = u32::MAX - 1;

pub struct NameFinder<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
    pub lex: &'a Lexicon,
    pub evidence: &'a Evidence,
    buf: &'a mut FinderBuffers,
}

impl<'a> NameFinder<'a> {
    pub fn new(
        text: &'a str,
        tokens: &'a [Token],
        claimed: &'a [bool],
        lex: &'a Lexicon,
        evidence: &'a Evidence,
        buf: &'a mut FinderBuffers,
    ) -> Self {
        let n = tokens.len();
        buf.entry_slot.clear();
        buf.entry_slot.resize(n, NOT_LOOKED_UP);
        buf.entries.clear();
        buf.word_entries.clear();
        buf.common_cache.clear();
        buf.common_cache.resize(n, None);
        buf.name_tokens.clear();
        buf.name_tokens
            .extend(tokens.iter().zip(claimed).map(|(t, &claimed)| {
                // Without a branch on what is common and unpredictable (is it a word, a
                // capital); only the rare month or weekday name is looked at further.
                let capital = t.is_word() & t.has(CAP) & !claimed;
                if t.has(CALENDAR) {
                    capital && !is_calendar_word(t.text(text))
                } else {
                    capital
                }
            }));
        NameFinder {
            text,
            tokens,
            lex,
            evidence,
            buf,
        }
    }

    fn word(&self, i: usize) -> &'a str {
        self.tokens[i].text(self.text)
    }

    /// A capitalised word not already taken by a date, and not a month or weekday name.
    fn is_name_token(&self, i: usize) -> bool {
        self.buf.name_tokens[i]
    }

    /// Whether the word is a common English word, also in an inflected form ("Scorers").
    fn is_common(&mut self, i: usize) -> bool {
        if let Some(known) = self.buf.common_cache[i] {
            return known;
        }
        let common = self.is_common_uncached(i);
        self.buf.common_cache[i] = Some(common);
        common
    }

    fn is_common_uncached(&mut self, i: usize) -> bool {
        if self.flags_of(i) & lexicon::COMMON != 0 {
            return true;
        }
        let mut lower = std::mem::take(&mut self.buf.key);
        phrase_key(self.text, &self.tokens[i..i + 1], &mut lower);
        let mut stem = std::mem::take(&mut self.buf.stem);
        let common = lexicon::stems(&lower).any(|(base, add)| {
            stem.clear();
            stem.push_str(base);
            stem.push_str(add);
            self.lex.get(&stem).is_some_and(|e| e.has(lexicon::COMMON))
        });
        self.buf.key = lower;
        self.buf.stem = stem;
        common
    }

    fn lookup_range(&mut self, first: usize, end: usize) -> Option<Entry> {
        if end == first + 1 {
            return self.entry_of(first);
        }
        self.lookup_uncached(first, end)
    }

    /// The gazetteer entry of token `i` alone, looked up once per token.
    fn entry_of(&mut self, i: usize) -> Option<Entry> {
        match self.buf.entry_slot[i] {
            NOT_LOOKED_UP => {}
            NO_ENTRY => return None,
            slot => return Some(self.buf.entries[slot as usize]),
        }
        let e = if self.tokens[i].is_word() {
            let FinderBuffers {
                key, word_entries, ..
            } = &mut *self.buf;
            let (text, tokens, lex) = (self.text, self.tokens, self.lex);
            let hash = self.evidence.hashes[i];
            let raw = *word_entries.entry(hash).or_insert_with(|| {
                let word = tokens[i].text(text);
                if word.is_ascii() {
                    return lex.get_hashed(hash).copied();
                }
                // Its key differs from its lower case (typographic apostrophes).
                phrase_key(text, &tokens[i..i + 1], key);
                lex.get(key).copied()
            });
            raw.and_then(|raw| self.for_tokens(raw, i, i + 1))
        } else {
            self.lookup_uncached(i, i + 1)
        };
        self.buf.entry_slot[i] = match e {
            Some(e) => {
                self.buf.entries.push(e);
                (self.buf.entries.len() - 1) as u32
            }
            None => NO_ENTRY,
        };
        e
    }

    fn lookup_uncached(&mut self, first: usize, end: usize) -> Option<Entry> {
        phrase_key(self.text, &self.tokens[first..end], &mut self.buf.key);
        let e = *self.lex.get(&self.buf.key)?;
        self.for_tokens(e, first, end)
    }

    /// A gazetteer entry as it applies to tokens `first..end` (written in capitals or not);
    /// `None` if no reading is left.
    fn for_tokens(&self, e: Entry, first: usize, end: usize) -> Option<Entry> {
        let in_capitals = self.tokens[first..end]
            .iter()
            .all(|t| !t.is_word() || !t.text(self.text).chars().any(char::is_lowercase));
        let e = e.for_text(in_capitals);
        (e.flags != 0).then_some(e)
    }

    /// The gazetteer flags of token `i` alone.
    fn flags_of(&mut self, i: usize) -> u32 {
        self.entry_of(i).map_or(0, |e| e.flags)
    }

    /// Whether token `i` is a word of the list `set`, in any ASCII case. The lists are ASCII,
    /// so a word that is not matches none of them (its hash is of its Unicode lower case).
    fn lower_word_is(&self, i: usize, set: WordSet) -> bool {
        let t = &self.tokens[i];
        t.is_word()
            && CONTEXT_WORDS
                .get(&self.evidence.hashes[i])
                .is_some_and(|&sets| sets & set.0 != 0)
            && t.text(self.text).is_ascii()
    }

    /// Finds every name in the text.
    pub fn find(&mut self, out: &mut Vec<Candidate>) {
        out.clear();
        let n = self.tokens.len();
        let mut i = 0;
        while i < n {
            if !self.is_name_token(i) {
                i += 1;
                continue;
            }
            if let Some(len) = self.party_tag_len(i) {
                i += len;
                continue;
            }
            let mut j = i + 1;
            while j < n && !self.tokens[j].has(LINE_START) {
                if self.is_name_token(j) {
                    j += 1;
                } else if j + 1 < n
                    && !self.tokens[j + 1].has(LINE_START)
                    && self.is_name_token(j + 1)
                    && self.joins(j)
                {
                    j += 2;
                } else if j + 2 < n
                    && !self.tokens[j + 2].has(LINE_START)
                    && self.is_name_token(j + 2)
                    && !self.tokens[j + 1].has(CAP)
                    && PARTICLES.contains(&self.word(j))
                    && PARTICLES.contains(&self.word(j + 1))
                {
                    j += 3;
                } else {
                    break;
                }
            }
            self.segment(i, j, out);
            i = j;
        }
        // "Democrat-held", "Kremlin-backed": a capitalised word ending in a lower-case part
        // is an adjective, not a name, unless a gazetteer knows it whole; "We're", "Don't" are
        // contractions (capitalised after a quote, where a sentence starts unseen).
        out.retain(|c| {
            let last = self.tokens[c.end - 1].text(self.text);
            c.score == GAZETTEER || !(ends_in_lower_case_part(last) || is_contraction(last))
        });
        if self.evidence.sports || self.evidence.business {
            self.teams_and_companies(out);
        }
        self.join_given_places(out);
        for c in out.iter_mut() {
            c.named = self.named_as_a_person(c);
        }
    }

    /// "Alexandria Ocasio-Cortez", "Vladimir Putin": a one-word town or city written directly
    /// before a person's one-word name (one space, nothing between) is that person's given
    /// name, as a place is never written so; before a full name it is not ("the President of
    /// France Emmanuel Macron"). A country or region may head a headline's name ("Russia
    /// Putin"), so those stay places unless they are also given names ("Jordan Henderson").
    fn join_given_places(&mut self, out: &mut Vec<Candidate>) {
        let mut k = 0;
        while k + 1 < out.len() {
            let (a, b) = (&out[k], &out[k + 1]);
            let joined = a.kind == EntityKind::Place
                && a.end == a.first + 1
                && b.first == a.end
                && b.kind == EntityKind::Person
                && b.end == b.first + 1
                && self.tokens[a.first].end + 1 == self.tokens[b.first].start
                && self.text.as_bytes()[self.tokens[a.first].end as usize] == b' '
                && (self.flags_of(a.first) & (lexicon::COUNTRY | lexicon::REGION) == 0
                    || self.flags_of(a.first) & lexicon::GIVEN != 0);
            if joined {
                out[k] = Candidate::unlisted(a.first, b.end, EntityKind::Person, b.score);
                out.remove(k + 1);
            }
            k += 1;
        }
    }

    /// Whether `c` is written as people's names are: after a title ("Sen. Warren"), or opening
    /// with a known given name or an initial ("Nikol Pashinyan", "J. Smith") and more after it.
    /// The evidence a collection pools before it calls a one-word name a person.
    fn named_as_a_person(&mut self, c: &Candidate) -> bool {
        if c.kind != EntityKind::Person {
            return false;
        }
        if self.title_before(c.first) {
            return true;
        }
        let first = self.tokens[c.first];
        let initial = first.letters == 1
            && self
                .tokens
                .get(c.first + 1)
                .is_some_and(|t| t.start == first.end && t.text(self.text) == ".");
        let words = (c.first..c.end)
            .filter(|&k| self.tokens[k].is_word())
            .count();
        // "An FDA official": a common word opening a sentence is no given name.
        let given = self.flags_of(c.first) & lexicon::GIVEN != 0
            && !(first.has(SENT_START) && self.is_common(c.first));
        words >= 2 && (initial || given)
    }

    /// How many tokens from `i` make a party-state tag, which is never a name: "D-Calif",
    /// "R-Texas", "I-Vt", "D-N.Y." (cut by the tokeniser into "D-N", ".", "Y."), or a party
    /// letter alone after "(" or "," before a state ("D Calif"), whose state is then read on
    /// its own. `None` for any other word; most are ruled out by their second byte.
    fn party_tag_len(&mut self, i: usize) -> Option<usize> {
        let word = self.word(i).as_bytes();
        if !matches!(word.first(), Some(b'D' | b'R' | b'I')) {
            return None;
        }
        if word.len() == 1 {
            let opened = i > 0 && matches!(self.word(i - 1), "(" | ",");
            let state = i + 1 < self.tokens.len()
                && !self.tokens[i + 1].has(LINE_START)
                && self.is_state(i + 1);
            return (opened && state).then_some(1);
        }
        if word.len() < 3 || word[1] != b'-' || !word[2].is_ascii_uppercase() {
            return None;
        }
        let rest = &self.word(i)[2..];
        let adjacent = |a: usize, b: usize| {
            b < self.tokens.len() && self.tokens[b].start == self.tokens[a].end
        };
        // "D-N.Y.", "R-W.Va.": a letter, its dot and the rest of the abbreviation.
        if rest.len() == 1
            && adjacent(i, i + 1)
            && self.word(i + 1) == "."
            && adjacent(i + 1, i + 2)
        {
            return Some(3);
        }
        let mut key = std::mem::take(&mut self.buf.key);
        key.clear();
        key.push_str(rest);
        key.make_ascii_lowercase();
        let capitals = rest.bytes().all(|b| !b.is_ascii_lowercase());
        let state = self.lex.get(&key).is_some_and(|e| {
            e.for_text(capitals).flags & (lexicon::REGION | lexicon::STATE_ABBR) != 0
        });
        self.buf.key = key;
        state.then_some(1)
    }

    /// Whether token `i` is a state's name or abbreviation.
    fn is_state(&mut self, i: usize) -> bool {
        self.tokens[i].is_word() && self.flags_of(i) & (lexicon::REGION | lexicon::STATE_ABBR) != 0
    }

    /// "Oakland, Calif.", "(D Calif.)": the state an abbreviation at `i` stands for, when a
    /// comma after a capitalised word or a party letter stands before it. Elsewhere "Mass" and
    /// "Conn" are left to the other rules.
    fn abbreviated_state(&mut self, i: usize) -> Option<Candidate> {
        let t = self.tokens[i];
        if i < 2 || t.has(SHOUT) || t.has(LINE_START) || self.flags_of(i) & lexicon::STATE_ABBR == 0
        {
            return None;
        }
        let prev = self.tokens[i - 1];
        let after_comma = self.word(i - 1) == "," && self.tokens[i - 2].has(CAP);
        let after_party = prev.is_word()
            && matches!(self.word(i - 1), "D" | "R" | "I")
            && matches!(self.word(i - 2), "(" | ",");
        if !(after_comma || after_party) {
            return None;
        }
        let place = self.lex.abbreviated_place(self.evidence.hashes[i])?;
        Some(Candidate {
            first: i,
            end: i + 1,
            kind: EntityKind::Place,
            score: GAZETTEER,
            canonical: place,
            named: false,
        })
    }

    /// In a sports report a town, county or unknown one-word name is a team ("Surrey beat
    /// Kent"), unless it is a venue ("at Headingley"), a dateline or a country. In a business
    /// report an unknown one-word name with nothing of a person about it is a company.
    fn teams_and_companies(&mut self, out: &mut [Candidate]) {
        for c in out.iter_mut() {
            let first = self.tokens[c.first];
            let venue = c.first > 0 && !first.has(LINE_START) && {
                let w = self.word(c.first - 1);
                ["in", "at", "near", "from"].contains(&w)
            };
            // "LONDON 1996-08-30": a place and a date opening a report.
            let dateline = first.has(LINE_START)
                && self.tokens.get(c.end).is_some_and(|t| {
                    t.shape == Shape::Number
                        && !t.has(LINE_START)
                        && t.text(self.text).contains(['-', '/'])
                });
            if venue || dateline {
                continue;
            }
            let flags = self.lookup_range(c.first, c.end).map_or(0, |e| e.flags);
            let country = flags & lexicon::COUNTRY != 0;
            match c.kind {
                EntityKind::Place if !country && self.evidence.sports => {
                    c.kind = EntityKind::Org;
                }
                // A small town's name in a business report, not after "in" or "from", is
                // more often a company's.
                EntityKind::Place if c.score == GUESS && self.evidence.business => {
                    c.kind = EntityKind::Org;
                    c.canonical = lexicon::NONE;
                }
                EntityKind::Person
                    if c.score == GUESS
                        && c.end == c.first + 1
                        && flags & (lexicon::GIVEN | lexicon::SURNAME) == 0 =>
                {
                    c.kind = EntityKind::Org;
                }
                _ => {}
            }
        }
    }

    /// Whether the non-name token `j` joins the names on both sides into one.
    fn joins(&mut self, j: usize) -> bool {
        let t = self.tokens[j];
        if t.shape == Shape::Punct {
            return t.text(self.text) == "&" && t.start == self.tokens[j - 1].end + 1;
        }
        if t.has(CAP) {
            return false;
        }
        let w = t.text(self.text);
        if w == "of" || w == "for" {
            let before = self.flags_of(j - 1);
            return before & (lexicon::ORG_HEAD | lexicon::PLACE_END | lexicon::PLACE_START) != 0;
        }
        PARTICLES.contains(&w)
    }

    /// Whether a title stands just before token `i` ("President Putin", "Mr. Smith", "president Putin").
    fn title_before(&mut self, i: usize) -> bool {
        let mut k = i;
        if k >= 2 && self.word(k - 1) == "." && self.tokens[k - 1].start == self.tokens[k - 2].end {
            k -= 1;
        }
        if k == 0 || self.tokens[i].has(LINE_START) {
            return false;
        }
        // "then-President Obama", "ex-Governor X": a former or past title is still a title.
        if self.word(k - 1).contains('-') && self.is_prefixed_title(k - 1) {
            return true;
        }
        // Longer titles first ("secretary of state", "prime minister"), then one word; never
        // across a line.
        for len in [3usize, 2, 1] {
            if k >= len
                && (len == 1 || self.lex.longest_phrase_from(self.evidence.hashes[k - len]) >= len)
                && (k - len..k).all(|p| self.tokens[p].is_word())
                && !(k - len + 1..=k).any(|p| self.tokens[p].has(LINE_START))
                && let Some(e) = self.lookup_range(k - len, k)
                && e.has(lexicon::TITLE)
            {
                return true;
            }
        }
        false
    }

    /// Whether the hyphenated word at `i` is a title after "then-", "ex-" or "former-"
    /// ("then-President", "Ex-Governor"). Such words are rare: the lower-casing is no cost.
    fn is_prefixed_title(&mut self, i: usize) -> bool {
        let word = self.word(i);
        let Some((prefix, rest)) = word.split_once('-') else {
            return false;
        };
        if !["then", "ex", "former"]
            .iter()
            .any(|p| prefix.eq_ignore_ascii_case(p))
            || !rest.starts_with(|c: char| c.is_uppercase())
        {
            return false;
        }
        self.lex
            .get(&rest.to_lowercase())
            .is_some_and(|e| e.has(lexicon::TITLE))
    }

    /// "Secretary of State Mike Pompeo", "Minister of Foreign Affairs Sergei Lavrov": where the
    /// person starts in the run `first..end` when a title with "of" (or "of the") stands just
    /// before it and the run opens with the rest of that title. Either the whole title is
    /// listed ("secretary of state"), or the run holds a given name after at most three words
    /// the gazetteer does not know (the title's domain). `None` when no such title is there.
    fn title_across_of(&mut self, first: usize, end: usize) -> Option<usize> {
        let mut k = first;
        if k >= 1 && self.word(k - 1) == "the" {
            k -= 1;
        }
        if k < 2 || self.word(k - 1) != "of" || self.tokens[first].has(LINE_START) {
            return None;
        }
        let title = k - 2;
        if self.tokens[k - 1].has(LINE_START)
            || !self.tokens[title].has(CAP)
            || self.flags_of(title) & lexicon::TITLE == 0
        {
            return None;
        }
        let longest = self.lex.longest_phrase_from(self.evidence.hashes[title]);
        for len in (1..=3.min(end - first - 1)).rev() {
            if first + len - title <= longest
                && self
                    .lookup_range(title, first + len)
                    .is_some_and(|e| e.has(lexicon::TITLE))
            {
                return Some(first + len);
            }
        }
        let known = lexicon::PLACE_ANY | lexicon::ORG | lexicon::GROUP;
        let mut p = first;
        while p < end.min(first + 4) && p + 1 < end {
            if !self.is_name_token(p) || self.flags_of(p) & known != 0 {
                return None;
            }
            if p > first && self.flags_of(p) & lexicon::GIVEN != 0 {
                return Some(p);
            }
            p += 1;
        }
        None
    }

    /// Whether a sentence-initial or headline word should count as a name.
    fn capital_is_meaningful(&mut self, i: usize) -> bool {
        let t = self.tokens[i];
        if !(t.has(SENT_START) || t.has(SHOUT)) {
            return true;
        }
        let flags = self.flags_of(i);
        // Countries, regions, organisations and groups keep their capital even when the word is
        // also common ("Turkey", "China"); a city must not be a common word ("Reading").
        if flags & (lexicon::COUNTRY | lexicon::REGION | lexicon::ORG | lexicon::GROUP) != 0
            || flags & lexicon::CITY != 0 && flags & lexicon::COMMON == 0
        {
            return true;
        }
        // "Bill Clinton" at the start of a sentence.
        if flags & lexicon::GIVEN != 0
            && i + 1 < self.tokens.len()
            && self.is_name_token(i + 1)
            && !self.tokens[i + 1].has(LINE_START)
            && !(self.is_common(i) && self.is_common(i + 1))
        {
            return true;
        }
        if flags & lexicon::NON_ENTITY == 0 && !self.is_common(i) {
            // An unknown word in a headline still needs some evidence unless it looks like a name.
            return !t.has(SHOUT)
                || t.text(self.text).chars().count() > 3
                || self.evidence.seen_mid_sentence(i);
        }
        self.evidence.seen_mid_sentence(i)
    }

    /// Cuts the run `first..end` of capitalised words into titles and names, one step at a
    /// time from the left; a title carries over to the name after it.
    fn segment(&mut self, first: usize, end: usize, out: &mut Vec<Candidate>) {
        let mut i = first;
        let mut after_title = self.title_before(first);
        if let Some(person) = self.title_across_of(first, end) {
            i = person;
            after_title = true;
        }
        while i < end {
            match self.segment_step(first, i, end, after_title, out) {
                Step::Skip(len) => i += len,
                Step::Title(len) => {
                    after_title = true;
                    i += len;
                }
                Step::Next(j) => {
                    after_title = false;
                    i = j;
                }
                Step::Done => return,
                Step::Descriptor(kind) => {
                    i += 1;
                    if self.is_name_token(i) {
                        let j = self.unknown_end(i + 1, end);
                        out.push(Candidate::rule(i, j, kind));
                        i = j;
                    }
                    after_title = false;
                }
            }
        }
    }

    /// One step of [`Self::segment`] at token `i` of the run `first..end`: decides whether the
    /// word here starts a name at all, then hands it to the gazetteer reading or to the rules
    /// for unknown names. Weak gazetteer readings (a particle, a small town, an abbreviated
    /// title that is also a place) are dropped here so that the context rules get to decide.
    fn segment_step(
        &mut self,
        first: usize,
        i: usize,
        end: usize,
        after_title: bool,
        out: &mut Vec<Candidate>,
    ) -> Step {
        if !self.is_name_token(i) {
            return Step::Skip(1);
        }
        if let Some(step) = self.descriptor_step(i, end) {
            return step;
        }
        if i == first && self.is_glued_compound(i, end) {
            return Step::Skip(1);
        }
        if i == first
            && let Some(state) = self.abbreviated_state(i)
        {
            out.push(state);
            return Step::Next(i + 1);
        }
        let mut matched = self.longest_entry_at(i, end);
        if self.lacks_evidence(first, i, end, matched) {
            return Step::Skip(1);
        }
        // "Van Basten", "De Klerk": a particle with a capital opens a surname.
        if self.lower_word_is(i, IS_PARTICLE) && i + 1 < end && self.is_name_token(i + 1) {
            matched = None;
        }
        // A small town's name alone is as often a surname ("Graham said"): let the context
        // rules decide, with the town as the fallback.
        let mut town = None;
        if let Some((1, e)) = matched
            && is_small_town(&e)
        {
            town = Some(e.place);
            matched = None;
        }
        if let Some((1, e)) = matched
            && self.is_abbreviated_title_before_name(i, end, &e)
        {
            return Step::Skip(1);
        }
        match matched {
            Some((len, e)) => self.gazetteer_step(i, len, e, end, after_title, out),
            None => self.unknown_step(i, end, after_title, town, out),
        }
    }

    /// A word that describes the name after it without being part of it: "Ex-Yankee" (a
    /// former something) stands like a title; "Cambridge-based", "Chinese-owned" (a last part
    /// in lower case) is an adjective and is skipped, unless the gazetteer knows it whole.
    fn descriptor_step(&mut self, i: usize, end: usize) -> Option<Step> {
        let word = self.word(i);
        if !word.contains(['-', '‐']) {
            return None;
        }
        let former = word.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("ex-"))
            && word[3..].starts_with(|c: char| c.is_uppercase());
        if former {
            return Some(if i + 1 < end {
                Step::Title(1)
            } else {
                Step::Skip(1)
            });
        }
        let known = lexicon::PLACE_ANY | lexicon::ORG | lexicon::GROUP;
        if !ends_in_lower_case_part(word) || self.flags_of(i) & known != 0 {
            return None;
        }
        let last = word.rsplit(['-', '‐']).next().unwrap_or("");
        if i + 1 < end && last == "born" {
            return Some(Step::Title(1));
        }
        // "Ontario-based Magna", "Iran-backed Hezbollah": what is based, owned or led is an
        // organisation, unless the gazetteer says what it is.
        if i + 1 < end && ORG_DESCRIPTORS.contains(&last) {
            let next = self.entry_of(i + 1);
            if next.is_none_or(|e| e.flags & known == 0 || is_small_town(&e)) {
                return Some(Step::Descriptor(EntityKind::Org));
            }
        }
        Some(Step::Skip(1))
    }

    /// "Drugmaker Pfizer", "Automaker Ford": whether the sentence-initial word at `i`, before
    /// more of the run, is a compound of two common words ("drug" + "maker") that the gazetteer
    /// does not know and the document never capitalises mid-sentence: a description, not part
    /// of the name after it. Only a run's first word is asked, so this costs a few lookups per
    /// sentence at most.
    fn is_glued_compound(&mut self, i: usize, end: usize) -> bool {
        let t = self.tokens[i];
        let known = lexicon::PLACE_ANY
            | lexicon::ORG
            | lexicon::GROUP
            | lexicon::GIVEN
            | lexicon::SURNAME
            | lexicon::TITLE
            | lexicon::ORG_HEAD
            | lexicon::EVENT_HEAD
            | lexicon::PLACE_START
            | lexicon::PLACE_END;
        if !(t.has(SENT_START) && i + 1 < end && self.is_name_token(i + 1))
            || t.letters < 7
            || self.flags_of(i) & known != 0
            || self.evidence.seen_mid_sentence(i)
        {
            return false;
        }
        let word = self.word(i);
        if !word.bytes().all(|b| b.is_ascii_alphabetic()) {
            return false;
        }
        let mut lower = std::mem::take(&mut self.buf.key);
        lower.clear();
        lower.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
        let common = |w: &str| self.lex.get(w).is_some_and(|e| e.has(lexicon::COMMON));
        // The second word names a doer ("maker", "builder", "seller"): "Herfried" is no
        // "her" + "fried".
        let doer = |w: &str| w.len() >= 4 && (w.ends_with("er") || w.ends_with("or"));
        let compound = (3..=lower.len() - 4)
            .any(|k| doer(&lower[k..]) && common(&lower[..k]) && common(&lower[k..]));
        self.buf.key = lower;
        compound
    }

    /// The longest gazetteer phrase starting at token `i` within the run ending at `end` that
    /// says something about a name (a place, organisation, group, title or non-name), with its
    /// length. Longest first, so that "New York" wins over "New".
    fn longest_entry_at(&mut self, i: usize, end: usize) -> Option<(usize, Entry)> {
        let longest = self
            .lex
            .longest_phrase_from(self.evidence.hashes[i])
            .min(end - i);
        for len in (1..=longest).rev() {
            if !self.is_name_token(i + len - 1) {
                continue;
            }
            if let Some(e) = self.lookup_range(i, i + len)
                && e.flags
                    & (lexicon::PLACE_ANY
                        | lexicon::ORG
                        | lexicon::GROUP
                        | lexicon::TITLE
                        | lexicon::NON_ENTITY)
                    != 0
            {
                return Some((len, e));
            }
        }
        None
    }

    /// Whether the word at `i`, opening the run or in a headline, must be skipped because its
    /// capital proves nothing: a sentence-initial or headline word needs evidence, unless it
    /// opens a longer gazetteer phrase ("New York") or is a title before a name.
    fn lacks_evidence(
        &mut self,
        first: usize,
        i: usize,
        end: usize,
        matched: Option<(usize, Entry)>,
    ) -> bool {
        // A title at a sentence's start still says a name follows when what follows is
        // no common word ("President Obama met…", not "Major League Baseball"); in a
        // headline it says nothing.
        let title_before_name = matches!(matched, Some((len, e)) if e.has(lexicon::TITLE)
            && !self.tokens[i].has(SHOUT)
            && i + len < end
            && !self.is_common(i + len));
        (i == first || self.tokens[i].has(SHOUT))
            && matched.is_none_or(|(len, _)| len <= 1)
            && !title_before_name
            && !self.capital_is_meaningful(i)
    }

    /// "Sens. Scott Brown": whether the one-word entry `e` at `i`, the run's last word, is a
    /// title abbreviated with a dot before a name on the same line. Such a title may also be a
    /// place ("Sens", a French town); here it is the title, and is skipped.
    fn is_abbreviated_title_before_name(&self, i: usize, end: usize, e: &Entry) -> bool {
        e.has(lexicon::TITLE)
            && i + 1 == end
            && self
                .tokens
                .get(end)
                .is_some_and(|d| d.start == self.tokens[i].end && d.text(self.text) == ".")
            && end + 1 < self.tokens.len()
            && self.is_name_token(end + 1)
            && !self.tokens[end + 1].has(LINE_START)
    }

    /// The step for a gazetteer phrase `i..i + len` with entry `e` in the run ending at `end`.
    /// The entry is not always the name: a title or non-name is skipped, a given name before
    /// an unknown word is a person, and a run ending in an organisation's or event's head word
    /// is one name whatever opens it.
    fn gazetteer_step(
        &mut self,
        i: usize,
        len: usize,
        e: Entry,
        end: usize,
        after_title: bool,
        out: &mut Vec<Candidate>,
    ) -> Step {
        if let Some(step) = self.title_or_non_entity(i, len, &e, end) {
            return step;
        }
        if len == 1
            && (e.has(lexicon::GIVEN) || after_title)
            && let Some(j) = self.person_despite_place(i, &e, end)
        {
            out.push(Candidate::rule(i, j, EntityKind::Person));
            return Step::Next(j);
        }
        if let Some(kind) = self.headed_rest(i + len, end) {
            out.push(Candidate::rule(i, end, kind));
            return Step::Done;
        }
        let c = self.gazetteer_candidate(i, len, &e, end);
        let next = c.end;
        out.push(c);
        Step::Next(next)
    }

    /// A title or non-name entry `e` at `i..i + len` that is nothing else (no place,
    /// organisation or group reading): skipped, a title remembered for the name after it. Not
    /// a title when the run ends in an organisation's head word ("the Justice Department").
    fn title_or_non_entity(&mut self, i: usize, len: usize, e: &Entry, end: usize) -> Option<Step> {
        let named = e.flags & (lexicon::PLACE_ANY | lexicon::ORG | lexicon::GROUP) != 0;
        if e.has(lexicon::TITLE) {
            let opens_org = end > i + len
                && self.flags_of(end - 1) & lexicon::ORG_HEAD != 0
                && self.flags_of(end - 1) & lexicon::TITLE == 0;
            if !named && !opens_org {
                return Some(Step::Title(len));
            }
        }
        // "Congressional Budget Office": a non-name opening an organisation's name is part of it.
        if e.has(lexicon::NON_ENTITY) && !named && self.headed_rest(i + len, end).is_none() {
            return Some(Step::Skip(len));
        }
        None
    }

    /// "Jordan Henderson": where the person ends when the one-word entry `e` at `i` (a given
    /// name, or any word after a title) is at most a small place and an unknown name follows
    /// in the run. `None` when the place reading may stand.
    fn person_despite_place(&mut self, i: usize, e: &Entry, end: usize) -> Option<usize> {
        let weak_place = e.flags & (lexicon::COUNTRY | lexicon::REGION | lexicon::ORG) == 0
            && e.population < 1_000_000;
        if !(weak_place && i + 1 < end && self.is_name_token(i + 1)) {
            return None;
        }
        let next = self.flags_of(i + 1);
        let known =
            lexicon::PLACE_ANY | lexicon::ORG | lexicon::GROUP | lexicon::TITLE | lexicon::ORG_HEAD;
        (next & known == 0).then(|| self.unknown_end(i + 1, end))
    }

    /// "Armenian Foreign Ministry", "US Senate", "European Cup": when the run's last word,
    /// at or after `from`, is an event's or organisation's head word, the whole run is that
    /// event or organisation. Not an organisation when a title stands between ("US Secretary
    /// of State"), unless that title is itself a head word.
    fn headed_rest(&mut self, from: usize, end: usize) -> Option<EntityKind> {
        let run_last = end - 1;
        if run_last < from {
            return None;
        }
        if self.flags_of(run_last) & lexicon::EVENT_HEAD != 0 {
            return Some(EntityKind::Misc);
        }
        if self.flags_of(run_last) & lexicon::ORG_HEAD != 0
            && !(from..=run_last).any(|k| {
                self.flags_of(k) & lexicon::TITLE != 0 && self.flags_of(k) & lexicon::ORG_HEAD == 0
            })
        {
            return Some(EntityKind::Org);
        }
        None
    }

    /// The name a gazetteer phrase `i..i + len` with entry `e` gives, stretched over one more
    /// word of the run where that word completes it: two groups in a row are one ("Iraqi
    /// Kurds"), a place takes its end word ("Quebec City"). A stretched place is no longer
    /// the entry's canonical name; a group keeps it.
    fn gazetteer_candidate(&mut self, i: usize, len: usize, e: &Entry, end: usize) -> Candidate {
        let (kind, mut canonical) = reading(e);
        let mut j = i + len;
        if kind == EntityKind::Group
            && j < end
            && self.flags_of(j) & lexicon::GROUP != 0
            && self.flags_of(j) & (lexicon::COUNTRY | lexicon::REGION | lexicon::ORG) == 0
        {
            j += 1;
            canonical = lexicon::NONE;
        }
        if kind == EntityKind::Place && j < end && self.flags_of(j) & lexicon::PLACE_END != 0 {
            j += 1;
        }
        let canonical = if j == i + len || kind == EntityKind::Group {
            canonical
        } else {
            lexicon::NONE
        };
        Candidate {
            first: i,
            end: j,
            kind,
            score: GAZETTEER,
            canonical,
            named: false,
        }
    }

    /// The step for a word at `i` the gazetteer does not name: a head word with "of" or a
    /// sports club takes the rest of the run; otherwise the unknown name runs as far as
    /// [`Self::unknown_end`] allows and its context decides its kind. `town` is the small
    /// town the word alone would be, the fallback if nothing else decides.
    fn unknown_step(
        &mut self,
        i: usize,
        end: usize,
        after_title: bool,
        town: Option<u32>,
        out: &mut Vec<Candidate>,
    ) -> Step {
        let rest = self
            .head_of_rest(i, end)
            .or_else(|| self.is_sports_club(i, end).then_some(EntityKind::Org));
        if let Some(kind) = rest {
            out.push(Candidate::rule(i, end, kind));
            return Step::Done;
        }
        let j = self.unknown_end(i + 1, end);
        let town = town.filter(|_| j == i + 1);
        if let Some(c) = self.classify_unknown(i, j, after_title, town) {
            out.push(c);
        }
        Step::Next(j)
    }

    /// "Bank of Toronto", "Gulf of Tonkin": the kind of the rest of the run when the word at
    /// `i` is an organisation's or place's head word followed by "of" or "for".
    fn head_of_rest(&mut self, i: usize, end: usize) -> Option<EntityKind> {
        if !(i + 2 < end && matches!(self.word(i + 1), "of" | "for")) {
            return None;
        }
        let head = self.flags_of(i);
        if head & lexicon::ORG_HEAD != 0 {
            Some(EntityKind::Org)
        } else if head & (lexicon::PLACE_START | lexicon::PLACE_END) != 0 {
            Some(EntityKind::Place)
        } else {
            None
        }
    }

    /// "Real Madrid", "Red Star Belgrade": in a sports report, common words before a place in
    /// one run (from `i` to `end`) name a club.
    fn is_sports_club(&mut self, i: usize, end: usize) -> bool {
        if !(self.evidence.sports && end > i + 1 && self.is_common(i)) {
            return false;
        }
        let mut k = i;
        while k < end && self.is_name_token(k) && self.is_common(k) {
            k += 1;
        }
        k < end && self.is_name_token(k) && self.flags_of(k) & lexicon::PLACE_ANY != 0
    }

    /// Where an unknown name that starts before `from` ends: at the run's end or at a word that
    /// begins something known (a title, a country, an organisation).
    fn unknown_end(&mut self, from: usize, end: usize) -> usize {
        let mut j = from;
        while j < end {
            if !self.is_name_token(j) {
                // A particle or "of" inside the run.
                if j + 1 < end {
                    j += 1;
                    continue;
                }
                break;
            }
            let f = self.lookup_range(j, j + 1);
            if let Some(e) = f {
                let strong = e.flags
                    & (lexicon::COUNTRY
                        | lexicon::REGION
                        | lexicon::ORG
                        | lexicon::GROUP
                        | lexicon::TITLE)
                    != 0
                    || e.has(lexicon::CITY) && e.population >= 500_000;
                if strong && !e.has(lexicon::ORG_HEAD) {
                    break;
                }
            }
            if self.tokens[j].has(SHOUT) && !self.capital_is_meaningful(j) {
                break;
            }
            j += 1;
        }
        // Never end on a particle.
        while j > from && !self.is_name_token(j - 1) {
            j -= 1;
        }
        j
    }

    /// The kind of the unknown name `first..end`, with how sure it is; `None` when it is no
    /// name after all. Its own shape decides first (a head word, a title before it, a given
    /// name), then its neighbours ("X said", "the town of X"), then fallbacks that guess.
    /// `town` is the small town the name would be if nothing else decides.
    fn classify_unknown(
        &mut self,
        first: usize,
        end: usize,
        after_title: bool,
        town: Option<u32>,
    ) -> Option<Candidate> {
        let prev = first
            .checked_sub(1)
            .filter(|&p| !self.tokens[first].has(LINE_START) || p + 1 != first);
        let next = (end < self.tokens.len() && !self.tokens[end].has(LINE_START)).then_some(end);
        let decided = match self.kind_from_shape(first, end, after_title) {
            Some(decided) => Some(decided),
            None => self.kind_from_neighbours(first, end, prev, next),
        };
        match decided {
            Some((kind, score)) => Some(Candidate::unlisted(first, end, kind, score)),
            None => self.fallback_reading(first, end, prev, town),
        }
    }

    /// What the unknown name `first..end` says of itself, with `after_title` set when a title
    /// stands before it: a run ending in an event's or organisation's head word, or a place's
    /// first or last word, is that; after a title it is a person; a name with a digit is a
    /// thing, not a person ("G20"); a given name opening it makes it a person ("Nikol
    /// Pashinyan").
    fn kind_from_shape(
        &mut self,
        first: usize,
        end: usize,
        after_title: bool,
    ) -> Option<(EntityKind, u8)> {
        let n = end - first;
        let last_flags = self.flags_of(end - 1);
        let first_flags = self.flags_of(first);
        if n >= 2 && last_flags & lexicon::EVENT_HEAD != 0 {
            return Some((EntityKind::Misc, RULE));
        }
        if n >= 2 && last_flags & lexicon::ORG_HEAD != 0 {
            return Some((EntityKind::Org, RULE));
        }
        if n >= 2
            && (last_flags & lexicon::PLACE_END != 0 || first_flags & lexicon::PLACE_START != 0)
        {
            return Some((EntityKind::Place, RULE));
        }
        if after_title {
            return Some((EntityKind::Person, RULE));
        }
        if self.tokens[first].has(DIGIT) {
            return Some((EntityKind::Misc, RULE));
        }
        if n >= 2 && first_flags & lexicon::GIVEN != 0 {
            return Some((EntityKind::Person, RULE));
        }
        None
    }

    /// What the words around the unknown name `first..end` say of it; `prev` and `next` are
    /// the tokens just before and after it on its line. Institutions follow "the", companies
    /// have shares and rivals, people speak, places have valleys and towns.
    fn kind_from_neighbours(
        &mut self,
        first: usize,
        end: usize,
        prev: Option<usize>,
        next: Option<usize>,
    ) -> Option<(EntityKind, u8)> {
        // "the Obama administration", "the Reagan era": a person's name, whatever else it is.
        if let Some(nx) = next
            && self.lower_word_is(nx, IS_PERSON_AFTER)
            && !self.tokens[nx].has(CAP)
        {
            return Some((EntityKind::Person, RULE));
        }
        // "the Capitol": a facility's or event's head word alone names it, unless it is a
        // common word ("the Stadium").
        if end == first + 1
            && prev.is_some_and(|p| self.word(p).eq_ignore_ascii_case("the"))
            && self.flags_of(first) & lexicon::EVENT_HEAD != 0
            && !self.is_common(first)
        {
            return Some((EntityKind::Misc, RULE));
        }
        // "the Treasury said": a capitalised common word after "the" is an institution.
        if prev.is_some_and(|p| self.word(p).eq_ignore_ascii_case("the"))
            && (first..end).all(|k| !self.is_name_token(k) || self.is_common(k))
        {
            let insisted = (first..end)
                .all(|k| !self.is_name_token(k) || self.evidence.mid_sentence_count(k) >= 2);
            return Some((EntityKind::Org, if insisted { GUESS } else { WEAK }));
        }
        // "shares in Zentrova": a company.
        if let Some(p) = prev
            && p >= 1
            && matches!(self.word(p), "in" | "of")
            && self.lower_word_is(p - 1, IS_SHARES)
        {
            return Some((EntityKind::Org, RULE));
        }
        if let Some(nx) = next {
            if self.lower_word_is(nx, IS_SPEECH) {
                return Some((EntityKind::Person, RULE));
            }
            if self.lower_word_is(nx, IS_PLACE_AFTER) {
                return Some((EntityKind::Place, RULE));
            }
            let after = if self.tokens[nx].has(POSSESSIVE) {
                nx + 1
            } else {
                nx
            };
            if after < self.tokens.len()
                && !self.tokens[after].has(LINE_START)
                && self.lower_word_is(after, IS_BUSINESS_AFTER)
            {
                return Some((EntityKind::Org, RULE));
            }
        }
        let p = prev?;
        if self.lower_word_is(p, IS_BUSINESS_BEFORE) {
            return Some((EntityKind::Org, RULE));
        }
        if self.lower_word_is(p, IS_PLACE_CONTEXT)
            || p >= 1 && self.word(p) == "of" && self.lower_word_is(p - 1, IS_PLACE_CONTEXT)
        {
            return Some((EntityKind::Place, RULE));
        }
        // "(Reuters/Aziz Karimov)": a photographer after an agency.
        if self.word(p) == "/" && p >= 1 && self.flags_of(p - 1) & lexicon::ORG != 0 {
            return Some((EntityKind::Person, RULE));
        }
        None
    }

    /// The reading of the unknown name `first..end` when neither its shape nor its neighbours
    /// decided: a capitalised common word is a name only if the document insists on it, a
    /// short word or initial is none, a short acronym is an organisation, after "in" a place,
    /// then the small `town` it may be, and last a person.
    fn fallback_reading(
        &mut self,
        first: usize,
        end: usize,
        prev: Option<usize>,
        town: Option<u32>,
    ) -> Option<Candidate> {
        let n = end - first;
        let t = self.tokens[first];
        let first_flags = self.flags_of(first);
        let cand = |kind, score| Some(Candidate::unlisted(first, end, kind, score));
        // A lone common word with a capital (a heading, "Update") is not a name.
        let all_common = (first..end).all(|k| !self.is_name_token(k) || self.is_common(k));
        if all_common {
            // Unless the document keeps writing it with a capital and never without ("Dole",
            // "the Treasury").
            let insisted = (first..end).all(|k| {
                !self.is_name_token(k)
                    || self.tokens[k].letters >= 4 && self.evidence.mid_sentence_count(k) >= 3
            });
            let institution = prev.is_some_and(|p| self.word(p) == "the");
            let kind = if institution {
                EntityKind::Org
            } else {
                EntityKind::Person
            };
            return cand(kind, if insisted { GUESS } else { WEAK });
        }
        // An initial alone ("N") or a short unknown word ("Chg", "Avg") is not a name.
        if n == 1
            && !t.has(ALL_CAPS)
            && t.letters <= 3
            && first_flags & (lexicon::GIVEN | lexicon::SURNAME) == 0
        {
            return None;
        }
        if n == 1 && t.has(ALL_CAPS) && !t.has(SHOUT) && self.word(first).chars().count() <= 6 {
            return cand(EntityKind::Org, GUESS);
        }
        if n == 1
            && let Some(p) = prev
        {
            if self.lower_word_is(p, IS_PLACE_PREPOSITION) {
                return cand(EntityKind::Place, RULE);
            }
            if self.lower_word_is(p, IS_LOOSE_PLACE_PREPOSITION) {
                return cand(EntityKind::Place, GUESS);
            }
        }
        // A town that shares its name with a family ("Clinton") is more often the person.
        if let Some(place) = town.filter(|_| first_flags & (lexicon::SURNAME | lexicon::GIVEN) == 0)
        {
            return Some(Candidate {
                canonical: place,
                ..Candidate::unlisted(first, end, EntityKind::Place, GUESS)
            });
        }
        cand(EntityKind::Person, GUESS)
    }
}

/// The kind and canonical name a gazetteer entry gives, most specific first.
fn reading(e: &Entry) -> (EntityKind, u32) {
    if e.has(lexicon::COUNTRY) || e.has(lexicon::REGION) {
        return (EntityKind::Place, e.place);
    }
    if e.has(lexicon::ORG) {
        return (EntityKind::Org, e.org);
    }
    if e.has(lexicon::GROUP) {
        return (EntityKind::Group, e.group);
    }
    (EntityKind::Place, e.place)
}
