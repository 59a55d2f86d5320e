//! The analysis' large numeric vectors in serialised form: little-endian fixed-width values in
//! byte strings, used with `#[serde(with = "flat")]` (or [`Slice`] and [`Owned`] where a vector is
//! stored outside a struct field).
//!
//! Why not serde's own `Vec` encoding: a deserialised `Vec` never trusts the length it is given
//! for more than 1 MiB of capacity, so a vector of tens of megabytes grows by doubling while it
//! is decoded (up to twice the memory it needs, kept, and a copy at each step), and postcard
//! decodes it one varint at a time. Here the element count comes first and the vector is
//! allocated once, exactly; the values then arrive as byte strings and are read without
//! varints.
//!
//! Form: a 2-tuple of the element count (u64) and a sequence of byte strings, each
//! [`CHUNK`] values (the last one fewer). The chunks let a writer stream the vector without
//! first building all its bytes (postcard's `serialize_bytes` wants them in one slice).
//! Malformed input (a byte string that is not a whole number of values, more or fewer values
//! than announced, a bad tag) is a serde error, never a panic.

pub mod nested;

use serde::de::{self, DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, SerializeTuple, Serializer};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::marker::PhantomData;

/// Values per byte string: large enough that the per-chunk length costs nothing, small enough
/// that a writer's buffer stays small.
const CHUNK: usize = 8192;

/// A value of fixed width in bytes.
pub trait Fixed: Sized + Copy {
    const WIDTH: usize;
    /// Appends the value's `WIDTH` bytes.
    fn put(self, out: &mut Vec<u8>);
    /// The value from exactly `WIDTH` bytes; `None` when they hold no valid value.
    fn get(bytes: &[u8]) -> Option<Self>;
}

fn word(bytes: &[u8]) -> [u8; 4] {
    let mut w = [0; 4];
    w.copy_from_slice(&bytes[..4]);
    w
}

impl Fixed for u32 {
    const WIDTH: usize = 4;
    fn put(self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn get(bytes: &[u8]) -> Option<u32> {
        Some(u32::from_le_bytes(word(bytes)))
    }
}

impl Fixed for f32 {
    const WIDTH: usize = 4;
    // By bits: every value, NaN payloads included, comes back exactly.
    fn put(self, out: &mut Vec<u8>) {
        self.to_bits().put(out);
    }
    fn get(bytes: &[u8]) -> Option<f32> {
        u32::get(bytes).map(f32::from_bits)
    }
}

impl Fixed for i32 {
    const WIDTH: usize = 4;
    fn put(self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn get(bytes: &[u8]) -> Option<i32> {
        Some(i32::from_le_bytes(word(bytes)))
    }
}

/// A tag byte (0 for `None`, 1 for `Some`), then the value (zeros for `None`).
impl Fixed for Option<i32> {
    const WIDTH: usize = 5;
    fn put(self, out: &mut Vec<u8>) {
        out.push(u8::from(self.is_some()));
        self.unwrap_or(0).put(out);
    }
    fn get(bytes: &[u8]) -> Option<Option<i32>> {
        let value = i32::get(&bytes[1..])?;
        match bytes[0] {
            0 => Some(None),
            1 => Some(Some(value)),
            _ => None,
        }
    }
}

impl<A: Fixed, B: Fixed> Fixed for (A, B) {
    const WIDTH: usize = A::WIDTH + B::WIDTH;
    fn put(self, out: &mut Vec<u8>) {
        self.0.put(out);
        self.1.put(out);
    }
    fn get(bytes: &[u8]) -> Option<(A, B)> {
        Some((A::get(&bytes[..A::WIDTH])?, B::get(&bytes[A::WIDTH..])?))
    }
}

/// For `#[serde(with = "flat")]` on a `Vec` of [`Fixed`] values.
pub fn serialize<T: Fixed, S: Serializer>(values: &[T], serializer: S) -> Result<S::Ok, S::Error> {
    let mut tuple = serializer.serialize_tuple(2)?;
    tuple.serialize_element(&(values.len() as u64))?;
    tuple.serialize_element(&Chunks {
        values: values.iter().copied(),
        len: values.len(),
    })?;
    tuple.end()
}

/// For `#[serde(with = "flat")]` on a `Vec` of [`Fixed`] values.
pub fn deserialize<'de, T: Fixed, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    deserializer.deserialize_tuple(2, FlatVisitor(PhantomData))
}

/// A slice to serialise in the flat form (where no struct field can carry the attribute).
pub struct Slice<'a, T>(pub &'a [T]);

impl<T: Fixed> Serialize for Slice<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize(self.0, serializer)
    }
}

/// A vector deserialised from the flat form.
pub struct Owned<T>(pub Vec<T>);

impl<'de, T: Fixed> Deserialize<'de> for Owned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize(deserializer).map(Owned)
    }
}

/// `len` values as a sequence of byte strings, one buffer reused for all.
pub(super) struct Chunks<I> {
    pub(super) values: I,
    pub(super) len: usize,
}

impl<T: Fixed, I: Iterator<Item = T> + Clone> Serialize for Chunks<I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len.div_ceil(CHUNK)))?;
        let mut buf = Vec::with_capacity(CHUNK.min(self.len) * T::WIDTH);
        let mut in_buf = 0;
        for v in self.values.clone() {
            v.put(&mut buf);
            in_buf += 1;
            if in_buf == CHUNK {
                seq.serialize_element(&Bytes(&buf))?;
                buf.clear();
                in_buf = 0;
            }
        }
        if in_buf > 0 {
            seq.serialize_element(&Bytes(&buf))?;
        }
        seq.end()
    }
}

struct Bytes<'a>(&'a [u8]);

impl Serialize for Bytes<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(self.0)
    }
}

struct FlatVisitor<T>(PhantomData<T>);

impl<'de, T: Fixed> Visitor<'de> for FlatVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a count and byte strings of {}-byte values", T::WIDTH)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let count: u64 = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(0, &self))?;
        let count = usize::try_from(count).map_err(|_| de::Error::custom("count out of range"))?;
        let mut out = Vec::new();
        // Exactly once. A damaged count fails here as an error (not an abort) when it cannot be
        // allocated, or below when the values run out first.
        out.try_reserve_exact(count)
            .map_err(|_| de::Error::custom("count out of range"))?;
        seq.next_element_seed(ChunksSeed {
            sink: &mut VecSink {
                out: &mut out,
                count,
            },
            values: PhantomData,
        })?
        .ok_or_else(|| de::Error::invalid_length(1, &self))?;
        if out.len() != count {
            return Err(de::Error::custom(format!(
                "{} values announced, {} found",
                count,
                out.len()
            )));
        }
        Ok(out)
    }
}

/// Where decoded values go.
pub(super) trait Sink<T> {
    /// How many more values it takes.
    fn room(&self) -> usize;
    /// Takes the values of `bytes`: a whole number of them, at most [`Self::room`].
    fn take(&mut self, bytes: &[u8]) -> Result<(), &'static str>;
}

/// Appends the values of `bytes` (a whole number of them) to `out`, whose capacity is reserved.
pub(super) fn decode_into<T: Fixed>(out: &mut Vec<T>, bytes: &[u8]) -> Result<(), &'static str> {
    for value in bytes.chunks_exact(T::WIDTH) {
        out.push(T::get(value).ok_or("an invalid value")?);
    }
    Ok(())
}

/// A vector allocated for `count` values.
struct VecSink<'v, T> {
    out: &'v mut Vec<T>,
    count: usize,
}

impl<T: Fixed> Sink<T> for VecSink<'_, T> {
    fn room(&self) -> usize {
        self.count - self.out.len()
    }
    fn take(&mut self, bytes: &[u8]) -> Result<(), &'static str> {
        decode_into(self.out, bytes)
    }
}

/// Decodes a sequence of byte strings of `T` values into a sink.
pub(super) struct ChunksSeed<'s, T, K> {
    pub(super) sink: &'s mut K,
    pub(super) values: PhantomData<T>,
}

impl<'de, T: Fixed, K: Sink<T>> DeserializeSeed<'de> for ChunksSeed<'_, T, K> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: Fixed, K: Sink<T>> Visitor<'de> for ChunksSeed<'_, T, K> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "byte strings of {}-byte values", T::WIDTH)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(ChunkSeed {
                sink: &mut *self.sink,
                values: PhantomData,
            })?
            .is_some()
        {}
        Ok(())
    }
}

/// One byte string of values, into the sink.
struct ChunkSeed<'s, T, K> {
    sink: &'s mut K,
    values: PhantomData<T>,
}

impl<'de, T: Fixed, K: Sink<T>> DeserializeSeed<'de> for ChunkSeed<'_, T, K> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        // Borrowed from the input with postcard's `from_bytes`: no copy of the bytes.
        deserializer.deserialize_bytes(self)
    }
}

impl<'de, T: Fixed, K: Sink<T>> Visitor<'de> for ChunkSeed<'_, T, K> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a byte string of {}-byte values", T::WIDTH)
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<(), E> {
        if !bytes.len().is_multiple_of(T::WIDTH) {
            return Err(E::invalid_length(bytes.len(), &self));
        }
        if bytes.len() / T::WIDTH > self.sink.room() {
            return Err(E::custom("more values than announced"));
        }
        self.sink.take(bytes).map_err(E::custom)
    }

    /// Formats without a byte string type (JSON) give the bytes as a sequence of numbers.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut bytes = Vec::new();
        while let Some(b) = seq.next_element::<u8>()? {
            bytes.push(b);
        }
        self.visit_bytes(&bytes)
    }
}

#[cfg(test)]
mod tests;
