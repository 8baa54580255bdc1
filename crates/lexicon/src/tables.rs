//! The raw tables a [`crate::Lexicon`] is built from: the built-in files of `data/lexicon/`
//! (compiled in), each optionally combined with a user's file of the same name (`--lexicon DIR`).

use crate::files::FILES;
use crate::tsv::{LexiconError, Table};
use std::collections::BTreeMap;
use std::path::Path;

macro_rules! data {
    ($($f:literal),* $(,)?) => {
        &[$(($f, include_str!(concat!("../../../data/lexicon/", $f)))),*]
    };
}

/// Every built-in table file and its text.
const BUILTIN: &[(&str, &str)] = data!(
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
);

/// Files a lexicon directory may hold besides the tables: they are not read (the README, the
/// list of rows whose example the engine does not code yet).
const IGNORED: &[&str] = &["known_failures.tsv"];

/// The geographic tables, which the place resolver (`khabar-extract`'s `geo`) compiles in: they
/// are parsed here only when a user's directory changes one of them.
pub fn is_geo(name: &str) -> bool {
    name.starts_with("geo_")
}

/// The text of a built-in table file («events.tsv»), as shipped.
pub fn builtin_text(name: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|(f, _)| *f == name).map(|(_, t)| *t)
}

/// The names of the table files, in load order.
pub fn table_names() -> &'static [&'static str] {
    FILES
}

/// The tables a lexicon is built from, by file name.
#[derive(Debug, Clone)]
pub struct Tables {
    tables: BTreeMap<&'static str, Table>,
}

impl Tables {
    /// The built-in tables (the geographic ones are left to the place resolver).
    pub fn builtin() -> Result<Tables, LexiconError> {
        let mut tables = BTreeMap::new();
        for &(name, text) in BUILTIN {
            if !is_geo(name) {
                tables.insert(name, Table::parse(name, text)?);
            }
        }
        Ok(Tables { tables })
    }

    /// The table of a file name; none for a geographic table that no user's file changed.
    pub fn get(&self, name: &str) -> Option<&Table> {
        self.tables.get(name)
    }

    /// Combines every `*.tsv` of `dir` with the built-in table of its name (see
    /// [`Table::overlay`]). A `.tsv` that names no table is an error (a misspelt file would
    /// otherwise be silently ignored); other files are not read. Returns the files read.
    pub fn overlay_dir(&mut self, dir: &Path) -> Result<Vec<String>, LexiconError> {
        let io = |e: std::io::Error| LexiconError::Io {
            path: dir.display().to_string(),
            source: e,
        };
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map_err(io)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()
            .map_err(io)?;
        paths.sort();
        let mut read = Vec::new();
        for path in paths {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if !name.ends_with(".tsv") || IGNORED.contains(&name) || !path.is_file() {
                continue;
            }
            let label = path.display().to_string();
            let Some(&known) = FILES.iter().find(|f| **f == name) else {
                return Err(LexiconError::at(
                    &label,
                    1,
                    format!("not a lexicon table (known: {})", FILES.join(", ")),
                ));
            };
            let text = std::fs::read_to_string(&path).map_err(|e| LexiconError::Io {
                path: label.clone(),
                source: e,
            })?;
            let user = Table::parse(&label, &text)?;
            if is_geo(known) && !self.tables.contains_key(known) {
                // a copy that changes nothing keeps the compiled-in gazetteer
                let builtin = Table::parse(known, builtin_text(known).unwrap_or_default())?;
                let mut merged = builtin.clone();
                merged.overlay(&label, user)?;
                if !merged.same_rows(&builtin) {
                    self.tables.insert(known, merged);
                }
            } else if let Some(t) = self.tables.get_mut(known) {
                t.overlay(&label, user)?;
            }
            read.push(label);
        }
        Ok(read)
    }
}
