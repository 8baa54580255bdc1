//! The table files of `data/lexicon/`, in load order (shared with `build.rs`).

pub const FILES: &[&str] = &[
    "countries.tsv",
    "places.tsv",
    "regions.tsv",
    "calendar.tsv",
    "roles.tsv",
    "orgs.tsv",
    "people.tsv",
    "cameo.tsv",
    "events.tsv",
    "cues.tsv",
    "names.tsv",
    "stopwords.tsv",
    "deeds.tsv",
    "geo_places.tsv",
    "geo_adm1.tsv",
    "geo_countries.tsv",
];
