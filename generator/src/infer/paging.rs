//! How a list whose answer is a page is asked for one page: the names of its page number and
//! page size parameters, and where they go. The first rule that finds a name decides, and the
//! model records which ([`PagingSource`]):
//!
//! 1. **Query parameters the document lists** (a `Query Parameters` row or the heading's query
//!    string) with a page number name (`page`, `pageNum`, `pageNo`, `pageNumber`, `pageIndex`,
//!    `currentPage`, `current`) or a page size name (`size`, `pageSize`, `perPage`, `limit`,
//!    `pageLimit`), compared without case, `_` or `-`.
//! 2. **Fields of the request sample** with those names: the parameters then go in the JSON
//!    body (the real document's `POST /referrals/mine/query` sends `{"page": 0, "size": 10}`).
//! 3. **The page object's own counters**: `currentPage` and `pageSize` for a `Page`, `page`
//!    and `size` for an `OffsetPage`, as query parameters. The reason: an API that tells which
//!    page it answered usually takes the same names to be asked for one, and the one endpoint
//!    of the real document whose request shows its paging (rule 2) answers with exactly the
//!    names it was asked with. The real document lists no query parameters, so its seven
//!    `Page` lists get `currentPage`/`pageSize`.
//!
//! A name one rule does not find (a document listing only `page`) comes from the next rule.
//! `page_param` and `size_param` in `sdkgen.toml` set either name
//! ([`PagingSource::Override`]).

use crate::ir::{Endpoint, ParameterLocation};
use crate::json::JsonValue;
use crate::model::{PageLocation, PageShape, Paging, PagingSource, TypeRef};

/// Page number names, lower case without `_` or `-`.
const PAGE_NAMES: &[&str] = &[
    "page",
    "pagenum",
    "pageno",
    "pagenumber",
    "pageindex",
    "currentpage",
    "current",
];

/// Page size names, lower case without `_` or `-`.
const SIZE_NAMES: &[&str] = &["size", "pagesize", "perpage", "limit", "pagelimit"];

fn normal(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The first of `names` that is one of `wanted`.
fn find<'a>(names: &[&'a str], wanted: &[&str]) -> Option<&'a str> {
    names
        .iter()
        .copied()
        .find(|name| wanted.contains(&normal(name).as_str()))
}

/// How `endpoint`, whose success answer is `data`, is asked for a page; `None` when the
/// answer is not a page.
pub(super) fn paging(endpoint: &Endpoint, data: &TypeRef) -> Option<Paging> {
    let TypeRef::Page { shape, .. } = data else {
        return None;
    };
    let (page_default, size_default) = match shape {
        PageShape::Paginated => ("currentPage", "pageSize"),
        PageShape::Offset => ("page", "size"),
    };
    let mut queries: Vec<&str> = endpoint
        .parameters
        .iter()
        .filter(|p| p.location == ParameterLocation::Query)
        .map(|p| p.name.as_str())
        .collect();
    queries.extend(endpoint.path.query.iter().map(|q| q.name.as_str()));
    let body: Vec<&str> = match endpoint.request.as_ref().map(|r| &r.json.value) {
        Some(JsonValue::Object(members)) => members.iter().map(|m| m.key.as_str()).collect(),
        _ => Vec::new(),
    };
    let (names, location, source) = if !queries.is_empty()
        && (find(&queries, PAGE_NAMES).is_some() || find(&queries, SIZE_NAMES).is_some())
    {
        (queries, PageLocation::Query, PagingSource::QueryParameters)
    } else if find(&body, PAGE_NAMES).is_some() || find(&body, SIZE_NAMES).is_some() {
        (body, PageLocation::Body, PagingSource::RequestSample)
    } else {
        (Vec::new(), PageLocation::Query, PagingSource::PageFields)
    };
    Some(Paging {
        shape: *shape,
        page_param: find(&names, PAGE_NAMES).unwrap_or(page_default).to_owned(),
        size_param: find(&names, SIZE_NAMES).unwrap_or(size_default).to_owned(),
        location,
        source,
    })
}
