//! `sdkgen.toml` through the `sdkgen` binary: every kind of mistake in it is an error at
//! `sdkgen.toml:line:col` with the nearest valid name suggested, exits 2 and writes nothing;
//! `sdkgen init` writes a scaffold and never overwrites one; an override change is a change
//! for `sdkgen diff`; rerunning writes nothing, and changing only sdkgen.toml rewrites only
//! what it affects.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const WALLET: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/overrides/wallet"
);

fn sdkgen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run sdkgen")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A temp folder holding a copy of the wallet fixture (document, sdkgen.toml, samples).
fn wallet_copy() -> (tempfile::TempDir, PathBuf) {
    let scratch = tempfile::tempdir().expect("a temp folder");
    let docs = scratch.path().join("docs");
    copy_dir(Path::new(WALLET), &docs);
    (scratch, docs)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the copy's folder");
    for entry in std::fs::read_dir(from).expect("read the fixture folder") {
        let path = entry.expect("a fixture entry").path();
        let target = to.join(path.file_name().expect("a file name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy a fixture file");
        }
    }
}

/// The 1-based line and column of the last occurrence of `needle` in `text`.
fn position(text: &str, needle: &str) -> (usize, usize) {
    let offset = text
        .rfind(needle)
        .unwrap_or_else(|| panic!("{needle:?} is in the file"));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

/// Writes `config` as the copy's sdkgen.toml, runs `generate`, and checks that it fails at
/// `needle` (the position of its first character) with a message containing `expected`, and
/// that nothing was written.
fn fails_at(config: &str, needle: &str, expected: &str) {
    let (scratch, docs) = wallet_copy();
    std::fs::write(docs.join("sdkgen.toml"), config).expect("write sdkgen.toml");
    let out = scratch.path().join("client");
    let output = sdkgen(scratch.path(), &["generate", "docs", "-o", "client"]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    let (line, column) = position(config, needle);
    let at = format!("sdkgen.toml:{line}:{column}: error:");
    assert!(stderr.contains(&at), "expected {at} in:\n{stderr}");
    assert!(
        stderr.contains(expected),
        "expected {expected:?} in:\n{stderr}"
    );
    assert!(!out.exists(), "a failed run wrote {}", out.display());
}

#[test]
fn an_unknown_key_names_the_nearest_one() {
    fails_at(
        "[endpoints.\"GET /v1/recharges/{bizId}\"]\nsucess_sample = \"samples/recharge.json\"\n",
        "sucess_sample",
        "did you mean `success_sample`?",
    );
    fails_at(
        "[pakage]\nname = \"x\"\n",
        "pakage",
        "did you mean `package`?",
    );
}

#[test]
fn page_parameter_names_are_checked() {
    fails_at(
        "[endpoints.\"GET /v1/profile\"]\npage_parm = \"pageNum\"\n",
        "page_parm",
        "did you mean `page_param`?",
    );
    fails_at(
        "[endpoints.\"GET /v1/profile\"]\npage_param = \"pageNum\"\n",
        "\"pageNum\"",
        "`page_param` applies to an endpoint that answers with a page, and `GET /v1/profile` answers with Profile",
    );
}

#[test]
fn a_bad_value_says_what_is_expected() {
    fails_at(
        "[endpoints.\"GET /v1/files/{bizId}/download\"]\nresponse = \"binry\"\n",
        "\"binry\"",
        "expected one of `json`, `binary`, `empty`; did you mean `binary`?",
    );
    fails_at(
        "[fields.\"Profile.accountRemark\"]\nnullable = \"yes\"\n",
        "\"yes\"",
        "`nullable` must be `true` or `false`",
    );
    fails_at(
        "[endpoints.\"PUT /v1/workspaces/default\"]\nmethod = \"SetDefault\"\n",
        "\"SetDefault\"",
        "is not a method name: expected snake_case such as `set_default`",
    );
}

#[test]
fn an_endpoint_type_or_field_that_does_not_exist_is_an_error() {
    // A stale override (the endpoint is gone, or never was) must not silently stop applying.
    fails_at(
        "[endpoints.\"GET /v1/recharge/{bizId}\"]\nmethod = \"get_recharge\"\n",
        "\"GET /v1/recharge/{bizId}\"",
        "did you mean `GET /v1/recharges/{bizId}`?",
    );
    fails_at(
        "[types.InitiateLoginResul]\nrename = \"LoginChallenge\"\n",
        "InitiateLoginResul",
        "did you mean `InitiateLoginResult`?",
    );
    fails_at(
        "[fields.\"Profile.acountRemark\"]\nnullable = true\n",
        "\"Profile.acountRemark\"",
        "did you mean `accountRemark`?",
    );
    fails_at(
        "[fields.\"Profile.accountRemark\"]\ntype = \"strng\"\n",
        "\"strng\"",
        "did you mean `string`?",
    );
}

#[test]
fn an_override_that_contradicts_a_sample_is_an_error_at_the_override() {
    // The sample's `email` is a string.
    fails_at(
        "[fields.\"Profile.email\"]\ntype = \"integer\"\n",
        "\"integer\"",
        "contradicts the success data sample of `GET /v1/profile`",
    );
}

#[test]
fn a_name_that_is_taken_is_an_error() {
    fails_at(
        "[endpoints.\"POST /v1/recharges\"]\nmethod = \"set_default_workspace\"\n\n[endpoints.\"PUT /v1/workspaces/default\"]\nmethod = \"set_default_workspace\"\n",
        "\"set_default_workspace\"",
        "is already the method of another endpoint",
    );
    fails_at(
        "[types.InitiateLoginResult]\nrename = \"Profile\"\n",
        "\"Profile\"",
        "the model already has a type `Profile`",
    );
}

#[test]
fn samples_are_read_with_positions() {
    fails_at(
        "[endpoints.\"GET /v1/recharges/{bizId}\"]\nsuccess_sample = \"samples/missing.json\"\n",
        "\"samples/missing.json\"",
        "cannot read the sample",
    );
    // Malformed inline JSON points into sdkgen.toml itself.
    let config = "[endpoints.\"POST /v1/recharges\"]\nsuccess_sample = '{\"success\": true, \"data\": {\"bizId\": }}'\n";
    fails_at(config, "}}'", "expected");
}

#[test]
fn toml_syntax_errors_have_positions() {
    // The string is unterminated: the position is where its closing quote is missing.
    fails_at(
        "[package]\nname = \"wallet\nversion = \"1.0.0\"\n",
        "\nversion",
        "sdkgen.toml is not valid TOML: invalid basic string",
    );
}

#[test]
fn init_writes_a_scaffold_and_never_overwrites_one() {
    let scratch = tempfile::tempdir().unwrap();
    let docs = scratch.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::copy(
        Path::new(WALLET).join("wallet-endpoints.txt"),
        docs.join("wallet-endpoints.txt"),
    )
    .unwrap();
    let output = sdkgen(scratch.path(), &["init", "docs"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let scaffold = std::fs::read_to_string(docs.join("sdkgen.toml")).unwrap();
    for route in [
        "GET /v1/recharges/{bizId}",
        "POST /v1/recharges",
        "GET /v1/files/{bizId}/download",
    ] {
        assert!(
            scaffold.contains(&format!("# [endpoints.\"{route}\"]")),
            "{route} in:\n{scaffold}"
        );
    }
    assert!(
        scaffold.contains("# [fields.\"Profile.accountRemark\"]"),
        "{scaffold}"
    );
    // Commented out, it changes nothing, and it is valid TOML once uncommented.
    assert!(scaffold.lines().all(|l| l.is_empty() || l.starts_with('#')));
    let uncommented: String = scaffold
        .lines()
        .map(|l| format!("{}\n", l.strip_prefix("# ").unwrap_or(l)))
        .collect();
    assert!(
        uncommented.parse::<toml_edit::DocumentMut>().is_ok(),
        "{uncommented}"
    );
    let again = sdkgen(scratch.path(), &["init", "docs"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("never overwrites"));
    assert_eq!(
        std::fs::read_to_string(docs.join("sdkgen.toml")).unwrap(),
        scaffold
    );
    let printed = sdkgen(scratch.path(), &["init", "docs", "-o", "-"]);
    assert_eq!(text(&printed.stdout), scaffold);
}

#[test]
fn diff_reports_an_override_change_like_a_document_change() {
    let (scratch, old) = wallet_copy();
    let new = scratch.path().join("new");
    copy_dir(&old, &new);
    let config = std::fs::read_to_string(new.join("sdkgen.toml")).unwrap();
    std::fs::write(
        new.join("sdkgen.toml"),
        config.replace("method = \"get_recharge\"", "method = \"fetch_recharge\""),
    )
    .unwrap();
    let output = sdkgen(scratch.path(), &["diff", "docs", "new", "--format", "json"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let changes = report["changes"].as_array().unwrap();
    assert!(
        changes.iter().any(|c| c["check"] == "operation.renamed"
            && c["old"] == "recharges().get_recharge()"
            && c["new"] == "recharges().fetch_recharge()"),
        "{report:#}"
    );
}

#[test]
fn unchanged_inputs_write_nothing_and_a_settings_change_rewrites_only_what_it_affects() {
    let (scratch, docs) = wallet_copy();
    let first = sdkgen(scratch.path(), &["generate", "docs", "-o", "client", "-q"]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let again = sdkgen(scratch.path(), &["generate", "docs", "-o", "client", "-q"]);
    assert!(
        text(&again.stdout).contains(": 0 files written"),
        "{}",
        text(&again.stdout)
    );
    let config = std::fs::read_to_string(docs.join("sdkgen.toml")).unwrap();
    std::fs::write(
        docs.join("sdkgen.toml"),
        config.replace("api@wallet.example", "support@wallet.example"),
    )
    .unwrap();
    let changed = sdkgen(scratch.path(), &["generate", "docs", "-o", "client", "-q"]);
    let stdout = text(&changed.stdout);
    assert!(stdout.contains(": 1 files written"), "{stdout}");
    let openapi = std::fs::read_to_string(scratch.path().join("client/openapi.json")).unwrap();
    assert!(openapi.contains("support@wallet.example"));
}

#[test]
fn command_line_flags_win_over_sdkgen_toml() {
    let (scratch, _) = wallet_copy();
    let output = sdkgen(
        scratch.path(),
        &[
            "generate",
            "docs",
            "-o",
            "client",
            "-q",
            "--version",
            "9.9.9",
        ],
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    let manifest = std::fs::read_to_string(scratch.path().join("client/Cargo.toml")).unwrap();
    assert!(manifest.contains("version = \"9.9.9\""), "{manifest}");
    // The settings the flags do not give still come from sdkgen.toml.
    assert!(manifest.contains("name = \"wallet-client\""), "{manifest}");
    assert!(manifest.contains("license = \"Apache-2.0\""), "{manifest}");
}

#[test]
fn an_explicit_config_file_is_used_and_a_missing_one_is_an_error() {
    let (scratch, docs) = wallet_copy();
    std::fs::rename(docs.join("sdkgen.toml"), scratch.path().join("other.toml")).unwrap();
    // The samples are named relative to the file's own folder: keep them beside it.
    copy_dir(&docs.join("samples"), &scratch.path().join("samples"));
    let output = sdkgen(
        scratch.path(),
        &["inspect", "docs", "--config", "other.toml"],
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("recharges.get_recharge()"));
    let missing = sdkgen(
        scratch.path(),
        &["inspect", "docs", "--config", "nope.toml"],
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("nope.toml"));
}

#[test]
fn every_command_takes_an_explicit_config_file() {
    let (scratch, docs) = wallet_copy();
    // The documents' own sdkgen.toml says one thing, the explicit file another.
    std::fs::write(
        scratch.path().join("explicit.toml"),
        "[package]\nname = \"explicit-client\"\n\n[openapi]\nserver_url = \"https://explicit.example\"\n\n[endpoints.\"PUT /v1/workspaces/default\"]\nmethod = \"choose_workspace\"\n",
    )
    .expect("write explicit.toml");
    let config = ["--config", "explicit.toml"];
    let run = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(config);
        let output = sdkgen(scratch.path(), &all);
        assert!(
            output.status.success(),
            "{args:?}: {}",
            text(&output.stderr)
        );
        text(&output.stdout)
    };
    assert!(run(&["inspect", "docs"]).contains("recharges.choose_workspace("));
    assert!(run(&["openapi", "docs"]).contains("https://explicit.example"));
    run(&["markdown", "docs", "-o", "pages", "-q"]);
    let page = std::fs::read_to_string(scratch.path().join("pages/recharges.md")).expect("page");
    assert!(page.contains("recharges().choose_workspace("), "{page}");
    run(&["generate", "docs", "-o", "client", "-q"]);
    let manifest =
        std::fs::read_to_string(scratch.path().join("client/Cargo.toml")).expect("manifest");
    assert!(
        manifest.contains("name = \"explicit-client\""),
        "{manifest}"
    );
    drop(docs);
}

#[test]
fn diff_takes_each_sides_config_file() {
    let (scratch, docs) = wallet_copy();
    // Without its sdkgen.toml, OLD's method has the inferred name; NEW's explicit file renames it.
    std::fs::remove_file(docs.join("sdkgen.toml")).expect("remove");
    std::fs::write(
        scratch.path().join("new.toml"),
        "[endpoints.\"PUT /v1/workspaces/default\"]\nmethod = \"choose_workspace\"\n",
    )
    .expect("write new.toml");
    std::fs::write(scratch.path().join("old.toml"), "").expect("write old.toml");
    let output = sdkgen(
        scratch.path(),
        &[
            "diff",
            "docs",
            "docs",
            "--old-config",
            "old.toml",
            "--new-config",
            "new.toml",
            "--format",
            "json",
        ],
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let renamed = report["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .find(|c| c["check"] == "operation.renamed")
        .unwrap_or_else(|| panic!("the rename is reported: {report:#}"));
    assert_eq!(renamed["new"], "recharges().choose_workspace()");
}
