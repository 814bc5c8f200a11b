//! The hand-written runtime of the generated client: the [`Client`] and its configuration, the
//! [`Call`] that every generated method returns, the response envelope and the [`Error`] type.
//! It refers to nothing generated; endpoints reach it as `static` endpoint descriptions.
//!
//! The generated `lib.rs` mounts it as below. `Call` is re-exported so that users can name
//! the type and read its documentation; `__private` is what generated code and
//! `tests/runtime.rs` describe endpoints with, and keeps every runtime item reachable (no
//! `dead_code` warnings when the API happens not to use, say, `Auth::Optional`).
//!
//! ```text
//! mod runtime;
//! pub use runtime::{
//!     hooks, ApiError, Async, Blocking, Call, CallOptions, Client, ClientBuilder, Delivery,
//!     Error, FoundValue, Items, Paged, Pages, RawBody, Response, Result,
//! };
//! #[cfg(feature = "blocking")]
//! pub use runtime::blocking;
//! #[doc(hidden)]
//! pub use runtime::__private;
//! ```
//!
//! `blocking` (feature `blocking`) is the blocking client; the feature `tracing` adds a span
//! per call and an event per attempt (`call.rs`, `retry.rs`).
//!
//! Generated code describes its endpoints with `crate::runtime::__private::{EndpointSpec,
//! Method, Segment, Auth, ContextHeader, Need}` and builds calls with `Call::new`; an endpoint
//! that answers with a page adds `Call::paged` with a `Paging` (`PageShape`, `PageLocation`),
//! and its page type implements `Paged`.

#[cfg(feature = "blocking")]
pub mod blocking;
mod call;
mod client;
mod decode;
mod endpoint;
mod error;
pub mod hooks;
mod pages;
mod retry;
mod transfer;
// Value helpers for generated types (`open_enum!`, exact decimals); an API may use none of them.
#[allow(dead_code, unused_imports, unused_macros)]
mod values;

pub use call::{Async, Blocking, Call, CallOptions, Response};
pub use client::{Client, ClientBuilder};
pub use error::{ApiError, Delivery, Error, FoundValue, RawBody, Result};
pub use pages::{Items, Paged, Pages};
pub use transfer::{Bytes, FileStream, Multipart};
#[allow(unused_imports)]
pub(crate) use values::{decimal, open_enum};

/// What generated code and the runtime tests build calls from; not part of the public API.
#[doc(hidden)]
#[allow(unused_imports)] // unused only when lib.rs forgets to re-export it
pub mod __private {
    pub use super::call::Call;
    pub use super::endpoint::{Auth, ContextHeader, EndpointSpec, Method, Need, Segment};
    pub use super::pages::{PageLocation, PageShape, Paging};
    pub use super::values::decimal;
}
