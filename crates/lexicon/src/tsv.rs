//! The lexicon file format: `# source:` line, `# columns:` line naming the tab-separated columns,
//! `#` comments (one of them may be `# mode: add|replace` in a user's file), one row per line, `|`
//! between alternatives inside a field. Rows keep the file and line they came from, so that an
//! error in a user's table names its line.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("{file}:{line}: {message}")]
    Malformed {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

impl LexiconError {
    pub(crate) fn at(file: &str, line: usize, message: impl Into<String>) -> LexiconError {
        LexiconError::Malformed {
            file: file.into(),
            line,
            message: message.into(),
        }
    }
}

/// Where a row was read: a table file (`events.tsv` for the built-in ones, the path for a user's)
/// and its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct At {
    pub file: Arc<str>,
    pub line: usize,
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// How a user's table combines with the built-in one of its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// the user's rows come after the built-in ones (the default)
    Add,
    /// the user's rows are the whole table (`# mode: replace`)
    Replace,
}

#[derive(Debug, Clone)]
struct RowData {
    at: At,
    fields: Vec<String>,
}

impl RowData {
    /// The fields without trailing empty ones: two rows with the same key say the same thing.
    fn key(&self) -> &[String] {
        let n = self
            .fields
            .iter()
            .rposition(|f| !f.is_empty())
            .map_or(0, |i| i + 1);
        &self.fields[..n]
    }
}

#[derive(Debug, Clone)]
pub struct Table {
    columns: Vec<String>,
    index: HashMap<String, usize>,
    rows: Vec<RowData>,
    /// the `# mode:` line, if the file has one
    pub mode: Option<Mode>,
}

pub struct Row<'t> {
    table: &'t Table,
    data: &'t RowData,
}

impl Table {
    /// Parses and checks one file (`file` names it in errors).
    pub fn parse(file: &str, text: &str) -> Result<Table, LexiconError> {
        let columns: Vec<String> = crate::check::check_format(text)
            .map_err(|(line, message)| LexiconError::at(file, line, message))?
            .into_iter()
            .map(String::from)
            .collect();
        let index = columns
            .iter()
            .enumerate()
            .map(|(k, c)| (c.clone(), k))
            .collect();
        let name: Arc<str> = Arc::from(file);
        let mut rows = Vec::new();
        let mut mode = None;
        for (i, line) in text.lines().enumerate().skip(2) {
            if let Some(m) = line.strip_prefix("# mode:") {
                mode = Some(match m.trim() {
                    "add" => Mode::Add,
                    "replace" => Mode::Replace,
                    other => {
                        return Err(LexiconError::at(
                            file,
                            i + 1,
                            format!("unknown mode {other:?} (add or replace)"),
                        ))
                    }
                });
                continue;
            }
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            rows.push(RowData {
                at: At {
                    file: name.clone(),
                    line: i + 1,
                },
                fields: line.split('\t').map(|f| f.trim().to_string()).collect(),
            });
        }
        Ok(Table {
            columns,
            index,
            rows,
            mode,
        })
    }

    /// Combines a user's table (parsed from `file`) with this one by its mode. Its columns must be
    /// this table's. In add mode a row equal to one already here is not added twice, so a copy of
    /// the built-in tables (`khabar lexicon export`) adds nothing.
    pub fn overlay(&mut self, file: &str, user: Table) -> Result<(), LexiconError> {
        if user.columns != self.columns {
            return Err(LexiconError::at(
                file,
                2,
                format!(
                    "columns must be the built-in table's: `# columns:\t{}`",
                    self.columns.join("\t")
                ),
            ));
        }
        match user.mode.unwrap_or(Mode::Add) {
            Mode::Replace => self.rows = user.rows,
            Mode::Add => {
                let known: std::collections::HashSet<Vec<String>> =
                    self.rows.iter().map(|r| r.key().to_vec()).collect();
                self.rows
                    .extend(user.rows.into_iter().filter(|r| !known.contains(r.key())));
            }
        }
        Ok(())
    }

    /// The table as text in its file's layout (`# source:` and `# columns:` lines, then the rows).
    pub fn to_text(&self, source: &str) -> String {
        let mut s = format!(
            "# source: {source}\n# columns: {}\n",
            self.columns.join("\t")
        );
        for r in &self.rows {
            s.push_str(&r.fields.join("\t"));
            s.push('\n');
        }
        s
    }

    /// Whether two tables hold the same rows in the same order (wherever they were read).
    pub fn same_rows(&self, other: &Table) -> bool {
        self.rows.len() == other.rows.len()
            && self
                .rows
                .iter()
                .zip(&other.rows)
                .all(|(a, b)| a.key() == b.key())
    }

    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().map(move |data| Row { table: self, data })
    }
}

impl<'t> Row<'t> {
    /// The named field, or "" when the column or the field is missing.
    pub fn get(&self, col: &str) -> &'t str {
        self.table
            .index
            .get(col)
            .and_then(|&k| self.data.fields.get(k))
            .map_or("", String::as_str)
    }

    pub fn at(&self) -> At {
        self.data.at.clone()
    }

    pub fn error(&self, message: String) -> LexiconError {
        LexiconError::at(&self.data.at.file, self.data.at.line, message)
    }
}
