//! A vector of vectors of [`Fixed`] values (the articles' profiles) in the flat form, for
//! `#[serde(with = "flat::nested")]`: the inner lengths (flat `u32`s), then all the values in
//! order as byte strings. Decoding allocates each inner vector once, exactly, and fills it
//! straight from the bytes: the values are never held twice.

use super::{Chunks, ChunksSeed, Fixed, Sink};
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeTuple, Serializer};
use std::fmt;
use std::marker::PhantomData;

pub fn serialize<T: Fixed, S: Serializer>(
    vectors: &[Vec<T>],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let lens: Vec<u32> = vectors
        .iter()
        .map(|v| u32::try_from(v.len()))
        .collect::<Result<_, _>>()
        .map_err(|_| serde::ser::Error::custom("an inner vector too long"))?;
    let mut tuple = serializer.serialize_tuple(2)?;
    tuple.serialize_element(&super::Slice(&lens))?;
    tuple.serialize_element(&Chunks {
        values: vectors.iter().flatten().copied(),
        len: vectors.iter().map(Vec::len).sum(),
    })?;
    tuple.end()
}

pub fn deserialize<'de, T: Fixed, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<Vec<T>>, D::Error> {
    deserializer.deserialize_tuple(2, NestedVisitor(PhantomData))
}

struct NestedVisitor<T>(PhantomData<T>);

impl<'de, T: Fixed> Visitor<'de> for NestedVisitor<T> {
    type Value = Vec<Vec<T>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "lengths and byte strings of {}-byte values", T::WIDTH)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Vec<T>>, A::Error> {
        let super::Owned(lens) = seq
            .next_element::<super::Owned<u32>>()?
            .ok_or_else(|| de::Error::invalid_length(0, &self))?;
        let mut outer = Vec::new();
        outer
            .try_reserve_exact(lens.len())
            .map_err(|_| de::Error::custom("count out of range"))?;
        let room = lens
            .iter()
            .try_fold(0usize, |sum, &n| sum.checked_add(n as usize))
            .ok_or_else(|| de::Error::custom("lengths out of range"))?;
        let mut sink = NestedSink {
            outer,
            lens: &lens,
            room,
        };
        seq.next_element_seed(ChunksSeed {
            sink: &mut sink,
            values: PhantomData,
        })?
        .ok_or_else(|| de::Error::invalid_length(1, &self))?;
        if sink.room != 0 {
            return Err(de::Error::custom("fewer values than announced"));
        }
        let mut outer = sink.outer;
        // Empty vectors after the last value.
        outer.resize_with(lens.len(), Vec::new);
        Ok(outer)
    }
}

/// Fills the inner vectors in order, each allocated for its length when its first value comes.
struct NestedSink<'l, T> {
    outer: Vec<Vec<T>>,
    lens: &'l [u32],
    /// Values still expected.
    room: usize,
}

impl<T: Fixed> Sink<T> for NestedSink<'_, T> {
    fn room(&self) -> usize {
        self.room
    }

    fn take(&mut self, mut bytes: &[u8]) -> Result<(), &'static str> {
        while !bytes.is_empty() {
            // The first vector with room (`room` counts the values still owed, so there is one).
            let (inner, len) = loop {
                let filling = self.outer.len().checked_sub(1);
                let len = filling.map_or(0, |i| self.lens[i] as usize);
                match self.outer.last_mut() {
                    Some(v) if v.len() < len => break (v, len),
                    _ => {
                        let &len = self
                            .lens
                            .get(self.outer.len())
                            .ok_or("more values than announced")?;
                        let mut inner = Vec::new();
                        inner
                            .try_reserve_exact(len as usize)
                            .map_err(|_| "length out of range")?;
                        self.outer.push(inner);
                    }
                }
            };
            let n = (len - inner.len()).min(bytes.len() / T::WIDTH);
            let (these, rest) = bytes.split_at(n * T::WIDTH);
            super::decode_into(inner, these)?;
            self.room -= n;
            bytes = rest;
        }
        Ok(())
    }
}

/// Vectors to serialise in the nested form (where no struct field can carry the attribute).
pub struct Slice<'a, T>(pub &'a [Vec<T>]);

impl<T: Fixed> serde::Serialize for Slice<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize(self.0, serializer)
    }
}

/// Vectors deserialised from the nested form.
pub struct Owned<T>(pub Vec<Vec<T>>);

impl<'de, T: Fixed> serde::Deserialize<'de> for Owned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize(deserializer).map(Owned)
    }
}
