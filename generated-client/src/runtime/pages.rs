//! Lists whose answer is a page: the page setters of such a [`Call`] (`page`, `page_size`)
//! and the walks through all its pages, [`Pages`] (each page) and [`Items`] (each item), as
//! `futures_core::Stream`s.
//!
//! A walk sends the call as it was built (with its page number, if one was set), then asks
//! for the page after the one the server says it answered (`pagination.currentPage` or
//! `page`, plus one), so it works whether the API counts pages from 0 or from 1. It stops
//! after the page that says it is the last (`hasNext: false`, the page number reaching
//! `totalPages`, or as many items as `totalRecords`/`total` walked), and at a page without
//! items, which it does not yield. A server that answers a page number that does not advance,
//! or the same items again, ends the walk with [`Error::PageRepeated`]: without that check a
//! server that ignores the page parameter would be walked forever. Every page is a call of
//! its own: it gets the client's (or the call's) retries, timeout and deadline, and a fresh
//! request id unless one was set.

use std::fmt;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures_core::Stream;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::call::{Call, Exchange};
use super::error::{Error, Result};

/// A page answer that [`Call::pages`] and [`Call::items`] can walk: implemented by the
/// crate's page types (`Page<T>`, `OffsetPage<T>`).
pub trait Paged: DeserializeOwned {
    /// The type of the page's items.
    type Item;

    /// The page's items, in order.
    fn into_items(self) -> Vec<Self::Item>;
}

/// Which page object an endpoint answers with; it says where the walk reads the counters.
///
/// Hidden: not part of the public API; generated methods describe their endpoint with it.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageShape {
    /// `{items, pagination: {currentPage, totalPages, totalRecords, hasNext, ...}}`.
    Paginated,
    /// `{items, total, page, size}`.
    Offset,
}

/// Where an endpoint reads its page number and size.
///
/// Hidden: not part of the public API; generated methods describe their endpoint with it.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageLocation {
    /// Query parameters.
    Query,
    /// Fields of the JSON request body.
    Body,
}

/// How an endpoint that answers with a page is asked for one.
///
/// Hidden: not part of the public API; generated methods describe their endpoint with it.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// The page object the endpoint answers with.
    pub shape: PageShape,
    /// The name of the page number parameter.
    pub page_param: &'static str,
    /// The name of the page size parameter.
    pub size_param: &'static str,
    /// Where both are sent.
    pub location: PageLocation,
}

impl<P: Paged, M> Call<'_, P, M> {
    /// The page to ask for. Without it the server answers its first page. Which number that
    /// is (0 or 1) is the API's convention: the page object's own page number tells.
    pub fn page(mut self, page: u64) -> Self {
        self.page = Some(page);
        self
    }

    /// How many items a page should hold. Without it the server's default applies.
    pub fn page_size(mut self, size: u64) -> Self {
        self.page_size = Some(size);
        self
    }
}

impl<'a, P: Paged> Call<'a, P> {
    /// Every page from this call's one (the first, unless [`page`](Call::page) was set) to
    /// the last, as a `futures_core::Stream`; `next().await` also reads it without any
    /// stream library:
    ///
    /// ```ignore
    /// let mut pages = client.api_keys().list().page_size(50).pages();
    /// while let Some(page) = pages.next().await {
    ///     println!("{} keys", page?.items.len());
    /// }
    /// ```
    ///
    /// Where the walk stops, and why it cannot loop forever, is in the documentation of
    /// [`Pages`]. A page without items ends the walk and is not yielded.
    ///
    /// # Errors
    ///
    /// Each page can fail as a call can; the walk ends after the first error. A server that
    /// answers the same page again yields [`Error::PageRepeated`].
    pub fn pages(self) -> Pages<'a, P> {
        let paging = self.paging();
        Pages {
            call: self,
            paging,
            next: None,
            pending: None,
            previous: None,
            walked: 0,
            done: false,
        }
    }

    /// Every item of every page, as [`pages`](Call::pages) walks them.
    ///
    /// ```ignore
    /// let mut keys = client.api_keys().list().items();
    /// while let Some(key) = keys.next().await {
    ///     println!("{}", key?.name);
    /// }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`pages`](Call::pages): the walk ends after the first error.
    pub fn items(self) -> Items<'a, P> {
        Items {
            pages: self.pages(),
            buffer: Vec::new().into_iter(),
        }
    }
}

/// Where a page sits, as its own counters say.
#[derive(Debug, Default)]
struct Position {
    page: Option<u64>,
    has_next: Option<bool>,
    total_pages: Option<u64>,
    total_records: Option<u64>,
}

impl Position {
    fn read(shape: PageShape, data: &Value) -> Position {
        let number = |value: &Value, key: &str| value.get(key).and_then(Value::as_u64);
        match shape {
            PageShape::Paginated => {
                let Some(pagination) = data.get("pagination") else {
                    return Position::default();
                };
                Position {
                    page: number(pagination, "currentPage"),
                    has_next: pagination.get("hasNext").and_then(Value::as_bool),
                    total_pages: number(pagination, "totalPages"),
                    total_records: number(pagination, "totalRecords"),
                }
            }
            PageShape::Offset => Position {
                page: number(data, "page"),
                has_next: None,
                total_pages: None,
                total_records: number(data, "total"),
            },
        }
    }
}

/// The page before, to see that the server moves on.
struct Previous {
    page: Option<u64>,
    items: Value,
}

/// The pages of a list, one call each: see [`Call::pages`]. A `futures_core::Stream` of
/// `Result<P>`; [`next`](Pages::next) reads it without a stream library.
///
/// The walk stops after a page that says it is the last: `hasNext` is `false`, its page
/// number has reached `totalPages`, or the pages walked hold `totalRecords` (`total`) items.
/// A page without items ends it too, and is not yielded. A page whose number is not above
/// the previous one's, or that holds the same items, ends it with [`Error::PageRepeated`].
#[must_use = "a stream does nothing until it is polled"]
pub struct Pages<'a, P> {
    /// The call of the first page; each page is sent as a copy of it.
    call: Call<'a, P>,
    paging: Option<Paging>,
    /// The page to ask for next (`None`: the call's own page).
    next: Option<u64>,
    pending: Option<Exchange<'a>>,
    previous: Option<Previous>,
    /// Items in the pages yielded so far.
    walked: u64,
    done: bool,
}

// Nothing of a walk is pinned in place: its request is in a `Box`.
impl<P> Unpin for Pages<'_, P> {}

impl<P: Paged> Pages<'_, P> {
    /// The next page; `None` after the last.
    ///
    /// # Errors
    ///
    /// As for [`Call::pages`].
    pub async fn next(&mut self) -> Option<Result<P>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// What a page's answer gives: the page, the end of the walk, or an error.
    fn settle(
        &mut self,
        answer: Result<super::call::Answer>,
        requested: Option<u64>,
    ) -> Option<Result<P>> {
        let (page, mut data, request_id) = match answer.and_then(|answer| answer.decode_page::<P>())
        {
            Ok(decoded) => decoded,
            Err(error) => {
                self.done = true;
                return Some(Err(error));
            }
        };
        let shape = self
            .paging
            .map_or(PageShape::Paginated, |paging| paging.shape);
        let position = Position::read(shape, &data);
        let items = data
            .get_mut("items")
            .map(Value::take)
            .unwrap_or(Value::Null);
        let count = items.as_array().map_or(0, Vec::len) as u64;
        if let Some(previous) = &self.previous {
            let stuck = matches!((previous.page, position.page), (Some(before), Some(now)) if now <= before);
            if stuck || (count > 0 && items == previous.items) {
                self.done = true;
                return Some(Err(Error::PageRepeated {
                    route: self.call.route(),
                    page: position.page,
                    request_id,
                }));
            }
        }
        if count == 0 {
            self.done = true;
            return None;
        }
        self.walked += count;
        let page_number = position.page.or(requested);
        self.done = position.has_next == Some(false)
            || matches!((page_number, position.total_pages), (Some(number), Some(total)) if number >= total)
            || position
                .total_records
                .is_some_and(|total| self.walked >= total);
        self.next = page_number.and_then(|number| number.checked_add(1));
        if self.next.is_none() {
            // No page number to go on from: this page is the only one the walk can reach.
            self.done = true;
        }
        self.previous = Some(Previous {
            page: position.page,
            items,
        });
        Some(Ok(page))
    }
}

impl<P: Paged> Stream for Pages<'_, P> {
    type Item = Result<P>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<P>>> {
        let this = self.get_mut();
        loop {
            if let Some(pending) = &mut this.pending {
                let answer = ready!(pending.as_mut().poll(cx));
                this.pending = None;
                let requested = this.next.or(this.call.page);
                match this.settle(answer, requested) {
                    None => return Poll::Ready(None),
                    Some(page) => return Poll::Ready(Some(page)),
                }
            }
            if this.done {
                return Poll::Ready(None);
            }
            let mut call = this.call.duplicate();
            if let Some(next) = this.next {
                call.page = Some(next);
            }
            this.pending = Some(call.exchange());
        }
    }
}

impl<P> fmt::Debug for Pages<'_, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("call", &self.call)
            .field("next", &self.next)
            .field("walked", &self.walked)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

/// The items of every page of a list: see [`Call::items`]. A `futures_core::Stream` of
/// `Result<P::Item>`; [`next`](Items::next) reads it without a stream library. It walks the
/// pages as [`Pages`] does, and stops where that stops.
#[must_use = "a stream does nothing until it is polled"]
pub struct Items<'a, P: Paged> {
    pages: Pages<'a, P>,
    buffer: std::vec::IntoIter<P::Item>,
}

// Nothing of a walk is pinned in place: its request is in a `Box`, its items in a `Vec`.
impl<P: Paged> Unpin for Items<'_, P> {}

impl<P: Paged> Items<'_, P> {
    /// The next item; `None` after the last item of the last page.
    ///
    /// # Errors
    ///
    /// As for [`Call::pages`].
    pub async fn next(&mut self) -> Option<Result<P::Item>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<P: Paged> Stream for Items<'_, P> {
    type Item = Result<P::Item>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<P::Item>>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match ready!(Pin::new(&mut this.pages).poll_next(cx)) {
                Some(Ok(page)) => this.buffer = page.into_items().into_iter(),
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }
}

impl<P: Paged> fmt::Debug for Items<'_, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.buffer.len())
            .finish()
    }
}
