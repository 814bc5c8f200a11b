//! Parameters as hand-written references describe them: table cells with a name in backticks
//! or followed by `*optional*`, a `Required` or `Optional` column saying yes or no, list items
//! such as `` - `page` (int, optional): the page ``, and `:id` or `<id>` path parameters.

use std::sync::LazyLock;

use regex::Regex;

use crate::ir::{Endpoint, Method, ParameterLocation};

/// A parameter read from a list item or a bold-name paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListParam {
    pub(crate) name: String,
    pub(crate) type_name: Option<String>,
    pub(crate) required: Option<bool>,
    pub(crate) description: Option<String>,
    pub(crate) example: Option<String>,
}

static LIST_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^([A-Za-z_$@][A-Za-z0-9_.\[\]$@-]*)[ \t]*(?:\(([^()]*)\)|\[([^\[\]]*)\])?[ \t]*(?:(?:[:\u{2013}\u{2014}=]|[ \t]-|^-)[ \t]*(.*)|[ \t]+((?:required|optional)\b.*)|)$",
    )
    .expect("valid regex")
});

/// Words a list item may start with that are no parameter names.
const NOT_NAMES: &[&str] = &[
    "note",
    "notes",
    "example",
    "examples",
    "default",
    "returns",
    "response",
    "warning",
    "tip",
    "important",
    "see",
    "e.g",
    "i.e",
    "eg",
    "ie",
];

/// Reads `page (int, optional): the page`, `page - the page`, `page: the page`, `page`.
pub(crate) fn list_item(text: &str) -> Option<ListParam> {
    let text = text.trim().trim_start_matches(['-', '*', '+']).trim();
    let captures = LIST_ITEM.captures(text)?;
    let name = captures[1].trim_end_matches(['.', '-']).to_owned();
    if NOT_NAMES.contains(&name.to_ascii_lowercase().as_str()) {
        return None;
    }
    let details = captures
        .get(2)
        .or_else(|| captures.get(3))
        .map(|m| m.as_str());
    let description = captures
        .get(4)
        .or_else(|| captures.get(5))
        .map(|m| m.as_str().trim().to_owned())
        .filter(|d| !d.is_empty());
    let mut param = ListParam {
        name,
        type_name: None,
        required: None,
        description,
        example: None,
    };
    if let Some(details) = details {
        for word in details.split([',', ';', '|']).map(str::trim) {
            let lower = word.to_ascii_lowercase();
            if let Some(required) = yes_no_word(&lower) {
                param.required = Some(required);
            } else if let Some(example) = lower
                .strip_prefix("e.g.")
                .or_else(|| lower.strip_prefix("example:"))
            {
                param.example = Some(example.trim().to_owned());
            } else if is_type_word(&lower) && param.type_name.is_none() {
                param.type_name = Some(word.to_owned());
            }
        }
    }
    if param.required.is_none() {
        param.required = param.description.as_deref().and_then(required_in_words);
    }
    Some(param)
}

fn yes_no_word(word: &str) -> Option<bool> {
    match word {
        "required" | "mandatory" | "req" | "required field" => Some(true),
        "optional" | "opt" | "optional field" => Some(false),
        _ => None,
    }
}

/// A type as documents name them (`int`, `string`, `boolean`, `array of strings`).
fn is_type_word(word: &str) -> bool {
    let first = word.split([' ', '<', '[']).next().unwrap_or(word);
    matches!(
        first,
        "int"
            | "integer"
            | "int32"
            | "int64"
            | "long"
            | "number"
            | "float"
            | "double"
            | "decimal"
            | "string"
            | "str"
            | "text"
            | "bool"
            | "boolean"
            | "array"
            | "list"
            | "object"
            | "map"
            | "date"
            | "datetime"
            | "date-time"
            | "timestamp"
            | "uuid"
            | "file"
            | "enum"
            | "url"
            | "email"
            | "json"
            | "uint"
            | "u32"
            | "u64"
            | "i32"
            | "i64"
            | "numeric"
            | "char"
            | "binary"
            | "bytes"
            | "id"
    )
}

/// A `Required` or `Optional` cell read as yes or no (`Yes`, `true`, `✓`, `No`, `-`).
pub(crate) fn yes_no(cell: &str) -> Option<bool> {
    let lower = cell
        .trim()
        .trim_matches(['*', '_', '`'])
        .to_ascii_lowercase();
    match lower.as_str() {
        "yes" | "true" | "required" | "y" | "x" | "\u{2713}" | "\u{2714}" | "\u{2705}"
        | "mandatory" | "always" | "1" => Some(true),
        "no" | "false" | "optional" | "n" | "-" | "\u{2717}" | "\u{2718}" | "\u{274c}" | "0"
        | "" => Some(false),
        _ => yes_no_word(lower.split_whitespace().next().unwrap_or("")),
    }
}

/// `Required.` or `(optional)` at the start or end of a description.
pub(crate) fn required_in_words(description: &str) -> Option<bool> {
    let lower = description.trim().to_ascii_lowercase();
    let words = lower.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    let first = words.split(|c: char| !c.is_ascii_alphanumeric()).next()?;
    let last = words.rsplit(|c: char| !c.is_ascii_alphanumeric()).next()?;
    yes_no_word(first).or_else(|| yes_no_word(last))
}

/// The name in a table cell: `page *optional*`, `` `id` (required) ``, `limit?` give `page`,
/// `id`, `limit`.
pub(crate) fn cell_name(cell: &str) -> String {
    let first = cell.split_whitespace().next().unwrap_or(cell);
    first
        .trim_matches(|c| matches!(c, '`' | '*' | '_' | '"'))
        .trim_end_matches(['?', ':', ','])
        .to_owned()
}

/// The location an `In` cell states: `Some(Some(..))` for path or query, `Some(None)` for a
/// body, form or header field (no query or path parameter), `None` when the cell says nothing.
pub(crate) fn stated_location(cell: Option<&str>) -> Option<Option<ParameterLocation>> {
    let lower = cell?.trim().to_ascii_lowercase();
    match lower.as_str() {
        "path" | "url" | "route" | "uri" => Some(Some(ParameterLocation::Path)),
        "query" | "querystring" | "query string" | "get" => Some(Some(ParameterLocation::Query)),
        "body" | "form" | "formdata" | "form-data" | "json" | "header" | "headers" | "payload" => {
            Some(None)
        }
        _ => None,
    }
}

/// Where a parameter without a stated location is: in the path if the path names it, in the
/// query of a GET, HEAD or DELETE, and otherwise a body field (`None`).
pub(crate) fn location_of(
    endpoint: &Endpoint,
    name: &str,
    _stated: Option<&str>,
) -> Option<ParameterLocation> {
    if endpoint.path.params().any(|p| p.name == name) {
        return Some(ParameterLocation::Path);
    }
    matches!(
        endpoint.method,
        Method::Get | Method::Head | Method::Delete | Method::Options
    )
    .then_some(ParameterLocation::Query)
}

/// A path template with `:id` and `<id>` (`<int:id>`) parameters written as `{id}`, and for
/// each byte of the result the byte of `template` it comes from (one more for the end).
pub(crate) fn brace_params(template: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(template.len());
    let mut origin = Vec::with_capacity(template.len() + 1);
    let push = |out: &mut String, origin: &mut Vec<usize>, text: &str, from: usize| {
        out.push_str(text);
        origin.extend(std::iter::repeat_n(from, text.len()));
    };
    let bytes = template.as_bytes();
    let mut i = 0;
    while i < template.len() {
        let at_segment_start = i == 0 || bytes[i - 1] == b'/';
        let rest = &template[i..];
        if at_segment_start && rest.starts_with(':') {
            let name_len = rest[1..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len() - 1);
            if name_len > 0 && !rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
                push(&mut out, &mut origin, "{", i);
                for (k, _) in rest[1..1 + name_len].char_indices() {
                    origin.push(i + 1 + k);
                }
                out.push_str(&rest[1..1 + name_len]);
                push(&mut out, &mut origin, "}", i + name_len);
                i += 1 + name_len;
                continue;
            }
        }
        // `[path]` (as Next.js and some references write a parameter).
        if at_segment_start && rest.starts_with('[') {
            if let Some(close) = rest.find(']') {
                let name = &rest[1..close];
                let valid = !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-'));
                if valid {
                    push(&mut out, &mut origin, "{", i);
                    out.push_str(name);
                    origin.extend((0..name.len()).map(|k| i + 1 + k));
                    push(&mut out, &mut origin, "}", i + close);
                    i += close + 1;
                    continue;
                }
            }
        }
        if rest.starts_with('<') {
            if let Some(close) = rest.find('>') {
                let inner = &rest[1..close];
                let name = inner.rsplit(':').next().unwrap_or(inner);
                let valid = !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
                if valid {
                    let name_at = i + 1 + (inner.len() - name.len());
                    push(&mut out, &mut origin, "{", i);
                    out.push_str(name);
                    origin.extend((0..name.len()).map(|k| name_at + k));
                    push(&mut out, &mut origin, "}", i + close);
                    i += close + 1;
                    continue;
                }
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        push(&mut out, &mut origin, &template[i..i + c.len_utf8()], i);
        i += c.len_utf8();
    }
    origin.push(template.len());
    (out, origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_parameter_list_items() {
        let param = list_item("page (int, optional): The page, from 1.").unwrap();
        assert_eq!(param.name, "page");
        assert_eq!(param.type_name.as_deref(), Some("int"));
        assert_eq!(param.required, Some(false));
        assert_eq!(param.description.as_deref(), Some("The page, from 1."));
        let param = list_item("user_id - Required. The user.").unwrap();
        assert_eq!(
            (param.name.as_str(), param.required),
            ("user_id", Some(true))
        );
        let param = list_item("limit [integer]: how many").unwrap();
        assert_eq!(param.type_name.as_deref(), Some("integer"));
        assert_eq!(list_item("sort").unwrap().name, "sort");
        let param = list_item("q required the search").unwrap();
        assert_eq!(param.required, Some(true));
        assert!(list_item("Note: pages start at 1").is_none());
        assert!(list_item("Returns 404 when missing").is_none());
    }

    #[test]
    fn reads_cells() {
        assert_eq!(cell_name("page *optional*"), "page");
        assert_eq!(cell_name("`limit?`"), "limit");
        assert_eq!(yes_no("Yes"), Some(true));
        assert_eq!(yes_no("\u{2714}"), Some(true));
        assert_eq!(yes_no("no"), Some(false));
        assert_eq!(yes_no("sometimes"), None);
        assert_eq!(required_in_words("Required. The id"), Some(true));
        assert_eq!(required_in_words("The id (optional)"), Some(false));
        assert_eq!(required_in_words("The id"), None);
        assert_eq!(
            stated_location(Some("Query")),
            Some(Some(ParameterLocation::Query))
        );
        assert_eq!(stated_location(Some("body")), Some(None));
        assert_eq!(stated_location(Some("?")), None);
    }

    #[test]
    fn colon_and_angle_parameters_become_braces() {
        let (path, origin) = brace_params("/users/:id/posts/<int:post_id>");
        assert_eq!(path, "/users/{id}/posts/{post_id}");
        assert_eq!(origin.len(), path.len() + 1);
        // `i` of `{id}` comes from the `i` after the colon.
        assert_eq!(origin[8], 8);
        assert_eq!(brace_params("/config/[path]").0, "/config/{path}");
        let (path, _) = brace_params("/v1/things:batchGet/:1x");
        assert_eq!(path, "/v1/things:batchGet/:1x");
        let (path, origin) = brace_params("/plain/{id}");
        assert_eq!(path, "/plain/{id}");
        assert_eq!(origin[7], 7);
    }
}
