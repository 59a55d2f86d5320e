use super::*;

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Held {
    #[serde(with = "super")]
    pairs: Vec<(u32, f32)>,
    #[serde(with = "super")]
    days: Vec<Option<i32>>,
    #[serde(with = "super::nested")]
    profiles: Vec<Vec<(u32, f32)>>,
    after: String,
}

fn held(n: u32) -> Held {
    Held {
        pairs: (0..n).map(|i| (i * 7, i as f32 / 3.0)).collect(),
        days: (0..n as i32)
            .map(|i| (i % 3 != 0).then_some(i - 1000))
            .collect(),
        // Empty vectors first, between and last; one longer than a chunk.
        profiles: vec![
            vec![],
            (0..n).map(|i| (u32::MAX - i, -(i as f32))).collect(),
            vec![],
            vec![(1, f32::NAN)],
            vec![],
        ],
        after: "end".into(),
    }
}

fn same(a: &Held, b: &Held) {
    let bits = |v: &[Vec<(u32, f32)>]| -> Vec<Vec<(u32, u32)>> {
        v.iter()
            .map(|p| p.iter().map(|&(i, w)| (i, w.to_bits())).collect())
            .collect()
    };
    assert_eq!(a.pairs, b.pairs);
    assert_eq!(a.days, b.days);
    assert_eq!(bits(&a.profiles), bits(&b.profiles));
    assert_eq!(a.after, b.after);
}

#[test]
fn round_trips_in_postcard_and_json() {
    for n in [0, 1, 5, CHUNK as u32, CHUNK as u32 * 2 + 3] {
        let h = held(n);
        let bytes = postcard::to_stdvec(&h).unwrap();
        let back: Held = postcard::from_bytes(&bytes).unwrap();
        same(&back, &h);
        // Allocated once, exactly.
        assert_eq!(back.pairs.capacity(), back.pairs.len());
        assert_eq!(back.days.capacity(), back.days.len());
        assert_eq!(back.profiles.capacity(), back.profiles.len());
        assert!(back.profiles.iter().all(|p| p.capacity() == p.len()));
        let json = serde_json::to_string(&h).unwrap();
        same(&serde_json::from_str(&json).unwrap(), &h);
    }
}

#[test]
fn empty_vectors() {
    let h = Held {
        pairs: vec![],
        days: vec![],
        profiles: vec![],
        after: String::new(),
    };
    let back: Held = postcard::from_bytes(&postcard::to_stdvec(&h).unwrap()).unwrap();
    same(&back, &h);
    let none: Vec<Vec<(u32, f32)>> = vec![vec![], vec![]];
    let bytes = postcard::to_stdvec(&Slice(&[] as &[u32])).unwrap();
    assert!(
        postcard::from_bytes::<Owned<u32>>(&bytes)
            .unwrap()
            .0
            .is_empty()
    );
    let bytes = postcard::to_stdvec(&nested::Slice(&none)).unwrap();
    let back: nested::Owned<(u32, f32)> = postcard::from_bytes(&bytes).unwrap();
    assert_eq!(back.0, none);
}

/// Postcard bytes of a flat vector as given: the count, then each byte string.
fn raw(count: u64, strings: &[&[u8]]) -> Vec<u8> {
    postcard::to_stdvec(&(count, strings.iter().map(|s| Bytes(s)).collect::<Vec<_>>())).unwrap()
}

#[test]
fn a_length_not_a_multiple_of_the_width_is_an_error() {
    let bytes = raw(2, &[&[1, 0, 0, 0, 2, 0, 0]]);
    assert!(postcard::from_bytes::<Owned<u32>>(&bytes).is_err());
    let good = raw(2, &[&[1, 0, 0, 0, 2, 0, 0, 0]]);
    assert_eq!(
        postcard::from_bytes::<Owned<u32>>(&good).unwrap().0,
        vec![1, 2]
    );
}

#[test]
fn counts_that_do_not_match_are_errors() {
    let four = [1u8, 0, 0, 0];
    assert!(postcard::from_bytes::<Owned<u32>>(&raw(3, &[&four, &four])).is_err());
    assert!(postcard::from_bytes::<Owned<u32>>(&raw(1, &[&four, &four])).is_err());
    // A count no memory could hold fails as an error, not an abort.
    assert!(postcard::from_bytes::<Owned<(u32, u32)>>(&raw(u64::MAX / 2, &[&four])).is_err());
    // Cut short.
    let bytes = raw(2, &[&four, &four]);
    assert!(postcard::from_bytes::<Owned<u32>>(&bytes[..bytes.len() - 1]).is_err());
}

#[test]
fn a_bad_tag_is_an_error() {
    let bytes = raw(1, &[&[2, 0, 0, 0, 0]]);
    assert!(postcard::from_bytes::<Owned<Option<i32>>>(&bytes).is_err());
    let bytes = raw(2, &[&[1, 9, 0, 0, 0, 0, 0, 0, 0, 0]]);
    assert_eq!(
        postcard::from_bytes::<Owned<Option<i32>>>(&bytes)
            .unwrap()
            .0,
        vec![Some(9), None]
    );
}

/// Nested-form bytes of the given lengths followed by the given values.
fn nested_raw(lens: &[u32], values: &[(u32, f32)]) -> Vec<u8> {
    let mut bytes = postcard::to_stdvec(&Slice(lens)).unwrap();
    let body = Chunks {
        values: values.iter().copied(),
        len: values.len(),
    };
    bytes.extend_from_slice(&postcard::to_stdvec(&body).unwrap());
    bytes
}

fn nested_from(bytes: &[u8]) -> Result<Vec<Vec<(u32, f32)>>, postcard::Error> {
    nested::deserialize(&mut postcard::Deserializer::from_bytes(bytes))
}

#[test]
fn nested_lengths_must_match_the_values() {
    let two = [(1, 0.5), (2, 0.25)];
    assert_eq!(
        nested_from(&nested_raw(&[0, 1, 0, 1, 0], &two)).unwrap(),
        vec![vec![], vec![(1, 0.5)], vec![], vec![(2, 0.25)], vec![]]
    );
    // Lengths announcing more values than follow, or fewer.
    assert!(nested_from(&nested_raw(&[2, 1], &two)).is_err());
    assert!(nested_from(&nested_raw(&[1, 0], &two)).is_err());
    assert!(nested_from(&nested_raw(&[u32::MAX, u32::MAX], &two)).is_err());
    // Cut anywhere, the whole never decodes.
    let bytes = postcard::to_stdvec(&held(3)).unwrap();
    for cut in 0..bytes.len() {
        assert!(
            postcard::from_bytes::<Held>(&bytes[..cut]).is_err(),
            "cut at {cut}"
        );
    }
}
