//! What the Markdown reader skips and shares, so that reference pages written for people are
//! still endpoint documents: block quotes, sections under headings that are not labels, pages
//! without endpoints (index and types pages), shared headers named instead of repeated, and an
//! index page's links ordering the pages.

use std::path::PathBuf;

use sdkgen::ir::Header;
use sdkgen::Parsed;

fn parse(path: &str, text: &str) -> Parsed {
    sdkgen::parse_str(path, text)
        .unwrap_or_else(|report| panic!("{path} does not parse:\n{report}"))
}

fn codes(parsed: &Parsed) -> Vec<&'static str> {
    parsed.warnings.iter().map(|w| w.code).collect()
}

/// A folder of pages under the system temp dir, removed when dropped.
struct Pages(PathBuf);

impl Pages {
    fn new(name: &str, pages: &[(&str, &str)]) -> Pages {
        let path =
            std::env::temp_dir().join(format!("sdkgen-reader-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create a temp dir");
        for (file, text) in pages {
            std::fs::write(path.join(file), text).expect("write a page");
        }
        Pages(path)
    }

    fn parse(&self) -> Parsed {
        sdkgen::parse_paths(std::slice::from_ref(&self.0))
            .unwrap_or_else(|report| panic!("the pages do not parse:\n{report}"))
    }
}

impl Drop for Pages {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const PLAIN: &str = "\
# Pets

## Pets

### GET /pets/{petId}

Fetch one pet.

**Request Body:**

```json
{\"expand\": true}
```

**Success Response:** (HTTP 200)

```json
{\"success\": true, \"data\": {\"name\": \"Rex\"}}
```
";

#[test]
fn block_quotes_are_notes_for_people() {
    let annotated = PLAIN.replace(
        "Fetch one pet.\n",
        "Fetch one pet.\n\n> [!WARNING]\n> **Careful.** Rate-limited: 10 calls per second.\n>\n> Note: not a label.\n",
    );
    let plain = parse("plain.md", PLAIN);
    let read = parse("annotated.md", &annotated);
    assert_eq!(plain.api.endpoints[0].description, {
        let mut d = read.api.endpoints[0].description.clone();
        if let (Some(d), Some(p)) = (d.as_mut(), plain.api.endpoints[0].description.as_ref()) {
            d.span = p.span;
        }
        d
    });
    assert!(read.warnings.is_empty(), "{:#?}", read.warnings);
}

#[test]
fn sections_under_other_headings_are_skipped_up_to_the_next_label() {
    let annotated = PLAIN
        .replace(
            "**Success Response:**",
            "#### Request fields\n\nThe body's fields:\n\n| Field | Type |\n| --- | --- |\n| `expand` | boolean |\n\nRate Limits: 10/s\n\n```json\n{\"not\": \"a sample\"}\n```\n\n**Success Response:**",
        )
        .replace(
            "Fetch one pet.\n",
            "Fetch one pet.\n\n#### Notes\n\nNot part of the description.\n",
        );
    let read = parse("annotated.md", &annotated);
    let endpoint = &read.api.endpoints[0];
    assert_eq!(
        endpoint.description.as_ref().map(|d| d.text.as_str()),
        Some("Fetch one pet.")
    );
    assert!(endpoint.request.is_some());
    assert!(endpoint.success().and_then(|r| r.body.as_ref()).is_some());
    assert!(read.warnings.is_empty(), "{:#?}", read.warnings);
    // A label heading still is a label, and ends the section.
    let heading_label = annotated.replace(
        "**Success Response:** (HTTP 200)",
        "#### Success Response (HTTP 200)",
    );
    let read = parse("heading.md", &heading_label);
    assert_eq!(read.api.endpoints[0].responses.len(), 1);
    assert!(read.warnings.is_empty(), "{:#?}", read.warnings);
}

const INDEX: &str = "\
# Pets API

Total endpoints: 2

## Overview

The pages: [Dogs](dogs.md), then [Cats](cats.md).

| Not | Headers |
| --- | --- |
| a | b |

## Headers

Every header in one table.

**Shared Headers:**

| Header | Value | Description | Set by |
| --- | --- | --- | --- |
| `X-Request-Id` | Unique request ID | | the client |
| `Authorization` | Bearer | JWT token | the client |
| `X-Locale` | en-US | Locale | the client |
";

const CATS: &str = "\
# [Pets API](index.md)

## Cats

### GET /cats

**[Required Headers](index.md#headers):** `X-Request-Id`,
`x-locale`

| Header | Value | Description |
| --- | --- | --- |
| `X-Cat` | tabby | A cat header |

**Optional Headers:** `Authorization`

**Success Response:** (HTTP 200)

```json
{\"success\": true, \"data\": []}
```
";

const DOGS: &str = "\
# [Pets API](index.md)

## Dogs

### GET /dogs

**Required Headers:** `X-Request-Id`

**Success Response:** (HTTP 200)

```json
{\"success\": true, \"data\": []}
```
";

const TYPES: &str = "\
# Types

Every type of the [Pets API](index.md).

## Shared types

### Envelope

| Field | Type |
| --- | --- |
| `data` | any |
";

fn header(
    name: &str,
    value: Option<&str>,
    description: Option<&str>,
    required: bool,
) -> (String, Option<String>, Option<String>, bool) {
    (
        name.to_owned(),
        value.map(str::to_owned),
        description.map(str::to_owned),
        required,
    )
}

fn rows(headers: &[Header]) -> Vec<(String, Option<String>, Option<String>, bool)> {
    headers
        .iter()
        .map(|h| {
            (
                h.name.clone(),
                h.value.clone(),
                h.description.clone(),
                h.required,
            )
        })
        .collect()
}

#[test]
fn an_index_page_gives_title_preamble_shared_headers_and_page_order() {
    let pages = Pages::new(
        "index",
        &[
            ("cats.md", CATS),
            ("dogs.md", DOGS),
            ("index.md", INDEX),
            ("types.md", TYPES),
        ],
    );
    let parsed = pages.parse();
    let api = &parsed.api;
    assert_eq!(
        api.title.as_ref().map(|t| t.text.as_str()),
        Some("Pets API")
    );
    let preamble: Vec<&str> = api.preamble.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(preamble, ["Total endpoints: 2"]);
    // The sections of the index and types pages are not groups; the index links order the
    // pages: dogs before cats, though `cats.md` comes first by name.
    let groups: Vec<(&str, bool)> = api
        .groups
        .iter()
        .map(|g| (g.name.as_str(), g.description.is_none()))
        .collect();
    assert_eq!(groups, [("Dogs", true), ("Cats", true)]);
    let routes: Vec<String> = api.endpoints.iter().map(|e| e.route()).collect();
    assert_eq!(routes, ["GET /dogs", "GET /cats"]);
    // Named shared headers become their rows, in the order named, with the label's required
    // flag; a table under the same label follows.
    assert_eq!(
        rows(&api.endpoints[1].headers),
        [
            header("X-Request-Id", Some("Unique request ID"), None, true),
            header("x-locale", Some("en-US"), Some("Locale"), true),
            header("X-Cat", Some("tabby"), Some("A cat header"), true),
            header("Authorization", Some("Bearer"), Some("JWT token"), false),
        ]
    );
    assert_eq!(
        rows(&api.endpoints[0].headers),
        [header(
            "X-Request-Id",
            Some("Unique request ID"),
            None,
            true
        )]
    );
    assert!(parsed.warnings.is_empty(), "{:#?}", parsed.warnings);
}

#[test]
fn an_unknown_shared_header_name_is_a_warning() {
    let cats = CATS.replace("`x-locale`", "`X-Unknown`");
    let index = INDEX.replace("Total endpoints: 2", "Total endpoints: 1");
    let pages = Pages::new("unknown", &[("cats.md", &cats), ("index.md", &index)]);
    let parsed = pages.parse();
    assert_eq!(codes(&parsed), ["unknown-shared-header"]);
    let warning = &parsed.warnings[0];
    assert!(warning.message.contains("`X-Unknown`"), "{warning}");
    // On the line that names it (the label's second line).
    assert_eq!((warning.span.line, warning.span.column), (8, 1));
    let names: Vec<&str> = parsed.api.endpoints[0]
        .headers
        .iter()
        .map(|h| h.name.as_str())
        .collect();
    assert_eq!(names, ["X-Request-Id", "X-Cat", "Authorization"]);
}

#[test]
fn text_after_a_header_label_is_a_remark_without_a_shared_table() {
    let text = "\
Pets
Pets
GET /pets
Required Headers: see the table
| Header | Value | Description |
|---|---|---|
| X-Request-Id | id | |
Success Response: (HTTP 200)
{\"success\": true, \"data\": []}";
    let parsed = parse("pets.txt", text);
    assert_eq!(
        rows(&parsed.api.endpoints[0].headers),
        [header("X-Request-Id", Some("id"), None, true)]
    );
    assert!(parsed.warnings.is_empty(), "{:#?}", parsed.warnings);
}

#[test]
fn the_text_form_shares_headers_too() {
    let text = "\
Pets
Shared Headers:
| Header | Value | Description |
|---|---|---|
| X-Request-Id | Unique request ID | |
| Authorization | Bearer | JWT token |
Pets
GET /pets
Required Headers: X-Request-Id, Authorization
Success Response: (HTTP 200)
{\"success\": true, \"data\": []}";
    let parsed = parse("pets.txt", text);
    assert_eq!(
        rows(&parsed.api.endpoints[0].headers),
        [
            header("X-Request-Id", Some("Unique request ID"), None, true),
            header("Authorization", Some("Bearer"), Some("JWT token"), true),
        ]
    );
    assert!(parsed.warnings.is_empty(), "{:#?}", parsed.warnings);
    assert!(parsed.api.preamble.is_empty());
}

#[test]
fn a_page_named_index_owns_the_title() {
    let about = "# About these pages\n\nWritten by hand.\n";
    let pages = Pages::new(
        "owner",
        &[("about.md", about), ("dogs.md", DOGS), ("index.md", INDEX)],
    );
    let parsed = pages.parse();
    assert_eq!(
        parsed.api.title.as_ref().map(|t| t.text.as_str()),
        Some("Pets API")
    );
    // The other page without endpoints adds nothing: no group, no preamble.
    let groups: Vec<&str> = parsed.api.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(groups, ["Dogs"]);
    assert_eq!(parsed.api.preamble.len(), 1);
}
