//! Vectors kept for the collection's lifetime, without spare capacity.
//!
//! `Vec::shrink_to_fit` is not enough: the allocator the binary uses (mimalloc) keeps a block in
//! place when it shrinks by at most half, so the spare capacity stays allocated. [`exact`] moves
//! the elements into a block of their size instead.

/// `v` in an allocation of exactly its length (`v` itself when it has no spare capacity).
pub fn exact<T>(mut v: Vec<T>) -> Vec<T> {
    if v.capacity() == v.len() {
        return v;
    }
    let mut out = Vec::with_capacity(v.len());
    out.append(&mut v);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_spare_capacity_and_the_same_elements() {
        let mut v: Vec<String> = Vec::with_capacity(100);
        v.extend(["a", "b", "c"].map(String::from));
        let e = exact(v);
        assert_eq!(e, ["a", "b", "c"]);
        assert_eq!(e.capacity(), 3);
        assert!(exact(Vec::<u8>::new()).is_empty());
    }
}
