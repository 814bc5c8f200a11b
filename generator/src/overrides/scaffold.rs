//! `sdkgen init`: a commented `sdkgen.toml` that lists what the document cannot show — every
//! endpoint without success evidence, every request body without a shape, every field whose
//! type is a guess — so a team sees at once what to fill in. Everything is commented out: the
//! file changes nothing until someone states a fact.

use crate::ir::Api;
use crate::model::{Evidence, Model, TypeKind};

/// A TOML basic string holding `text`.
fn quoted(text: &str) -> String {
    toml_edit::Value::from(text).to_string().trim().to_owned()
}

/// Comments every line of `block` out.
fn commented(block: &str) -> String {
    block
        .lines()
        .map(|line| {
            if line.is_empty() {
                "#\n".to_owned()
            } else {
                format!("# {line}\n")
            }
        })
        .collect()
}

/// The scaffold for an API and its model.
pub fn scaffold(api: &Api, model: &Model, crate_name: &str) -> String {
    let mut out = String::from(
        "# sdkgen.toml: what the endpoint documents cannot show, kept across every regeneration.\n\
         # Every entry below is commented out; uncomment the ones you can state as facts.\n\
         # Reference: the README's `sdkgen.toml` section.\n\n",
    );
    out.push_str(&commented(&format!(
        "[package]\nname = {}\nversion = \"0.1.0\"\nlicense = \"MIT OR Apache-2.0\"\n\n[openapi]\nserver_url = \"https://api.example.com\"\ncontact_email = \"api@example.com\"\n",
        quoted(crate_name)
    )));
    let unknown: Vec<_> = model
        .operations
        .iter()
        .filter(|op| op.success.evidence == Evidence::Unknown)
        .collect();
    if !unknown.is_empty() {
        out.push_str(&format!(
            "\n# {} endpoint(s) without success evidence: their methods return raw JSON.\n",
            unknown.len()
        ));
        for op in unknown {
            let route = api.endpoints[op.endpoint].route();
            out.push('\n');
            out.push_str(&commented(&format!(
                "[endpoints.{}]\nsuccess_sample = \"samples/{}.json\"   # or inline JSON: '{{\"success\": true, \"data\": {{}}}}'\n# response = \"binary\"   # for a download",
                quoted(&route),
                op.operation_id
            )));
        }
    }
    let shapeless: Vec<_> = model
        .operations
        .iter()
        .filter(|op| {
            op.request
                .as_ref()
                .is_some_and(|r| r.evidence == Evidence::Unknown)
        })
        .collect();
    if !shapeless.is_empty() {
        out.push_str(&format!(
            "\n# {} request bod(ies) without a shape (`{{}}` in the document).\n",
            shapeless.len()
        ));
        for op in shapeless {
            let route = api.endpoints[op.endpoint].route();
            out.push('\n');
            out.push_str(&commented(&format!(
                "[endpoints.{}]\nrequest_sample = \"samples/{}-request.json\"\n# request = \"multipart\"   # for an upload",
                quoted(&route),
                op.operation_id
            )));
        }
    }
    let mut guessed = Vec::new();
    for def in &model.types {
        if let TypeKind::Struct { fields, .. } = &def.kind {
            for field in fields.iter().filter(|f| f.guess.is_some()) {
                guessed.push((def.name.as_str(), field));
            }
        }
    }
    if !guessed.is_empty() {
        out.push_str(&format!(
            "\n# {} field(s) whose type the samples do not show (seen only as null or empty).\n",
            guessed.len()
        ));
        for (type_name, field) in guessed {
            out.push('\n');
            let guess = field
                .guess
                .as_deref()
                .unwrap_or_default()
                .replace('\n', " ");
            out.push_str(&format!("# sdkgen guessed: {guess}\n"));
            out.push_str(&commented(&format!(
                "[fields.{}]\ntype = \"string\"   # string | integer | number | decimal | boolean | date-time | TypeName\nnullable = true",
                quoted(&format!("{type_name}.{}", field.wire_name))
            )));
        }
    }
    out
}
