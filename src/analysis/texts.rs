//! Many short strings in one buffer: the vocabulary's term texts. A `Vec<String>` costs 24 bytes
//! a string plus an allocation each (a large collection has many terms, most a few bytes
//! long); here a string costs its bytes and a 4-byte end offset.

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Texts {
    /// Every string, one after the other.
    all: String,
    /// Per string: where it ends in `all` (it starts where the previous one ends).
    #[serde(with = "super::flat")]
    ends: Vec<u32>,
}

impl Texts {
    /// The strings given, in order, in buffers of exactly their size.
    ///
    /// Panics beyond 4 GiB of text (term ids are `u32` too: the vocabulary never comes near).
    pub fn collect<'a>(strings: impl Iterator<Item = &'a str> + Clone) -> Texts {
        let (count, bytes) = strings
            .clone()
            .fold((0, 0), |(n, b), s| (n + 1, b + s.len()));
        assert!(u32::try_from(bytes).is_ok(), "over 4 GiB of term texts");
        let mut texts = Texts {
            all: String::with_capacity(bytes),
            ends: Vec::with_capacity(count),
        };
        for s in strings {
            texts.all.push_str(s);
            texts.ends.push(texts.all.len() as u32);
        }
        texts
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The `i`-th string.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = match i {
            0 => 0,
            _ => self.ends[i - 1] as usize,
        };
        self.all.get(start..end)
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

/// Checked as it is read: ends in order, within the text, on character boundaries (so that
/// [`Texts::get`] finds every string).
impl<'de> Deserialize<'de> for Texts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Texts, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            all: String,
            #[serde(with = "super::flat")]
            ends: Vec<u32>,
        }
        let Raw { all, ends } = Raw::deserialize(deserializer)?;
        let mut start = 0;
        for &end in &ends {
            let end = end as usize;
            if end < start || !all.is_char_boundary(end) {
                return Err(de::Error::custom("term texts out of order"));
            }
            start = end;
        }
        Ok(Texts { all, ends })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_come_back_in_order() {
        let words = ["ceasefir", "", "örtlich", "troop"];
        let t = Texts::collect(words.iter().copied());
        assert_eq!(t.len(), 4);
        assert_eq!(t.iter().collect::<Vec<_>>(), words);
        assert_eq!(t.get(2), Some("örtlich"));
        assert_eq!(t.get(4), None);
        let back: Texts = postcard::from_bytes(&postcard::to_stdvec(&t).unwrap()).unwrap();
        assert_eq!(back, t);
        assert!(Texts::collect(std::iter::empty()).is_empty());
    }

    #[test]
    fn bad_ends_are_rejected() {
        #[derive(Serialize)]
        struct Raw<'a> {
            all: &'a str,
            #[serde(with = "super::super::flat")]
            ends: Vec<u32>,
        }
        for ends in [vec![3, 2], vec![9], vec![1]] {
            let bytes = postcard::to_stdvec(&Raw { all: "éab", ends }).unwrap();
            assert!(postcard::from_bytes::<Texts>(&bytes).is_err());
        }
        let bytes = postcard::to_stdvec(&Raw {
            all: "éab",
            ends: vec![2, 4],
        })
        .unwrap();
        let t: Texts = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(t.iter().collect::<Vec<_>>(), ["é", "ab"]);
    }
}
