//! The human summary `sdkgen inspect` prints: counts, groups and one line per endpoint.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::infer::Inferred;
use crate::ir::ResponseLabel;
use crate::model::{Evidence, TypeKind};
use crate::parse::Parsed;

/// Renders the summary of a parsed and inferred API (warnings are printed separately).
pub fn render(parsed: &Parsed, inferred: &Inferred) -> String {
    let mut out = String::new();
    counts(&mut out, parsed, inferred);
    groups(&mut out, parsed, inferred);
    types(&mut out, inferred);
    out
}

/// The title, then one line each for the files, endpoints, groups, samples, fixtures, warnings
/// and types.
fn counts(out: &mut String, parsed: &Parsed, inferred: &Inferred) {
    let api = &parsed.api;
    let title = api
        .title
        .as_ref()
        .map_or("(untitled API)", |t| t.text.as_str());
    let _ = writeln!(out, "{title}");
    let _ = writeln!(out, "  files:      {}", api.sources.join(", "));

    let mut methods: BTreeMap<&str, usize> = BTreeMap::new();
    for endpoint in &api.endpoints {
        *methods.entry(endpoint.method.as_str()).or_default() += 1;
    }
    let methods: Vec<String> = methods.iter().map(|(m, n)| format!("{n} {m}")).collect();
    let declared = api
        .declared_total
        .as_ref()
        .map_or(String::new(), |d| format!(", {} declared", d.value));
    let _ = writeln!(
        out,
        "  endpoints:  {}{declared} ({})",
        api.endpoints.len(),
        methods.join(", ")
    );
    let _ = writeln!(out, "  groups:     {}", api.groups.len());

    let requests = api.endpoints.iter().filter(|e| e.request.is_some()).count();
    let count = |label: ResponseLabel| {
        api.endpoints
            .iter()
            .flat_map(|e| &e.responses)
            .filter(|r| r.label == label && r.body.is_some())
            .count()
    };
    let _ = writeln!(
        out,
        "  samples:    {requests} request bodies, {} success responses, {} error responses",
        count(ResponseLabel::Success),
        count(ResponseLabel::Error)
    );
    let without = api
        .endpoints
        .iter()
        .filter(|e| e.success().is_none())
        .count();
    let _ = writeln!(
        out,
        "  fixtures:   {} endpoints with a success response, {without} without",
        api.endpoints.len() - without
    );
    let _ = writeln!(
        out,
        "  warnings:   {} from reading, {} from type inference",
        parsed.warnings.len(),
        inferred.warnings.len()
    );
    let model = &inferred.model;
    let structs = model
        .types
        .iter()
        .filter(|t| matches!(t.kind, TypeKind::Struct { .. }))
        .count();
    let _ = writeln!(
        out,
        "  types:      {structs} structs, {} open enums, {} error codes",
        model.types.len() - structs,
        model.error_codes.len()
    );
}

/// Each group with its endpoint count, then two lines per endpoint.
fn groups(out: &mut String, parsed: &Parsed, inferred: &Inferred) {
    let api = &parsed.api;
    let mut by_group: Vec<Vec<usize>> = vec![Vec::new(); api.groups.len()];
    for (index, endpoint) in api.endpoints.iter().enumerate() {
        by_group[endpoint.group].push(index);
    }
    for (group, members) in api.groups.iter().zip(&by_group) {
        let _ = writeln!(out, "\n{} ({})", group.name, members.len());
        for &index in members {
            endpoint(out, parsed, inferred, index);
        }
    }
}

/// An endpoint: its method, path and response statuses (`!` marks an error sample), then its
/// Rust method with the request and success types.
fn endpoint(out: &mut String, parsed: &Parsed, inferred: &Inferred, index: usize) {
    let endpoint = &parsed.api.endpoints[index];
    let mut statuses: Vec<String> = endpoint
        .responses
        .iter()
        .map(|r| match r.label {
            ResponseLabel::Success => format!("{}", r.status),
            ResponseLabel::Error => format!("{}!", r.status),
        })
        .collect();
    if endpoint.success().is_none() {
        statuses.insert(0, "no-fixture".to_owned());
    }
    let op = &inferred.model.operations[index];
    let data = match op.success.evidence {
        Evidence::Verified => crate::model::display_type(&op.success.data),
        Evidence::Unknown => "unknown".to_owned(),
    };
    let request = op
        .request
        .as_ref()
        .map_or(String::new(), |r| match r.evidence {
            _ if r.kind == crate::model::BodyKind::Multipart => "Multipart".to_owned(),
            Evidence::Verified => crate::model::display_type(&r.ty),
            Evidence::Unknown => "unknown".to_owned(),
        });
    let _ = writeln!(
        out,
        "  {:<7} {}  [{}]\n          {}.{}({request}) -> {data}",
        endpoint.method.as_str(),
        endpoint.path.template,
        statuses.join(" "),
        op.group_module,
        op.name,
    );
}

/// One line per type: what it is and how many endpoints use it.
fn types(out: &mut String, inferred: &Inferred) {
    let _ = writeln!(out, "\nTypes");
    for def in &inferred.model.types {
        let what = match &def.kind {
            TypeKind::Struct { fields, .. } => format!("struct, {} fields", fields.len()),
            TypeKind::OpenEnum { values } => format!("open enum, {} known values", values.len()),
        };
        let _ = writeln!(
            out,
            "  {:<28} {what}; used by {}",
            def.name,
            def.used_by.len()
        );
    }
}
