//! Serves a [`Mock`] over HTTP on tokio (axum): one handler answers every request, logs one
//! line per request on stderr, and the server stops gracefully on Ctrl-C or SIGTERM.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use super::{Mock, MockRequest};

/// Where the mock listens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeOptions {
    /// The address to bind (`127.0.0.1` unless set).
    pub host: String,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// Log one line per request on stderr.
    pub log: bool,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            host: "127.0.0.1".to_owned(),
            port: 4010,
            log: true,
        }
    }
}

struct Shared {
    mock: Mock,
    log: bool,
}

/// Serves `mock` until Ctrl-C or SIGTERM; `ready` is told the address once it listens.
///
/// # Errors
///
/// When the runtime cannot start or the address cannot be bound.
pub fn serve(
    mock: Mock,
    options: &ServeOptions,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    run(mock, options, ready, shutdown())
}

/// A mock served on a thread of its own (for tests and tools); dropping it stops the server.
#[derive(Debug)]
pub struct RunningMock {
    address: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl RunningMock {
    /// Starts `mock` on a new thread and returns once it listens.
    ///
    /// # Errors
    ///
    /// When the runtime cannot start or the address cannot be bound.
    pub fn start(mock: Mock, options: &ServeOptions) -> std::io::Result<RunningMock> {
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (tell, told) = std::sync::mpsc::channel();
        let options = options.clone();
        let thread = std::thread::spawn(move || {
            run(
                mock,
                &options,
                move |address| {
                    let _ = tell.send(address);
                },
                async {
                    let _ = stopped.await;
                },
            )
        });
        match told.recv() {
            Ok(address) => Ok(RunningMock {
                address,
                stop: Some(stop),
                thread: Some(thread),
            }),
            Err(_) => Err(thread
                .join()
                .ok()
                .and_then(Result::err)
                .unwrap_or_else(|| std::io::Error::other("the mock stopped before listening"))),
        }
    }

    /// `http://ADDRESS:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }
}

impl Drop for RunningMock {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn run(
    mock: Mock,
    options: &ServeOptions,
    ready: impl FnOnce(SocketAddr),
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind((options.host.as_str(), options.port)).await?;
        ready(listener.local_addr()?);
        let shared = Arc::new(Shared {
            mock,
            log: options.log,
        });
        let app = axum::Router::new().fallback(handle).with_state(shared);
        axum::serve(listener, app)
            .with_graceful_shutdown(stop)
            .await
    })
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let request = MockRequest {
        method: method.as_str().to_owned(),
        path: uri.path().to_owned(),
        headers: headers
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body: body.to_vec(),
    };
    let answer = shared.mock.answer(&request);
    if shared.log {
        eprintln!(
            "{} {} -> {} ({})",
            request.method, request.path, answer.status, answer.why
        );
    }
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if answer.body.is_null() && (status == StatusCode::NO_CONTENT || status.is_success()) {
        return status.into_response();
    }
    (status, axum::Json(answer.body)).into_response()
}

/// Resolves on Ctrl-C, or SIGTERM on Unix.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
