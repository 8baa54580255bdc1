//! The lexicon file format: `# source:` line, `# columns:` line naming the
//! tab-separated columns, `#` comments, one row per line, `|` between
//! alternatives inside a field.

use std::collections::HashMap;

#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("{file}:{line}: {message}")]
    Malformed {
        file: String,
        line: usize,
        message: String,
    },
}

pub struct Table<'a> {
    file: &'a str,
    columns: HashMap<&'a str, usize>,
    rows: Vec<(usize, Vec<&'a str>)>,
}

pub struct Row<'t, 'a> {
    table: &'t Table<'a>,
    line: usize,
    fields: &'t [&'a str],
}

impl<'a> Table<'a> {
    pub fn parse((file, text): (&'a str, &'a str)) -> Result<Table<'a>, LexiconError> {
        let mut columns = HashMap::new();
        let mut rows = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if let Some(cols) = line.strip_prefix("# columns:") {
                for (k, c) in cols.trim().split('\t').enumerate() {
                    columns.insert(c.trim(), k);
                }
                continue;
            }
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            rows.push((i + 1, line.split('\t').map(str::trim).collect()));
        }
        if columns.is_empty() {
            return Err(LexiconError::Malformed {
                file: file.into(),
                line: 2,
                message: "no `# columns:` line".into(),
            });
        }
        Ok(Table {
            file,
            columns,
            rows,
        })
    }

    pub fn rows(&self) -> impl Iterator<Item = Row<'_, 'a>> {
        self.rows.iter().map(move |(line, fields)| Row {
            table: self,
            line: *line,
            fields,
        })
    }
}

impl<'a> Row<'_, 'a> {
    /// The named field, or "" when the column or the field is missing.
    pub fn get(&self, col: &str) -> &'a str {
        self.table
            .columns
            .get(col)
            .and_then(|&k| self.fields.get(k))
            .copied()
            .unwrap_or("")
    }

    pub fn error(&self, message: String) -> LexiconError {
        LexiconError::Malformed {
            file: self.table.file.into(),
            line: self.line,
            message,
        }
    }
}
