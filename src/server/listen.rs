//! The accept loop: our own rather than `axum::serve`, which has no header
//! timeout, no idle timeout and no connection limit (40 slowloris
//! connections stayed open for 25 s and more).

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::time::{Instant, Sleep};

/// What a connection may cost.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// a request's head must arrive within this
    pub header_timeout: Duration,
    /// a connection with no bytes moving either way is closed after this
    /// (longer than a query's time limit, so a slow answer is not cut)
    pub idle_timeout: Duration,
    /// connections served at once; more wait in the listen backlog
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(5),
            idle_timeout: Duration::from_secs(10),
            max_connections: 512,
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes.
pub async fn run(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        // a free slot first, then accept: over the limit, clients wait in
        // the kernel's backlog instead of costing a task each
        let permit = tokio::select! {
            p = slots.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => return,
            },
            _ = &mut shutdown => return,
        };
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((s, _)) => s,
                Err(_) => {
                    // out of file descriptors and the like: pause, go on
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => return,
        };
        let _ = stream.set_nodelay(true);
        let svc = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _permit = permit;
            let io = TokioIo::new(Idle::new(stream, limits.idle_timeout));
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .serve_connection(io, svc);
            let _ = conn.await;
        });
    }
}

/// A stream that fails with `TimedOut` once no byte has moved for `idle`
/// while a read or write is waiting: closes idle keep-alive connections and
/// clients that stop reading their answer. It also gives hyper's own error
/// answers (414, 431, 400 for a request it cannot parse, sent before any
/// handler runs, with an empty body) the JSON body every other error has.
struct Idle<S> {
    inner: S,
    idle: Duration,
    timer: Pin<Box<Sleep>>,
    /// a replacement answer being written, and how much of it is out
    replacing: Option<(Vec<u8>, usize)>,
}

/// hyper's answer to a request it could not parse: a 4xx/5xx head with
/// `content-length: 0` and nothing after it. The router never sends one
/// (its errors all carry JSON), so this is only ever hyper's.
fn protocol_error(buf: &[u8]) -> Option<Vec<u8>> {
    if !(buf.starts_with(b"HTTP/1.1 4") || buf.starts_with(b"HTTP/1.1 5"))
        || !buf.ends_with(b"\r\n\r\n")
    {
        return None;
    }
    let head = std::str::from_utf8(buf).ok()?.to_ascii_lowercase();
    if head.matches("\r\n\r\n").count() != 1 || !head.contains("\r\ncontent-length: 0\r\n") {
        return None;
    }
    let status = axum::http::StatusCode::from_bytes(buf.get(9..12)?).ok()?;
    let reason = status.canonical_reason().unwrap_or("error");
    let body = serde_json::json!({"error": reason, "status": status.as_u16()}).to_string();
    Some(
        format!(
            "HTTP/1.1 {} {reason}\r\ncontent-type: application/json\r\nconnection: close\r\n\
             content-length: {}\r\n\r\n{body}",
            status.as_u16(),
            body.len()
        )
        .into_bytes(),
    )
}

impl<S> Idle<S> {
    fn new(inner: S, idle: Duration) -> Self {
        Idle {
            inner,
            idle,
            timer: Box::pin(tokio::time::sleep(idle)),
            replacing: None,
        }
    }

    fn moved(&mut self) {
        let at = Instant::now() + self.idle;
        self.timer.as_mut().reset(at);
    }

    fn expired(&mut self, cx: &mut Context<'_>) -> bool {
        self.timer.as_mut().poll(cx).is_ready()
    }
}

fn timed_out() -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, "connection idle too long")
}

impl<S: AsyncRead + Unpin> AsyncRead for Idle<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(r) => {
                if buf.filled().len() > before {
                    this.moved();
                }
                Poll::Ready(r)
            }
            Poll::Pending if this.expired(cx) => Poll::Ready(Err(timed_out())),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Idle<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.replacing.is_none() {
            this.replacing = protocol_error(buf).map(|b| (b, 0));
        }
        // the replacement goes out whole before `buf` counts as written;
        // hyper retries the same `buf` after a Pending
        if let Some((bytes, mut done)) = this.replacing.take() {
            while done < bytes.len() {
                match Pin::new(&mut this.inner).poll_write(cx, &bytes[done..]) {
                    Poll::Ready(Ok(0)) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                    Poll::Ready(Ok(n)) => {
                        done += n;
                        this.moved();
                    }
                    Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                    Poll::Pending if this.expired(cx) => return Poll::Ready(Err(timed_out())),
                    Poll::Pending => {
                        this.replacing = Some((bytes, done));
                        return Poll::Pending;
                    }
                }
            }
            return Poll::Ready(Ok(buf.len()));
        }
        match Pin::new(&mut this.inner).poll_write(cx, buf) {
            Poll::Ready(r) => {
                if matches!(r, Ok(n) if n > 0) {
                    this.moved();
                }
                Poll::Ready(r)
            }
            Poll::Pending if this.expired(cx) => Poll::Ready(Err(timed_out())),
            Poll::Pending => Poll::Pending,
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_flush(cx) {
            Poll::Pending if this.expired(cx) => Poll::Ready(Err(timed_out())),
            r => r,
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}
