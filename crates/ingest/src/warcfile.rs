//! WARC reading with bounded memory. Ours rather than the `warc` crate's
//! because that one buffers a header line or a record body of any length
//! before looking at it (1 GB of zeros cost 1 GB of RAM) and cannot
//! resynchronise after a bad record.

use crate::bounded::{Line, Tracked};
use crate::formats::{decode, finish, html_to_article, normalize_date};
use crate::{Article, DiagKind, Diagnostic, Item, Options};
use std::io;

/// Longest header line we keep (URIs are the long ones).
const MAX_HEADER_LINE: usize = 16 * 1024;
/// Most header lines in one record.
const MAX_HEADER_LINES: usize = 256;
/// Room for the HTTP response head in front of the page.
const HTTP_HEAD_ROOM: u64 = 64 * 1024;

/// Whether the start of a stream can be WARC: `WARC/` after blank lines
/// (an empty stream is an empty WARC file).
fn looks_like_warc(head: &[u8]) -> bool {
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let t = &head[start..];
    t.is_empty() || t.starts_with(b"WARC/") || (t.len() < 5 && b"WARC/".starts_with(t))
}

struct Record {
    kind: String,
    uri: Option<String>,
    date: Option<String>,
    length: Option<u64>,
}

pub fn read_warc(
    display: &str,
    r: Box<dyn io::BufRead + Send + '_>,
    opts: &Options,
    sink: &mut dyn FnMut(Item),
) {
    let mut t = Tracked::new(r);
    let mut record = 0usize;
    if let Err(e) = records(display, &mut t, &mut record, opts, sink) {
        sink(Item::Skipped(Diagnostic {
            location: format!("{display}#{}", record.max(1)),
            kind: DiagKind::Io,
            message: format!(
                "read error at byte {} of the stream, rest of the file skipped: {e}",
                t.pos()
            ),
        }));
    }
}

fn records(
    display: &str,
    t: &mut Tracked,
    record: &mut usize,
    opts: &Options,
    sink: &mut dyn FnMut(Item),
) -> io::Result<()> {
    let page_limit = (opts.max_bytes as u64).saturating_mul(4);
    let body_limit = page_limit.saturating_add(HTTP_HEAD_ROOM);
    // checked on the first buffer, so that a gigabyte of garbage is
    // refused without being read
    if !looks_like_warc(t.fill_buf()?) {
        sink(Item::Skipped(Diagnostic {
            location: format!("{display}:byte 0"),
            kind: DiagKind::WrongFormat,
            message: "not a WARC file (does not start with a WARC/ version line)".into(),
        }));
        return Ok(());
    }
    let mut line = Vec::new();
    let mut lost = false; // between records after garbage: say so once
    loop {
        let start = t.pos();
        let got = t.read_line(&mut line, MAX_HEADER_LINE)?;
        if got == Line::Eof {
            return Ok(());
        }
        if got == Line::Whole && line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if !line.starts_with(b"WARC/") {
            if *record == 0 {
                sink(Item::Skipped(Diagnostic {
                    location: format!("{display}:byte {start}"),
                    kind: DiagKind::WrongFormat,
                    message: "not a WARC file (no WARC/ version line)".into(),
                }));
                return Ok(());
            }
            if !lost {
                lost = true;
                sink(Item::Skipped(Diagnostic {
                    location: format!("{display}#{}", *record + 1),
                    kind: DiagKind::BadWarc,
                    message: format!(
                        "at byte {start}: no WARC/ version line where a record should start; \
                         skipping to the next one"
                    ),
                }));
            }
            continue;
        }
        lost = false;
        *record += 1;
        let location = format!("{display}#{}", *record);
        let bad = |message: String| {
            Item::Skipped(Diagnostic {
                location: location.clone(),
                kind: DiagKind::BadWarc,
                message: format!("record at byte {start}: {message}"),
            })
        };
        let rec = match headers(t, &mut line)? {
            Ok(rec) => rec,
            Err(why) => {
                sink(bad(format!("{why}; skipping to the next record")));
                lost = true;
                continue;
            }
        };
        let Some(len) = rec.length else {
            sink(bad(
                "no valid Content-Length; skipping to the next record".into()
            ));
            lost = true;
            continue;
        };
        let is_response = rec.kind.eq_ignore_ascii_case("response");
        if !is_response || len > body_limit {
            let skipped = t.skip(len)?;
            if skipped < len {
                sink(bad(format!(
                    "truncated: Content-Length {len}, only {skipped} bytes left"
                )));
                return Ok(());
            }
            if is_response {
                sink(Item::Skipped(Diagnostic {
                    location,
                    kind: DiagKind::TooLarge,
                    message: format!(
                        "record at byte {start}: Content-Length {len}, over the limit of \
                         {body_limit} bytes (4 × --max-bytes for a page); skipped unread"
                    ),
                }));
            }
            continue;
        }
        let mut body = Vec::new();
        t.read_exact_or_eof(&mut body, len)?;
        if (body.len() as u64) < len {
            sink(bad(format!(
                "truncated: Content-Length {len}, only {} bytes left",
                body.len()
            )));
            return Ok(());
        }
        response(&location, rec, body, opts, sink);
    }
}

/// Reads header lines up to the blank line. The outer error is I/O; the
/// inner one says why the record is unusable.
fn headers(t: &mut Tracked, line: &mut Vec<u8>) -> io::Result<Result<Record, String>> {
    let mut rec = Record {
        kind: String::new(),
        uri: None,
        date: None,
        length: None,
    };
    for _ in 0..MAX_HEADER_LINES {
        match t.read_line(line, MAX_HEADER_LINE)? {
            Line::Eof => return Ok(Err("headers end without a blank line".into())),
            Line::TooLong { len } => {
                return Ok(Err(format!(
                    "header line of {len} bytes, over {MAX_HEADER_LINE}"
                )))
            }
            Line::Whole => {}
        }
        let text = String::from_utf8_lossy(line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            return Ok(Ok(rec));
        }
        let Some((name, value)) = text.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "warc-type" => rec.kind = value.to_string(),
            "warc-target-uri" => rec.uri = Some(value.trim_matches(['<', '>']).to_string()),
            "warc-date" => rec.date = normalize_date(value),
            "content-length" => rec.length = value.parse().ok(),
            _ => {}
        }
    }
    Ok(Err(format!("over {MAX_HEADER_LINES} header lines")))
}

/// An HTML response record becomes an article; other content types are
/// not articles and pass silently.
fn response(
    location: &str,
    rec: Record,
    body: Vec<u8>,
    opts: &Options,
    sink: &mut dyn FnMut(Item),
) {
    let Some(split) = find_subslice(&body, b"\r\n\r\n")
        .map(|i| i + 4)
        .or_else(|| find_subslice(&body, b"\n\n").map(|i| i + 2))
    else {
        return;
    };
    let head = String::from_utf8_lossy(&body[..split]).to_ascii_lowercase();
    if !head.contains("content-type: text/html")
        && !head.contains("content-type:text/html")
        && !head.contains("application/xhtml")
    {
        return;
    }
    let page = body[split..].to_vec();
    let (html, warn) = decode(page, location);
    let Some((text, title, pdate)) = html_to_article(&html, rec.uri.as_deref()) else {
        sink(Item::Skipped(Diagnostic {
            location: location.to_string(),
            kind: DiagKind::NoArticleBody,
            message: format!(
                "no article body in {}",
                rec.uri.as_deref().unwrap_or("record")
            ),
        }));
        return;
    };
    let a = Article {
        doc_id: rec.uri.clone().unwrap_or_else(|| location.to_string()),
        title,
        published: pdate.or(rec.date),
        url: rec.uri,
        text,
        origin: location.to_string(),
        warnings: warn.into_iter().collect(),
        ..Default::default()
    };
    finish(a, opts, sink);
}

fn find_subslice(h: &[u8], n: &[u8]) -> Option<usize> {
    h.windows(n.len()).position(|w| w == n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, body: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: <{uri}>\r\n\
             WARC-Date: 2020-11-08T10:00:00Z\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        r.extend_from_slice(body);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn page() -> Vec<u8> {
        let html = "<html><head><title>عنوان</title></head><body><article><p>قال رئيس هيئة الأركان الإيرانية اللواء محمد باقري إن طهران وبغداد ستوقعان مذكرة تفاهم أمنية مشتركة في المستقبل القريب دون ذكر تفاصيل إضافية، وذلك خلال لقائه بوزير الدفاع العراقي.</p><p>وأضاف أن الهدف من هذا اللقاء هو تعزيز التعاون الأمني والعسكري بين البلدين في ظل التحديات الأمنية التي يشهدها العراق والمنطقة كلها.</p></article></body></html>";
        let mut b = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n".to_vec();
        b.extend_from_slice(html.as_bytes());
        b
    }

    fn read(data: Vec<u8>, max_bytes: usize) -> Vec<Item> {
        let mut items = Vec::new();
        let opts = Options {
            max_bytes,
            ..Options::default()
        };
        read_warc("w.warc", Box::new(io::Cursor::new(data)), &opts, &mut |i| {
            items.push(i)
        });
        items
    }

    #[test]
    fn responses_become_articles_and_others_pass() {
        let mut data = record("warcinfo", "", b"software: x\r\n");
        data.extend(record("response", "http://x/1", &page()));
        data.extend(record("request", "http://x/1", b"GET / HTTP/1.1\r\n\r\n"));
        let items = read(data, 1 << 20);
        assert_eq!(items.len(), 1, "{items:?}");
        match &items[0] {
            Item::Article(a) => {
                assert_eq!(a.doc_id, "http://x/1");
                assert_eq!(a.origin, "w.warc#2");
                assert_eq!(a.published.as_deref(), Some("2020-11-08"));
                assert!(a.text.contains("محمد باقري"));
            }
            other => panic!("{other:?}"),
        }
    }

    /// A record over the limit is skipped unread (never buffered), with its
    /// number and byte offset, and the next record is still read.
    #[test]
    fn oversized_record_is_skipped_and_reading_goes_on() {
        let mut data = record("response", "http://x/big", &vec![b'a'; 200_000]);
        data.extend(record("response", "http://x/2", &page()));
        let items = read(data, 1_000);
        assert_eq!(items.len(), 2, "{items:?}");
        assert!(
            matches!(&items[0], Item::Skipped(d) if d.kind == DiagKind::TooLarge
                && d.location == "w.warc#1" && d.message.contains("record at byte 0")),
            "{items:?}"
        );
        assert!(
            matches!(&items[1], Item::Article(a) if a.origin == "w.warc#2"),
            "{items:?}"
        );
    }

    #[test]
    fn garbage_between_records_resynchronises() {
        let mut data = record("response", "http://x/1", &page());
        data.extend_from_slice(b"garbage line\r\nmore\r\n");
        data.extend(record("response", "http://x/2", &page()));
        let items = read(data, 1 << 20);
        let kinds: Vec<String> = items
            .iter()
            .map(|i| match i {
                Item::Article(a) => a.origin.clone(),
                Item::Skipped(d) => format!("{}:{}", d.location, d.kind.as_str()),
            })
            .collect();
        assert_eq!(kinds, ["w.warc#1", "w.warc#2:bad_warc", "w.warc#2"]);
    }

    #[test]
    fn not_warc_and_truncated() {
        let items = read(vec![0u8; 100_000], 1_000);
        assert!(
            matches!(&items[..], [Item::Skipped(d)] if d.kind == DiagKind::WrongFormat
                && d.location == "w.warc:byte 0"),
            "{items:?}"
        );
        let mut data = record("response", "http://x/1", &page());
        data.truncate(data.len() - 100);
        let items = read(data, 1 << 20);
        assert!(
            matches!(&items[..], [Item::Skipped(d)] if d.kind == DiagKind::BadWarc
                && d.message.contains("truncated")),
            "{items:?}"
        );
    }

    #[test]
    fn endless_header_line_is_bounded() {
        let mut data = b"WARC/1.0\r\nWARC-Type: response\r\nX: ".to_vec();
        data.extend(vec![b'z'; 200_000]);
        let items = read(data, 1_000);
        assert!(
            matches!(&items[..], [Item::Skipped(d)] if d.kind == DiagKind::BadWarc
                && d.message.contains("header line of")),
            "{items:?}"
        );
    }
}
