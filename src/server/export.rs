//! `/api/events?format=csv|jsonl`: every matching row streamed as it is read, in chunks, so
//! that an export of the whole store holds one chunk in memory, not the whole file.

use super::{store_err, with_store_for, ApiError, Shared};
use axum::body::{Body, Bytes};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use khabar_store::{EventFilter, StoreError};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::mpsc;

/// An export of every row may take this long.
const EXPORT_TIME: Duration = Duration::from_secs(120);
/// Rows are sent in chunks of about this many bytes.
const CHUNK: usize = 64 * 1024;
/// Chunks waiting for a slow client: the query thread waits (within its deadline) beyond them.
const QUEUED: usize = 4;

/// What the query thread sends: a chunk, or the error that ends the export.
type Piece = Result<Bytes, ApiError>;

/// The body: the first chunk (taken by the handler to learn that the export began), then the
/// rest as they come; an error after the first chunk aborts the response (the client sees a cut
/// transfer, never a short file that looks whole).
struct Chunks {
    first: Option<Bytes>,
    rest: mpsc::Receiver<Piece>,
}

impl futures_core::Stream for Chunks {
    type Item = Result<Bytes, std::io::Error>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if let Some(b) = self.first.take() {
            return Poll::Ready(Some(Ok(b)));
        }
        self.rest
            .poll_recv(cx)
            .map(|p| p.map(|r| r.map_err(|e| std::io::Error::other(e.1))))
    }
}

/// Why the row loop stopped early.
enum Stop {
    Store(StoreError),
    /// the client went away
    Gone,
}

impl From<StoreError> for Stop {
    fn from(e: StoreError) -> Stop {
        Stop::Store(e)
    }
}

/// Streams the rows of `f` as CSV (with its header) or JSON lines. An error before the first
/// chunk (no free query slot, a damaged store) is the answer's status; the first chunk is sent
/// once the mentions are loaded, so those errors come before it.
pub(super) async fn stream(st: &Shared, f: EventFilter, csv: bool) -> Result<Response, ApiError> {
    let (tx, mut rx) = mpsc::channel::<Piece>(QUEUED);
    let st = st.clone();
    let rows = tx.clone();
    tokio::spawn(async move {
        let r = with_store_for(&st, EXPORT_TIME, move |s, _| {
            let reports = crate::mentions::Reports::load(s, None).map_err(store_err)?;
            let mut buf = String::new();
            if csv {
                buf.push_str(crate::export::CSV_HEADER);
                buf.push('\n');
            }
            let send = |buf: &mut String| {
                let chunk = Bytes::from(std::mem::take(buf));
                rows.blocking_send(Ok(chunk)).map_err(|_| Stop::Gone)
            };
            // the first chunk (maybe only the header) tells the handler the export started
            send(&mut buf).map_err(|_| super::bad("client gone"))?;
            let done = s.for_each_event(&f, |mut e| -> Result<(), Stop> {
                e.mentions = Some(reports.of(&e));
                e.title = crate::store::shown_title(e.title.take());
                if csv {
                    buf.push_str(&crate::export::csv_row(&e));
                } else {
                    buf.push_str(&serde_json::to_string(&e).unwrap_or_default());
                }
                buf.push('\n');
                if buf.len() >= CHUNK {
                    send(&mut buf)?;
                }
                Ok(())
            });
            match done {
                Ok(()) => {
                    // a client gone now has all it will read
                    let _ = send(&mut buf);
                    Ok(())
                }
                Err(Stop::Gone) => Ok(()),
                Err(Stop::Store(e)) => Err(store_err(e)),
            }
        })
        .await;
        if let Err(e) = r {
            let _ = tx.send(Err(e)).await;
        }
    });
    let first = match rx.recv().await {
        Some(Ok(b)) => b,
        Some(Err(e)) => return Err(e),
        None => return Err(super::bad("the export ended before it began")),
    };
    let (ctype, name) = if csv {
        ("text/csv; charset=utf-8", "events.csv")
    } else {
        ("application/x-ndjson", "events.jsonl")
    };
    let body = Body::from_stream(Chunks {
        first: Some(first),
        rest: rx,
    });
    Ok((
        [
            (header::CONTENT_TYPE, ctype.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response())
}
