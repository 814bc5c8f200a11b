//! Inference rules, one test per rule, each checked on the real document
//! (`docs-input/partner-web-endpoints.txt`) at the endpoints named in its comments; then small
//! documents of our own (`tests/fixtures/infer/`) for the corners the real one does not show.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use sdkgen::infer::validate::validate;
use sdkgen::infer::{infer, Inferred};
use sdkgen::ir::{Json, JsonValue, ResponseLabel};
use sdkgen::model::{
    display_type, AuthUse, BodyKind, DocumentedError, Evidence, HeaderRole, Model, OptionalBy,
    PageShape, RequestBody, TypeKind, TypeRef,
};
use sdkgen::Parsed;
use sdkgen_tests::{
    endpoint, field, fixture, operation, real_document, sample_payload, struct_fields,
};
use serde_json::{json, Value};

const P: &str = "/web/v1/partner";

/// The real document and its inferred model, read once for all tests.
static REAL: LazyLock<(Parsed, Inferred)> = LazyLock::new(|| {
    let parsed = real_document();
    let inferred = infer(&parsed);
    (parsed, inferred)
});

fn real() -> (&'static Parsed, &'static Model) {
    (&REAL.0, &REAL.1.model)
}

/// `METHOD /web/v1/partner/...` from `METHOD /...`.
fn route(short: &str) -> String {
    let (method, path) = short.split_once(' ').expect("METHOD /path");
    format!("{method} {P}{path}")
}

fn named(name: &str) -> TypeRef {
    TypeRef::named(name)
}

fn dictionary(code: &str) -> TypeRef {
    TypeRef::Dictionary {
        code: code.to_owned(),
    }
}

/// Calls `f` on `ty` and every type inside it.
fn walk_type(ty: &TypeRef, f: &mut dyn FnMut(&TypeRef)) {
    f(ty);
    if let TypeRef::Array { item } | TypeRef::Page { item, .. } = ty {
        walk_type(item, f);
    }
}

/// Every type expression of the model (fields, requests, successes), with where it is.
fn all_type_refs(model: &Model) -> Vec<(String, &TypeRef)> {
    let mut out = Vec::new();
    for def in &model.types {
        if let TypeKind::Struct { fields, .. } = &def.kind {
            for f in fields {
                out.push((format!("{}.{}", def.name, f.wire_name), &f.ty));
            }
        }
    }
    for op in &model.operations {
        if let Some(request) = &op.request {
            out.push((format!("{} request", op.operation_id), &request.ty));
        }
        out.push((format!("{} success", op.operation_id), &op.success.data));
    }
    out
}

/// The field names of each struct, sorted: what rule 13 compares across document orders.
fn type_shapes(model: &Model) -> BTreeSet<(String, Vec<String>)> {
    model
        .types
        .iter()
        .map(|def| {
            let mut names: Vec<String> = match &def.kind {
                TypeKind::Struct { fields, .. } => {
                    fields.iter().map(|f| f.wire_name.clone()).collect()
                }
                TypeKind::OpenEnum { values } => values.iter().map(|v| v.wire.clone()).collect(),
            };
            names.sort();
            (def.name.clone(), names)
        })
        .collect()
}

/// What the samples say about each struct field, gathered by walking every typed sample
/// alongside its inferred type.
#[derive(Default)]
struct Observed {
    /// Instances seen per struct.
    instances: BTreeMap<String, usize>,
    /// Per `(struct, field)`: how often present, and how often `null`.
    fields: BTreeMap<(String, String), (usize, usize)>,
}

impl Observed {
    fn walk(&mut self, model: &Model, ty: &TypeRef, json: &Json) {
        match (ty, &json.value) {
            (TypeRef::Array { item }, JsonValue::Array(items)) => {
                for value in items {
                    self.walk(model, item, value);
                }
            }
            (TypeRef::Page { item, shape }, JsonValue::Object(_)) => {
                if let Some(items) = json.get("items") {
                    self.walk(model, &TypeRef::array((**item).clone()), items);
                }
                if *shape == PageShape::Paginated {
                    if let Some(pagination) = json.get("pagination") {
                        self.walk(model, &named("Pagination"), pagination);
                    }
                }
            }
            (TypeRef::Named { name }, JsonValue::Object(members)) => {
                let Some(TypeKind::Struct { fields, .. }) = model.type_named(name).map(|t| &t.kind)
                else {
                    return;
                };
                *self.instances.entry(name.clone()).or_default() += 1;
                for member in members {
                    let entry = self
                        .fields
                        .entry((name.clone(), member.key.clone()))
                        .or_default();
                    entry.0 += 1;
                    if member.value.value == JsonValue::Null {
                        entry.1 += 1;
                    }
                    if let Some(field) = fields.iter().find(|f| f.wire_name == member.key) {
                        self.walk(model, &field.ty, &member.value);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Every typed sample of the document: `(route, what, type, json, nullable)`.
fn typed_samples<'a>(
    parsed: &'a Parsed,
    model: &'a Model,
) -> Vec<(String, &'static str, &'a TypeRef, &'a Json, bool)> {
    let mut out = Vec::new();
    for (index, endpoint) in parsed.api.endpoints.iter().enumerate() {
        let op = &model.operations[index];
        assert_eq!(op.endpoint, index);
        if let (Some(body), Some(request)) = (&endpoint.request, &op.request) {
            let empty = matches!(&body.json.value, JsonValue::Object(m) if m.is_empty());
            if !empty {
                out.push((endpoint.route(), "request", &request.ty, &body.json, false));
            }
        }
        // A file (bytes) is decided by its path, not read from a sample.
        if op.success.evidence == Evidence::Verified && op.success.data != TypeRef::Bytes {
            let response = endpoint.success().expect("a verified success has a sample");
            assert_eq!(
                Some(response.status),
                op.success.status,
                "{}",
                endpoint.route()
            );
            if let Some(data) = response.body.as_ref().and_then(|b| sample_payload(&b.json)) {
                out.push((
                    endpoint.route(),
                    "success data",
                    &op.success.data,
                    data,
                    op.success.nullable,
                ));
            }
        }
    }
    out
}

fn observe(parsed: &Parsed, model: &Model) -> Observed {
    let mut observed = Observed::default();
    for (_, _, ty, json, _) in typed_samples(parsed, model) {
        observed.walk(model, ty, json);
    }
    observed
}

fn error_pairs(errors: &[DocumentedError]) -> Vec<(u16, &str)> {
    errors.iter().map(|e| (e.status, e.code.as_str())).collect()
}

// ---------------------------------------------------------------------------------------------
// Rules on the real document
// ---------------------------------------------------------------------------------------------

/// Rule 1. Checks `POST /web/v1/partner/auth/logout` (its `data` has a `success` of its own).
#[test]
fn envelope_is_one_generic_type() {
    let (parsed, model) = real();
    assert!(model.enveloped);
    let envelope: BTreeSet<&str> = ["version", "timestamp", "success", "code", "message", "data"]
        .into_iter()
        .collect();
    for def in &model.types {
        if let TypeKind::Struct { fields, .. } = &def.kind {
            let names: BTreeSet<&str> = fields.iter().map(|f| f.wire_name.as_str()).collect();
            assert_ne!(names, envelope, "{} is the envelope", def.name);
            assert!(
                !(names.contains("timestamp") && names.contains("version")),
                "{} carries envelope fields",
                def.name
            );
        }
    }
    let logout = operation(&parsed.api, model, &route("POST /auth/logout"));
    assert_eq!(logout.success.data, named("LogoutResult"));
    assert_eq!(logout.success.evidence, Evidence::Verified);
    assert!(!logout.success.nullable);
    let wire: Vec<&str> = struct_fields(model, "LogoutResult")
        .iter()
        .map(|f| f.wire_name.as_str())
        .collect();
    assert_eq!(wire, ["success", "terminatedSessions"]);
    assert_eq!(field(model, "LogoutResult", "success").ty, TypeRef::Bool);
    assert_eq!(
        field(model, "LogoutResult", "terminatedSessions").ty,
        TypeRef::Integer
    );
}

/// Rule 2. Checks the five endpoints whose `Success Response: (HTTP 404)` says `success: false`:
/// `GET /api-keys/{keyBizId}`, `GET /wallets/{walletBizId}`, `GET /wallets/{walletBizId}/balance`,
/// `GET /wallets/{walletBizId}/flows`, `POST /recharges/quote`.
#[test]
fn outcome_comes_from_the_envelope_not_the_label() {
    let (parsed, model) = real();
    let expected: BTreeSet<String> = [
        "GET /api-keys/{keyBizId}",
        "GET /wallets/{walletBizId}",
        "GET /wallets/{walletBizId}/balance",
        "GET /wallets/{walletBizId}/flows",
        "POST /recharges/quote",
    ]
    .into_iter()
    .map(route)
    .collect();
    for r in &expected {
        let sample = endpoint(&parsed.api, r)
            .success()
            .expect("labelled a success");
        assert_eq!(sample.status, 404, "{r}");
        let op = operation(&parsed.api, model, r);
        assert_eq!(op.success.evidence, Evidence::Unknown, "{r}");
        assert_eq!(op.success.status, None, "{r}");
        assert_eq!(op.success.data, TypeRef::Any, "{r}");
        assert!(
            op.errors.contains(&DocumentedError {
                status: 404,
                code: "RESOURCE.NOT_FOUND".to_owned(),
                message: "Resource not found".to_owned(),
                labelled_success: true,
            }),
            "{r}: {:?}",
            op.errors
        );
    }
    // No other operation turns a sample labelled as a success into an error.
    let relabelled: BTreeSet<String> = model
        .operations
        .iter()
        .filter(|op| op.errors.iter().any(|e| e.labelled_success))
        .map(|op| parsed.api.endpoints[op.endpoint].route())
        .collect();
    assert_eq!(relabelled, expected);
}

/// Rule 3. Checks the document-wide error codes, and the errors of `POST /auth/login/initiate`,
/// `POST /auth/token/refresh`, `GET /workspaces/current`, `POST /secure-channel/session`,
/// `POST /secure-channel/session/close`, `POST /recharges/quote`, `GET /wallets/{walletBizId}/flows`.
#[test]
fn one_open_error_model() {
    let (parsed, model) = real();
    let statuses: BTreeMap<&str, Vec<u16>> = model
        .error_codes
        .iter()
        .map(|(code, info)| (code.as_str(), info.statuses.clone()))
        .collect();
    let expected: BTreeMap<&str, Vec<u16>> = [
        ("ACCESS.TOKEN_MISSING", vec![401]),
        ("VALIDATION.INVALID_PARAMETER", vec![400]),
        ("RESOURCE.NOT_FOUND", vec![404]),
        ("AUTH.INVALID_CREDENTIALS", vec![401]),
        ("AUTH.SESSION_NOT_FOUND", vec![404]),
        ("SYSTEM.INTERNAL_ERROR", vec![500]),
        ("SECURE_CHANNEL.INVALID_PAYLOAD", vec![400]),
        ("GA2031", vec![400]),
    ]
    .into_iter()
    .collect();
    assert_eq!(statuses, expected);
    assert_eq!(
        model.error_codes["ACCESS.TOKEN_MISSING"].rust_name,
        "AccessTokenMissing"
    );
    assert_eq!(model.error_codes["GA2031"].rust_name, "Ga2031");

    for (short, pairs) in [
        (
            "POST /auth/login/initiate",
            vec![(401, "AUTH.INVALID_CREDENTIALS")],
        ),
        (
            "POST /auth/token/refresh",
            vec![(404, "AUTH.SESSION_NOT_FOUND")],
        ),
        ("GET /workspaces/current", vec![(400, "GA2031")]),
        (
            "POST /secure-channel/session",
            vec![(400, "SECURE_CHANNEL.INVALID_PAYLOAD")],
        ),
        (
            "POST /secure-channel/session/close",
            vec![(500, "SYSTEM.INTERNAL_ERROR")],
        ),
        (
            "POST /recharges/quote",
            vec![
                (404, "RESOURCE.NOT_FOUND"),
                (400, "VALIDATION.INVALID_PARAMETER"),
            ],
        ),
        (
            "GET /wallets/{walletBizId}/flows",
            vec![(404, "RESOURCE.NOT_FOUND"), (401, "ACCESS.TOKEN_MISSING")],
        ),
        ("GET /constants/countries", vec![]),
    ] {
        let op = operation(&parsed.api, model, &route(short));
        assert_eq!(error_pairs(&op.errors), pairs, "{short}");
    }

    // The set is exactly what the operations document, each code listing its operations.
    let mut documented: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for op in &model.operations {
        for error in &op.errors {
            assert!(
                !error.code.is_empty(),
                "{}: error without code",
                op.operation_id
            );
            documented
                .entry(&error.code)
                .or_default()
                .insert(&op.operation_id);
        }
    }
    for (code, info) in &model.error_codes {
        let ops: BTreeSet<&str> = info.operations.iter().map(String::as_str).collect();
        assert_eq!(Some(&ops), documented.get(code.as_str()), "{code}");
    }
    assert_eq!(documented.len(), model.error_codes.len());
}

/// Rule 4. Counts over all 94 endpoints; `{}` bodies checked at `POST /secure-channel/session`.
#[test]
fn evidence_is_verified_only_by_real_samples() {
    let (parsed, model) = real();
    let labelled = parsed
        .api
        .endpoints
        .iter()
        .filter(|e| {
            e.responses
                .iter()
                .any(|r| r.label == ResponseLabel::Success)
        })
        .count();
    assert_eq!(labelled, 49);
    let verified = model
        .operations
        .iter()
        .filter(|op| op.success.evidence == Evidence::Verified)
        .count();
    // 49 labelled successes, minus the 5 whose envelope says `success: false`, plus the two
    // `/download` endpoints without a sample, whose bytes their path decides.
    assert_eq!(verified, 44 + 2);
    assert_eq!(model.operations.len() - verified, 48);
    for op in &model.operations {
        let r = parsed.api.endpoints[op.endpoint].route();
        match op.success.evidence {
            Evidence::Verified => assert!(op.success.status.is_some(), "{r}"),
            Evidence::Unknown => {
                assert_eq!(op.success.status, None, "{r}");
                assert_eq!(op.success.data, TypeRef::Any, "{r}");
                assert!(op.success.nullable, "{r}");
            }
        }
    }

    let requests: Vec<&RequestBody> = model
        .operations
        .iter()
        .filter_map(|op| op.request.as_ref())
        .collect();
    assert_eq!(requests.len(), 40);
    let unknown = RequestBody {
        ty: TypeRef::Any,
        evidence: Evidence::Unknown,
        kind: BodyKind::Json,
    };
    // 19 `{}` samples; `POST /files/upload`'s is read as a form by its path.
    assert_eq!(requests.iter().filter(|r| ***r == unknown).count(), 19 - 1);
    // A form's fields are the caller's: its type says nothing.
    assert!(requests.iter().all(|r| r.evidence == Evidence::Unknown
        || r.ty != TypeRef::Any
        || r.kind == BodyKind::Multipart));
    assert_eq!(
        operation(&parsed.api, model, &route("POST /secure-channel/session")).request,
        Some(unknown)
    );
    let login = operation(&parsed.api, model, &route("POST /auth/login/initiate"));
    assert_eq!(
        login.request,
        Some(RequestBody {
            ty: named("InitiateLoginRequest"),
            evidence: Evidence::Verified,
            kind: BodyKind::Json,
        })
    );
}

/// Rule 5. Checks `GET /api-keys`, `POST /referrals/mine/query`, `GET /security/sessions/history`
/// and every other paginated list.
#[test]
fn pagination_is_generic() {
    let (parsed, model) = real();
    let page = |item: TypeRef| TypeRef::Page {
        shape: PageShape::Paginated,
        item: Box::new(item),
    };
    let api_keys = operation(&parsed.api, model, &route("GET /api-keys"));
    assert_eq!(api_keys.success.data, page(named("ApiKey")));
    let history = operation(&parsed.api, model, &route("GET /security/sessions/history"));
    assert_eq!(history.success.data, page(named("SessionHistoryEntry")));
    // Items of different pages are different types.
    assert_ne!(api_keys.success.data, history.success.data);
    assert!(struct_fields(model, "ApiKey")
        .iter()
        .all(|f| f.wire_name != "loginResult"));

    let referrals = operation(&parsed.api, model, &route("POST /referrals/mine/query"));
    assert!(
        matches!(
            referrals.success.data,
            TypeRef::Page {
                shape: PageShape::Offset,
                ..
            }
        ),
        "{:?}",
        referrals.success.data
    );

    let pagination: Vec<(&str, &TypeRef)> = struct_fields(model, "Pagination")
        .iter()
        .map(|f| (f.wire_name.as_str(), &f.ty))
        .collect();
    assert_eq!(
        pagination,
        [
            ("totalPages", &TypeRef::Integer),
            ("totalRecords", &TypeRef::Integer),
            ("currentPage", &TypeRef::Integer),
            ("pageSize", &TypeRef::Integer),
            ("hasNext", &TypeRef::Bool),
            ("empty", &TypeRef::Bool),
            ("paginated", &TypeRef::Bool),
        ]
    );

    let paginated: BTreeSet<String> = model
        .operations
        .iter()
        .filter(|op| {
            matches!(
                op.success.data,
                TypeRef::Page {
                    shape: PageShape::Paginated,
                    ..
                }
            )
        })
        .map(|op| parsed.api.endpoints[op.endpoint].route())
        .collect();
    let expected: BTreeSet<String> = [
        "GET /api-keys",
        "GET /exchanges",
        "GET /exports",
        "GET /recharges",
        "GET /security/sessions/history",
        "GET /transfers/query/orders",
        "GET /withdrawals",
    ]
    .into_iter()
    .map(route)
    .collect();
    assert_eq!(paginated, expected);
    assert_eq!(
        model
            .type_named("Pagination")
            .map(|t| t.used_by.iter().cloned().collect::<BTreeSet<_>>()),
        Some(expected)
    );
    // No struct is a page shape of its own.
    for def in &model.types {
        if let TypeKind::Struct { fields, .. } = &def.kind {
            assert!(
                !fields.iter().any(|f| f.wire_name == "items"),
                "{} holds page items",
                def.name
            );
        }
    }
}

/// Rule 6. Checks `Role.permissionCodes` (`GET /roles`, typed from `POST /roles/permissions`),
/// `PermissionNode.children` (`GET /roles/permissions/tree`), `PublicKey.expiresAt`
/// (`GET /secure-channel/public-key`), `PermissionNode.parentBizId`, `SessionConfig.lastLoginIp`
/// (`GET /security/sessions/config`), `IpWhitelist.entries` (`GET /security/ip-whitelist`).
#[test]
fn empty_lists_and_nulls_are_filled_from_evidence() {
    let (_, model) = real();
    let warnings = &REAL.1.warnings;
    let permission_codes = field(model, "Role", "permissionCodes");
    assert_eq!(permission_codes.ty, TypeRef::array(TypeRef::String));

    let children = field(model, "PermissionNode", "children");
    assert_eq!(children.ty, TypeRef::array(named("PermissionNode")));
    assert!(children.guess.is_some());

    let expires = field(model, "PublicKey", "expiresAt");
    assert_eq!(expires.ty, TypeRef::DateTime);
    assert!(expires.nullable && expires.required);

    let parent = field(model, "PermissionNode", "parentBizId");
    assert_eq!(parent.ty, TypeRef::String);
    assert!(parent.nullable);

    let ip = field(model, "SessionConfig", "lastLoginIp");
    assert_eq!(ip.ty, TypeRef::String);
    assert!(ip.nullable);

    let entries = field(model, "IpWhitelist", "entries");
    assert_eq!(entries.ty, TypeRef::array(TypeRef::Any));
    assert!(warnings
        .iter()
        .any(|w| w.message.contains("`IpWhitelist.entries`")));

    // Every guess, and every fallback to a JSON value, is a warning naming the field.
    for def in &model.types {
        if let TypeKind::Struct { fields, .. } = &def.kind {
            for f in fields {
                if f.guess.is_some() || f.ty.is_unknown() {
                    let name = format!("`{}.{}`", def.name, f.wire_name);
                    assert!(
                        warnings.iter().any(|w| w.message.contains(&name)),
                        "no warning names {name}"
                    );
                }
            }
        }
    }

    // There is no "nothing" inside a list or a page.
    for (place, ty) in all_type_refs(model) {
        walk_type(ty, &mut |t| {
            if let TypeRef::Array { item } | TypeRef::Page { item, .. } = t {
                assert_ne!(**item, TypeRef::Unit, "{place}: a list of nothing");
            }
        });
    }
}

/// Rule 7. Checks `Role.roleType` (`GET /roles`), `CurrentWorkspace.workspaceKind`
/// (`GET /workspaces/current`), `Profile.accountStatus` (`GET /profile`),
/// `InitiateLoginResult.mfaMethods` (`POST /auth/login/initiate`), and
/// `GET /constants/countries`, `GET /constants/timezones`.
#[test]
fn dictionary_family() {
    let (_, model) = real();
    assert_eq!(
        field(model, "Role", "roleType").ty,
        dictionary("RoleTypeCode")
    );
    assert_eq!(
        field(model, "CurrentWorkspace", "workspaceKind").ty,
        dictionary("WorkspaceKindCode")
    );
    assert_eq!(
        field(model, "MyWorkspace", "workspaceKind").ty,
        dictionary("WorkspaceKindCode")
    );
    assert_eq!(
        field(model, "Profile", "accountStatus").ty,
        dictionary("AccountStatusCode")
    );
    assert_eq!(
        field(model, "InitiateLoginResult", "mfaMethods").ty,
        TypeRef::array(dictionary("MfaMethodCode"))
    );
    assert_eq!(
        field(model, "Mfa", "mfaMethod").ty,
        dictionary("MfaMethodCode")
    );

    let values = |name: &str| match model.type_named(name).map(|t| &t.kind) {
        Some(TypeKind::OpenEnum { values }) => values.clone(),
        other => panic!("{name} is not an open enum: {other:?}"),
    };
    let role_types = values("RoleTypeCode");
    let wires: Vec<&str> = role_types.iter().map(|v| v.wire.as_str()).collect();
    assert_eq!(wires, ["CUSTOM", "OWNER"]);
    assert_eq!(role_types[1].rust_name, "Owner");
    assert_eq!(role_types[1].label.as_deref(), Some("Owner"));
    assert_eq!(
        role_types[1].description.as_deref(),
        Some("Built-in owner role")
    );
    assert!(model
        .type_named("RoleTypeCode")
        .is_some_and(|t| t.used_by.contains(&route("GET /roles"))));

    let account = values("AccountStatusCode");
    let workspace = values("WorkspaceStatusCode");
    assert!(account.iter().any(|v| v.wire == "ACTIVE"));
    assert!(workspace.iter().any(|v| v.wire == "ACTIVE"));
    assert_ne!(account, workspace, "two families, two enums");
    assert_eq!(
        field(model, "CurrentWorkspace", "workspaceStatus").ty,
        dictionary("WorkspaceStatusCode")
    );

    for name in ["Country", "Timezone"] {
        match model.type_named(name).map(|t| &t.kind) {
            Some(TypeKind::Struct {
                fields,
                extends_dictionary,
            }) => {
                assert!(*extends_dictionary, "{name}");
                let wire: Vec<&str> = fields.iter().map(|f| f.wire_name.as_str()).collect();
                assert_eq!(wire[..3], ["code", "value", "label"], "{name}");
            }
            other => panic!("{name}: {other:?}"),
        }
    }
    assert!(model.dictionary_description_required);
    // Only the constants extend the dictionary item.
    for def in &model.types {
        if let TypeKind::Struct {
            extends_dictionary: true,
            ..
        } = def.kind
        {
            assert!(["Country", "Timezone"].contains(&def.name.as_str()));
        }
    }
}

/// Rule 8. Checks `Role` (from `GET /roles`, `GET /roles/{roleBizId}`, `POST /roles`,
/// `POST /roles/permissions`, `POST /roles/update`), `InitiateLoginResult.accountStatus`
/// (`POST /auth/login/initiate`), and every field of every typed sample.
#[test]
fn required_optional_nullable() {
    let (parsed, model) = real();
    let role = model.type_named("Role").expect("Role");
    let expected: Vec<String> = [
        "GET /roles",
        "GET /roles/{roleBizId}",
        "POST /roles",
        "POST /roles/permissions",
        "POST /roles/update",
    ]
    .into_iter()
    .map(route)
    .collect();
    assert_eq!(role.used_by, expected);
    // Every sample has every field; `description` is optional by the name rule only.
    for f in struct_fields(model, "Role") {
        let by_name = f.wire_name == "description";
        assert_eq!(
            (f.required, f.nullable, f.optional_by),
            (!by_name, by_name, by_name.then_some(OptionalBy::NameRule)),
            "Role.{}",
            f.wire_name
        );
    }

    let status = field(model, "InitiateLoginResult", "accountStatus");
    assert_eq!(status.ty, dictionary("AccountStatusCode"));
    assert!(status.nullable && status.required);

    // Nullable exactly where a sample shows `null`; required exactly where every instance has
    // the field; or a rule of `OptionalBy` made a field every sample has optional, and says so.
    let observed = observe(parsed, model);
    for def in &model.types {
        let TypeKind::Struct { fields, .. } = &def.kind else {
            continue;
        };
        let instances = observed.instances.get(&def.name).copied().unwrap_or(0);
        assert!(instances > 0, "{} has no instance", def.name);
        for f in fields {
            let key = (def.name.clone(), f.wire_name.clone());
            let (present, nulls) = observed.fields.get(&key).copied().unwrap_or((0, 0));
            if let Some(rule) = f.optional_by {
                assert!(present == instances && nulls == 0, "{key:?}: {rule:?}");
                assert!(!f.required, "{key:?}: {rule:?}");
                assert_eq!(f.nullable, rule != OptionalBy::PartialUpdate, "{key:?}");
                continue;
            }
            assert_eq!(
                f.nullable,
                nulls > 0,
                "{}.{} nullable",
                def.name,
                f.wire_name
            );
            assert_eq!(
                f.required,
                present == instances,
                "{}.{} required",
                def.name,
                f.wire_name
            );
        }
    }
}

/// Rule 9. Checks `QuoteRechargeRequest.amount` (`POST /recharges/quote`),
/// `Pagination.totalRecords` (`GET /api-keys`), `Country.phoneCode` (`GET /constants/countries`)
/// and the envelope code `"2000"` of every success.
#[test]
fn numbers_by_meaning() {
    let (_, model) = real();
    let amount = field(model, "QuoteRechargeRequest", "amount");
    assert_eq!(amount.ty, TypeRef::Decimal);
    assert_eq!(
        amount.example.as_ref().map(|e| e.to_value()),
        Some(json!(100))
    );
    assert_eq!(
        field(model, "Pagination", "totalRecords").ty,
        TypeRef::Integer
    );
    let phone = field(model, "Country", "phoneCode");
    assert_eq!(phone.ty, TypeRef::String);
    assert_eq!(
        phone.example.as_ref().map(|e| e.to_value()),
        Some(json!("86"))
    );
    assert_eq!(field(model, "Country", "numericCode").ty, TypeRef::Integer);
    assert_eq!(field(model, "Timezone", "utcOffset").ty, TypeRef::String);
    // "2000" is the success code: never an error code, and no `code` field is a number.
    assert!(!model.error_codes.contains_key("2000"));
    assert!(model.error_codes.contains_key("GA2031"));
    for def in &model.types {
        if let TypeKind::Struct { fields, .. } = &def.kind {
            for f in fields {
                if f.example.as_ref().is_some_and(|e| e.to_value().is_string()) && !f.redacted {
                    assert!(
                        matches!(f.ty, TypeRef::String | TypeRef::DateTime),
                        "{}.{}: a string sample typed {:?}",
                        def.name,
                        f.wire_name,
                        f.ty
                    );
                }
            }
        }
    }
}

/// Rule 10. Checks `Role.createdAt` (6 digits at `GET /roles`, 9 at `POST /roles`),
/// `Session.loginTime` (`GET /security/sessions`), `PermissionNode.bizId`
/// (`GET /roles/permissions/tree`).
#[test]
fn time_is_rfc3339_whatever_the_precision() {
    let (parsed, model) = real();
    assert_eq!(field(model, "Role", "createdAt").ty, TypeRef::DateTime);
    let fraction_digits = |text: &str| {
        text.split_once('.')
            .map(|(_, rest)| rest.trim_end_matches('Z').len())
    };
    let mut digits = BTreeSet::new();
    for r in ["GET /roles", "POST /roles"] {
        let body = &endpoint(&parsed.api, &route(r))
            .success()
            .and_then(|s| s.body.as_ref())
            .expect("a success body")
            .json;
        let data = sample_payload(body).expect("data");
        let roles: Vec<&Json> = match &data.value {
            JsonValue::Array(items) => items.iter().collect(),
            _ => vec![data],
        };
        for role in roles {
            if let Some(JsonValue::String(s)) = role.get("createdAt").map(|c| &c.value) {
                digits.extend(fraction_digits(s));
            }
        }
    }
    assert_eq!(digits, BTreeSet::from([6, 9]));

    let login = field(model, "Session", "loginTime");
    assert_eq!(login.ty, TypeRef::DateTime);
    let example = login
        .example
        .as_ref()
        .map(|e| e.to_value())
        .and_then(|v| v.as_str().map(str::to_owned))
        .expect("a string");
    assert_eq!(fraction_digits(&example), Some(9));
    assert_eq!(
        field(model, "SessionHistoryEntry", "loginTime").ty,
        TypeRef::DateTime
    );

    let biz = field(model, "PermissionNode", "bizId");
    assert_eq!(biz.ty, TypeRef::String);
    assert_eq!(
        biz.example.as_ref().map(|e| e.to_value()),
        Some(json!("64db79b4-af35-4101-8f76-a1096183df5a"))
    );
    assert_eq!(field(model, "PublicKey", "keyId").ty, TypeRef::String);
}

/// Rule 11. Checks `InitiateLoginResult.sessionId` (`POST /auth/login/initiate`) and
/// `RefreshTokenResult.accessToken` (`POST /auth/token/refresh`).
#[test]
fn placeholders_are_redacted_strings() {
    let (_, model) = real();
    let session = field(model, "InitiateLoginResult", "sessionId");
    assert_eq!(session.ty, TypeRef::String);
    assert!(session.redacted);
    assert_eq!(
        session.example.as_ref().map(|e| e.to_value()),
        Some(json!("{sessionId}"))
    );
    for wire in ["accessToken", "refreshToken"] {
        let token = field(model, "RefreshTokenResult", wire);
        assert_eq!(token.ty, TypeRef::String, "{wire}");
        assert!(token.redacted, "{wire}");
    }
    assert!(field(model, "ForgotPasswordRequest", "turnstileToken").redacted);
    assert!(!field(model, "Role", "roleName").redacted);
    assert!(!field(model, "InitiateLoginResult", "expiresIn").redacted);
}

/// Rule 12. Checks type names over the whole document, and `GET /workspaces/current` vs
/// `GET /workspaces/mine`.
#[test]
fn structural_dedupe_and_names() {
    let (parsed, model) = real();
    for name in [
        "Role",
        "Profile",
        "ApiKey",
        "ApiKeyCreated",
        "Session",
        "PermissionNode",
        "Country",
        "Timezone",
        "SessionHistoryEntry",
        "CurrentWorkspace",
        "MyWorkspace",
        "Pagination",
    ] {
        assert!(model.type_named(name).is_some(), "no type {name}");
    }
    assert_eq!(
        operation(&parsed.api, model, &route("GET /workspaces/current"))
            .success
            .data,
        named("CurrentWorkspace")
    );
    assert_eq!(
        operation(&parsed.api, model, &route("GET /workspaces/mine"))
            .success
            .data,
        TypeRef::array(named("MyWorkspace"))
    );
    let shapes: BTreeMap<String, Vec<String>> = type_shapes(model).into_iter().collect();
    assert_ne!(shapes["CurrentWorkspace"], shapes["MyWorkspace"]);
    assert_eq!(
        operation(&parsed.api, model, &route("POST /api-keys"))
            .success
            .data,
        named("ApiKeyCreated")
    );

    let names: Vec<&str> = model.types.iter().map(|t| t.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(names, sorted, "types are sorted by name and unique");
    for name in &names {
        assert!(
            name.starts_with(|c: char| c.is_ascii_uppercase())
                && name.chars().all(|c| c.is_ascii_alphanumeric()),
            "{name} is not PascalCase"
        );
        assert!(!name.ends_with(|c: char| c.is_ascii_digit()), "{name}");
        assert!(!name.contains("Purple"), "{name}");
        for garbage in ["Item", "Data", "Success", "Object"] {
            assert!(!name.ends_with(garbage), "{name} ends with {garbage}");
        }
        assert!(
            !sdkgen::naming::RESERVED_NAMES.contains(name),
            "{name} is reserved"
        );
    }
    // Structural dedupe: no two response structs have the same field set (request bodies stay
    // apart, one per endpoint).
    let mut seen: BTreeMap<&Vec<String>, &str> = BTreeMap::new();
    for (name, fields) in &shapes {
        let is_struct = matches!(
            model.type_named(name).map(|t| &t.kind),
            Some(TypeKind::Struct { .. })
        );
        if is_struct {
            if let Some(other) = seen.insert(fields, name) {
                assert!(
                    other.ends_with("Request") || name.ends_with("Request"),
                    "{other} and {name} have the same fields"
                );
            }
        }
    }

    // Wire names kept; Rust names snake_case.
    let login = field(model, "InitiateLoginResult", "mfaMethods");
    assert_eq!(login.rust_name, "mfa_methods");
    assert_eq!(
        field(model, "Country", "alpha2Code").rust_name,
        "alpha2_code"
    );
    assert_eq!(
        field(model, "Pagination", "totalRecords").rust_name,
        "total_records"
    );
    for def in &model.types {
        if let TypeKind::Struct { fields, .. } = &def.kind {
            let mut rust: BTreeSet<&str> = BTreeSet::new();
            for f in fields {
                assert!(
                    f.rust_name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                    "{}.{}",
                    def.name,
                    f.rust_name
                );
                assert!(rust.insert(&f.rust_name), "{}.{}", def.name, f.rust_name);
                assert_eq!(sdkgen::naming::snake_ident(&f.wire_name), f.rust_name);
            }
        }
    }
}

/// Rule 13. The whole document, inferred twice, and with its endpoints in reverse order.
#[test]
fn inference_is_deterministic() {
    let (parsed, model) = real();
    let once = serde_json::to_string(model).expect("serializes");
    let twice = serde_json::to_string(&infer(parsed).model).expect("serializes");
    assert_eq!(once, twice);

    let mut reversed = parsed.clone();
    reversed.api.endpoints.reverse();
    let backwards = infer(&reversed).model;
    assert_eq!(type_shapes(&backwards), type_shapes(model));

    let signatures = |parsed: &Parsed, model: &Model| -> BTreeMap<String, (String, String)> {
        model
            .operations
            .iter()
            .map(|op| {
                (
                    parsed.api.endpoints[op.endpoint].route(),
                    (op.operation_id.clone(), display_type(&op.success.data)),
                )
            })
            .collect()
    };
    assert_eq!(signatures(&reversed, &backwards), signatures(parsed, model));
    assert_eq!(
        backwards.error_codes.keys().collect::<Vec<_>>(),
        model.error_codes.keys().collect::<Vec<_>>()
    );
}

/// Rule 14. Every endpoint: the request sample and the success `data` validate against the
/// types inferred from them.
#[test]
fn every_sample_validates_against_its_inferred_type() {
    let (parsed, model) = real();
    let samples = typed_samples(parsed, model);
    // 21 non-empty requests and 44 verified successes.
    assert_eq!(samples.iter().filter(|s| s.1 == "request").count(), 21);
    assert_eq!(samples.iter().filter(|s| s.1 == "success data").count(), 44);
    let failures: Vec<String> = samples
        .iter()
        .filter_map(|(r, what, ty, json, nullable)| {
            validate(model, ty, json, *nullable)
                .err()
                .map(|e| format!("{r} {what}: {e}"))
        })
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");
    // And validation is not vacuous: a sample of another type fails.
    let roles = endpoint(&parsed.api, &route("GET /roles"));
    let data = roles
        .success()
        .and_then(|s| s.body.as_ref())
        .and_then(|b| sample_payload(&b.json))
        .expect("data");
    assert!(validate(model, &named("Profile"), data, false).is_err());
}

/// Rule 15. Method names of `Roles`, `Auth` and a few more groups.
#[test]
fn method_names_are_natural_and_unique() {
    let (parsed, model) = real();
    for (short, module, name) in [
        ("GET /roles", "roles", "list"),
        ("GET /roles/{roleBizId}", "roles", "get"),
        ("POST /roles", "roles", "create"),
        ("POST /roles/update", "roles", "update"),
        ("POST /roles/delete", "roles", "delete"),
        (
            "GET /roles/{roleBizId}/permissions",
            "roles",
            "list_permissions",
        ),
        ("POST /auth/login/initiate", "auth", "initiate_login"),
        ("POST /auth/logout", "auth", "logout"),
        ("POST /auth/token/refresh", "auth", "refresh_token"),
        ("POST /auth/password/forgot", "auth", "forgot_password"),
        ("GET /api-keys", "api_keys", "list"),
        ("GET /api-keys/{keyBizId}", "api_keys", "get"),
        (
            "POST /security/sessions/terminate-all",
            "security",
            "terminate_all_sessions",
        ),
        ("GET /constants/countries", "constants", "list_countries"),
        ("GET /workspaces/current", "workspace", "get_current"),
        ("POST /recharges/{bizId}/cancel", "recharges", "cancel"),
        ("GET /exports/{bizId}/download", "export", "download"),
        ("GET /withdrawal-channels", "withdrawal_channels", "list"),
        ("POST /withdrawal-channels", "withdrawal_channels", "create"),
    ] {
        let op = operation(&parsed.api, model, &route(short));
        assert_eq!(
            (op.group_module.as_str(), op.name.as_str()),
            (module, name),
            "{short}"
        );
    }
    assert_eq!(
        operation(&parsed.api, model, &route("POST /auth/login/initiate")).operation_id,
        "authInitiateLogin"
    );

    let mut ids = BTreeSet::new();
    let mut methods = BTreeSet::new();
    for op in &model.operations {
        assert!(ids.insert(&op.operation_id), "{} twice", op.operation_id);
        assert!(
            methods.insert((&op.group_module, &op.name)),
            "{}::{} twice",
            op.group_module,
            op.name
        );
        assert!(
            op.operation_id
                .starts_with(|c: char| c.is_ascii_lowercase())
                && op.operation_id.chars().all(|c| c.is_ascii_alphanumeric()),
            "{} is not URL-safe camelCase",
            op.operation_id
        );
        // A method never repeats its group's name (`withdrawal_channels.list`).
        assert!(
            !op.name.ends_with(op.group_module.as_str()),
            "{}::{}",
            op.group_module,
            op.name
        );
        for part in [&op.name, &op.group_module] {
            assert!(
                part.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{part}"
            );
        }
    }
}

/// How many operations need the token, send it when set, or do not send it.
fn auth_counts(model: &Model) -> [usize; 3] {
    let count = |auth: AuthUse| model.operations.iter().filter(|op| op.auth == auth).count();
    [
        count(AuthUse::Required),
        count(AuthUse::Optional),
        count(AuthUse::None),
    ]
}

/// Evidence over the header table: 39 endpoints answer HTTP 401 `ACCESS.TOKEN_MISSING`
/// ("Authentication token is required") yet list `Authorization` as optional (30) or not at
/// all (9). Each is made `Required`, with one `auth-from-error-sample` warning at its 401
/// sample; the others keep what their table says. Checks `POST /files/upload` (optional in the
/// table) and `POST /security/ip-whitelist` (not in the table).
#[test]
fn a_401_that_says_the_token_is_missing_makes_it_required() {
    let (parsed, model) = real();
    let table = |auth: AuthUse| {
        parsed
            .api
            .endpoints
            .iter()
            .filter(|e| {
                let row = e
                    .headers
                    .iter()
                    .find(|h| h.name.eq_ignore_ascii_case("authorization"));
                auth == match row {
                    Some(h) if h.required => AuthUse::Required,
                    Some(_) => AuthUse::Optional,
                    None => AuthUse::None,
                }
            })
            .count()
    };
    // What the header tables say, then what the model decides.
    assert_eq!(
        [
            table(AuthUse::Required),
            table(AuthUse::Optional),
            table(AuthUse::None)
        ],
        [17, 60, 17]
    );
    assert_eq!(auth_counts(model), [17 + 39, 60 - 30, 17 - 9]);
    let missing: Vec<&sdkgen::model::Operation> = model
        .operations
        .iter()
        .filter(|op| {
            op.errors
                .iter()
                .any(|e| e.status == 401 && e.code == "ACCESS.TOKEN_MISSING")
        })
        .collect();
    assert_eq!(missing.len(), 39);
    assert!(missing.iter().all(|op| op.auth == AuthUse::Required));

    for r in ["POST /files/upload", "POST /security/ip-whitelist"] {
        let op = operation(&parsed.api, model, &route(r));
        assert_eq!(op.auth, AuthUse::Required, "{r}");
        let header = op
            .headers
            .iter()
            .find(|h| h.role == HeaderRole::Authorization)
            .unwrap_or_else(|| panic!("{r} sends Authorization"));
        assert!(header.required, "{r}");
    }
    // No documented header turns required from these samples: none names one.
    let before = real_document();
    for (op, e) in model.operations.iter().zip(&before.api.endpoints) {
        for header in op
            .headers
            .iter()
            .filter(|h| h.role != HeaderRole::Authorization)
        {
            let row = e.headers.iter().find(|h| h.name == header.wire_name);
            assert_eq!(
                row.map(|h| h.required),
                Some(header.required),
                "{}",
                e.route()
            );
        }
    }

    let warnings: Vec<_> = REAL
        .1
        .warnings
        .iter()
        .filter(|w| w.code == "auth-from-error-sample")
        .collect();
    assert_eq!(warnings.len(), 39);
    let upload = warnings
        .iter()
        .find(|w| w.message.contains("`POST /web/v1/partner/files/upload`"))
        .expect("a warning for the upload");
    assert_eq!(
        upload.message,
        "`POST /web/v1/partner/files/upload` lists `Authorization` as optional, but its HTTP 401 \
         sample (`ACCESS.TOKEN_MISSING`: \"Authentication token is required\") says the token is \
         required: the header table disagrees with the samples, so the client requires a bearer \
         token for it and refuses to send the call without one"
    );
    assert!(upload
        .hint
        .as_deref()
        .is_some_and(|h| h.contains("`auth = \"optional\"`")));
    // At the 401 sample: its line is the body's opening brace, after the `(HTTP 401)` label.
    let upload_endpoint = endpoint(&parsed.api, &route("POST /files/upload"));
    let sample = upload_endpoint
        .responses
        .iter()
        .find(|r| r.status == 401)
        .and_then(|r| r.body.as_ref())
        .expect("the 401 sample");
    assert_eq!(upload.span.line, sample.span.line);
    let none = warnings
        .iter()
        .find(|w| {
            w.message
                .contains("`POST /web/v1/partner/security/ip-whitelist`")
        })
        .expect("a warning for the ip whitelist");
    assert!(
        none.message.contains("does not list `Authorization`"),
        "{}",
        none.message
    );
}

/// Bytes and forms by path: the two `/download` endpoints have no success sample and answer
/// bytes; `POST /files/upload` (request sample `{}`) takes a form. Nothing else changes kind,
/// and each comes with its warning naming the `sdkgen.toml` setting that switches it back.
#[test]
fn download_paths_answer_bytes_and_upload_paths_take_forms() {
    let (parsed, model) = real();
    let bytes: Vec<String> = model
        .operations
        .iter()
        .filter(|op| op.success.data == TypeRef::Bytes)
        .map(|op| parsed.api.endpoints[op.endpoint].route())
        .collect();
    assert_eq!(
        bytes,
        [
            route("GET /exports/{bizId}/download"),
            route("GET /files/{bizId}/download")
        ]
    );
    for r in &bytes {
        let op = operation(&parsed.api, model, r);
        assert_eq!(op.success.status, Some(200));
        assert!(!op.success.enveloped && !op.success.nullable);
    }
    let forms: Vec<String> = model
        .operations
        .iter()
        .filter(|op| {
            op.request
                .as_ref()
                .is_some_and(|r| r.kind == BodyKind::Multipart)
        })
        .map(|op| parsed.api.endpoints[op.endpoint].route())
        .collect();
    assert_eq!(forms, [route("POST /files/upload")]);

    let warnings = &REAL.1.warnings;
    let binary: Vec<_> = warnings
        .iter()
        .filter(|w| w.code == "binary-by-path")
        .collect();
    assert_eq!(binary.len(), 2);
    assert!(binary[1].message.starts_with(
        "`GET /web/v1/partner/files/{bizId}/download` has no success sample and its path ends \
         in `/download`"
    ));
    assert_eq!(
        binary[1].hint.as_deref(),
        Some(
            "if it answers with JSON, write `response = \"json\"` under \
             `[endpoints.\"GET /web/v1/partner/files/{bizId}/download\"]` in sdkgen.toml (or give \
             a `success_sample`)"
        )
    );
    let multipart: Vec<_> = warnings
        .iter()
        .filter(|w| w.code == "multipart-by-path")
        .collect();
    assert_eq!(multipart.len(), 1);
    assert!(multipart[0]
        .hint
        .as_deref()
        .is_some_and(|h| h.contains("`request = \"json\"`")));
}

// ---------------------------------------------------------------------------------------------
// Documents of our own
// ---------------------------------------------------------------------------------------------

fn infer_fixture(name: &str) -> (Parsed, Inferred) {
    let parsed = fixture(&format!("infer/{name}"));
    let inferred = infer(&parsed);
    let failures: Vec<String> = typed_samples(&parsed, &inferred.model)
        .iter()
        .filter_map(|(r, what, ty, json, nullable)| {
            validate(&inferred.model, ty, json, *nullable)
                .err()
                .map(|e| format!("{r} {what}: {e}"))
        })
        .collect();
    assert!(failures.is_empty(), "{name}: {failures:#?}");
    (parsed, inferred)
}

fn success_of<'a>(parsed: &Parsed, model: &'a Model, r: &str) -> &'a TypeRef {
    let op = operation(&parsed.api, model, r);
    assert_eq!(op.success.evidence, Evidence::Verified, "{r}");
    &op.success.data
}

/// `fixtures/infer/numbers.txt`: fractions are floats, money is decimal, whole numbers integers.
#[test]
fn fixture_floats_and_decimals() {
    let (parsed, inferred) = infer_fixture("numbers.txt");
    let model = &inferred.model;
    let ty = success_of(&parsed, model, "GET /v1/rates/current");
    let TypeRef::Named { name } = ty else {
        panic!("{ty:?}")
    };
    for (wire, expected) in [
        ("ratio", TypeRef::Float),
        ("fee", TypeRef::Decimal),
        ("count", TypeRef::Integer),
        ("totalAmount", TypeRef::Decimal),
        ("weights", TypeRef::array(TypeRef::Float)),
    ] {
        assert_eq!(field(model, name, wire).ty, expected, "{wire}");
    }
    assert!(inferred.warnings.is_empty(), "{:?}", inferred.warnings);
}

/// `fixtures/infer/nested-arrays.txt`: lists of lists keep their depth.
#[test]
fn fixture_nested_arrays() {
    let (parsed, inferred) = infer_fixture("nested-arrays.txt");
    let model = &inferred.model;
    let TypeRef::Named { name } = success_of(&parsed, model, "GET /v1/grids/{gridId}") else {
        panic!("not a struct")
    };
    let vec = TypeRef::array;
    assert_eq!(field(model, name, "rows").ty, vec(vec(TypeRef::Integer)));
    assert_eq!(field(model, name, "labels").ty, vec(vec(TypeRef::String)));
    assert_eq!(field(model, name, "cube").ty, vec(vec(vec(TypeRef::Float))));
    assert_eq!(
        display_type(&field(model, name, "rows").ty),
        "Vec<Vec<i64>>"
    );
}

/// `fixtures/infer/booleans.txt`: booleans, lists of booleans, a `null` typed from the same
/// field in a request, and a bare boolean `data`.
#[test]
fn fixture_booleans() {
    let (parsed, inferred) = infer_fixture("booleans.txt");
    let model = &inferred.model;
    let TypeRef::Named { name } = success_of(&parsed, model, "GET /v1/flags") else {
        panic!("not a struct")
    };
    assert_eq!(field(model, name, "enabled").ty, TypeRef::Bool);
    assert_eq!(field(model, name, "beta").ty, TypeRef::Bool);
    assert_eq!(
        field(model, name, "history").ty,
        TypeRef::array(TypeRef::Bool)
    );
    let archived = field(model, name, "archived");
    assert_eq!(archived.ty, TypeRef::Bool);
    assert!(archived.nullable && archived.guess.is_some());
    assert_eq!(
        success_of(&parsed, model, "POST /v1/flags/update"),
        &TypeRef::Bool
    );
    let request = operation(&parsed.api, model, "POST /v1/flags/update")
        .request
        .as_ref()
        .expect("a request");
    assert_eq!(request.evidence, Evidence::Verified);
    let TypeRef::Named { name } = &request.ty else {
        panic!("{:?}", request.ty)
    };
    assert!(name.ends_with("Request"), "{name}");
    assert_eq!(field(model, name, "archived").ty, TypeRef::Bool);
}

/// `fixtures/infer/top-level-array.txt`: a bare list body is not an envelope.
#[test]
fn fixture_top_level_array_is_not_enveloped() {
    let (parsed, inferred) = infer_fixture("top-level-array.txt");
    let model = &inferred.model;
    assert!(!model.enveloped);
    assert_eq!(
        success_of(&parsed, model, "GET /v1/tags"),
        &TypeRef::array(named("Tag"))
    );
    assert_eq!(field(model, "Tag", "id").ty, TypeRef::String);
    assert_eq!(field(model, "Tag", "weight").ty, TypeRef::Integer);
    // A one-endpoint group named after its only path segment: `tags.list`, not `list_tags`.
    assert_eq!(operation(&parsed.api, model, "GET /v1/tags").name, "list");
}

/// `fixtures/infer/scalar-data.txt`: `data` that is a number, a string, a boolean.
#[test]
fn fixture_scalar_data() {
    let (parsed, inferred) = infer_fixture("scalar-data.txt");
    let model = &inferred.model;
    assert!(model.enveloped);
    assert!(model.types.is_empty(), "{:?}", model.types);
    for (r, ty) in [
        ("GET /v1/counters/total", TypeRef::Integer),
        ("GET /v1/counters/label", TypeRef::String),
        ("GET /v1/counters/ready", TypeRef::Bool),
    ] {
        assert_eq!(success_of(&parsed, model, r), &ty, "{r}");
        assert!(!operation(&parsed.api, model, r).success.nullable);
    }
}

/// `fixtures/infer/plain-object.txt`: objects that are not envelopes, even one with a
/// `success` flag of its own.
#[test]
fn fixture_plain_object_is_not_enveloped() {
    let (parsed, inferred) = infer_fixture("plain-object.txt");
    let model = &inferred.model;
    assert!(!model.enveloped);
    let TypeRef::Named { name } = success_of(&parsed, model, "GET /v1/health") else {
        panic!("not a struct")
    };
    let wire: Vec<&str> = struct_fields(model, name)
        .iter()
        .map(|f| f.wire_name.as_str())
        .collect();
    assert_eq!(wire, ["status", "uptimeSeconds", "checkedAt"]);
    assert_eq!(field(model, name, "checkedAt").ty, TypeRef::DateTime);

    let ping = success_of(&parsed, model, "GET /v1/health/ping");
    let TypeRef::Named { name } = ping else {
        panic!("`{{success, latencyMs}}` is data, not an envelope: {ping:?}")
    };
    assert_eq!(field(model, name, "success").ty, TypeRef::Bool);
    assert_eq!(field(model, name, "latencyMs").ty, TypeRef::Integer);
}

/// `fixtures/infer/varying-keys.txt`: one list, objects with different keys, one type.
#[test]
fn fixture_objects_with_different_keys() {
    let (parsed, inferred) = infer_fixture("varying-keys.txt");
    let model = &inferred.model;
    assert_eq!(
        success_of(&parsed, model, "GET /v1/members"),
        &TypeRef::array(named("Member"))
    );
    assert_eq!(model.types.len(), 1);
    for (wire, required) in [
        ("memberId", true),
        ("name", true),
        ("nickname", false),
        ("team", false),
    ] {
        let f = field(model, "Member", wire);
        assert_eq!(f.required, required, "{wire}");
        assert!(!f.nullable, "{wire}");
        assert_eq!(f.ty, TypeRef::String, "{wire}");
    }
}

/// `fixtures/infer/mixed-kinds.txt`: a field that is a string, a number and a boolean, and a
/// list whose elements are strings in one item and numbers in another.
#[test]
fn fixture_mixed_kinds_are_any_with_a_warning() {
    let (parsed, inferred) = infer_fixture("mixed-kinds.txt");
    let model = &inferred.model;
    assert_eq!(
        success_of(&parsed, model, "GET /v1/settings"),
        &TypeRef::array(named("Setting"))
    );
    assert_eq!(field(model, "Setting", "key").ty, TypeRef::String);
    for (wire, ty) in [
        ("setting", TypeRef::Any),
        ("history", TypeRef::array(TypeRef::Any)),
    ] {
        let f = field(model, "Setting", wire);
        assert_eq!(f.ty, ty, "{wire}");
        assert!(f.guess.is_some(), "{wire}");
        let name = format!("`Setting.{wire}`");
        let warning = inferred
            .warnings
            .iter()
            .find(|w| w.message.contains(&name))
            .unwrap_or_else(|| panic!("no warning names {name}"));
        assert_eq!(warning.code, "type-guess");
        assert!(
            warning.message.contains("different kinds"),
            "{}",
            warning.message
        );
    }
    assert_eq!(inferred.warnings.len(), 2, "{:?}", inferred.warnings);
}

/// `fixtures/infer/markdown-form.md` and `.txt`: the same document in both forms gives the same
/// model and the same warnings.
#[test]
fn fixture_markdown_form_gives_the_same_model() {
    fn without_spans(value: &mut Value) {
        match value {
            Value::Object(map) => {
                map.remove("span");
                map.values_mut().for_each(without_spans);
            }
            Value::Array(items) => items.iter_mut().for_each(without_spans),
            _ => {}
        }
    }
    let (_, text) = infer_fixture("markdown-form.txt");
    let (_, markdown) = infer_fixture("markdown-form.md");
    let mut a = serde_json::to_value(&text.model).expect("serializes");
    let mut b = serde_json::to_value(&markdown.model).expect("serializes");
    without_spans(&mut a);
    without_spans(&mut b);
    assert_eq!(a, b);
    let messages =
        |i: &Inferred| -> Vec<String> { i.warnings.iter().map(|w| w.message.clone()).collect() };
    assert_eq!(messages(&text), messages(&markdown));

    // And the document exercises what it is meant to.
    let model = &text.model;
    assert!(model.enveloped);
    assert!(model.type_named("Pet").is_some());
    assert!(model.type_named("Pagination").is_some());
    assert!(matches!(
        model.type_named("CategoryCode").map(|t| &t.kind),
        Some(TypeKind::OpenEnum { .. })
    ));
    assert!(model.error_codes.contains_key("PET.NOT_FOUND"));
}

/// Whole numbers beyond `i64` get a type every sample decodes into, with a warning naming the
/// field, and the OpenAPI document and the pages show every number exactly as the sample
/// writes it (before: `i64`, `1.8446744073709552e+19`, and `1e-400` as `0.0`).
#[test]
fn numbers_beyond_i64_and_f64_keep_their_type_and_text() {
    let text = "Numbers API\nTotal endpoints: 1\nCounters\nGET /counters\nSuccess Response: (HTTP 200)\n\
        {\"success\": true, \"data\": {\"views\": 18446744073709551615, \"huge\": 18446744073709551616, \"tiny\": 1e-400, \"small\": 3}}\n";
    let dir = std::env::temp_dir().join(format!("sdkgen-numbers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("numbers.txt");
    std::fs::write(&path, text).expect("written");
    let rendered = sdkgen::Config::new([&path]).render().expect("renders");
    let model = &rendered.inferred.model;
    let name = model
        .types
        .iter()
        .find(|t| matches!(&t.kind, TypeKind::Struct { .. }))
        .map(|t| t.name.clone())
        .expect("one struct");
    assert_eq!(field(model, &name, "views").ty, TypeRef::Unsigned);
    assert_eq!(field(model, &name, "huge").ty, TypeRef::Decimal);
    assert_eq!(field(model, &name, "small").ty, TypeRef::Integer);
    let warnings: Vec<&str> = rendered
        .inferred
        .warnings
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        warnings.iter().any(|w| w.starts_with(
            "`views`: the whole number 18446744073709551615 does not fit i64; typed as u64"
        )),
        "{warnings:?}"
    );
    assert!(warnings.iter().any(|w| w.starts_with("`huge`: the whole number 18446744073709551616 does not fit i64; typed as an exact decimal")), "{warnings:?}");
    let file = |suffix: &str| {
        rendered
            .files
            .iter()
            .find(|(p, _)| p.ends_with(suffix))
            .map(|(_, content)| content.clone())
            .unwrap_or_else(|| panic!("no {suffix}"))
    };
    let openapi = file("openapi.json");
    for exact in ["18446744073709551615", "18446744073709551616", "1e-400"] {
        assert!(openapi.contains(exact), "{exact} in the OpenAPI document");
    }
    assert!(
        !openapi.contains("e+19"),
        "no rounded number in the OpenAPI document"
    );
    assert!(
        openapi.contains("\"format\": \"uint64\""),
        "u64 is integer/uint64"
    );
    let openapi: Value = serde_json::from_str(&openapi).expect("still JSON");
    assert!(openapi.is_object());
    let pages: String = rendered
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("docs/"))
        .map(|(_, content)| content.as_str())
        .collect();
    for exact in ["18446744073709551615", "18446744073709551616", "1e-400"] {
        assert!(pages.contains(exact), "{exact} in the pages");
    }
    assert!(!pages.contains("e+19"), "no rounded number in the pages");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The adversarial shapes of scripts/adversarial.py at a moderate size are read whole: every key
/// of a wide object and of items with varying keys becomes a field, in first-seen order, and
/// every error sample of one endpoint is kept. (Their cost is measured by
/// `scripts/bench.py --adversarial`, not here.)
#[test]
fn wide_objects_varying_items_and_many_errors_are_read_whole() {
    let n = 2000;
    let head =
        "Shapes API\nTotal endpoints: 1\nShapes\nGET /shapes\nSuccess Response: (HTTP 200)\n";
    let keys: Vec<String> = (0..n).map(|k| format!("\"k{k}\": {k}")).collect();
    let wide = format!(
        "{head}{{\"success\": true, \"data\": {{{}}}}}\n",
        keys.join(", ")
    );
    let items: Vec<String> = (0..n)
        .map(|k| format!("{{\"id\": {k}, \"k{k}\": \"v\", \"k{}\": {k}}}", k + 1))
        .collect();
    let varying = format!(
        "{head}{{\"success\": true, \"data\": [{}]}}\n",
        items.join(", ")
    );
    for (text, fields, second, last) in [(wide, n, "k1", "k1999"), (varying, n + 2, "k0", "k2000")]
    {
        let parsed = sdkgen::parse_str("shapes.txt", &text).expect("parses");
        let model = sdkgen::infer::infer(&parsed).model;
        let def = model
            .types
            .iter()
            .find(|t| matches!(&t.kind, TypeKind::Struct { .. }))
            .expect("one struct");
        let TypeKind::Struct { fields: got, .. } = &def.kind else {
            unreachable!()
        };
        assert_eq!(got.len(), fields);
        assert_eq!(got[1].wire_name, second);
        assert_eq!(got.last().map(|f| f.wire_name.as_str()), Some(last));
    }
    let mut errors = format!("{head}{{\"success\": true, \"data\": {{\"id\": 1}}}}\n");
    for k in 0..n {
        errors.push_str(&format!(
            "Error Response: (HTTP 400)\n{{\"success\": false, \"code\": \"E{k}\", \"message\": \"m\", \"data\": null}}\n"
        ));
    }
    let parsed = sdkgen::parse_str("shapes.txt", &errors).expect("parses");
    let model = sdkgen::infer::infer(&parsed).model;
    assert_eq!(model.operations[0].errors.len(), n);
    assert_eq!(model.error_codes.len(), n);
}

/// Each response's outcome is decided once, in the model: the envelope's `success` flag, else
/// the status. `POST /recharges/quote` is labelled "Success Response: (HTTP 404)" but its
/// envelope says `success: false`: an error, and no success sample.
#[test]
fn every_response_has_its_outcome_in_the_model() {
    let (parsed, model) = real();
    let mut counted = 0;
    for (response, outcome) in model.responses(&parsed.api) {
        counted += 1;
        assert_eq!(outcome.status, response.status);
        let body = response.body.as_ref().map(|b| &b.json);
        let flag = body
            .filter(|b| b.get("data").is_some() || b.get("code").is_some())
            .and_then(|b| match b.get("success").map(|s| &s.value) {
                Some(JsonValue::Bool(flag)) => Some(*flag),
                _ => None,
            });
        assert_eq!(outcome.enveloped, flag.is_some());
        assert_eq!(
            outcome.success,
            flag.unwrap_or((200..300).contains(&response.status))
        );
        if let Some(body) = body {
            assert_eq!(outcome.payload(response), sample_payload(body));
        }
    }
    let total: usize = parsed.api.endpoints.iter().map(|e| e.responses.len()).sum();
    assert_eq!(counted, total);
    let quote = operation(&parsed.api, model, &route("POST /recharges/quote"));
    assert_eq!(quote.success_response, None);
    assert_eq!(quote.responses[0].status, 404);
    assert!(!quote.responses[0].success && quote.responses[0].enveloped);
    assert!(quote.responses[0].code.is_some());
    let roles = operation(&parsed.api, model, &route("GET /roles"));
    let success = roles
        .success_response
        .expect("GET /roles has a success sample");
    assert!(roles.responses[success].success);
    let endpoint = &parsed.api.endpoints[roles.endpoint];
    assert!(roles.success_payload(endpoint).is_some());
}

/// `fixtures/overrides/evidence/evidence-api.txt` (read without its `sdkgen.toml`): a 401 that
/// says the token is missing makes it required whether the table lists it as optional or not at
/// all, an expired token does not; a 400 saying the workspace id header is required makes that
/// optional header required; `/download` without a success sample answers bytes, with one it is
/// JSON; `/upload` with `{}` takes a form, with fields it is JSON.
#[test]
fn fixture_evidence_over_the_header_table() {
    let (parsed, inferred) = infer_fixture("../overrides/evidence/evidence-api.txt");
    let model = &inferred.model;
    let op = |r: &str| operation(&parsed.api, model, r);
    assert_eq!(op("GET /v1/reports").auth, AuthUse::Required);
    assert_eq!(op("GET /v1/reports/summary").auth, AuthUse::Required);
    assert_eq!(op("GET /v1/reports/latest").auth, AuthUse::Optional);

    let download = op("GET /v1/reports/{reportId}/download");
    assert_eq!(download.success.data, TypeRef::Bytes);
    let workspace = download
        .headers
        .iter()
        .find(|h| h.wire_name == "X-Workspace-Id")
        .expect("the workspace header");
    assert!(workspace.required);
    assert!(matches!(
        op("GET /v1/reports/{reportId}/link/download").success.data,
        TypeRef::Named { .. }
    ));
    assert_eq!(
        op("POST /v1/reports/upload")
            .request
            .as_ref()
            .map(|r| r.kind),
        Some(BodyKind::Multipart)
    );
    let import = op("POST /v1/reports/import/upload")
        .request
        .as_ref()
        .expect("a body");
    assert_eq!(
        (import.kind, import.evidence),
        (BodyKind::Json, Evidence::Verified)
    );

    let codes: Vec<&str> = inferred.warnings.iter().map(|w| w.code).collect();
    assert_eq!(
        codes,
        [
            "auth-from-error-sample",
            "auth-from-error-sample",
            "binary-by-path",
            "header-from-error-sample",
            "multipart-by-path"
        ]
    );
    let header = &inferred.warnings[3];
    assert_eq!(
        header.message,
        "`GET /v1/reports/{reportId}/download`: its HTTP 400 sample (`WORKSPACE.HEADER_MISSING`: \
         \"Workspace id header is required\") says the `X-Workspace-Id` header is required, but \
         the header table lists it as optional: the client requires it for this call"
    );
}
