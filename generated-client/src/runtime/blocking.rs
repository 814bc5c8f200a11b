//! The blocking client (feature `blocking`): the same builder, groups and methods as the async
//! `Client`, each call sent with `send()` and each list walked as an `Iterator`. Your code
//! needs no async runtime: the calls run on one background thread that the first blocking call
//! starts and every blocking client of the program shares.
//!
//! ```ignore
//! let client = blocking::Client::builder("https://api.example.com")
//!     .bearer_token("token")
//!     .build()?;
//! let roles = client.roles().list().timeout(Duration::from_secs(5)).send()?;
//! ```
//!
//! Do not call it from async code (inside a Tokio runtime): a blocking call there fails with
//! [`Error::InvalidArgument`] instead of stalling the runtime. Use the async client there.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::sync::OnceLock;

use serde::de::DeserializeOwned;

use super::call::{Async, Blocking, Call, Response};
use super::client::ClientBuilder;
use super::error::{Error, Result};
use super::pages::Paged;
use super::transfer::{Bytes, FileStream};

/// A blocking client of the platform's API: `client.roles().list().send()`. Cloning is
/// cheap: clones share the configuration, the connection pool and the bearer token.
#[derive(Clone)]
pub struct Client {
    client: super::Client,
}

impl Client {
    /// Starts configuring a blocking client for the API at `base_url`: the same settings as
    /// the async client's builder, and `build()` makes a blocking client.
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder<Client> {
        ClientBuilder::new(base_url.into())
    }

    /// The blocking face of an async client; both share configuration, connection pool and
    /// bearer token.
    #[must_use]
    pub fn from_async(client: super::Client) -> Self {
        Client { client }
    }

    /// The async client behind this one.
    #[must_use]
    pub fn as_async(&self) -> &super::Client {
        &self.client
    }

    /// Replaces the bearer token of this client and all its clones from the next call on;
    /// `None` removes it.
    pub fn set_bearer_token(&self, token: Option<String>) {
        self.client.set_bearer_token(token);
    }

    /// Whether a bearer token is currently set.
    #[must_use]
    pub fn has_bearer_token(&self) -> bool {
        self.client.has_bearer_token()
    }

    /// The base URL, without a trailing slash.
    #[must_use]
    pub fn base_url(&self) -> &str {
        self.client.base_url()
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("blocking::Client").field(&self.client).finish()
    }
}

/// The runtime that blocking calls run on: one worker thread (it keeps the connections of
/// the pool alive between calls), started by the first blocking call.
fn runtime() -> Result<&'static tokio::runtime::Runtime> {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    if let Some(runtime) = RUNTIME.get() {
        return Ok(runtime);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name(concat!(env!("CARGO_PKG_NAME"), "-blocking"))
        .enable_all()
        .build()
        .map_err(|e| Error::invalid(format!("the blocking client's thread could not start: {e}")))?;
    Ok(RUNTIME.get_or_init(|| runtime))
}

/// Runs `future` to its end on the blocking runtime, from a thread that is not async.
fn block_on<F: Future>(future: F) -> Result<F::Output> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(Error::invalid(
            "a blocking call was made inside an async runtime, where it would stall it; \
             use the async Client there",
        ));
    }
    Ok(runtime()?.block_on(future))
}

impl<T: DeserializeOwned> Call<'_, T, Blocking> {
    /// Sends the call, waits for the answer and returns its value.
    ///
    /// # Errors
    ///
    /// Any [`Error`], as for awaiting an async call; and [`Error::InvalidArgument`] when
    /// called inside an async runtime.
    pub fn send(self) -> Result<T> {
        block_on(self.into_mode::<Async>().into_future())?
    }

    /// Sends the call and returns the value with everything the answer came with: HTTP
    /// status, headers, raw body, the envelope's metadata and the request id (see
    /// [`Response`]).
    ///
    /// # Errors
    ///
    /// As for [`send`](Call::send).
    pub fn send_with_metadata(self) -> Result<Response<T>> {
        block_on(self.into_mode::<Async>().send_with_metadata())?
    }
}

impl<'a, P: Paged> Call<'a, P, Blocking> {
    /// Every page from this call's one to the last, as an `Iterator`, one request each; it
    /// stops as the async `Call::pages` does (a repeated page ends it with
    /// [`Error::PageRepeated`]).
    ///
    /// ```ignore
    /// for page in client.api_keys().list().page_size(50).pages() {
    ///     println!("{} keys", page?.items.len());
    /// }
    /// ```
    pub fn pages(self) -> Pages<'a, P> {
        Pages {
            walk: self.into_mode::<Async>().pages(),
            done: false,
        }
    }

    /// Every item of every page, as [`pages`](Call::pages) walks them.
    pub fn items(self) -> Items<'a, P> {
        Items {
            pages: self.pages(),
            buffer: Vec::new().into_iter(),
        }
    }
}

/// The pages of a list, one call each: see `Call::pages` of a blocking call. An `Iterator`
/// of `Result<P>` that ends after the first error.
#[must_use = "an iterator does nothing until it is read"]
pub struct Pages<'a, P> {
    walk: super::Pages<'a, P>,
    done: bool,
}

impl<P: Paged> Iterator for Pages<'_, P> {
    type Item = Result<P>;

    fn next(&mut self) -> Option<Result<P>> {
        if self.done {
            return None;
        }
        let next = block_on(self.walk.next()).unwrap_or_else(|error| Some(Err(error)));
        self.done = !matches!(next, Some(Ok(_)));
        next
    }
}

impl<P> fmt::Debug for Pages<'_, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("blocking::Pages")
            .field("walk", &self.walk)
            .finish()
    }
}

/// The items of every page of a list: see `Call::items` of a blocking call. An `Iterator` of
/// `Result<P::Item>` that ends after the first error.
#[must_use = "an iterator does nothing until it is read"]
pub struct Items<'a, P: Paged> {
    pages: Pages<'a, P>,
    buffer: std::vec::IntoIter<P::Item>,
}

impl<P: Paged> Iterator for Items<'_, P> {
    type Item = Result<P::Item>;

    fn next(&mut self) -> Option<Result<P::Item>> {
        loop {
            if let Some(item) = self.buffer.next() {
                return Some(Ok(item));
            }
            match self.pages.next()? {
                Ok(page) => self.buffer = page.into_items().into_iter(),
                Err(error) => return Some(Err(error)),
            }
        }
    }
}

impl<P: Paged> fmt::Debug for Items<'_, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("blocking::Items")
            .field("pages", &self.pages)
            .field("buffered", &self.buffer.len())
            .finish()
    }
}

impl Call<'_, Bytes, Blocking> {
    /// Sends the call and returns the file as a [`FileReader`] (`std::io::Read`), for files
    /// too large to hold in memory:
    ///
    /// ```ignore
    /// let mut file = client.files().download("f_1").stream()?;
    /// let mut out = std::fs::File::create(file.file_name().unwrap_or("download"))?;
    /// std::io::copy(&mut file, &mut out)?;
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`send`](Call::send).
    pub fn stream(self) -> Result<FileReader> {
        let stream = block_on(self.into_mode::<Async>().stream())??;
        Ok(FileReader {
            stream,
            chunk: Vec::new(),
            read: 0,
        })
    }
}

/// A file being downloaded by a blocking call, read with `std::io::Read`; a failure to read
/// is an `std::io::Error` whose inner error is the [`Error`].
pub struct FileReader {
    stream: FileStream,
    chunk: Vec<u8>,
    /// How much of `chunk` has been read.
    read: usize,
}

impl FileReader {
    /// The answer's `Content-Type`.
    #[must_use]
    pub fn content_type(&self) -> Option<&str> {
        self.stream.content_type()
    }

    /// The file name the answer gives, as `FileStream::file_name` reads it (check it before
    /// using it as a path).
    #[must_use]
    pub fn file_name(&self) -> Option<&str> {
        self.stream.file_name()
    }

    /// The length the answer announces (`Content-Length`), if any.
    #[must_use]
    pub fn content_length(&self) -> Option<u64> {
        self.stream.content_length()
    }

    /// The HTTP status of the answer (a 2xx).
    #[must_use]
    pub fn status(&self) -> u16 {
        self.stream.status()
    }

    /// The `X-Request-Id` the call was sent with.
    #[must_use]
    pub fn request_id(&self) -> &str {
        self.stream.request_id()
    }

    /// Reads the rest of the file into memory.
    ///
    /// # Errors
    ///
    /// As `FileStream::chunk`.
    pub fn collect(self) -> Result<Bytes> {
        let FileReader {
            stream,
            chunk,
            read,
        } = self;
        let mut bytes = block_on(stream.collect())??;
        let mut data = chunk[read..].to_vec();
        data.append(&mut bytes.data);
        bytes.data = data;
        Ok(bytes)
    }
}

impl std::io::Read for FileReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.read == self.chunk.len() {
            match block_on(self.stream.chunk()).and_then(|chunk| chunk) {
                Ok(Some(chunk)) => {
                    self.chunk = chunk;
                    self.read = 0;
                }
                Ok(None) => return Ok(0),
                Err(error) => return Err(std::io::Error::other(error)),
            }
        }
        let n = buf.len().min(self.chunk.len() - self.read);
        buf[..n].copy_from_slice(&self.chunk[self.read..self.read + n]);
        self.read += n;
        Ok(n)
    }
}

impl fmt::Debug for FileReader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileReader")
            .field("stream", &self.stream)
            .finish_non_exhaustive()
    }
}
