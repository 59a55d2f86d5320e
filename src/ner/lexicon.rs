//! The gazetteers of `assets/`, compiled into the binary and merged into one map from a
//! lower-case phrase ("united states", "prime minister") to everything known about it.
//!
//! One map rather than one per list because a phrase is often several things at once ("Georgia" is
//! a country and a US state, "Will" a given name and a common word) and the recogniser wants all of
//! that from a single lookup.

use super::hash::word_hash;
use super::token::{Token, tokenize};
use crate::hashing::FastMap;

pub const COUNTRY: u32 = 1;
pub const CITY: u32 = 1 << 1;
/// States, continents, regions and other named areas.
pub const REGION: u32 = 1 << 2;
pub const ORG: u32 = 1 << 3;
/// Nationalities, religious and political groups (singular or plural).
pub const GROUP: u32 = 1 << 4;
pub const GIVEN: u32 = 1 << 5;
pub const SURNAME: u32 = 1 << 6;
/// Stands before a name without being part of it ("President", "Prime Minister").
pub const TITLE: u32 = 1 << 7;
/// Ends an organisation's name ("Ministry", "Party", "Inc.").
pub const ORG_HEAD: u32 = 1 << 8;
/// Ends a place's name ("City", "Strip").
pub const PLACE_END: u32 = 1 << 9;
/// Begins a place's name ("Lake", "Mount").
pub const PLACE_START: u32 = 1 << 10;
/// A common lower-case English word.
pub const COMMON: u32 = 1 << 11;
/// Never a name by itself (time zones, "TV").
pub const NON_ENTITY: u32 = 1 << 12;
/// Ends the name of an event, award, law or facility ("Cup", "Open", "Treaty", "Stadium").
pub const EVENT_HEAD: u32 = 1 << 14;
/// A US state's abbreviation ("Calif", "Conn", "TX"): a place only where the text shows it is
/// one (after "Oakland," or in a party tag); its state is [`Lexicon::abbreviated_place`].
pub const STATE_ABBR: u32 = 1 << 15;
/// Any place reading.
pub const PLACE_ANY: u32 = COUNTRY | CITY | REGION;

pub const NONE: u32 = u32::MAX;

#[derive(Clone, Copy, Debug)]
pub struct Entry {
    pub flags: u32,
    /// Readings that hold only for text in capitals: a list writes "US" and "IT" in capitals so
    /// that "us" and "It" are not read as a country or a non-name.
    pub caps_flags: u32,
    /// For cities: GeoNames population (0 when unknown).
    pub population: u32,
    /// Canonical display names (indexes into [`Lexicon::name`]) for each reading, or [`NONE`].
    pub place: u32,
    pub org: u32,
    pub group: u32,
}

impl Entry {
    const EMPTY: Entry = Entry {
        flags: 0,
        caps_flags: 0,
        population: 0,
        place: NONE,
        org: NONE,
        group: NONE,
    };
    pub fn has(&self, flag: u32) -> bool {
        self.flags & flag != 0
    }
    /// The entry as it applies to text written in capitals or not.
    pub fn for_text(mut self, in_capitals: bool) -> Entry {
        if in_capitals {
            self.flags |= self.caps_flags;
        }
        self
    }
}

pub struct Lexicon {
    /// [`word_hash`] of a phrase's lookup key ([`phrase_key`]) → its entry. Keyed by the hash
    /// rather than the string: a text's one-word lookups then use the hash the recogniser has
    /// already taken of each word, and a probe touches no key string (each one a cache miss in
    /// a map of 140,000). Debug builds check that no two keys share a hash.
    map: FastMap<u64, Entry>,
    #[cfg(debug_assertions)]
    keys_by_hash: FastMap<u64, Box<str>>,
    names: Vec<Box<str>>,
    name_index: FastMap<Box<str>, u32>,
    /// [`word_hash`] of a phrase's first word → the most words a phrase starting with it has
    /// (only for phrases of two words or more).
    phrase_starts: FastMap<u64, u8>,
    /// [`word_hash`] of a word that marks a sports report ([`SPORTS_WORD`]) or else a business
    /// report ([`BUSINESS_WORD`]): one map so that each word of a text costs one probe.
    topic_words: FastMap<u64, u8>,
    /// A bit per [`topic_filter_bit`] of the topic words' hashes: most words are none, and a bit
    /// test rules them out before the map is probed.
    topic_filter: Box<[u64]>,
    /// [`word_hash`] of a [`STATE_ABBR`] word → its state's canonical name. Apart from the
    /// entry's `place`: "La" or "Pa" may be a place of their own.
    abbreviations: FastMap<u64, u32>,
}

pub const SPORTS_WORD: u8 = 1;
pub const BUSINESS_WORD: u8 = 2;
const TOPIC_FILTER_WORDS: usize = 1024;

fn topic_filter_bit(hash: u64) -> (usize, u64) {
    let bit = (hash >> 48) as usize % (TOPIC_FILTER_WORDS * 64);
    (bit / 64, 1u64 << (bit % 64))
}

const PLACES: &str = include_str!("../../assets/places.tsv");
const PLACE_ALIASES: &str = include_str!("../../assets/place_aliases.tsv");
const DEMONYMS: &str = include_str!("../../assets/demonyms.tsv");
const ORGS: &str = include_str!("../../assets/orgs.tsv");
const GIVEN_NAMES: &str = include_str!("../../assets/given_names.txt");
const SURNAMES: &str = include_str!("../../assets/surnames.txt");
const WORDS: &str = include_str!("../../assets/words.txt");
const TITLES: &str = include_str!("../../assets/titles.txt");
const ORG_HEADS: &str = include_str!("../../assets/org_heads.txt");
const PLACE_HEADS: &str = include_str!("../../assets/place_heads.txt");
const EVENT_HEADS: &str = include_str!("../../assets/event_heads.txt");
const FACILITY_HEADS: &str = include_str!("../../assets/facility_heads.txt");
const SPORTS_WORDS: &str = include_str!("../../assets/sports_words.txt");
const BUSINESS_WORDS: &str = include_str!("../../assets/business_words.txt");
const NON_ENTITIES: &str = include_str!("../../assets/nonentities.txt");

/// The non-comment, non-empty lines of an asset.
fn lines(asset: &str) -> impl Iterator<Item = &str> {
    asset
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl Lexicon {
    /// The lexicon of the gazetteers compiled into the binary. The lists are added in a fixed
    /// order: canonical names are numbered as they are first met, and the later lists look up
    /// what the earlier ones said (an alias of a country is a country).
    pub fn embedded() -> Lexicon {
        let mut lex = Lexicon {
            map: FastMap::with_capacity_and_hasher(140_000, Default::default()),
            #[cfg(debug_assertions)]
            keys_by_hash: FastMap::default(),
            names: Vec::new(),
            name_index: FastMap::default(),
            topic_words: FastMap::default(),
            topic_filter: vec![0u64; TOPIC_FILTER_WORDS].into_boxed_slice(),
            phrase_starts: FastMap::default(),
            abbreviations: FastMap::default(),
        };
        lex.add_topic_words();
        let mut tokens = Vec::new();
        lex.add_word_lists(&mut tokens);
        lex.add_places(&mut tokens);
        lex.add_place_aliases(&mut tokens);
        lex.add_orgs(&mut tokens);
        lex.add_demonyms(&mut tokens);
        lex
    }

    /// The words that mark a sports or a business report. Business words first so that a
    /// word of both lists counts as a sports word.
    fn add_topic_words(&mut self) {
        for (list, topic) in [(BUSINESS_WORDS, BUSINESS_WORD), (SPORTS_WORDS, SPORTS_WORD)] {
            for w in lines(list) {
                let h = word_hash(w);
                self.topic_words.insert(h, topic);
                let (word, bit) = topic_filter_bit(h);
                self.topic_filter[word] |= bit;
            }
        }
    }

    /// The lists of plain words and phrases, each giving one flag and no canonical name:
    /// common words, given names, surnames, titles, head words and non-names. A place head
    /// word marked with a trailing `<` opens a place's name ("Lake<"); others end it.
    fn add_word_lists(&mut self, tokens: &mut Vec<Token>) {
        for (list, flag) in [
            (WORDS, COMMON),
            (GIVEN_NAMES, GIVEN),
            (SURNAMES, SURNAME),
            (TITLES, TITLE),
            (EVENT_HEADS, EVENT_HEAD),
            (FACILITY_HEADS, EVENT_HEAD),
            (ORG_HEADS, ORG_HEAD),
        ] {
            for w in lines(list) {
                self.add(w, flag, tokens, |_| {});
            }
        }
        for w in lines(PLACE_HEADS) {
            match w.strip_suffix('<') {
                Some(start) => self.add(start, PLACE_START, tokens, |_| {}),
                None => self.add(w, PLACE_END, tokens, |_| {}),
            }
        }
        for w in lines(NON_ENTITIES) {
            self.add(w, NON_ENTITY, tokens, |_| {});
        }
    }

    /// The places: name, kind (country, city or else a region), population and canonical
    /// name, one a line. A city keeps the largest population of the places sharing its name.
    fn add_places(&mut self, tokens: &mut Vec<Token>) {
        for line in lines(PLACES) {
            let mut cols = line.split('\t');
            let (Some(name), Some(kind)) = (cols.next(), cols.next()) else {
                continue;
            };
            let population = cols.next().and_then(|p| p.parse().ok()).unwrap_or(0);
            let canonical = cols.next().filter(|c| !c.is_empty()).unwrap_or(name);
            let flag = match kind {
                "country" => COUNTRY,
                "city" => CITY,
                _ => REGION,
            };
            let idx = self.intern(canonical);
            // "St. Louis" is also written "St Louis" and "Saint Louis".
            let saint = name
                .strip_prefix("St. ")
                .map(|rest| [format!("St {rest}"), format!("Saint {rest}")]);
            for form in std::iter::once(name).chain(saint.iter().flatten().map(String::as_str)) {
                self.add(form, flag, tokens, |e| {
                    e.place = idx;
                    e.population = e.population.max(population);
                });
            }
        }
    }

    /// Other names of places ("Burma" for Myanmar): a country's alias is a country, whether
    /// the list says so or the canonical name is one already.
    fn add_place_aliases(&mut self, tokens: &mut Vec<Token>) {
        for line in lines(PLACE_ALIASES) {
            let mut cols = line.split('\t');
            let (Some(alias), Some(canonical)) = (cols.next(), cols.next()) else {
                continue;
            };
            let idx = self.intern(canonical);
            let third = cols.next();
            if third == Some("abbreviation") {
                let word = alias.trim_end_matches('.');
                self.add(word, STATE_ABBR, tokens, |_| {});
                let key = word.to_ascii_lowercase();
                self.abbreviations.insert(word_hash(&key), idx);
                continue;
            }
            let nation = third == Some("country");
            let flag = if nation || self.is_country(canonical) {
                COUNTRY
            } else {
                REGION
            };
            self.add(alias, flag, tokens, |e| e.place = idx);
        }
    }

    /// The organisations, with their canonical names; an entry of kind `place` (a name the
    /// list keeps with the organisations, "Wall Street") is a region.
    fn add_orgs(&mut self, tokens: &mut Vec<Token>) {
        for line in lines(ORGS) {
            let mut cols = line.split('\t');
            let Some(name) = cols.next() else { continue };
            let canonical = cols.next().filter(|c| !c.is_empty()).unwrap_or(name);
            let kind = cols.next().unwrap_or("org");
            let idx = self.intern(canonical);
            if kind == "place" {
                self.add(name, REGION, tokens, |e| e.place = idx);
            } else {
                self.add(name, ORG, tokens, |e| e.org = idx);
            }
        }
    }

    /// The nationalities and other groups, each with its plural, and the hyphenated American
    /// identities made from them.
    fn add_demonyms(&mut self, tokens: &mut Vec<Token>) {
        for line in lines(DEMONYMS) {
            let name = line.split('\t').next().unwrap_or("");
            if name.is_empty() {
                continue;
            }
            let idx = self.intern(name);
            self.add(name, GROUP, tokens, |e| e.group = idx);
            if let Some(plural) = plural(name) {
                self.add(&plural, GROUP, tokens, |e| e.group = idx);
            }
            // Hyphenated American identities ("African-American", "Mexican-Americans") are
            // groups too, never someone's double-barrelled name.
            if name != "American" && !name.contains(['-', ' ']) {
                let hyphenated = format!("{name}-American");
                let idx = self.intern(&hyphenated);
                self.add(&hyphenated, GROUP, tokens, |e| e.group = idx);
                if let Some(plural) = plural(&hyphenated) {
                    self.add(&plural, GROUP, tokens, |e| e.group = idx);
                }
            }
        }
    }

    fn is_country(&self, name: &str) -> bool {
        self.get(name.to_lowercase().as_str())
            .is_some_and(|e| e.has(COUNTRY))
    }

    fn intern(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.name_index.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(name.into());
        self.name_index.insert(name.into(), i);
        i
    }

    /// Adds `phrase` with `flags`, letting `fill` set the readings' canonical names.
    fn add(
        &mut self,
        phrase: &str,
        flags: u32,
        tokens: &mut Vec<Token>,
        fill: impl FnOnce(&mut Entry),
    ) {
        tokenize(phrase, tokens);
        if tokens.is_empty() {
            return;
        }
        let mut key = String::new();
        phrase_key(phrase, tokens, &mut key);
        let caps_only = phrase.chars().filter(|c| c.is_alphabetic()).count() <= 5
            && phrase.chars().any(char::is_alphabetic)
            && !phrase.chars().any(char::is_lowercase)
            && flags & (COMMON | GIVEN | SURNAME) == 0;
        if tokens.len() > 1 {
            let longest = self
                .phrase_starts
                .entry(word_hash(tokens[0].text(phrase)))
                .or_insert(1);
            *longest = (*longest).max(tokens.len().min(255) as u8);
        }
        let hash = word_hash(&key);
        #[cfg(debug_assertions)]
        {
            let kept = self
                .keys_by_hash
                .entry(hash)
                .or_insert_with(|| key.clone().into_boxed_str());
            assert_eq!(**kept, *key, "two gazetteer keys share a hash");
        }
        let entry = self.map.entry(hash).or_insert(Entry::EMPTY);
        if caps_only {
            entry.caps_flags |= flags;
        } else {
            entry.flags |= flags;
        }
        fill(entry);
    }

    /// The most tokens a phrase starting with the word of this [`word_hash`] can have.
    pub fn longest_phrase_from(&self, first_word_hash: u64) -> usize {
        self.phrase_starts
            .get(&first_word_hash)
            .map_or(1, |&n| n as usize)
    }

    /// Whether the word of this [`word_hash`] marks a sports or business report (0 if neither).
    #[inline]
    pub fn topic(&self, hash: u64) -> u8 {
        let (word, bit) = topic_filter_bit(hash);
        if self.topic_filter[word] & bit == 0 {
            return 0;
        }
        self.topic_words.get(&hash).copied().unwrap_or(0)
    }

    /// The entry of a lookup key ([`phrase_key`]).
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.get_hashed(word_hash(key))
    }

    /// The entry of the lookup key whose [`word_hash`] this is. An ASCII word's own hash will
    /// do: the hash is of the lower case, which is the word's key.
    pub fn get_hashed(&self, key_hash: u64) -> Option<&Entry> {
        self.map.get(&key_hash)
    }

    /// The state (a [`Self::name`] index) the [`STATE_ABBR`] word of this [`word_hash`]
    /// abbreviates.
    pub fn abbreviated_place(&self, hash: u64) -> Option<u32> {
        self.abbreviations.get(&hash).copied()
    }

    pub fn name(&self, idx: u32) -> Option<&str> {
        self.names.get(idx as usize).map(|s| &**s)
    }
}

/// The lookup key of a run of tokens: their lower-case texts joined by single spaces.
pub fn phrase_key(text: &str, tokens: &[Token], key: &mut String) {
    key.clear();
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            key.push(' ');
        }
        let word = t.text(text);
        if word.is_ascii() {
            key.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
            continue;
        }
        for c in word.chars() {
            if c == '’' {
                key.push('\'');
            } else {
                key.extend(c.to_lowercase());
            }
        }
    }
}

/// The stems an inflected lower-case word may come from, as (stem, ending to add):
/// "scorers" → "scorer"; "cities" → "city"; "played" → "play"; "making" → "make".
pub fn stems(word: &str) -> impl Iterator<Item = (&str, &'static str)> + '_ {
    const RULES: &[(&str, &str)] = &[
        ("ies", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
        ("ers", ""),
        ("ers", "e"),
        ("er", ""),
        ("ly", ""),
    ];
    RULES.iter().filter_map(move |&(suffix, add)| {
        let stem = word.strip_suffix(suffix)?;
        (stem.len() >= 3).then_some((stem, add))
    })
}

/// "Armenian" → "Armenians", "Frenchman" → "Frenchmen"; none for "Swiss", "Chinese".
fn plural(name: &str) -> Option<String> {
    if let Some(stem) = name.strip_suffix("man") {
        return Some(format!("{stem}men"));
    }
    if name.ends_with('s') || name.ends_with("sh") || name.ends_with("ch") || name.ends_with("ese")
    {
        return None;
    }
    Some(format!("{name}s"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    static LEX: LazyLock<Lexicon> = LazyLock::new(Lexicon::embedded);

    #[test]
    fn one_lookup_gives_every_reading() {
        let us = LEX.get("u.s.").unwrap().for_text(true);
        assert!(us.has(COUNTRY));
        assert_eq!(LEX.name(us.place), Some("United States"));
        let us = LEX.get("us").unwrap();
        assert!(!us.has(COUNTRY) && us.has(COMMON));
        assert!(us.for_text(true).has(COUNTRY));
        assert!(LEX.get("armenians").unwrap().has(GROUP));
        assert!(LEX.get("prime minister").unwrap().has(TITLE));
        assert!(LEX.get("the").unwrap().has(COMMON));
        assert!(LEX.get("ministry").unwrap().has(ORG_HEAD));
        assert_eq!(
            LEX.name(LEX.get("britain").unwrap().place),
            Some("United Kingdom")
        );
    }

    #[test]
    fn state_abbreviations_name_their_state_without_being_places_alone() {
        let calif = LEX.get("calif").unwrap();
        assert!(calif.has(STATE_ABBR) && !calif.has(PLACE_ANY));
        let state = LEX.abbreviated_place(word_hash("calif")).unwrap();
        assert_eq!(LEX.name(state), Some("California"));
        // A postal code is one only in capitals; "Mass" stays a common word too.
        assert!(!LEX.get("ca").unwrap().has(STATE_ABBR));
        assert!(LEX.get("ca").unwrap().for_text(true).has(STATE_ABBR));
        assert!(LEX.get("mass").unwrap().has(COMMON));
        assert!(LEX.get("n.y.").unwrap().for_text(true).has(REGION));
    }

    #[test]
    fn plurals() {
        assert_eq!(plural("Muslim").as_deref(), Some("Muslims"));
        assert_eq!(plural("Frenchman").as_deref(), Some("Frenchmen"));
        assert_eq!(plural("Swiss"), None);
    }
}
