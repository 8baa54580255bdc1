//! khabar-ingest: reading articles from where users keep them.
//!
//! Main types:
//! - [`Article`] — one document: id, text, title, source, published date, url.
//! - [`Diagnostic`] — bad input with its location (file, line, byte offset)
//!   and a [`DiagKind`]; reading goes on after it.
//! - [`Options`] — size limit and metadata defaults from the command line.
//! - [`collect_inputs`] + [`read_input`] — expand paths (directories
//!   recursively, `-` for stdin), then stream [`Item`]s to a callback.
//!
//! Formats: `.txt` (one article, optional sidecar `NAME.json`), `.jsonl`
//! (one per line, common field names), `.html`, `.warc`; any of them gzip- or
//! zstd-compressed (detected by magic bytes). Invariant: nothing accepted is
//! lost — every input unit is either an [`Item::Article`] or an
//! [`Item::Skipped`] with its reason.

mod bounded;
mod formats;
mod warcfile;

use serde::Serialize;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

pub use formats::{normalize_date, Format};

/// Default limit on one article's size in bytes.
pub const DEFAULT_MAX_BYTES: usize = 5 * 1024 * 1024;

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Article {
    pub doc_id: String,
    pub title: Option<String>,
    pub source: Option<String>,
    /// YYYY-MM-DD when known
    pub published: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    /// raw text, as read (lossily decoded)
    pub text: String,
    /// where it came from: `file`, `file:line` or `file#record`
    pub origin: String,
    /// problems that did not stop the article (invalid UTF-8 …)
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiagKind {
    /// bytes that are not UTF-8 (decoded lossily; a warning, not a skip)
    InvalidUtf8,
    /// a JSONL line that does not parse
    BrokenJson,
    /// a JSON object without a text field
    NoText,
    /// an article with no text after trimming
    Empty,
    /// an article over the size limit
    TooLarge,
    /// an HTML page with no article body
    NoArticleBody,
    /// a WARC record or stream that could not be read
    BadWarc,
    /// a file that could not be opened or read
    Io,
    /// content that contradicts the file name (`.gz` that is not gzip,
    /// `.zst` that is not zstd, `.warc` that is not WARC)
    WrongFormat,
}

impl DiagKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DiagKind::InvalidUtf8 => "invalid_utf8",
            DiagKind::BrokenJson => "broken_json",
            DiagKind::NoText => "no_text",
            DiagKind::Empty => "empty",
            DiagKind::TooLarge => "too_large",
            DiagKind::NoArticleBody => "no_article_body",
            DiagKind::BadWarc => "bad_warc",
            DiagKind::Io => "io",
            DiagKind::WrongFormat => "wrong_format",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// `file`, `file:line`, `file:line:byte` or `file#record`
    pub location: String,
    pub kind: DiagKind,
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.location,
            self.kind.as_str(),
            self.message
        )
    }
}

#[derive(Debug, Clone)]
pub enum Item {
    Article(Box<Article>),
    Skipped(Diagnostic),
}

#[derive(Debug, Clone)]
pub struct Options {
    pub max_bytes: usize,
    /// default published date (YYYY-MM-DD) where an input has none
    pub published: Option<String>,
    /// default source name where an input has none
    pub source: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_bytes: DEFAULT_MAX_BYTES,
            published: None,
            source: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: io::Error,
    },
}

/// One input to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File { path: PathBuf, size: u64 },
}

impl Input {
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "-".into(),
            Input::File { path, .. } => path.display().to_string(),
        }
    }
}

/// Expands paths: directories recursively (sorted), `-` as stdin. Paths that
/// do not exist become diagnostics. Sidecar `NAME.json` files next to a
/// `NAME.txt`/`NAME.html` are not inputs of their own.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<Input>, Vec<Diagnostic>) {
    let mut inputs = Vec::new();
    let mut diags = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        if p.is_dir() {
            let mut files: Vec<PathBuf> = walkdir::WalkDir::new(p)
                .sort_by_file_name()
                .into_iter()
                .filter_map(|e| match e {
                    Ok(e) if e.file_type().is_file() => Some(e.into_path()),
                    Ok(_) => None,
                    Err(err) => {
                        diags.push(Diagnostic {
                            location: p.display().to_string(),
                            kind: DiagKind::Io,
                            message: err.to_string(),
                        });
                        None
                    }
                })
                .collect();
            // in a folder, only files of a known format are inputs (not READMEs)
            files.retain(|f| !is_sidecar(f) && !is_hidden(f) && Format::from_path(f).is_some());
            for f in files {
                let size = f.metadata().map(|m| m.len()).unwrap_or(0);
                inputs.push(Input::File { path: f, size });
            }
        } else {
            match p.metadata() {
                Ok(m) => inputs.push(Input::File {
                    path: p.clone(),
                    size: m.len(),
                }),
                Err(e) => diags.push(Diagnostic {
                    location: p.display().to_string(),
                    kind: DiagKind::Io,
                    message: e.to_string(),
                }),
            }
        }
    }
    (inputs, diags)
}

fn is_hidden(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

fn is_sidecar(p: &Path) -> bool {
    if p.extension().and_then(|e| e.to_str()) != Some("json") {
        return false;
    }
    let stem = p.with_extension("");
    if matches!(
        stem.extension().and_then(|e| e.to_str()),
        Some("txt" | "html" | "htm")
    ) {
        return stem.exists();
    }
    ["txt", "html", "htm"]
        .iter()
        .any(|ext| stem.with_extension(ext).exists())
}

/// Counts bytes read from the underlying (possibly compressed) file.
struct Counting<R> {
    inner: R,
    counter: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compression {
    Gzip,
    Zstd,
}

impl Compression {
    fn from_magic(head: &[u8]) -> Option<Compression> {
        if head.starts_with(&[0x1f, 0x8b]) {
            Some(Compression::Gzip)
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Some(Compression::Zstd)
        } else {
            None
        }
    }

    fn from_name(p: &Path) -> Option<Compression> {
        let name = p.file_name()?.to_str()?.to_ascii_lowercase();
        if name.ends_with(".gz") || name.ends_with(".gzip") {
            Some(Compression::Gzip)
        } else if name.ends_with(".zst") || name.ends_with(".zstd") {
            Some(Compression::Zstd)
        } else {
            None
        }
    }

    fn name(self) -> &'static str {
        match self {
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
        }
    }
}

/// A file named as compressed whose first bytes say otherwise: reading it
/// as plain text would store garbage as an article.
fn contradicts_name(path: &Path, head: &[u8]) -> Option<Diagnostic> {
    let named = Compression::from_name(path)?;
    let actual = Compression::from_magic(head);
    // zero bytes have no magic to contradict
    if head.is_empty() || actual == Some(named) {
        return None;
    }
    let first: Vec<String> = head.iter().take(4).map(|b| format!("{b:02x}")).collect();
    Some(Diagnostic {
        location: format!("{}:byte 0", path.display()),
        kind: DiagKind::WrongFormat,
        message: format!(
            "named as {} but it is {} (first bytes {})",
            named.name(),
            actual.map_or("not compressed", |c| c.name()),
            first.join(" ")
        ),
    })
}

/// Wraps a reader in the right decompressor, sniffing magic bytes.
fn decompress<'a>(
    r: Box<dyn BufRead + Send + 'a>,
) -> io::Result<(Box<dyn BufRead + Send + 'a>, bool)> {
    let mut r = r;
    let head = r.fill_buf()?;
    if head.starts_with(&[0x1f, 0x8b]) {
        Ok((
            Box::new(BufReader::with_capacity(
                1 << 16,
                flate2::read::MultiGzDecoder::new(r),
            )),
            true,
        ))
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Ok((
            Box::new(BufReader::with_capacity(
                1 << 16,
                zstd::stream::read::Decoder::with_buffer(r)?,
            )),
            true,
        ))
    } else {
        Ok((r, false))
    }
}

/// Reads one input, sending every article or skip to `sink`. `counter`
/// advances with the bytes read from disk (for progress bars).
pub fn read_input(
    input: &Input,
    opts: &Options,
    counter: Arc<AtomicU64>,
    sink: &mut dyn FnMut(Item),
) -> Result<(), IngestError> {
    let name = input.name();
    let io_err = |e: io::Error| IngestError::Io {
        path: name.clone(),
        source: e,
    };
    let (reader, path): (Box<dyn BufRead + Send>, Option<&Path>) = match input {
        Input::Stdin => (
            Box::new(BufReader::with_capacity(
                1 << 16,
                Counting {
                    inner: io::stdin(),
                    counter,
                },
            )),
            None,
        ),
        Input::File { path, .. } => {
            let f = std::fs::File::open(path).map_err(io_err)?;
            (
                Box::new(BufReader::with_capacity(
                    1 << 16,
                    Counting { inner: f, counter },
                )),
                Some(path.as_path()),
            )
        }
    };
    read_from(reader, path, opts, sink).map_err(io_err)
}

/// Reads bytes held in memory as if they were the file `name` (its extension names the format
/// and compression, as for a file on disk): the same checks and readers as `read_input`, with no
/// file opened (fuzzing, and callers that already hold the bytes).
pub fn read_bytes(
    name: &Path,
    data: &[u8],
    opts: &Options,
    sink: &mut dyn FnMut(Item),
) -> Result<(), IngestError> {
    let reader: Box<dyn BufRead + Send + '_> = Box::new(io::Cursor::new(data));
    read_from(reader, Some(name), opts, sink).map_err(|e| IngestError::Io {
        path: name.display().to_string(),
        source: e,
    })
}

/// The checks and readers after opening: magic bytes against the name, decompression, format.
fn read_from<'a>(
    reader: Box<dyn BufRead + Send + 'a>,
    path: Option<&Path>,
    opts: &Options,
    sink: &mut dyn FnMut(Item),
) -> io::Result<()> {
    let mut reader = reader;
    if let Some(path) = path {
        if let Some(d) = contradicts_name(path, reader.fill_buf()?) {
            sink(Item::Skipped(d));
            return Ok(());
        }
    }
    let (mut reader, _compressed) = decompress(reader)?;
    let format = match path.and_then(Format::from_path) {
        Some(f) => f,
        None => {
            let head = reader.fill_buf()?;
            Format::sniff(head)
        }
    };
    let display = path
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "-".into());
    let doc_name = path
        .map(formats::doc_name)
        .unwrap_or_else(|| "stdin".into());
    match format {
        Format::Jsonl => {
            formats::read_jsonl(&display, reader, opts, sink);
            Ok(())
        }
        Format::Txt => formats::read_txt(&display, &doc_name, path, reader, opts, sink),
        Format::Html => formats::read_html_file(&display, &doc_name, path, reader, opts, sink),
        Format::Warc => {
            warcfile::read_warc(&display, reader, opts, sink);
            Ok(())
        }
    }
}

/// Counts of what was read and skipped, by reason.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    pub read: usize,
    pub skipped: usize,
    pub warnings: usize,
    pub by_reason: std::collections::BTreeMap<String, usize>,
}

impl Stats {
    pub fn skip(&mut self, d: &Diagnostic) {
        self.skipped += 1;
        *self
            .by_reason
            .entry(d.kind.as_str().to_string())
            .or_default() += 1;
    }
    pub fn warn(&mut self, d: &Diagnostic) {
        self.warnings += 1;
        *self
            .by_reason
            .entry(format!("warning:{}", d.kind.as_str()))
            .or_default() += 1;
    }
    pub fn summary(&self) -> String {
        let mut s = format!("read {} articles, skipped {}", self.read, self.skipped);
        if !self.by_reason.is_empty() {
            let parts: Vec<String> = self
                .by_reason
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect();
            s.push_str(&format!(" ({})", parts.join(", ")));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn items(f: impl FnOnce(&mut dyn FnMut(Item))) -> Vec<String> {
        let mut out = Vec::new();
        f(&mut |i| {
            out.push(match i {
                Item::Article(a) => format!("article {} {}", a.doc_id, a.text),
                Item::Skipped(d) => format!("skipped {} {}", d.location, d.kind.as_str()),
            })
        });
        out
    }

    #[test]
    fn bytes_read_as_the_file_of_their_name() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all("{\"id\":\"a\",\"text\":\"نص\"}\n{broken\n".as_bytes())
            .unwrap();
        let gz = gz.finish().unwrap();
        let dir = std::env::temp_dir().join(format!("khabar-bytes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let opts = Options::default();
        for (name, data) in [
            ("in.jsonl.gz", gz.as_slice()),
            // the name says gzip, the bytes are not: an input error either way
            (
                "bad.jsonl.gz",
                b"{\"id\":\"a\",\"text\":\"x\"}\n".as_slice(),
            ),
        ] {
            let path = dir.join(name);
            std::fs::write(&path, data).unwrap();
            let input = Input::File {
                path: path.clone(),
                size: data.len() as u64,
            };
            let from_file =
                items(|sink| read_input(&input, &opts, Default::default(), sink).unwrap());
            let from_bytes = items(|sink| read_bytes(&path, data, &opts, sink).unwrap());
            assert!(!from_file.is_empty());
            assert_eq!(from_file, from_bytes, "{name}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
