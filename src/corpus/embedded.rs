//! The seed articles compiled into the binary, so that `dateline` with no arguments has
//! something to show.

pub const SEEDS: [(&str, &str); 2] = [
    (
        "000_9b97860197688dbc.txt",
        include_str!("../../seeds/000_9b97860197688dbc.txt"),
    ),
    (
        "004_c4ea2978da453746.txt",
        include_str!("../../seeds/004_c4ea2978da453746.txt"),
    ),
];
