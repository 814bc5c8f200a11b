//! Tests of the walks through the pages of a list (`Call::pages`, `Call::items`, the page
//! setters) against a local mock server. Copied into every generated crate as
//! `tests/pages.rs`; the generator replaces every `partner_web_client` with the crate's
//! library name.
//!
//! The page types are the test's own (the crate's `Page<T>` exists only when the API has
//! pages), so the file needs from the crate root: `Client`, `Call`, `Error`, `Paged`, and the
//! hidden `__private::{EndpointSpec, Method, Segment, Auth, PageLocation, PageShape, Paging}`;
//! dependencies `futures-core`, `serde`, `serde_json`; dev-dependencies `tokio` and
//! `wiremock`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use serde::Deserialize;
use serde_json::json;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use partner_web_client::__private::{
    Auth, EndpointSpec, Method, PageLocation, PageShape, Paging, Segment,
};
use partner_web_client::{Call, Client, Error, Paged};

static LIST: EndpointSpec = EndpointSpec {
    method: Method::Get,
    path: &[Segment::Literal("web/v1/things")],
    auth: Auth::None,
    context: &[],
    route: "GET /web/v1/things",
};

static QUERY: EndpointSpec = EndpointSpec {
    method: Method::Post,
    path: &[Segment::Literal("web/v1/things/query")],
    auth: Auth::None,
    context: &[],
    route: "POST /web/v1/things/query",
};

const LIST_PAGING: Paging = Paging {
    shape: PageShape::Paginated,
    page_param: "currentPage",
    size_param: "pageSize",
    location: PageLocation::Query,
};

/// `{items, pagination: {...}}`, as the crate's `Page<T>`.
#[derive(Debug, Deserialize)]
struct ThingPage {
    items: Vec<String>,
    pagination: serde_json::Value,
}

impl Paged for ThingPage {
    type Item = String;

    fn into_items(self) -> Vec<String> {
        self.items
    }
}

/// `{items, total, page, size}`, as the crate's `OffsetPage<T>`.
#[derive(Debug, Deserialize)]
struct OffsetThings {
    items: Vec<String>,
    page: u64,
}

impl Paged for OffsetThings {
    type Item = String;

    fn into_items(self) -> Vec<String> {
        self.items
    }
}

fn envelope(data: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "version": "2.0.0",
        "timestamp": 1_774_885_047_821_i64,
        "success": true,
        "code": "2000",
        "message": "Success",
        "data": data,
    }))
}

/// A page of the paginated shape, numbered from 1 as the real document's samples are.
fn page(number: u64, items: &[&str], total_pages: u64, has_next: bool) -> ResponseTemplate {
    envelope(json!({
        "items": items,
        "pagination": {
            "totalPages": total_pages,
            "totalRecords": 5,
            "currentPage": number,
            "pageSize": 2,
            "hasNext": has_next,
            "empty": items.is_empty(),
            "paginated": true,
        },
    }))
}

/// The value of the query parameter `name` of a request.
fn query(request: &Request, name: &str) -> Option<String> {
    request
        .url
        .query_pairs()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.into_owned())
}

/// The page a request asks for (`currentPage`, 1 when it names none).
fn asked(request: &Request) -> u64 {
    query(request, "currentPage").map_or(1, |p| p.parse().expect("a page number"))
}

/// A server whose list has five things, two a page, over three pages.
async fn three_pages() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(|request: &Request| match asked(request) {
            1 => page(1, &["a", "b"], 3, true),
            2 => page(2, &["c", "d"], 3, true),
            3 => page(3, &["e"], 3, false),
            _ => ResponseTemplate::new(404),
        })
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder(server.uri()).build().expect("client")
}

fn list(client: &Client) -> Call<'_, ThingPage> {
    Call::new(client, &LIST).paged(LIST_PAGING)
}

async fn all_items(
    mut items: partner_web_client::Items<'_, ThingPage>,
) -> Vec<Result<String, Error>> {
    let mut out = Vec::new();
    while let Some(item) = items.next().await {
        out.push(item);
    }
    out
}

#[tokio::test]
async fn items_walks_three_pages_and_stops_after_the_last() {
    let server = three_pages().await;
    let client = client(&server);
    let items: Vec<String> = all_items(list(&client).page_size(2).items())
        .await
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(items, ["a", "b", "c", "d", "e"]);
    let seen = server.received_requests().await.unwrap();
    let asked: Vec<(Option<String>, Option<String>)> = seen
        .iter()
        .map(|r| (query(r, "currentPage"), query(r, "pageSize")))
        .collect();
    let expected = [
        (None, Some("2")),
        (Some("2"), Some("2")),
        (Some("3"), Some("2")),
    ];
    let expected: Vec<(Option<String>, Option<String>)> = expected
        .iter()
        .map(|(p, s)| (p.map(str::to_owned), s.map(str::to_owned)))
        .collect();
    assert_eq!(asked, expected);
    let ids: Vec<_> = seen
        .iter()
        .map(|r| r.headers["x-request-id"].clone())
        .collect();
    assert!(
        ids[0] != ids[1] && ids[1] != ids[2],
        "each page is a call of its own"
    );
}

#[tokio::test]
async fn pages_start_at_the_page_asked_for_and_yield_whole_pages() {
    let server = three_pages().await;
    let client = client(&server);
    let mut pages = list(&client).page(2).pages();
    let second = pages.next().await.unwrap().unwrap();
    assert_eq!(second.items, ["c", "d"]);
    assert_eq!(second.pagination["currentPage"], 2);
    let third = pages.next().await.unwrap().unwrap();
    assert_eq!(third.items, ["e"]);
    assert!(pages.next().await.is_none());
    assert!(
        pages.next().await.is_none(),
        "a finished walk stays finished"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn the_total_of_pages_or_records_ends_the_walk_without_has_next() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(|request: &Request| {
            let number = asked(request);
            let items = if number == 1 { vec!["a", "b"] } else { vec!["c"] };
            envelope(json!({
                "items": items,
                "pagination": {"totalPages": 2, "totalRecords": 3, "currentPage": number, "pageSize": 2},
            }))
        })
        .mount(&server)
        .await;
    let client = client(&server);
    let items = all_items(list(&client).items()).await;
    assert_eq!(items.len(), 3);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_server_that_repeats_the_same_page_is_stopped_with_an_error() {
    let server = MockServer::start().await;
    // It ignores the page parameter: page 1, "there is more", forever.
    Mock::given(wiremock::matchers::any())
        .respond_with(page(1, &["a", "b"], 3, true))
        .mount(&server)
        .await;
    let client = client(&server);
    let mut pages = list(&client).pages();
    assert_eq!(pages.next().await.unwrap().unwrap().items, ["a", "b"]);
    let error = pages.next().await.unwrap().unwrap_err();
    match &error {
        Error::PageRepeated {
            route,
            page,
            request_id,
            ..
        } => {
            assert_eq!(*route, "GET /web/v1/things");
            assert_eq!(*page, Some(1));
            assert!(!request_id.is_empty());
        }
        other => panic!("expected PageRepeated, got {other:?}"),
    }
    assert!(error.to_string().contains("page 1 again"), "{error}");
    assert!(pages.next().await.is_none());
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn the_same_items_under_a_new_page_number_are_a_repeat_too() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(|request: &Request| page(asked(request), &["a", "b"], 9, true))
        .mount(&server)
        .await;
    let client = client(&server);
    let items = all_items(list(&client).items()).await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(items[..2].iter().all(Result::is_ok));
    assert!(matches!(
        items[2],
        Err(Error::PageRepeated { page: Some(2), .. })
    ));
}

#[tokio::test]
async fn an_empty_page_ends_the_walk_and_is_not_yielded() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(|request: &Request| match asked(request) {
            1 => page(1, &["a", "b"], 9, true),
            _ => page(2, &[], 9, true),
        })
        .mount(&server)
        .await;
    let client = client(&server);
    let mut pages = list(&client).pages();
    assert_eq!(pages.next().await.unwrap().unwrap().items, ["a", "b"]);
    assert!(pages.next().await.is_none());
    assert_eq!(server.received_requests().await.unwrap().len(), 2);

    let empty = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(page(1, &[], 0, false))
        .mount(&empty)
        .await;
    let client = self::client(&empty);
    assert!(all_items(list(&client).items()).await.is_empty());
}

#[tokio::test]
async fn every_page_is_retried_like_a_call() {
    let server = MockServer::start().await;
    let second_page_answers = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&second_page_answers);
    Mock::given(wiremock::matchers::any())
        .respond_with(move |request: &Request| match asked(request) {
            1 => page(1, &["a", "b"], 2, true),
            _ if count.fetch_add(1, Ordering::SeqCst) == 0 => ResponseTemplate::new(503),
            _ => page(2, &["c"], 2, false),
        })
        .mount(&server)
        .await;
    let client = client(&server);
    let items = all_items(list(&client).items()).await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(items.iter().all(Result::is_ok));
    assert_eq!(second_page_answers.load(Ordering::SeqCst), 2);

    // With retries off, the 503 ends the walk with the error after the first page.
    second_page_answers.store(0, Ordering::SeqCst);
    let items = all_items(list(&client).max_retries(0).items()).await;
    assert_eq!(items.len(), 3, "{items:?}");
    let error = items[2].as_ref().unwrap_err();
    assert_eq!(error.status(), Some(503));
}

#[tokio::test]
async fn offset_pages_in_the_request_body_are_walked_from_page_0() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(|request: &Request| {
            let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
            assert_eq!(body["filter"], "x", "the call's own body is kept");
            let number = body["page"].as_u64().unwrap();
            let items: Vec<String> = (0..2).map(|i| format!("{number}.{i}")).collect();
            envelope(json!({"items": items, "total": 6, "page": number, "size": body["size"]}))
        })
        .mount(&server)
        .await;
    let client = client(&server);
    let call: Call<'_, OffsetThings> = Call::new(&client, &QUERY)
        .json(&json!({"filter": "x", "page": 0, "size": 10}))
        .paged(Paging {
            shape: PageShape::Offset,
            page_param: "page",
            size_param: "size",
            location: PageLocation::Body,
        })
        .page_size(2);
    let mut pages = call.pages();
    let mut numbers = Vec::new();
    while let Some(page) = pages.next().await {
        numbers.push(page.unwrap().page);
    }
    assert_eq!(numbers, [0, 1, 2], "6 items in all, 2 a page");
    let sizes: Vec<serde_json::Value> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| serde_json::from_slice::<serde_json::Value>(&r.body).unwrap()["size"].clone())
        .collect();
    assert_eq!(sizes, [2, 2, 2]);
}

#[tokio::test]
async fn page_setters_on_an_endpoint_without_paging_are_refused_before_sending() {
    let server = MockServer::start().await;
    let client = client(&server);
    let error = Call::<ThingPage>::new(&client, &LIST)
        .page(2)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidArgument { .. }), "{error:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn walks_are_send_streams() {
    fn send<T: Send>(_: &T) {}
    fn stream<S: futures_core::Stream>(_: &S) {}
    let server = three_pages().await;
    let client = client(&server);
    let mut items = list(&client).items();
    send(&items);
    stream(&items);
    // Read through the `Stream` trait itself, as a stream library would.
    let first = std::future::poll_fn(|cx| {
        futures_core::Stream::poll_next(std::pin::Pin::new(&mut items), cx)
    })
    .await;
    assert_eq!(first.unwrap().unwrap(), "a");
    assert!(format!("{items:?}").contains("GET /web/v1/things"));
}

/// The walks of a blocking call: the same pages, as iterators, without async code.
#[cfg(feature = "blocking")]
mod blocking {
    use super::*;
    use partner_web_client::Blocking;

    fn blocking_list(client: &partner_web_client::blocking::Client) -> Call<'_, ThingPage, Blocking> {
        Call::new(client.as_async(), &LIST).paged(LIST_PAGING)
    }

    #[test]
    fn items_walks_three_pages_as_an_iterator_and_stops() {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let server = runtime.block_on(three_pages());
        let client = partner_web_client::blocking::Client::builder(server.uri())
            .build()
            .unwrap();
        let items: Vec<String> = blocking_list(&client)
            .page_size(2)
            .items()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(items, ["a", "b", "c", "d", "e"]);
        let pages: Vec<ThingPage> = blocking_list(&client)
            .page(2)
            .pages()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(runtime.block_on(server.received_requests()).unwrap().len(), 5);
    }

    #[test]
    fn a_repeated_page_ends_the_iterator_with_an_error() {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let server = runtime.block_on(async {
            let server = MockServer::start().await;
            Mock::given(wiremock::matchers::any())
                .respond_with(page(1, &["a", "b"], 3, true))
                .mount(&server)
                .await;
            server
        });
        let client = partner_web_client::blocking::Client::builder(server.uri())
            .build()
            .unwrap();
        let walked: Vec<Result<String, Error>> = blocking_list(&client).items().collect();
        assert_eq!(walked.len(), 3, "two items, then the error, then the end");
        assert!(matches!(walked[2], Err(Error::PageRepeated { .. })));
    }
}
