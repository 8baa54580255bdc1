//! A panic in a handler is a bug, but it must cost one answer, not the connection or the server:
//! the request gets a 500 JSON error and the server goes on. (Without this, hyper's connection
//! task dies with the panic and the client sees the connection reset, no answer at all.)

use super::ApiError;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Middleware: runs the rest of the stack, turning a panic while it is polled into a 500.
pub async fn catch_panics(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let mut fut = Box::pin(next.run(req));
    // each poll is caught: the future is dropped after a panic and never polled again, so a
    // half-updated state inside it is never seen (what AssertUnwindSafe asks of us)
    let caught =
        std::future::poll_fn(
            |cx| match catch_unwind(AssertUnwindSafe(|| fut.as_mut().poll(cx))) {
                Ok(std::task::Poll::Ready(r)) => std::task::Poll::Ready(Ok(r)),
                Ok(std::task::Poll::Pending) => std::task::Poll::Pending,
                Err(p) => std::task::Poll::Ready(Err(p)),
            },
        )
        .await;
    match caught {
        Ok(r) => r,
        Err(p) => {
            // the panic hook has printed the message and location on stderr already
            eprintln!("khabar: a handler panicked on {path}: {}", panic_text(&*p));
            bug().into_response()
        }
    }
}

/// The answer for a bug: says so, without the panic's text (that goes to the server's log).
pub fn bug() -> ApiError {
    ApiError(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal error (a bug in khabar; the server logged it and goes on)".into(),
    )
}

/// A panic payload's message, when it has one.
pub fn panic_text(p: &(dyn std::any::Any + Send)) -> &str {
    p.downcast_ref::<&str>()
        .copied()
        .or_else(|| p.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::get;
    use std::io::{Read, Write};

    fn get_raw(addr: std::net::SocketAddr, path: &str) -> (u16, String) {
        let mut s = std::net::TcpStream::connect(addr).expect("connect");
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .expect("write");
        let mut buf = String::new();
        s.read_to_string(&mut buf).expect("an answer, not a reset");
        let status = buf
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = buf.split_once("\r\n\r\n").map(|x| x.1).unwrap_or("");
        (status, body.to_string())
    }

    async fn boom() -> &'static str {
        panic!("injected")
    }

    /// A handler that panics (before or after an await, or on a blocking query thread) gets a
    /// 500 JSON answer, and the server answers the next requests as before.
    #[test]
    fn a_panicking_handler_is_a_500_and_the_server_goes_on() {
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("k.db");
        khabar_store::Store::create_or_open(&db).expect("an empty store");
        let state = std::sync::Arc::new(super::super::AppState::new(
            db,
            None,
            crate::pipeline::Analyzer::default(),
        ));
        let app =
            super::super::with_layers(
                super::super::routes(state.clone())
                    .route("/test/panic", get(boom))
                    .route(
                        "/test/panic-later",
                        get(|| async {
                            tokio::task::yield_now().await;
                            let v: Vec<u8> = Vec::new();
                            #[allow(clippy::indexing_slicing)]
                            let x = v[3];
                            x.to_string()
                        }),
                    )
                    .route(
                        "/test/panic-blocking",
                        get(
                            |axum::extract::State(st): axum::extract::State<
                                super::super::Shared,
                            >| async move {
                                super::super::with_store(&st, |_, _| -> Result<(), ApiError> {
                                    panic!("injected on a query thread")
                                })
                                .await
                                .map(|_| "not reached")
                            },
                        ),
                    ),
                state,
            );
        rt.spawn(super::super::listen::run(
            listener,
            app,
            Default::default(),
            std::future::pending(),
        ));
        for path in ["/test/panic", "/test/panic-later", "/test/panic-blocking"] {
            let (status, body) = get_raw(addr, path);
            assert_eq!(status, 500, "{path}: {body}");
            let v: serde_json::Value = serde_json::from_str(&body).expect("JSON");
            assert_eq!(v["status"], 500, "{body}");
            assert!(
                v["error"]
                    .as_str()
                    .is_some_and(|e| e.contains("internal error")),
                "{body}"
            );
            assert!(
                !body.contains("injected"),
                "the panic text stays in the log: {body}"
            );
            // the server is still there and answers a sound request
            let (status, body) = get_raw(addr, "/api/cameo");
            assert_eq!(status, 200, "after {path}: {body}");
        }
    }
}
