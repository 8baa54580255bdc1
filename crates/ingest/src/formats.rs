//! The readers, one per format. Each turns bytes into [`Item`]s and never
//! stops a run for a bad unit: a broken line or record is a diagnostic.

use crate::bounded::{Line, Tracked};
use crate::{Article, DiagKind, Diagnostic, Item, Options};
use serde::Deserialize;
use std::io::{self, BufRead, Read};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Txt,
    Jsonl,
    Html,
    Warc,
}

impl Format {
    /// From the file name, ignoring a compression suffix.
    pub fn from_path(p: &Path) -> Option<Format> {
        let name = p.file_name()?.to_str()?.to_ascii_lowercase();
        let name = strip_compression(&name);
        let ext = name.rsplit_once('.').map(|(_, e)| e)?;
        match ext {
            "txt" | "text" => Some(Format::Txt),
            "jsonl" | "ndjson" | "json" => Some(Format::Jsonl),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "warc" => Some(Format::Warc),
            _ => None,
        }
    }

    /// From the first bytes of (decompressed) content.
    pub fn sniff(head: &[u8]) -> Format {
        let t = head
            .iter()
            .skip_while(|b| b.is_ascii_whitespace() || **b == 0xEF || **b == 0xBB || **b == 0xBF);
        let t: Vec<u8> = t.take(16).copied().collect();
        if t.starts_with(b"WARC/") {
            Format::Warc
        } else if t.first() == Some(&b'{') {
            Format::Jsonl
        } else if t.first() == Some(&b'<') {
            Format::Html
        } else {
            Format::Txt
        }
    }
}

fn strip_compression(name: &str) -> &str {
    for suf in [".gz", ".gzip", ".zst", ".zstd"] {
        if let Some(s) = name.strip_suffix(suf) {
            return s;
        }
    }
    name
}

/// The document id of a file: its name without a compression suffix.
pub fn doc_name(p: &Path) -> String {
    let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("document");
    let lower = n.to_ascii_lowercase();
    let keep = strip_compression(&lower).len();
    n[..keep.min(n.len())].to_string()
}

/// `2015-07-21 02:51:32`, `2015-07-21T02:51:32Z`, `2015/07/21` → `2015-07-21`;
/// `2015-07` and `2015` are kept as they are.
pub fn normalize_date(s: &str) -> Option<String> {
    let t = s.trim();
    let b = t.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|x| x.iter().all(u8::is_ascii_digit))
    };
    if digits(0..4)
        && matches!(b.get(4), Some(b'-') | Some(b'/'))
        && digits(5..7)
        && matches!(b.get(7), Some(b'-') | Some(b'/'))
        && digits(8..10)
    {
        let (y, m, d) = (&t[0..4], &t[5..7], &t[8..10]);
        let (mi, di): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
        if (1..=12).contains(&mi) && (1..=31).contains(&di) {
            return Some(format!("{y}-{m}-{d}"));
        }
        return None;
    }
    if digits(0..4) && b.len() == 7 && b[4] == b'-' && digits(5..7) {
        return Some(t.to_string());
    }
    if digits(0..4) && b.len() == 4 {
        return Some(t.to_string());
    }
    None
}

/// Decodes bytes, lossily, with a warning at the first bad byte.
pub(crate) fn decode(bytes: Vec<u8>, location: &str) -> (String, Option<Diagnostic>) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let bad = bytes.len() - String::from_utf8_lossy(&bytes).len().min(bytes.len());
            let s = String::from_utf8_lossy(&bytes).into_owned();
            let _ = bad;
            (
                s,
                Some(Diagnostic {
                    location: format!("{location}:byte {at}"),
                    kind: DiagKind::InvalidUtf8,
                    message: "invalid UTF-8, decoded with replacement characters".into(),
                }),
            )
        }
    }
}

/// Checks size and emptiness, then sends the article or a skip.
pub(crate) fn finish(mut a: Article, opts: &Options, sink: &mut dyn FnMut(Item)) {
    if a.text.len() > opts.max_bytes {
        sink(Item::Skipped(Diagnostic {
            location: a.origin.clone(),
            kind: DiagKind::TooLarge,
            message: format!(
                "{} bytes, over the limit of {} (--max-bytes)",
                a.text.len(),
                opts.max_bytes
            ),
        }));
        return;
    }
    if a.text.trim().is_empty() {
        sink(Item::Skipped(Diagnostic {
            location: a.origin.clone(),
            kind: DiagKind::Empty,
            message: "article has no text".into(),
        }));
        return;
    }
    if a.published.is_none() {
        a.published = opts.published.clone();
    }
    if a.source.is_none() {
        a.source = opts.source.clone();
    }
    sink(Item::Article(Box::new(a)));
}

#[derive(Deserialize, Default)]
struct JsonArticle {
    id: Option<serde_json::Value>,
    doc_id: Option<serde_json::Value>,
    url: Option<String>,
    content: Option<String>,
    text: Option<String>,
    body: Option<String>,
    title: Option<String>,
    source: Option<String>,
    author: Option<String>,
    published: Option<String>,
    date: Option<String>,
    date_publish: Option<String>,
    date_extracted: Option<String>,
}

fn value_to_id(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Reads JSON lines. A line is never buffered past twice `--max-bytes`
/// (JSON escapes make the line longer than its text): the rest of a longer
/// line is read and dropped, and the line is reported with its number and
/// its byte offset in the (decompressed) stream. A read error (a damaged
/// compressed stream) ends the file with a located diagnostic.
pub fn read_jsonl(
    display: &str,
    r: Box<dyn BufRead + Send + '_>,
    opts: &Options,
    sink: &mut dyn FnMut(Item),
) {
    let mut t = Tracked::new(r);
    let mut line_no = 0usize;
    if let Err(e) = jsonl_lines(display, &mut t, &mut line_no, opts, sink) {
        sink(Item::Skipped(Diagnostic {
            location: format!("{display}:{}", line_no + 1),
            kind: DiagKind::Io,
            message: format!(
                "read error at byte {} of the stream, rest of the file skipped: {e}",
                t.pos()
            ),
        }));
    }
}

fn jsonl_lines(
    display: &str,
    t: &mut Tracked,
    line_no: &mut usize,
    opts: &Options,
    sink: &mut dyn FnMut(Item),
) -> io::Result<()> {
    let cap = opts.max_bytes.saturating_mul(2).max(1024);
    let mut buf = Vec::with_capacity(1 << 16);
    loop {
        let start = t.pos();
        let got = t.read_line(&mut buf, cap)?;
        if got == Line::Eof {
            break;
        }
        *line_no += 1;
        let location = format!("{display}:{line_no}");
        if let Line::TooLong { len } = got {
            sink(Item::Skipped(Diagnostic {
                location,
                kind: DiagKind::TooLarge,
                message: format!(
                    "line at byte {start} of the stream has {len} bytes, over twice the article \
                     limit; no more than {cap} bytes of it were kept, skipped"
                ),
            }));
            continue;
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let (line, warn) = match std::str::from_utf8(&buf) {
            Ok(s) => (std::borrow::Cow::Borrowed(s), None),
            Err(_) => {
                let (s, w) = decode(buf.clone(), &location);
                (std::borrow::Cow::Owned(s), w)
            }
        };
        let parsed: JsonArticle = match serde_json::from_str(line.trim_end()) {
            Ok(j) => j,
            Err(e) => {
                sink(Item::Skipped(Diagnostic {
                    location,
                    kind: DiagKind::BrokenJson,
                    message: e.to_string(),
                }));
                continue;
            }
        };
        let Some(text) = parsed.content.or(parsed.text).or(parsed.body) else {
            sink(Item::Skipped(Diagnostic {
                location,
                kind: DiagKind::NoText,
                message: "no content/text/body field".into(),
            }));
            continue;
        };
        let doc_id = parsed
            .id
            .as_ref()
            .and_then(value_to_id)
            .or_else(|| parsed.doc_id.as_ref().and_then(value_to_id))
            .or_else(|| parsed.url.clone())
            .unwrap_or_else(|| location.clone());
        let published = [
            parsed.published,
            parsed.date,
            parsed.date_publish,
            parsed.date_extracted,
        ]
        .into_iter()
        .flatten()
        .find_map(|d| normalize_date(&d));
        let a = Article {
            doc_id,
            title: parsed.title.filter(|t| !t.trim().is_empty()),
            source: parsed.source,
            published,
            url: parsed.url,
            author: parsed.author,
            text,
            origin: location,
            warnings: warn.into_iter().collect(),
        };
        finish(a, opts, sink);
    }
    Ok(())
}

#[derive(Deserialize, Default)]
struct Sidecar {
    id: Option<serde_json::Value>,
    doc_id: Option<serde_json::Value>,
    title: Option<String>,
    source: Option<String>,
    url: Option<String>,
    author: Option<String>,
    published: Option<String>,
    date: Option<String>,
}

fn read_sidecar(path: Option<&Path>, a: &mut Article) -> Option<Diagnostic> {
    let path = path?;
    let candidates = [path.with_extension("json"), {
        let mut s = path.as_os_str().to_owned();
        s.push(".json");
        s.into()
    }];
    let side = candidates
        .iter()
        .find(|p: &&std::path::PathBuf| p.exists())?;
    // a sidecar holds a few fields; a huge one is not read whole
    let read =
        std::fs::File::open(side).and_then(|f| read_all(&mut io::BufReader::new(f), 1 << 20));
    let bytes = match read {
        Ok((_, true)) => {
            return Some(Diagnostic {
                location: side.display().to_string(),
                kind: DiagKind::TooLarge,
                message: "sidecar over 1 MB ignored".into(),
            })
        }
        Ok((b, false)) => b,
        Err(e) => {
            return Some(Diagnostic {
                location: side.display().to_string(),
                kind: DiagKind::Io,
                message: e.to_string(),
            })
        }
    };
    match serde_json::from_slice::<Sidecar>(&bytes) {
        Ok(s) => {
            if let Some(id) =
                s.id.as_ref()
                    .and_then(value_to_id)
                    .or_else(|| s.doc_id.as_ref().and_then(value_to_id))
            {
                a.doc_id = id;
            }
            a.title = s.title.or(a.title.take());
            a.source = s.source.or(a.source.take());
            a.url = s.url.or(a.url.take());
            a.author = s.author.or(a.author.take());
            if let Some(d) = s.published.or(s.date).and_then(|d| normalize_date(&d)) {
                a.published = Some(d);
            }
            None
        }
        Err(e) => Some(Diagnostic {
            location: side.display().to_string(),
            kind: DiagKind::BrokenJson,
            message: format!("sidecar ignored: {e}"),
        }),
    }
}

fn read_all(r: &mut dyn Read, limit: usize) -> io::Result<(Vec<u8>, bool)> {
    let mut buf = Vec::new();
    // saturating: `--max-bytes` may be as large as usize allows
    let n = r
        .take((limit as u64).saturating_add(1))
        .read_to_end(&mut buf)?;
    Ok((buf, n > limit))
}

pub fn read_txt(
    display: &str,
    doc_name: &str,
    path: Option<&Path>,
    mut r: Box<dyn BufRead + Send + '_>,
    opts: &Options,
    sink: &mut dyn FnMut(Item),
) -> io::Result<()> {
    let (bytes, over) = read_all(&mut r, opts.max_bytes)?;
    if over {
        sink(Item::Skipped(Diagnostic {
            location: display.to_string(),
            kind: DiagKind::TooLarge,
            message: format!(
                "over the limit of {} bytes (--max-bytes); stopped reading after {} bytes",
                opts.max_bytes,
                opts.max_bytes.saturating_add(1)
            ),
        }));
        return Ok(());
    }
    let (text, warn) = decode(bytes, display);
    let mut a = Article {
        doc_id: doc_name.to_string(),
        text,
        origin: display.to_string(),
        warnings: warn.into_iter().collect(),
        ..Default::default()
    };
    if let Some(d) = read_sidecar(path, &mut a) {
        a.warnings.push(d);
    }
    finish(a, opts, sink);
    Ok(())
}

/// Article body, title and date from an HTML page (readability).
pub(crate) fn html_to_article(
    html: &str,
    url: Option<&str>,
) -> Option<(String, Option<String>, Option<String>)> {
    let url = url.filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let mut r = dom_smoothie::Readability::new(html, url, Some(cfg)).ok()?;
    let art = r.parse().ok()?;
    let text = art.text_content.to_string();
    if text.trim().is_empty() {
        return None;
    }
    let title = Some(art.title).filter(|t| !t.trim().is_empty());
    let date = art.published_time.as_deref().and_then(normalize_date);
    Some((text, title, date))
}

pub fn read_html_file(
    display: &str,
    doc_name: &str,
    path: Option<&Path>,
    mut r: Box<dyn BufRead + Send + '_>,
    opts: &Options,
    sink: &mut dyn FnMut(Item),
) -> io::Result<()> {
    let (bytes, over) = read_all(&mut r, opts.max_bytes.saturating_mul(4))?;
    if over {
        sink(Item::Skipped(Diagnostic {
            location: display.to_string(),
            kind: DiagKind::TooLarge,
            message: format!(
                "page over {} bytes (4 × --max-bytes); stopped reading after {} bytes",
                opts.max_bytes.saturating_mul(4),
                opts.max_bytes.saturating_mul(4).saturating_add(1)
            ),
        }));
        return Ok(());
    }
    let (html, warn) = decode(bytes, display);
    let Some((text, title, date)) = html_to_article(&html, None) else {
        sink(Item::Skipped(Diagnostic {
            location: display.to_string(),
            kind: DiagKind::NoArticleBody,
            message: "no article body found in the HTML".into(),
        }));
        return Ok(());
    };
    let mut a = Article {
        doc_id: doc_name.to_string(),
        title,
        published: date,
        text,
        origin: display.to_string(),
        warnings: warn.into_iter().collect(),
        ..Default::default()
    };
    if let Some(d) = read_sidecar(path, &mut a) {
        a.warnings.push(d);
    }
    finish(a, opts, sink);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect_jsonl(input: &str) -> Vec<Item> {
        let mut items = Vec::new();
        read_jsonl(
            "t.jsonl",
            Box::new(io::Cursor::new(input.as_bytes().to_vec())),
            &Options::default(),
            &mut |i| items.push(i),
        );
        items
    }

    #[test]
    fn jsonl_fields_and_errors() {
        let items = collect_jsonl(concat!(
            "{\"source\":\"aawsat\",\"url\":\"http://x/1\",\"date_extracted\":\"2015-07-21 02:51:32\",\"title\":\"t\",\"content\":\"نص\"}\n",
            "{broken\n",
            "\n",
            "{\"id\": 7, \"text\": \"  \"}\n",
            "{\"doc_id\": \"d\", \"body\": \"b\", \"date\": \"2020-11-08T10:00:00Z\"}\n",
            "{\"title\": \"no text\"}\n",
        ));
        assert_eq!(items.len(), 5);
        match &items[0] {
            Item::Article(a) => {
                assert_eq!(a.doc_id, "http://x/1");
                assert_eq!(a.published.as_deref(), Some("2015-07-21"));
                assert_eq!(a.source.as_deref(), Some("aawsat"));
            }
            _ => panic!(),
        }
        assert!(
            matches!(&items[1], Item::Skipped(d) if d.kind == DiagKind::BrokenJson && d.location == "t.jsonl:2")
        );
        assert!(
            matches!(&items[2], Item::Skipped(d) if d.kind == DiagKind::Empty && d.location == "t.jsonl:4")
        );
        assert!(
            matches!(&items[3], Item::Article(a) if a.doc_id == "d" && a.published.as_deref() == Some("2020-11-08"))
        );
        assert!(matches!(&items[4], Item::Skipped(d) if d.kind == DiagKind::NoText));
    }

    #[test]
    fn invalid_utf8_is_a_warning_with_offset() {
        let mut bytes = b"{\"text\": \"ab".to_vec();
        bytes.push(0xff);
        bytes.extend_from_slice(b"c\"}\n");
        let mut items = Vec::new();
        read_jsonl(
            "u.jsonl",
            Box::new(io::Cursor::new(bytes)),
            &Options::default(),
            &mut |i| items.push(i),
        );
        match &items[0] {
            Item::Article(a) => {
                assert_eq!(a.warnings[0].kind, DiagKind::InvalidUtf8);
                assert_eq!(a.warnings[0].location, "u.jsonl:1:byte 12");
                assert!(a.text.contains('\u{FFFD}'));
            }
            other => panic!("{other:?}"),
        }
    }

    /// `--max-bytes` as large as usize allows: no overflow in the read limit.
    #[test]
    fn largest_limit_does_not_overflow() {
        let opts = Options {
            max_bytes: usize::MAX,
            ..Options::default()
        };
        let mut items = Vec::new();
        for html in [false, true] {
            let r: Box<dyn BufRead + Send> = Box::new(io::Cursor::new("نص".as_bytes().to_vec()));
            if html {
                read_html_file("a.html", "a.html", None, r, &opts, &mut |i| items.push(i)).unwrap();
            } else {
                read_txt("a.txt", "a.txt", None, r, &opts, &mut |i| items.push(i)).unwrap();
            }
        }
        assert!(
            matches!(&items[0], Item::Article(a) if a.text == "نص"),
            "{items:?}"
        );
        assert_eq!(items.len(), 2, "{items:?}");
    }

    #[test]
    fn dates() {
        for (i, e) in [
            ("2015-07-21 02:51:32", Some("2015-07-21")),
            ("2015/07/21", Some("2015-07-21")),
            ("2020-11-08T10:00:00Z", Some("2020-11-08")),
            ("2015-13-01", None),
            ("2015", Some("2015")),
            ("yesterday", None),
        ] {
            assert_eq!(normalize_date(i).as_deref(), e, "{i}");
        }
    }

    #[test]
    fn sniffing() {
        assert_eq!(Format::sniff(b"WARC/1.0\r\n"), Format::Warc);
        assert_eq!(Format::sniff(b"  {\"a\":1}"), Format::Jsonl);
        assert_eq!(Format::sniff(b"<!doctype html>"), Format::Html);
        assert_eq!(Format::sniff("نص".as_bytes()), Format::Txt);
        assert_eq!(
            Format::from_path(Path::new("a/b.jsonl.gz")),
            Some(Format::Jsonl)
        );
        assert_eq!(doc_name(Path::new("a/000_x.txt.gz")), "000_x.txt");
    }

    #[test]
    fn html_body() {
        let html = "<html><head><title>عنوان</title><meta property=\"article:published_time\" content=\"2020-11-08T09:00:00Z\"></head><body><nav>القائمة</nav><article><h1>عنوان</h1><p>قال رئيس هيئة الأركان الإيرانية اللواء محمد باقري إن طهران وبغداد ستوقعان مذكرة تفاهم أمنية مشتركة في المستقبل القريب دون ذكر تفاصيل إضافية، وذلك خلال لقائه بوزير الدفاع العراقي.</p><p>وأضاف أن الهدف من هذا اللقاء هو تعزيز التعاون الأمني والعسكري بين البلدين في ظل التحديات الأمنية التي يشهدها العراق والمنطقة كلها.</p></article></body></html>";
        let (text, title, date) = html_to_article(html, None).expect("body");
        assert!(text.contains("محمد باقري"), "{text}");
        assert_eq!(title.as_deref(), Some("عنوان"));
        assert_eq!(date.as_deref(), Some("2020-11-08"));
    }
}
