//! Routes as hand-written references give them: `GET /x` in a heading, a code span or a code
//! block, with a trailing remark (`- List users`, `(deprecated)`), several methods (`POST, PUT
//! /x`), a full URL or a base-URL variable before the path, a method in any case, or split into
//! `**URL** : /x` and `**Method** : POST` lines.
//!
//! The Markdown front end reads these; the text form keeps its strict `METHOD /path` lines.

use std::sync::LazyLock;

use regex::Regex;

use super::grammar::LineError;
use crate::ir::Method;

/// A route read from a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Route {
    /// The methods, in order (`POST, PUT /x` has two).
    pub(crate) methods: Vec<Method>,
    /// The path, without scheme, host or base-URL variable.
    pub(crate) path: String,
    /// The byte offset of the path within the line.
    pub(crate) path_at: usize,
    /// Text after the path (`List users` of `GET /users - List users`).
    pub(crate) remark: Option<String>,
    /// What was read past, for a warning (a method not in upper case, a host dropped).
    pub(crate) note: Option<String>,
    /// The remark is set off from the path by a separator (` - `, `:`, a parenthesis).
    pub(crate) separated: bool,
}

static METHOD_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b").expect("valid regex")
});

/// Reads `line` as a route. `None` when it is no route at all; an error when it is almost one
/// (white space inside the path).
pub(crate) fn route_line(line: &str) -> Option<Result<Route, LineError>> {
    let line = line.trim_end();
    let mut methods = Vec::new();
    let mut at = 0;
    let mut lower = false;
    loop {
        let rest = &line[at..];
        let Some(found) = METHOD_WORD.find(rest) else {
            break;
        };
        let word = found.as_str();
        lower |= word != word.to_ascii_uppercase();
        methods.push(Method::parse(&word.to_ascii_uppercase())?);
        at += found.end();
        // Separators between methods: `,`, `/`, `|`, `&`, `or`, white space.
        let after = &line[at..];
        let separated = after.trim_start_matches([' ', '\t', ',', '|', '&']);
        let separated = separated
            .strip_prefix("or ")
            .map_or(separated, str::trim_start);
        let next = line.len() - separated.len();
        if METHOD_WORD.is_match(separated) {
            at = next;
            continue;
        }
        if let Some(slash) = separated
            .strip_prefix('/')
            .filter(|s| METHOD_WORD.is_match(s))
        {
            at = line.len() - slash.len();
            continue;
        }
        at += after.len() - after.trim_start().len();
        break;
    }
    if methods.is_empty() || at == 0 {
        return None;
    }
    // A route needs white space between the method and the path.
    let before = &line[..at];
    if !before.ends_with([' ', '\t']) {
        return None;
    }
    let token_end = line[at..].find([' ', '\t']).map_or(line.len(), |i| at + i);
    // `PATCH /x/update_avatar: Set the avatar`: a colon or comma ends the path.
    let token = line[at..token_end].trim_end_matches([':', ',', ';']);
    let (path_start, host_dropped) = path_start(token)?;
    let path = &token[path_start..];
    let path_at = at + path_start;
    let rest = line[token_end..].trim();
    let mut remark = None;
    let mut set_off = token.len() < token_end - at;
    if !rest.is_empty() && !rest.starts_with("HTTP/") {
        let stripped = rest
            .trim_start_matches(['-', '\u{2013}', '\u{2014}', ':', '|', '#'])
            .trim();
        let bracketed = rest.starts_with(['(', '[']);
        let separated = stripped.len() < rest.len() || bracketed || set_off;
        set_off = separated;
        if !separated && rest.contains(['/', '{', '}']) {
            let space = line[token_end..].len() - line[token_end..].trim_start().len();
            return Some(Err(LineError {
                message: format!(
                    "white space in the path of `{} {path}`; expected `METHOD /path` with \
                     nothing after the path but a remark such as ` - List users`",
                    methods[0]
                ),
                at: token_end + space - space.min(1),
                unknown_method: false,
            }));
        }
        if !stripped.is_empty() {
            remark = Some(stripped.to_owned());
        }
    }
    let note = match (lower, host_dropped) {
        (true, _) => Some(format!(
            "the method is read as `{}`: HTTP methods are written in upper case",
            methods[0]
        )),
        (false, true) => Some(format!(
            "the route's host or base URL is dropped: the path is `{path}`"
        )),
        (false, false) => None,
    };
    Some(Ok(Route {
        methods,
        path: path.to_owned(),
        path_at,
        remark,
        note,
        separated: set_off,
    }))
}

/// Where the path starts in a route's path token, and whether a host or base-URL variable came
/// before it: `/x`, `https://api.example.com/v1/x`, `{{baseUrl}}/x`, `{base_url}/x`,
/// `$HOST/x`, `<host>/x`. `None` when the token is no path.
fn path_start(token: &str) -> Option<(usize, bool)> {
    if token.starts_with('/') {
        return Some((0, false));
    }
    if let Some(after_scheme) = token
        .strip_prefix("https://")
        .or_else(|| token.strip_prefix("http://"))
    {
        let host_len = after_scheme.find('/')?;
        return Some((token.len() - after_scheme.len() + host_len, true));
    }
    let variable = token.starts_with("{{")
        || token.starts_with('{')
        || token.starts_with('$')
        || token.starts_with('<')
        || token.starts_with(':');
    if variable {
        let slash = token.find('/')?;
        let prefix = &token[..slash];
        let closed = prefix.ends_with("}}")
            || prefix.ends_with('}')
            || prefix.ends_with('>')
            || prefix.starts_with('$')
            || prefix.starts_with(':');
        return closed.then_some((slash, true));
    }
    None
}

/// What a `Name: value` line contributes to a route split over lines: `URL: /x` gives the path,
/// `Method: POST` the method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RoutePart {
    /// The path, and its offset within the line.
    Path(String, usize),
    /// The method.
    Method(Method),
}

static PART_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(url|endpoint|path|route|uri|resource|method|http method|verb)(?:[ \t]*:[ \t]*|[ \t]+)")
        .expect("valid regex")
});

/// Reads a `**URL** : /api/users/` or `**Method** : POST` line.
pub(crate) fn route_part(line: &str) -> Option<RoutePart> {
    let found = PART_LABEL.captures(line)?;
    let name = found[1].to_ascii_lowercase();
    let whole = found.get(0)?;
    let value = line[whole.end()..].trim();
    if name.contains("method") || name == "verb" {
        let word = value.split([' ', ',']).next()?.to_ascii_uppercase();
        // `DEL` is how some references abbreviate DELETE.
        let word = if word == "DEL" {
            "DELETE".to_owned()
        } else {
            word
        };
        let method = Method::parse(&word)?;
        return Some(RoutePart::Method(method));
    }
    let token = value.split([' ', '\t']).next()?;
    let (start, _) = path_start(token)?;
    let at = whole.end() + (line[whole.end()..].len() - line[whole.end()..].trim_start().len());
    Some(RoutePart::Path(token[start..].to_owned(), at + start))
}

/// Strips a route-introducing label (`Endpoint:`, `URL:`, `Request:`, `HTTP request:`) off a
/// line, returning the rest and its offset within the line.
pub(crate) fn after_route_label(line: &str) -> (&str, usize) {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(endpoint|url|route|request|http request|definition)[ \t]*:[ \t]*")
            .expect("valid regex")
    });
    match LABEL.find(line) {
        Some(found) => (&line[found.end()..], found.end()),
        None => (line, 0),
    }
}

/// What a table row says of a route: a `| Method | Path |` table's row (given its header), or
/// a key-value row such as `| Endpoint | /api/login |` or `| Method | POST |`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TableRoute {
    /// A whole route; the `usize` is the index of the cell holding the path.
    Route(Route, usize),
    /// Half a route, from a key-value row.
    Part(RoutePart),
}

/// Reads a table row as a route or half of one (see [`TableRoute`]).
pub(crate) fn table_route(header: &[String], row: &[String]) -> Option<TableRoute> {
    let column = |names: &[&str]| {
        header.iter().position(|h| {
            let h = h.trim().to_ascii_lowercase();
            names.contains(&h.as_str())
        })
    };
    let method = column(&["method", "verb", "http method", "http verb"]);
    let path = column(&["path", "endpoint", "url", "route", "uri", "resource"]);
    if let (Some(method), Some(path)) = (method, path) {
        let line = format!("{} {}", row.get(method)?.trim(), row.get(path)?.trim());
        let route = route_line(&line)?.ok()?;
        return Some(TableRoute::Route(route, path));
    }
    if row.len() >= 2 {
        let line = format!("{}: {}", row[0].trim(), row[1].trim());
        return route_part(&line).map(TableRoute::Part);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str) -> Route {
        route_line(line).unwrap().unwrap()
    }

    #[test]
    fn reads_routes_as_people_write_them() {
        let route = read("GET /users/{id} - Get a user");
        assert_eq!(route.methods, [Method::Get]);
        assert_eq!((route.path.as_str(), route.path_at), ("/users/{id}", 4));
        assert_eq!(route.remark.as_deref(), Some("Get a user"));
        assert_eq!(route.note, None);
        let route = read("POST, PUT /things");
        assert_eq!(route.methods, [Method::Post, Method::Put]);
        assert_eq!(route.path_at, 10);
        assert_eq!(read("GET/POST /x").methods, [Method::Get, Method::Post]);
        let route = read("get https://api.example.com/v2/items?limit=10");
        assert_eq!(route.path, "/v2/items?limit=10");
        assert!(route.note.unwrap().contains("upper case"));
        let route = read("GET {{baseUrl}}/items (deprecated)");
        assert_eq!((route.path.as_str(), route.path_at), ("/items", 15));
        assert_eq!(route.remark.as_deref(), Some("(deprecated)"));
        assert_eq!(read("GET /thumb [?h=300]").path, "/thumb");
        assert_eq!(read("POST /users HTTP/1.1").remark, None);
        assert_eq!(read("DELETE /a/:id").path, "/a/:id");
    }

    #[test]
    fn prose_is_no_route_and_a_path_with_spaces_is_an_error() {
        for line in [
            "Get the users",
            "GETTING /x",
            "Post a message to /x",
            "get",
            "GET users",
            "POST:/x",
        ] {
            assert!(route_line(line).is_none(), "{line}");
        }
        let error = route_line("GET /a /b").unwrap().unwrap_err();
        assert!(error.message.contains("white space"));
    }

    #[test]
    fn reads_routes_from_tables() {
        let header = [
            "Method".to_owned(),
            "Path".to_owned(),
            "Produces".to_owned(),
        ];
        let row = [
            "PUT".to_owned(),
            "/session/:uuid".to_owned(),
            "json".to_owned(),
        ];
        let Some(TableRoute::Route(route, 1)) = table_route(&header, &row) else {
            panic!("a route");
        };
        assert_eq!(
            (route.methods[0], route.path.as_str()),
            (Method::Put, "/session/:uuid")
        );
        let header = ["Request info".to_owned(), "Value".to_owned()];
        let row = ["Endpoint".to_owned(), "/api/login".to_owned()];
        assert_eq!(
            table_route(&header, &row),
            Some(TableRoute::Part(RoutePart::Path("/api/login".into(), 10)))
        );
        let row = ["Name".to_owned(), "the name".to_owned()];
        assert_eq!(table_route(&header, &row), None);
    }

    #[test]
    fn reads_routes_split_over_lines() {
        assert_eq!(
            route_part("URL : /api/accounts/"),
            Some(RoutePart::Path("/api/accounts/".into(), 6))
        );
        assert_eq!(
            route_part("Method : POST"),
            Some(RoutePart::Method(Method::Post))
        );
        assert_eq!(route_part("Method : none"), None);
        assert_eq!(
            route_part("Method: DEL"),
            Some(RoutePart::Method(Method::Delete))
        );
        assert_eq!(
            route_part("Method `POST`".replace('`', "").as_str()),
            Some(RoutePart::Method(Method::Post))
        );
        assert_eq!(route_part("Path parameters"), None);
        assert_eq!(route_part("URL: see below"), None);
        assert_eq!(after_route_label("Endpoint: GET /x"), ("GET /x", 10));
        assert_eq!(after_route_label("GET /x"), ("GET /x", 0));
    }
}
