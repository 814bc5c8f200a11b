//! Lists whose answer is a page: which parameter names the page setters send, by the rules of
//! `sdkgen::infer::paging` (the real document's lists, a document that lists its paging query
//! parameters), and `page_param`/`size_param` in `sdkgen.toml`, through the model, the Rust
//! crate and the pages.

use sdkgen::model::{PageLocation, PageShape, PagingSource, TypeRef};
use sdkgen::Config;
use sdkgen_tests::{operation, real_document, repo_root, REAL_DOCUMENT};

const P: &str = "/web/v1/partner";

/// The real document's lists that answer with a `Page`.
const PAGE_LISTS: [(&str, &str, &str); 7] = [
    (
        "security",
        "list_sessions_history",
        "GET /security/sessions/history",
    ),
    ("api_keys", "list", "GET /api-keys"),
    ("exchanges", "list", "GET /exchanges"),
    ("export", "list", "GET /exports"),
    ("recharges", "list", "GET /recharges"),
    (
        "transfers",
        "list_query_orders",
        "GET /transfers/query/orders",
    ),
    ("withdrawals", "list", "GET /withdrawals"),
];

fn route(short: &str) -> String {
    let (method, path) = short.split_once(' ').expect("METHOD /path");
    format!("{method} {P}{path}")
}

/// The source of the generated method `name` in `file`, from its doc comment to its end.
fn method_source<'a>(file: &'a str, name: &str) -> &'a str {
    let start = file
        .find(&format!("pub fn {name}("))
        .unwrap_or_else(|| panic!("`{name}` is generated"));
    let end = file[start..]
        .find("\n    }\n")
        .map_or(file.len(), |e| start + e);
    let doc_start = file[..start].rfind("\n\n").unwrap_or(0);
    &file[doc_start..end]
}

#[test]
fn the_real_documents_seven_page_lists_get_the_page_setters() {
    let parsed = real_document();
    let model = sdkgen::infer::infer(&parsed).model;
    let paged: Vec<String> = model
        .operations
        .iter()
        .filter(|op| matches!(op.success.data, TypeRef::Page { .. }))
        .map(|op| parsed.api.endpoints[op.endpoint].route())
        .collect();
    assert_eq!(paged.len(), 8, "{paged:?}");
    let rendered = Config::new([repo_root().join(REAL_DOCUMENT)])
        .render()
        .expect("the real document renders");
    for (module, method, short) in PAGE_LISTS {
        let route = route(short);
        let op = operation(&parsed.api, &model, &route);
        let paging = op.paging.as_ref().unwrap_or_else(|| panic!("{route}"));
        // The document lists no query parameters: the names are the page's own counters.
        assert_eq!(paging.shape, PageShape::Paginated, "{route}");
        assert_eq!(
            (paging.page_param.as_str(), paging.size_param.as_str()),
            ("currentPage", "pageSize"),
            "{route}"
        );
        assert_eq!(paging.location, PageLocation::Query, "{route}");
        assert_eq!(paging.source, PagingSource::PageFields, "{route}");

        let file = &rendered.files[&format!("src/api/{module}.rs")];
        let source = method_source(file, method);
        assert!(
            source.contains("page_param: \"currentPage\"")
                && source.contains("size_param: \"pageSize\"")
                && source.contains("location: PageLocation::Query"),
            "{source}"
        );
        assert!(
            source.contains("[`.page(n)`](crate::Call::page)")
                && source.contains("[`.items()`](crate::Call::items)")
                && source.contains("the page object's own counters"),
            "{source}"
        );
    }

    // The one `OffsetPage` query shows its paging in its request sample: the body carries it.
    let query = operation(&parsed.api, &model, &route("POST /referrals/mine/query"));
    let paging = query.paging.as_ref().expect("the referral query is paged");
    assert_eq!(paging.shape, PageShape::Offset);
    assert_eq!(
        (paging.page_param.as_str(), paging.size_param.as_str()),
        ("page", "size")
    );
    assert_eq!(paging.location, PageLocation::Body);
    assert_eq!(paging.source, PagingSource::RequestSample);

    // No other endpoint is paged, and the pages document the setters of each paged list.
    assert_eq!(
        model
            .operations
            .iter()
            .filter(|op| op.paging.is_some())
            .count(),
        8
    );
    let api_keys = &rendered.files["docs/api-keys.md"];
    assert!(
        api_keys.contains("#### Pages")
            && api_keys.contains("| `currentPage` | query | page number | `.page(n)` |")
            && api_keys.contains("| `pageSize` | query | page size | `.page_size(n)` |"),
        "{api_keys}"
    );
    let referrals = &rendered.files["docs/referrals.md"];
    assert!(
        referrals.contains("| `page` | request body | page number | `.page(n)` |"),
        "{referrals}"
    );
    let lib = &rendered.files["src/lib.rs"];
    assert!(lib.contains("//! # Pages") && lib.contains(".page_size(50).items();"));
}

#[test]
fn page_param_and_size_param_in_sdkgen_toml_rename_the_query_parameters() {
    let scratch = tempfile::tempdir().expect("a temp folder");
    let doc = scratch.path().join("partner-web-endpoints.txt");
    std::fs::copy(repo_root().join(REAL_DOCUMENT), &doc).expect("copy the document");
    std::fs::write(
        scratch.path().join("sdkgen.toml"),
        format!(
            "[endpoints.\"GET {P}/api-keys\"]\npage_param = \"pageNum\"\nsize_param = \"limit\"\n\n\
             [endpoints.\"GET {P}/recharges\"]\nsize_param = \"perPage\"\n"
        ),
    )
    .expect("write sdkgen.toml");
    let (parsed, inferred) = Config::new([&doc]).load().expect("the document loads");
    let model = &inferred.model;
    let keys = operation(&parsed.api, model, &route("GET /api-keys"));
    let paging = keys.paging.as_ref().expect("paged");
    assert_eq!(
        (
            paging.page_param.as_str(),
            paging.size_param.as_str(),
            paging.source
        ),
        ("pageNum", "limit", PagingSource::Override)
    );
    let recharges = operation(&parsed.api, model, &route("GET /recharges"));
    let paging = recharges.paging.as_ref().expect("paged");
    assert_eq!(
        (paging.page_param.as_str(), paging.size_param.as_str()),
        ("currentPage", "perPage"),
        "an unset name keeps its rule"
    );

    let rendered = Config::new([&doc]).render().expect("renders");
    let source = method_source(&rendered.files["src/api/api_keys.rs"], "list");
    assert!(
        source.contains("page_param: \"pageNum\"") && source.contains("size_param: \"limit\""),
        "{source}"
    );
    assert!(source.contains("`page_param`/`size_param`"), "{source}");
    let page = &rendered.files["docs/api-keys.md"];
    assert!(
        page.contains("| `pageNum` | query | page number |"),
        "{page}"
    );
    // The other lists keep the document's names.
    let source = method_source(&rendered.files["src/api/exchanges.rs"], "list");
    assert!(source.contains("page_param: \"currentPage\""), "{source}");
}

#[test]
fn documented_paging_query_parameters_become_the_setters() {
    let scratch = tempfile::tempdir().expect("a temp folder");
    let doc = scratch.path().join("things.txt");
    std::fs::write(
        &doc,
        "Things API\nThings\nGET /v1/things?pageNo=1&limit=20&status=open\nList things.\n\
         Success Response: (HTTP 200)\n{\"items\": [{\"id\": \"t1\"}], \"total\": 1, \"page\": 1, \"size\": 20}\n",
    )
    .expect("write the document");
    let (parsed, inferred) = Config::new([&doc]).load().expect("the document loads");
    let op = operation(&parsed.api, &inferred.model, "GET /v1/things");
    let paging = op.paging.as_ref().expect("paged");
    assert_eq!(
        (
            paging.page_param.as_str(),
            paging.size_param.as_str(),
            paging.source
        ),
        ("pageNo", "limit", PagingSource::QueryParameters)
    );
    let rendered = Config::new([&doc]).render().expect("renders");
    let api = rendered
        .files
        .iter()
        .find(|(path, _)| path.starts_with("src/api/things"))
        .map(|(_, text)| text)
        .expect("the things module");
    // `status` stays an argument; the paging parameters are the call's setters instead.
    assert!(
        api.contains("pub fn list(&self, status: Option<&str>)"),
        "{api}"
    );
    assert!(api.contains("page_param: \"pageNo\"") && api.contains("size_param: \"limit\""));
    assert!(!api.contains("page_no:"), "{api}");
}
