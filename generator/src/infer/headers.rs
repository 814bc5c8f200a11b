//! The header rule, as data: which documented headers the client configures once, which the
//! transport or a proxy sets, and which become method parameters.

use crate::ir::Header;
use crate::model::{AuthUse, ContextHeader, HeaderRole, HeaderUse};
use crate::naming::snake_ident;

/// Header names (lower case) and their roles. Anything not listed is endpoint-specific.
const ROLES: &[(&str, HeaderRole)] = &[
    (
        "x-portal-access-code",
        HeaderRole::Context(ContextHeader::AccessCode),
    ),
    (
        "x-workspace-id",
        HeaderRole::Context(ContextHeader::WorkspaceId),
    ),
    ("x-locale", HeaderRole::Context(ContextHeader::Locale)),
    (
        "accept-language",
        HeaderRole::Context(ContextHeader::AcceptLanguage),
    ),
    ("user-agent", HeaderRole::Context(ContextHeader::UserAgent)),
    (
        "x-client-hash",
        HeaderRole::Context(ContextHeader::ClientFingerprint),
    ),
    ("x-request-id", HeaderRole::RequestId),
    ("authorization", HeaderRole::Authorization),
    ("content-type", HeaderRole::Transport),
    ("accept", HeaderRole::Transport),
    ("content-length", HeaderRole::Transport),
    ("cf-connecting-ip", HeaderRole::Proxy),
    ("cf-ray", HeaderRole::Proxy),
    ("cf-ipcountry", HeaderRole::Proxy),
    ("cf-visitor", HeaderRole::Proxy),
    ("cdn-loop", HeaderRole::Proxy),
    ("true-client-ip", HeaderRole::Proxy),
    ("x-forwarded-for", HeaderRole::Proxy),
    ("x-forwarded-proto", HeaderRole::Proxy),
    ("x-forwarded-host", HeaderRole::Proxy),
    ("x-real-ip", HeaderRole::Proxy),
    ("forwarded", HeaderRole::Proxy),
];

/// The role of a header name (case-insensitive).
pub fn role_of(name: &str) -> HeaderRole {
    ROLES
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map_or(HeaderRole::Endpoint, |(_, role)| *role)
}

/// The parameter name of an endpoint-specific header: `X-SC-Session-Id` → `sc_session_id`.
pub fn param_name(name: &str) -> String {
    let trimmed = name
        .strip_prefix("X-")
        .or_else(|| name.strip_prefix("x-"))
        .unwrap_or(name);
    snake_ident(trimmed)
}

/// Role and parameter name per header name: documents repeat the same dozen headers on every
/// endpoint, so each name is classified once.
pub(crate) type HeaderCache = std::collections::HashMap<String, (HeaderRole, String)>;

/// Classifies an endpoint's header rows; the first row of a name wins.
pub(crate) fn header_uses(
    headers: &[Header],
    cache: &mut HeaderCache,
) -> (Vec<HeaderUse>, AuthUse) {
    let mut uses: Vec<HeaderUse> = Vec::new();
    for header in headers {
        if uses
            .iter()
            .any(|u| u.wire_name.eq_ignore_ascii_case(&header.name))
        {
            continue;
        }
        let (role, param) = cache
            .entry(header.name.clone())
            .or_insert_with(|| (role_of(&header.name), param_name(&header.name)))
            .clone();
        uses.push(HeaderUse {
            wire_name: header.name.clone(),
            role,
            required: header.required,
            param_name: param,
            value: header.value.clone(),
            description: header.description.clone(),
        });
    }
    let auth = match uses.iter().find(|u| u.role == HeaderRole::Authorization) {
        Some(u) if u.required => AuthUse::Required,
        Some(_) => AuthUse::Optional,
        None => AuthUse::None,
    };
    (uses, auth)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_by_name() {
        assert_eq!(
            role_of("X-PORTAL-ACCESS-CODE"),
            HeaderRole::Context(ContextHeader::AccessCode)
        );
        assert_eq!(role_of("cf-ipcountry"), HeaderRole::Proxy);
        assert_eq!(role_of("Accept"), HeaderRole::Transport);
        assert_eq!(role_of("X-SC-Session-Id"), HeaderRole::Endpoint);
        assert_eq!(role_of("Idempotency-Key"), HeaderRole::Endpoint);
        assert_eq!(param_name("X-SC-Session-Id"), "sc_session_id");
        assert_eq!(param_name("Idempotency-Key"), "idempotency_key");
    }
}
