//! `sdkgen init`: a commented `sdkgen.toml` that lists what the document cannot show — every
//! endpoint without success evidence, every request body without a shape, every field whose
//! type is a guess — so a team sees at once what to fill in. Everything is commented out: the
//! file changes nothing until someone states a fact.

use crate::ir::Api;
use crate::model::{BodyKind, Evidence, Model, TypeKind, TypeRef};

/// A TOML basic string holding `text`.
fn quoted(text: &str) -> String {
    toml_edit::Value::from(text).to_string().trim().to_owned()
}

/// Comments every line of `block` out (blank lines stay blank).
fn commented(block: &str) -> String {
    block
        .lines()
        .map(|line| {
            if line.is_empty() {
                "\n".to_owned()
            } else {
                format!("# {line}\n")
            }
        })
        .collect()
}

/// The scaffold for an API and its model. Prose lines start with `##`, entries with `#`:
/// removing one `# ` from every line gives valid TOML that states every entry.
pub fn scaffold(api: &Api, model: &Model, crate_name: &str) -> String {
    let mut out = String::from(
        "## sdkgen.toml: what the endpoint documents cannot show, kept across every regeneration.\n\
         ## Every entry is commented out: uncomment the ones you can state as facts.\n\
         ## Reference: the README's `sdkgen.toml` section.\n\n",
    );
    out.push_str(
        "## sdkgen invents no license, contact or server: until they are set here, the OpenAPI\n\
         ## document leaves them out and the package is `publish = false`.\n",
    );
    out.push_str(&commented(&format!(
        "[package]\nname = {}\nversion = \"0.1.0\"\nlicense = \"MIT OR Apache-2.0\"\n\n[openapi]\nserver_url = \"https://api.example.com\"\ncontact_email = \"api@example.com\"\n",
        quoted(crate_name)
    )));
    let mut entries = 0;
    for op in &model.operations {
        let no_success = op.success.evidence == Evidence::Unknown;
        let shapeless = op
            .request
            .as_ref()
            .is_some_and(|r| r.evidence == Evidence::Unknown);
        // Read from the path (`binary-by-path`, `multipart-by-path`), not from a sample.
        let bytes_by_path = op.success.data == TypeRef::Bytes && op.success_response.is_none();
        let form_by_path = op
            .request
            .as_ref()
            .is_some_and(|r| r.kind == BodyKind::Multipart);
        if !no_success && !shapeless && !bytes_by_path && !form_by_path {
            continue;
        }
        entries += 1;
        let route = api.endpoints[op.endpoint].route();
        let mut block = format!("\n[endpoints.{}]\n", quoted(&route));
        if no_success {
            block.push_str(&format!(
                "## No success sample: the method returns raw JSON. Give one (a file, or inline JSON),\n\
                 ## or say it answers with bytes (response = \"binary\") or nothing (\"empty\").\n\
                 success_sample = \"samples/{}.json\"\n",
                op.operation_id
            ));
        }
        if bytes_by_path {
            block.push_str(
                "## No success sample: its path says it answers with a file (bytes). If it answers\n\
                 ## with JSON, say so (or give a success_sample).\n\
                 response = \"json\"\n",
            );
        }
        if form_by_path {
            block.push_str(
                "## Its path says it takes a multipart/form-data upload. If it takes JSON, say so.\n\
                 request = \"json\"\n",
            );
        }
        if shapeless {
            block.push_str(&format!(
                "## The request sample is `{{}}`: its shape is unknown (request = \"multipart\" for an upload).\n\
                 request_sample = \"samples/{}-request.json\"\n",
                op.operation_id
            ));
        }
        out.push_str(&commented(&block));
    }
    for def in &model.types {
        let TypeKind::Struct { fields, .. } = &def.kind else {
            continue;
        };
        for field in fields.iter().filter(|f| f.guess.is_some()) {
            entries += 1;
            let guess = field
                .guess
                .as_deref()
                .unwrap_or_default()
                .replace('\n', " ");
            out.push_str(&commented(&format!(
                "\n[fields.{}]\n## sdkgen guessed: {guess}\n## type: string | integer | number | decimal | boolean | date-time | TypeName\ntype = \"string\"\nnullable = true\n",
                quoted(&format!("{}.{}", def.name, field.wire_name))
            )));
        }
    }
    if entries == 0 {
        out.push_str("\n## The samples show every endpoint and field: nothing to fill in.\n");
    }
    out
}
