//! `sdkgen diff` on pairs of small documents cut from the real one: each case under
//! `tests/fixtures/diff/<case>/` holds `old.txt`, `new.txt` and the expected report as golden
//! files (`expected.txt`, `expected.json`, and `expected.md` for the `release` case).
//!
//! Each case has its own test, which checks the findings that matter (check id, severity,
//! crate effect, location, suggested version) and then the goldens. `SDKGEN_BLESS=1` rewrites
//! the goldens instead of comparing them; review the change with `git diff` before committing.

use sdkgen::diff::{Change, Check, CrateEffect, DiffReport, Version, WireSeverity};
use sdkgen::model::{Model, TypeKind, TypeRef};
use sdkgen_tests::repo_root;

use CrateEffect::{Major, Minor, Patch};
use WireSeverity::{Breaking, Compatible, PossiblyBreaking};

const BLESS: &str = "SDKGEN_BLESS";

/// Reads `SDKGEN_BLESS`: unset or `0` compares, `1` rewrites; anything else is a mistake.
fn bless_mode(value: Option<&str>) -> Result<bool, String> {
    match value {
        None | Some("0") => Ok(false),
        Some("1") => Ok(true),
        Some(other) => Err(format!(
            "{BLESS} must be 0 or 1 (got {other:?}); `{BLESS}=1 cargo test -p sdkgen-tests \
             --test diff` rewrites the golden files"
        )),
    }
}

fn blessing() -> bool {
    let value = std::env::var(BLESS).ok();
    bless_mode(value.as_deref()).unwrap_or_else(|message| panic!("{message}"))
}

/// The repository-relative path of a case file (the name the report shows).
fn case_path(case: &str, file: &str) -> String {
    format!("tests/fixtures/diff/{case}/{file}")
}

fn read_case(case: &str, file: &str) -> (String, String) {
    let relative = case_path(case, file);
    let text = std::fs::read_to_string(repo_root().join(&relative))
        .unwrap_or_else(|error| panic!("cannot read {relative}: {error}"));
    (relative, text)
}

fn parse(path: &str, text: &str) -> sdkgen::Parsed {
    sdkgen::parse_str(path, text).unwrap_or_else(|report| panic!("{path}:\n{report}"))
}

/// The report of one case, as `sdkgen diff OLD NEW` computes it.
fn run(case: &str) -> DiffReport {
    let (old_path, old_text) = read_case(case, "old.txt");
    let (new_path, new_text) = read_case(case, "new.txt");
    sdkgen::diff::diff_parsed(&parse(&old_path, &old_text), &parse(&new_path, &new_text))
}

/// The case the other way round: NEW as the old side.
fn run_reversed(case: &str) -> DiffReport {
    let (old_path, old_text) = read_case(case, "old.txt");
    let (new_path, new_text) = read_case(case, "new.txt");
    sdkgen::diff::diff_parsed(&parse(&new_path, &new_text), &parse(&old_path, &old_text))
}

/// The text of the first differing lines, for a failure message.
fn first_difference(expected: &str, actual: &str) -> String {
    let expected_lines: Vec<&str> = expected.lines().collect();
    let actual_lines: Vec<&str> = actual.lines().collect();
    let at = expected_lines
        .iter()
        .zip(&actual_lines)
        .position(|(a, b)| a != b)
        .unwrap_or(expected_lines.len().min(actual_lines.len()));
    let show = |lines: &[&str]| -> String {
        lines
            .iter()
            .skip(at)
            .take(4)
            .map(|l| format!("    {l}\n"))
            .collect()
    };
    format!(
        "first difference at line {}:\n  expected:\n{}  actual:\n{}",
        at + 1,
        show(&expected_lines),
        show(&actual_lines)
    )
}

/// Compares `actual` with the golden file (or rewrites it when blessing).
fn golden(case: &str, file: &str, actual: &str) {
    let relative = case_path(case, file);
    let path = repo_root().join(&relative);
    if blessing() {
        std::fs::write(&path, actual).unwrap_or_else(|e| panic!("cannot write {relative}: {e}"));
        return;
    }
    let how = format!(
        "if the new report is right, rewrite the goldens with `{BLESS}=1 cargo test -p \
         sdkgen-tests --test diff` and review them with `git diff tests/fixtures/diff`"
    );
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read the golden {relative}: {error}\n{how}"));
    assert!(
        expected == actual,
        "{relative} does not match the report\n{}\n{how}",
        first_difference(&expected, actual)
    );
}

/// Checks the text and JSON goldens of a case (and the Markdown one when `markdown`).
fn goldens(case: &str, report: &DiffReport, markdown: bool) {
    let current = Version::default();
    golden(case, "expected.txt", &report.to_text(current));
    golden(case, "expected.json", &report.to_json(current));
    if markdown {
        golden(case, "expected.md", &report.to_markdown(current));
    }
}

/// (check, severity, crate effect, location) of each finding, in report order.
type Finding<'a> = (Check, WireSeverity, CrateEffect, Option<&'a str>);

fn findings(report: &DiffReport) -> Vec<Finding<'_>> {
    report
        .changes
        .iter()
        .map(|c| (c.check, c.severity, c.crate_effect, c.location.as_deref()))
        .collect()
}

fn only(report: &DiffReport) -> &Change {
    assert_eq!(
        report.changes.len(),
        1,
        "{}",
        report.to_text(Version::default())
    );
    &report.changes[0]
}

fn next(report: &DiffReport) -> String {
    report.next_version(Version::default()).to_string()
}

const P: &str = "/web/v1/partner";

#[test]
fn endpoint_removed() {
    let report = run("endpoint-removed");
    let change = only(&report);
    assert_eq!(
        (change.check, change.severity, change.crate_effect),
        (Check::EndpointRemoved, Breaking, Major)
    );
    assert_eq!(change.route, format!("GET {P}/security/sessions/history"));
    assert_eq!(
        change.crate_detail,
        "`security().list_history()` is removed"
    );
    // A removal points into OLD.
    assert_eq!(
        change.source.as_deref(),
        Some("tests/fixtures/diff/endpoint-removed/old.txt:58:1")
    );
    assert_eq!(next(&report), "0.2.0");
    goldens("endpoint-removed", &report, false);
}

#[test]
fn endpoint_added() {
    let report = run("endpoint-added");
    let change = only(&report);
    assert_eq!(
        (change.check, change.severity, change.crate_effect),
        (Check::EndpointAdded, Compatible, Minor)
    );
    assert_eq!(
        change.source.as_deref(),
        Some("tests/fixtures/diff/endpoint-added/new.txt:58:1")
    );
    // A minor effect bumps the patch number in 0.x.
    assert_eq!(next(&report), "0.1.1");
    goldens("endpoint-added", &report, false);
}

#[test]
fn field_type_changed() {
    let report = run("field-type-changed");
    assert_eq!(
        findings(&report),
        [(
            Check::ResponseFieldTypeChanged,
            Breaking,
            Major,
            Some("data.expiresIn")
        )]
    );
    let change = only(&report);
    assert_eq!(
        (change.old.as_deref(), change.new.as_deref()),
        (Some("integer"), Some("string"))
    );
    assert_eq!(change.crate_detail, "`i64` becomes `String`");
    goldens("field-type-changed", &report, false);
}

#[test]
fn header_became_required() {
    let report = run("header-required");
    assert_eq!(
        findings(&report),
        [(
            Check::HeaderBecameRequired,
            Breaking,
            Major,
            Some("headers.X-SC-Session-Id")
        )]
    );
    let change = only(&report);
    assert_eq!(
        change.crate_detail,
        "the argument `sc_session_id` becomes `&str` (was `Option<&str>`)"
    );
    // The row of the header in NEW's required table.
    let (_, new_text) = read_case("header-required", "new.txt");
    let line: usize = change
        .source
        .as_deref()
        .and_then(|s| s.rsplit(':').nth(1))
        .and_then(|l| l.parse().ok())
        .expect("a source line");
    assert_eq!(
        new_text.lines().nth(line - 1),
        Some("| X-SC-Session-Id | Secure channel session ID |")
    );
    goldens("header-required", &report, false);
}

#[test]
fn success_fixture_lost() {
    let report = run("success-fixture-lost");
    assert_eq!(
        findings(&report),
        [(
            Check::SuccessFixtureLost,
            PossiblyBreaking,
            Major,
            Some("data")
        )],
        "no field-by-field noise when the evidence is gone"
    );
    assert_eq!(
        only(&report).crate_detail,
        "`roles().get()` returns `serde_json::Value` (was `Role`)"
    );
    goldens("success-fixture-lost", &report, false);
}

#[test]
fn path_param_renamed() {
    let report = run("path-param-renamed");
    assert_eq!(
        findings(&report),
        [(
            Check::PathParamRenamed,
            Compatible,
            Patch,
            Some("path.roleId")
        )],
        "a rename, not a removal and an addition"
    );
    let change = only(&report);
    assert_eq!(change.route, format!("GET {P}/roles/{{roleId}}"));
    assert_eq!(
        (change.old.as_deref(), change.new.as_deref()),
        (Some("roleBizId"), Some("roleId"))
    );
    assert_eq!(
        change.source.as_deref(),
        Some("tests/fixtures/diff/path-param-renamed/new.txt:6:27")
    );
    assert_eq!(next(&report), "0.1.1");
    goldens("path-param-renamed", &report, false);
}

#[test]
fn authorization_became_required() {
    let report = run("auth-required");
    assert_eq!(
        findings(&report),
        [(
            Check::AuthBecameRequired,
            Breaking,
            Minor,
            Some("headers.Authorization")
        )],
        "Authorization is compared as auth, not as one more header"
    );
    let change = only(&report);
    assert_eq!(
        (change.old.as_deref(), change.new.as_deref()),
        (Some("optional"), Some("required"))
    );
    goldens("auth-required", &report, false);
}

#[test]
fn request_field_added_as_required() {
    let report = run("request-field-added");
    assert_eq!(
        findings(&report),
        [(
            Check::RequestFieldAddedRequired,
            Breaking,
            Major,
            Some("body.captchaToken")
        )]
    );
    assert_eq!(
        only(&report).crate_detail,
        "`InitiateLoginRequest::new` gains an argument `captcha_token: String`"
    );
    goldens("request-field-added", &report, false);
}

#[test]
fn field_became_nullable() {
    let report = run("field-nullable");
    assert_eq!(
        findings(&report),
        [(
            Check::ResponseFieldBecameNullable,
            Breaking,
            Major,
            Some("data.updatedAt")
        )],
        "the type stays a date-time (typed by its name), only its nullability changes"
    );
    assert_eq!(
        only(&report).crate_detail,
        "`Role.updated_at` becomes `Option<DateTime>` (was `DateTime`)"
    );
    goldens("field-nullable", &report, false);
}

#[test]
fn error_code_added() {
    let report = run("error-code-added");
    assert_eq!(
        findings(&report),
        [(
            Check::ErrorCodeAdded,
            PossiblyBreaking,
            Minor,
            Some("errors[403 ACCESS.PERMISSION_DENIED]")
        )]
    );
    assert_eq!(
        only(&report).crate_detail,
        "`ErrorCode` gains the variant `AccessPermissionDenied`"
    );
    goldens("error-code-added", &report, false);
}

#[test]
fn unchanged_documents_report_nothing() {
    let report = run("unchanged");
    assert!(report.changes.is_empty(), "{:?}", report.changes);
    assert_eq!(report.max_severity(), None);
    assert_eq!(next(&report), "0.1.0");
    goldens("unchanged", &report, false);
}

#[test]
fn release_with_several_changes() {
    let report = run("release");
    assert_eq!(
        findings(&report),
        [
            (
                Check::ResponseFieldTypeChanged,
                Breaking,
                Major,
                Some("data.items[].loginResult")
            ),
            (
                Check::HeaderBecameRequired,
                Breaking,
                Major,
                Some("headers.X-SC-Session-Id")
            ),
            (Check::EndpointRemoved, Breaking, Major, None),
            // The generator names `initiate_login` by its siblings: with `logout` gone it is
            // `initiate`, and the report says so.
            (Check::OperationRenamed, Compatible, Major, None),
            (
                Check::ResponseFieldAdded,
                Compatible,
                Minor,
                Some("data.riskLevel")
            ),
        ]
    );
    let summary = report.summary();
    assert_eq!(
        (
            summary.breaking,
            summary.possibly_breaking,
            summary.compatible
        ),
        (3, 0, 2)
    );
    goldens("release", &report, true);
}

/// Each case read backwards reports the inverse change.
#[test]
fn reversed_cases_report_the_inverse_check() {
    let cases = [
        ("endpoint-removed", Check::EndpointAdded, Compatible, Minor),
        ("endpoint-added", Check::EndpointRemoved, Breaking, Major),
        (
            "field-type-changed",
            Check::ResponseFieldTypeChanged,
            Breaking,
            Major,
        ),
        (
            "header-required",
            Check::HeaderBecameOptional,
            Compatible,
            Major,
        ),
        (
            "success-fixture-lost",
            Check::SuccessFixtureGained,
            Compatible,
            Major,
        ),
        (
            "path-param-renamed",
            Check::PathParamRenamed,
            Compatible,
            Patch,
        ),
        (
            "auth-required",
            Check::AuthBecameOptional,
            Compatible,
            Patch,
        ),
        (
            "request-field-added",
            Check::RequestFieldRemoved,
            PossiblyBreaking,
            Major,
        ),
        (
            "field-nullable",
            Check::ResponseFieldBecameNonNullable,
            Compatible,
            Major,
        ),
        (
            "error-code-added",
            Check::ErrorCodeRemoved,
            Compatible,
            Major,
        ),
    ];
    for (case, check, severity, effect) in cases {
        let report = run_reversed(case);
        let change = only(&report);
        assert_eq!(
            (change.check, change.severity, change.crate_effect),
            (check, severity, effect),
            "{case} reversed"
        );
    }
}

#[test]
fn json_report_has_the_documented_shape() {
    let report = run("release");
    let text = report.to_json(Version::new(1, 4, 2));
    let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(json["format"], "sdkgen-diff/1");
    assert_eq!(json["old"][0], "tests/fixtures/diff/release/old.txt");
    assert_eq!(json["new"][0], "tests/fixtures/diff/release/new.txt");
    assert_eq!(json["summary"]["breaking"], 3);
    assert_eq!(json["summary"]["possibly_breaking"], 0);
    assert_eq!(json["summary"]["compatible"], 2);
    assert_eq!(json["summary"]["total"], 5);
    assert_eq!(json["version"]["current"], "1.4.2");
    assert_eq!(json["version"]["suggested"], "2.0.0");
    assert_eq!(json["version"]["crate_effect"], "major");
    let changes = json["changes"].as_array().expect("changes is an array");
    let keys = [
        "check",
        "severity",
        "crate_effect",
        "route",
        "location",
        "message",
        "crate_detail",
        "old",
        "new",
        "source",
    ];
    for change in changes {
        let object = change.as_object().expect("each change is an object");
        let mut found: Vec<&str> = object.keys().map(String::as_str).collect();
        found.sort_unstable();
        let mut wanted = keys.to_vec();
        wanted.sort_unstable();
        assert_eq!(found, wanted);
    }
    assert_eq!(changes[0]["check"], "response.field-type-changed");
    assert_eq!(changes[0]["severity"], "breaking");
    assert_eq!(changes[0]["location"], "data.items[].loginResult");
    assert_eq!(changes[2]["location"], serde_json::Value::Null);
    // Fields come in the documented order.
    let order = [
        "\"format\"",
        "\"old\"",
        "\"new\"",
        "\"summary\"",
        "\"version\"",
        "\"changes\"",
    ];
    let positions: Vec<usize> = order.iter().map(|k| text.find(k).expect(k)).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
    let first = &text[text.find("\"check\"").expect("a change")..];
    let positions: Vec<usize> = keys
        .iter()
        .map(|k| first.find(&format!("\"{k}\"")).expect(k))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{first}");
    let nothing: serde_json::Value =
        serde_json::from_str(&run("unchanged").to_json(Version::default())).expect("valid JSON");
    assert_eq!(nothing["version"]["crate_effect"], serde_json::Value::Null);
    assert_eq!(nothing["version"]["suggested"], "0.1.0");
}

#[test]
fn fail_on_thresholds() {
    let breaking = run("endpoint-removed");
    let possibly = run("error-code-added");
    let compatible = run("endpoint-added");
    assert!(breaking.reaches(Breaking) && breaking.reaches(PossiblyBreaking));
    assert!(!possibly.reaches(Breaking) && possibly.reaches(PossiblyBreaking));
    assert!(!compatible.reaches(Breaking) && !compatible.reaches(PossiblyBreaking));
    assert!(!run("unchanged").reaches(Compatible));
}

#[test]
fn the_real_document_against_itself_and_its_markdown_form() {
    let real = sdkgen_tests::real_document();
    assert_eq!(sdkgen::diff::diff_parsed(&real, &real).changes, []);
    // The text and Markdown forms of one API are the same API.
    let dir = repo_root().join("tests/fixtures/markdown-form");
    let report = sdkgen::diff::diff_paths(&[dir.join("subset.txt")], &[dir.join("subset.md")])
        .expect("both forms read");
    assert_eq!(report.changes, []);
}

/// Edits of the real document that the small cases do not show: a type shared by several
/// endpoints, a dictionary code, a renamed parameter among 94 endpoints.
#[test]
fn edits_of_the_real_document() {
    let text = sdkgen_tests::real_document_text();
    let edited = text
        .replacen(
            "\"createdAt\": \"2026-03-30T15:33:09.322562Z\",",
            "\"createdAt\": null,",
            1,
        )
        .replacen("\"code\": \"OWNER\",", "\"code\": \"ADMIN\",", 1)
        .replace(
            &format!("GET {P}/api-keys/{{keyBizId}}"),
            &format!("GET {P}/api-keys/{{apiKeyId}}"),
        );
    let old = parse("old.txt", &text);
    let new = parse("new.txt", &edited);
    let report = sdkgen::diff::diff_parsed(&old, &new);
    let nullable: Vec<&str> = report
        .changes
        .iter()
        .filter(|c| c.check == Check::ResponseFieldBecameNullable)
        .map(|c| c.route.as_str())
        .collect();
    // `Role` is returned by five endpoints: each of them is named.
    assert_eq!(nullable.len(), 5, "{nullable:?}");
    assert!(nullable.contains(&format!("GET {P}/roles").as_str()));
    let ids: Vec<&str> = report.changes.iter().map(|c| c.check.id()).collect();
    assert!(ids.contains(&"enum.value-added") && ids.contains(&"enum.value-removed"));
    assert!(ids.contains(&"path.param-renamed"));
    assert!(!ids.contains(&"endpoint.removed") && !ids.contains(&"endpoint.added"));
    let removed = report
        .changes
        .iter()
        .find(|c| c.check == Check::EnumValueRemoved)
        .expect("OWNER is gone");
    assert_eq!(removed.location.as_deref(), Some("data[].roleType.code"));
    assert!(
        removed
            .source
            .as_deref()
            .is_some_and(|s| s.starts_with("old.txt:")),
        "a removal points into OLD: {removed:?}"
    );
}

/// Checks the cases do not show, on documents made from the `release` case's `old.txt`.
#[test]
fn queries_statuses_bodies_and_renamed_types() {
    let (_, base) = read_case("release", "old.txt");
    let old = parse("old.txt", &base);
    let diff = |edited: &str| sdkgen::diff::diff_parsed(&old, &parse("new.txt", edited));
    let history = format!("GET {P}/security/sessions/history");

    let with_query = base.replace(
        &format!("{history}\nRetrieve security sessions history.\n"),
        &format!(
            "{history}\nRetrieve security sessions history.\nQuery Parameters:\n| Name | Value | \
             Description |\n|---|---|---|\n| page | 1 | Page number |\n"
        ),
    );
    assert_ne!(with_query, base);
    let report = diff(&with_query);
    assert_eq!(
        findings(&report),
        [(
            Check::QueryAddedOptional,
            Compatible,
            Major,
            Some("query.page")
        )]
    );
    let required = with_query.replace("Query Parameters:", "Required Query Parameters:");
    assert_eq!(
        findings(&diff(&required)),
        [(
            Check::QueryAddedRequired,
            Breaking,
            Major,
            Some("query.page")
        )]
    );

    let created = base.replacen(
        "Success Response: (HTTP 200)",
        "Success Response: (HTTP 201)",
        1,
    );
    let report = diff(&created);
    assert_eq!(
        findings(&report),
        [(
            Check::SuccessStatusChanged,
            PossiblyBreaking,
            Patch,
            Some("status")
        )]
    );
    assert_eq!(
        (only(&report).old.as_deref(), only(&report).new.as_deref()),
        (Some("200"), Some("201"))
    );

    let no_locale = base.replace("| X-LOCALE | Locale | |\n", "");
    let report = diff(&no_locale);
    assert!(!report.changes.is_empty());
    assert!(report
        .changes
        .iter()
        .all(|c| (c.check, c.severity, c.crate_effect)
            == (Check::HeaderRemoved, PossiblyBreaking, Minor)));

    let proxy = base.replace("| Cf-Ray | Cloudflare ray ID | |\n", "");
    let report = diff(&proxy);
    assert!(!report.changes.is_empty());
    assert!(
        report
            .changes
            .iter()
            .all(|c| (c.severity, c.crate_effect) == (Compatible, Patch)),
        "a proxy header is never the caller's concern"
    );

    let no_auth = base.replace("| Authorization | Bearer | JWT token |\n", "");
    let report = diff(&no_auth);
    assert!(report
        .changes
        .iter()
        .all(|c| (c.check, c.severity) == (Check::AuthRemoved, PossiblyBreaking)));
}

/// Renames a type in a model, everywhere it is referred to.
fn rename_type(model: &mut Model, from: &str, to: &str) {
    fn rename(ty: &mut TypeRef, from: &str, to: &str) {
        match ty {
            TypeRef::Named { name } if name == from => *name = to.to_owned(),
            TypeRef::Array { item } | TypeRef::Page { item, .. } => rename(item, from, to),
            _ => {}
        }
    }
    for def in &mut model.types {
        if def.name == from {
            def.name = to.to_owned();
        }
        if let TypeKind::Struct { fields, .. } = &mut def.kind {
            for field in fields {
                rename(&mut field.ty, from, to);
            }
        }
    }
    model.types.sort_by(|a, b| a.name.cmp(&b.name));
    for op in &mut model.operations {
        rename(&mut op.success.data, from, to);
        if let Some(request) = &mut op.request {
            rename(&mut request.ty, from, to);
        }
    }
}

/// Types are compared by their wire shape: a new name alone is one `type.renamed` (the crate's
/// API changes), never a removal and an addition of every field.
#[test]
fn renamed_types_are_compared_by_wire_names() {
    let (path, text) = read_case("release", "old.txt");
    let parsed = parse(&path, &text);
    let model = sdkgen::infer::infer(&parsed).model;
    let mut renamed = model.clone();
    rename_type(&mut renamed, "HistoryEntry", "LoginHistoryItem");
    assert!(renamed.type_named("LoginHistoryItem").is_some());
    let report = sdkgen::diff::diff(&parsed, &model, &parsed, &renamed);
    assert_eq!(
        findings(&report),
        [(Check::TypeRenamed, Compatible, Major, Some("data.items[]"))]
    );
    let change = only(&report);
    assert_eq!(
        (change.old.as_deref(), change.new.as_deref()),
        (Some("HistoryEntry"), Some("LoginHistoryItem"))
    );
}

#[test]
fn check_ids_are_unique_and_stable_in_form() {
    let mut ids: Vec<&str> = Check::ALL.iter().map(|c| c.id()).collect();
    for id in &ids {
        let (family, name) = id.split_once('.').expect("family.name");
        assert!(
            [
                "endpoint",
                "operation",
                "path",
                "query",
                "header",
                "auth",
                "request",
                "response",
                "success",
                "error",
                "evidence",
                "type",
                "enum"
            ]
            .contains(&family),
            "{id}"
        );
        assert!(
            name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{id}"
        );
    }
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "duplicate check ids");
}

#[test]
fn bless_switch_accepts_only_0_and_1() {
    assert_eq!(bless_mode(None), Ok(false));
    assert_eq!(bless_mode(Some("0")), Ok(false));
    assert_eq!(bless_mode(Some("1")), Ok(true));
    for wrong in ["", "true", "yes", "2", " 1"] {
        let message = bless_mode(Some(wrong)).expect_err("refused");
        assert!(message.contains("SDKGEN_BLESS=1 cargo test"), "{message}");
    }
}

#[test]
fn readme_documents_every_check_and_the_json_shape() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("README.md");
    let start = readme
        .find("## Comparing documents")
        .expect("the README has a section on `sdkgen diff`");
    let end = readme[start + 3..]
        .find("\n## ")
        .map_or(readme.len(), |i| start + 3 + i);
    let section = &readme[start..end];
    for check in Check::ALL {
        assert!(
            section.contains(&format!("`{}`", check.id())),
            "the README does not list {}",
            check.id()
        );
    }
    // The JSON example parses and has the keys the renderer writes.
    let example = section
        .split("```json\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a JSON example");
    let example: serde_json::Value = serde_json::from_str(example).expect("the example is JSON");
    let actual: serde_json::Value =
        serde_json::from_str(&run("field-type-changed").to_json(Version::default())).expect("JSON");
    let keys = |v: &serde_json::Value| -> Vec<String> {
        v.as_object().expect("an object").keys().cloned().collect()
    };
    assert_eq!(keys(&example), keys(&actual));
    assert_eq!(keys(&example["changes"][0]), keys(&actual["changes"][0]));
    assert_eq!(
        example["changes"][0]["message"],
        actual["changes"][0]["message"]
    );
}
