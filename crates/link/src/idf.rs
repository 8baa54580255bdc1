//! Document frequencies and inverse-document-frequency weights.
//!
//! Text format (UTF-8, one line each, `#` lines other than the header and
//! blank lines ignored):
//!
//! ```text
//! # docs 31030
//! word<TAB>df
//! ```
//!
//! Weight: `ln((N + 1) / (df + 1)) + 1` (smoothed; an unseen word weighs
//! most, a word in every document weighs 1; with no documents every word
//! weighs 1).

use rustc_hash::{FxHashMap, FxHashSet};
use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum IdfError {
    #[error("idf: missing header line `# docs N`")]
    MissingHeader,
    #[error("idf line {line}: {msg}")]
    Line { line: usize, msg: String },
}

/// Document frequencies over `docs` documents.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Idf {
    docs: u64,
    df: FxHashMap<String, u64>,
}

impl Idf {
    /// Counts each word once per document.
    pub fn fit<'a, I>(docs: I) -> Idf
    where
        I: IntoIterator<Item = &'a [String]>,
    {
        let mut idf = Idf::default();
        for d in docs {
            idf.add(d);
        }
        idf
    }

    /// Adds one document.
    pub fn add<S: AsRef<str>>(&mut self, doc: &[S]) {
        self.docs += 1;
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        for w in doc {
            let w = w.as_ref();
            if seen.insert(w) {
                match self.df.get_mut(w) {
                    Some(c) => *c += 1,
                    None => {
                        self.df.insert(w.to_string(), 1);
                    }
                }
            }
        }
    }

    /// Merges counts from another fit (e.g. one per thread).
    pub fn merge(&mut self, other: &Idf) {
        self.docs += other.docs;
        for (w, &c) in &other.df {
            *self.df.entry(w.clone()).or_insert(0) += c;
        }
    }

    /// Drops words seen in fewer than `min_df` documents (they then weigh
    /// as unseen), to keep a shipped file small.
    pub fn prune(&mut self, min_df: u64) {
        self.df.retain(|_, c| *c >= min_df);
    }

    pub fn num_docs(&self) -> u64 {
        self.docs
    }

    pub fn num_words(&self) -> usize {
        self.df.len()
    }

    pub fn df(&self, word: &str) -> u64 {
        self.df.get(word).copied().unwrap_or(0)
    }

    /// The IDF weight of `word` (see the module doc).
    pub fn weight(&self, word: &str) -> f64 {
        if self.docs == 0 {
            return 1.0;
        }
        let n = self.docs as f64;
        let df = (self.df(word) as f64).min(n);
        ((n + 1.0) / (df + 1.0)).ln() + 1.0
    }

    /// The text form: header, then words by descending df, then by word.
    pub fn to_text(&self) -> String {
        let mut rows: Vec<(&String, &u64)> = self.df.iter().collect();
        rows.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        let mut out = format!("# docs {}\n", self.docs);
        for (w, c) in rows {
            out.push_str(w);
            out.push('\t');
            out.push_str(&c.to_string());
            out.push('\n');
        }
        out
    }

    /// Parses [`Idf::to_text`] output (other `#` lines, e.g. a `# source:`
    /// line, may come before or after the header).
    pub fn from_text(text: &str) -> Result<Idf, IdfError> {
        let mut docs = None;
        let mut df = FxHashMap::default();
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = line.trim_end_matches('\r');
            if let Some(rest) = line.strip_prefix('#') {
                if let Some(n) = rest.trim().strip_prefix("docs") {
                    let n = n.trim().parse::<u64>().map_err(|_| IdfError::Line {
                        line: line_no,
                        msg: format!("bad document count {:?}", n.trim()),
                    })?;
                    docs = Some(n);
                }
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            let (w, c) = line.rsplit_once('\t').ok_or_else(|| IdfError::Line {
                line: line_no,
                msg: "expected `word<TAB>df`".into(),
            })?;
            let c = c.trim().parse::<u64>().map_err(|_| IdfError::Line {
                line: line_no,
                msg: format!("bad df {c:?}"),
            })?;
            if w.is_empty() {
                return Err(IdfError::Line {
                    line: line_no,
                    msg: "empty word".into(),
                });
            }
            df.insert(w.to_string(), c);
        }
        let docs = docs.ok_or(IdfError::MissingHeader)?;
        Ok(Idf { docs, df })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn fit_and_weights() {
        let docs = [doc("عراق ايران عراق"), doc("عراق لبنان"), doc("سوريه")];
        let idf = Idf::fit(docs.iter().map(Vec::as_slice));
        assert_eq!(idf.num_docs(), 3);
        assert_eq!(idf.df("عراق"), 2);
        assert_eq!(idf.df("غائب"), 0);
        assert!(idf.weight("غائب") > idf.weight("لبنان"));
        assert!(idf.weight("لبنان") > idf.weight("عراق"));
        assert_eq!(Idf::default().weight("x"), 1.0);
    }

    #[test]
    fn text_round_trip() {
        let docs = [doc("عراق ايران"), doc("عراق لبنان"), doc("a\u{a0}b")];
        let idf = Idf::fit(docs.iter().map(Vec::as_slice));
        let text = idf.to_text();
        assert!(text.starts_with("# docs 3\n"));
        assert_eq!(text.lines().nth(1), Some("عراق\t2"));
        let back = Idf::from_text(&format!("# source: test\n{text}")).unwrap();
        assert_eq!(back, idf);
    }

    #[test]
    fn bad_text() {
        assert_eq!(Idf::from_text("x\t1\n"), Err(IdfError::MissingHeader));
        assert!(matches!(
            Idf::from_text("# docs 2\nx 1\n"),
            Err(IdfError::Line { line: 2, .. })
        ));
        assert!(Idf::from_text("# docs two\n").is_err());
    }

    #[test]
    fn merge_and_prune() {
        let mut a = Idf::fit([doc("x y").as_slice()]);
        let b = Idf::fit([doc("x").as_slice()]);
        a.merge(&b);
        assert_eq!((a.num_docs(), a.df("x"), a.df("y")), (2, 2, 1));
        a.prune(2);
        assert_eq!(a.num_words(), 1);
    }
}
