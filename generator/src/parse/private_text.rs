//! Finds text that names a place only its writer can reach: a local file path (`/home/…`,
//! `C:\Users\…`, `file://…`) or a private host (`localhost`, `10.0.0.7`, `build.corp`), so
//! that preamble lines naming one stay out of every published output.

use std::sync::LazyLock;

use regex::Regex;

/// A private location found in a line of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PrivateLocation {
    /// Byte offset of the location in the text searched.
    pub offset: usize,
    /// The location as written.
    pub found: String,
    /// What it is: `a local path` or `a private host`.
    pub kind: &'static str,
}

/// Paths under a user's or a machine's own folders, and `file:` URLs. Paths of an API
/// (`/web/v1/…`) do not start with these folders.
static LOCAL_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?x)
        (?:^|[\s"'(=:,\[])
        (
            file://[^\s"'<>)]+
          | ~/[^\s"'<>)]*
          | /(?:home|Users|root|tmp|mnt|media|private/var|var/folders)/[^\s"'<>)]+
          | [A-Za-z]:\\[^\s"'<>)]+
        )"#,
    )
    .expect("valid regex")
});

/// Hosts that only resolve inside a network or on one machine: loopback, RFC 1918 addresses,
/// link-local addresses and private top-level names.
static PRIVATE_HOST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        \b(
            localhost
          | 127(?:\.\d{1,3}){3}
          | 10(?:\.\d{1,3}){3}
          | 192\.168(?:\.\d{1,3}){2}
          | 172\.(?:1[6-9]|2\d|3[01])(?:\.\d{1,3}){2}
          | 169\.254(?:\.\d{1,3}){2}
          | [a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*
            \.(?:local|localdomain|internal|intranet|corp|lan|home\.arpa)
        )\b(?:[^.\w-]|$)",
    )
    .expect("valid regex")
});

/// The first private location in `line`, if any.
pub(crate) fn private_location(line: &str) -> Option<PrivateLocation> {
    let path = LOCAL_PATH
        .captures(line)
        .and_then(|c| c.get(1))
        .map(|m| PrivateLocation {
            offset: m.start(),
            found: m.as_str().to_owned(),
            kind: "a local path",
        });
    let host = PRIVATE_HOST
        .captures(line)
        .and_then(|c| c.get(1))
        .filter(|m| is_host_like(m.as_str()))
        .map(|m| PrivateLocation {
            offset: m.start(),
            found: m.as_str().to_owned(),
            kind: "a private host",
        });
    match (path, host) {
        (Some(path), Some(host)) => Some(if host.offset < path.offset {
            host
        } else {
            path
        }),
        (path, host) => path.or(host),
    }
}

/// Whether a match is a host and not a number that happens to look like an address (a dotted
/// quad needs every part to be at most 255).
fn is_host_like(found: &str) -> bool {
    let parts: Vec<&str> = found.split('.').collect();
    let numeric = parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()));
    !numeric
        || parts
            .iter()
            .all(|p| p.parse::<u16>().is_ok_and(|n| n <= 255))
}

#[cfg(test)]
mod tests {
    use super::private_location;

    #[test]
    fn local_paths_and_private_hosts_are_found() {
        for (line, found) in [
            (
                "Source fixtures: /home/dev/workspace/repos/api/examples",
                "/home/dev/workspace/repos/api/examples",
            ),
            ("Built from /Users/ana/api-docs.", "/Users/ana/api-docs."),
            ("Copied from ~/notes/api.md", "~/notes/api.md"),
            (r"Exported to C:\Users\bob\api.txt", r"C:\Users\bob\api.txt"),
            (
                "See file:///srv/docs/index.html",
                "file:///srv/docs/index.html",
            ),
            ("Staging runs at http://localhost:8080/api", "localhost"),
            ("Tests hit https://10.2.3.4/web", "10.2.3.4"),
            ("Mirror: 192.168.1.20:9000", "192.168.1.20"),
            ("Ask on https://wiki.corp/x", "wiki.corp"),
            ("The gateway api.internal forwards it.", "api.internal"),
        ] {
            let location = private_location(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(location.found, found, "{line}");
            assert_eq!(&line[location.offset..][..found.len()], found, "{line}");
        }
    }

    #[test]
    fn public_text_is_left_alone() {
        for line in [
            "Total endpoints: 94",
            "Sensitive values are sanitized (Bearer {token}, pac_xxx, {sessionId}).",
            "GET /web/v1/partner/roles returns the roles.",
            "Base URL: https://api.example.com/v1",
            "Version 10.4.1 adds exports; 1.2.3.400 is not an address.",
            "Arrays are truncated to the first 2 items.",
            "Contact support@example.com or see docs.example.com/local-setup.",
        ] {
            assert_eq!(private_location(line), None, "{line}");
        }
    }
}
