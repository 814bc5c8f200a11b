//! Applying `sdkgen.toml`: samples join the IR before inference ([`Overrides::attach`]); names,
//! body kinds, auth, page parameter names, type renames and field facts are applied to the inferred model
//! ([`Overrides::apply`]), and every sample is then validated against the result, so an
//! override that contradicts a sample is an error at the override.

use std::collections::BTreeMap;

use super::read::did_you_mean;
use super::{
    Auth, EndpointOverride, FieldType, Overrides, RequestKind, ResponseKind, Sample, Setting,
};
use crate::diagnostic::{Diagnostic, Report};
use crate::infer::validate::validate;
use crate::ir::{Body, Origin, Response, ResponseLabel};
use crate::model::{
    AuthUse, BodyKind, Evidence, Model, Operation, OptionalBy, PagingSource, RequestBody, Success,
    TypeKind, TypeRef,
};
use crate::naming;
use crate::parse::Parsed;
use crate::source::SourceFile;

impl Overrides {
    /// The index of the endpoint an override names, or an error with the nearest route.
    fn endpoint_index(
        &self,
        parsed: &Parsed,
        route: &Setting<String>,
    ) -> Result<usize, Diagnostic> {
        // `METHOD /path`, compared in parts: no route text is built unless it is an error.
        let (method, path) = route.value.split_once(' ').unwrap_or(("", &route.value));
        parsed
            .api
            .endpoints
            .iter()
            .position(|e| e.method.as_str() == method && e.path.template == path)
            .ok_or_else(|| {
                let routes: Vec<String> = parsed.api.endpoints.iter().map(|e| e.route()).collect();
                let hint = did_you_mean(&route.value, routes.iter().map(String::as_str));
                self.error(
                    route.offset,
                    "config-unknown-endpoint",
                    format!(
                        "the documents have no endpoint `{}` (write it as `METHOD /path`, as the document does){hint}",
                        route.value
                    ),
                )
            })
    }

    /// Adds `sdkgen.toml` and the samples it gives to the IR: a success sample becomes a
    /// `Success Response` (HTTP 200) of its endpoint, a request sample its request body (where
    /// the document shows none, or only `{}`). Checks every route it names.
    pub fn attach(&self, parsed: &mut Parsed) -> Result<(), Report> {
        let mut errors = Vec::new();
        let config_id = parsed.sources.len() as u32;
        let config = SourceFile::new(config_id, self.source.path.clone(), &self.source.text);
        parsed.sources.push(config);
        for endpoint in &self.endpoints {
            let index = match self.endpoint_index(parsed, &endpoint.route) {
                Ok(index) => index,
                Err(error) => {
                    errors.push(error);
                    continue;
                }
            };
            if let Some(sample) = &endpoint.success_sample {
                match self.sample_json(parsed, config_id, sample) {
                    Ok(json) => {
                        let span = json.span;
                        parsed.api.endpoints[index].responses.push(Response {
                            label: ResponseLabel::Success,
                            status: 200,
                            body: Some(Body {
                                json,
                                span,
                                origin: Origin::Config,
                            }),
                            media_type: None,
                            headers: Vec::new(),
                            span,
                        });
                    }
                    Err(error) => errors.push(error),
                }
            }
            if let Some(sample) = &endpoint.request_sample {
                let shown = parsed.api.endpoints[index].request.as_ref().filter(
                    |b| !matches!(&b.json.value, crate::ir::JsonValue::Object(m) if m.is_empty()),
                );
                if let Some(shown) = shown {
                    let at = parsed
                        .sources
                        .get(shown.span.file as usize)
                        .map(|f| format!("{}:{}:{}", f.path, shown.span.line, shown.span.column))
                        .unwrap_or_default();
                    errors.push(self.error(
                        sample_offset(sample),
                        "config-redundant-sample",
                        format!(
                            "`{}` already has a request sample in the document ({at}): the document's sample is the evidence",
                            endpoint.route.value
                        ),
                    ));
                    continue;
                }
                match self.sample_json(parsed, config_id, sample) {
                    Ok(json) => {
                        let span = json.span;
                        parsed.api.endpoints[index].request = Some(Body {
                            json,
                            span,
                            origin: Origin::Config,
                        });
                    }
                    Err(error) => errors.push(error),
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Report::new(errors))
        }
    }

    /// Reads a sample as JSON with positions: in its own file, or inside `sdkgen.toml` when it
    /// is written inline (positions then point into the TOML string).
    fn sample_json(
        &self,
        parsed: &mut Parsed,
        config_id: u32,
        sample: &Sample,
    ) -> Result<crate::ir::Json, Diagnostic> {
        let (file, start, end) = match sample {
            Sample::File { path, setting } => {
                let text = std::fs::read_to_string(path).map_err(|error| {
                    self.error(
                        setting.offset,
                        "config-sample-unreadable",
                        format!("cannot read the sample {}: {error}", path.display()),
                    )
                })?;
                let id = parsed.sources.len() as u32;
                let file = SourceFile::new(id, path.display().to_string(), &text);
                let end = file.text.len();
                parsed.sources.push(file);
                (id, 0, end)
            }
            Sample::Inline(setting) => {
                let raw = &self.source.text[setting.offset..];
                let quote = ["'''", "\"\"\"", "'", "\""]
                    .into_iter()
                    .find(|q| raw.starts_with(q))
                    .map_or(0, str::len);
                let mut start = setting.offset + quote;
                if quote == 3 && self.source.text[start..].starts_with('\n') {
                    start += 1;
                }
                let end = start + setting.value.len();
                if self.source.text.get(start..end) == Some(setting.value.as_str()) {
                    (config_id, start, end)
                } else {
                    // Escapes in the TOML string: positions are within the unescaped text.
                    let id = parsed.sources.len() as u32;
                    let path = format!("{} (inline sample)", self.source.path);
                    let file = SourceFile::new(id, path, &setting.value);
                    let end = file.text.len();
                    parsed.sources.push(file);
                    (id, 0, end)
                }
            }
        };
        let file = &parsed.sources[file as usize];
        let text = &file.text[start..end];
        let leading = text.len() - text.trim_start().len();
        let (json, stop) = crate::json::read_value(file, start + leading, end, &|_| false)?;
        let rest = &file.text[stop..end];
        if !rest.trim().is_empty() {
            let at = stop + (rest.len() - rest.trim_start().len());
            return Err(Diagnostic::new(
                crate::diagnostic::Severity::Error,
                "malformed-json",
                file,
                at,
                "expected the end of the sample after its JSON value",
            ));
        }
        Ok(json)
    }

    /// The endpoints whose auth, response kind or request kind this file states: inference
    /// leaves them to it (an unknown route is reported by [`Overrides::apply`]).
    pub fn settled(&self, parsed: &Parsed) -> crate::infer::Settled {
        let mut settled = crate::infer::Settled::default();
        for endpoint in &self.endpoints {
            let Ok(index) = self.endpoint_index(parsed, &endpoint.route) else {
                continue;
            };
            if endpoint.auth.is_some() {
                settled.auth.insert(index);
            }
            if endpoint.response.is_some() {
                settled.response.insert(index);
            }
            if endpoint.request.is_some() {
                settled.request.insert(index);
            }
        }
        settled
    }

    /// Applies names, kinds, auth, renames and field facts to the model, then checks every
    /// sample against the result.
    pub fn apply(&self, parsed: &Parsed, model: &mut Model) -> Result<(), Report> {
        let mut errors = Vec::new();
        self.apply_endpoints(parsed, model, &mut errors);
        let renamed = self.apply_type_renames(model, &mut errors);
        self.apply_fields(model, &renamed, &mut errors);
        if errors.is_empty() {
            self.check_samples(parsed, model, &mut errors);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Report::new(errors))
        }
    }

    fn apply_endpoints(&self, parsed: &Parsed, model: &mut Model, errors: &mut Vec<Diagnostic>) {
        for endpoint in &self.endpoints {
            let Ok(index) = self.endpoint_index(parsed, &endpoint.route) else {
                continue;
            };
            if let Some(method) = &endpoint.method {
                if let Err(error) = self.rename_method(model, index, method) {
                    errors.push(error);
                }
            }
            let op = &mut model.operations[index];
            if let Some(auth) = &endpoint.auth {
                op.auth = match auth.value {
                    Auth::Required => AuthUse::Required,
                    Auth::Optional => AuthUse::Optional,
                    Auth::None => AuthUse::None,
                };
            }
            if let Some(response) = &endpoint.response {
                match response.value {
                    // Inference typed the JSON, and left it so: `settled` told it this
                    // endpoint's response is stated here.
                    ResponseKind::Json => {}
                    ResponseKind::Binary => {
                        op.success = Success {
                            status: op.success.status.or(Some(200)),
                            data: TypeRef::Bytes,
                            evidence: Evidence::Verified,
                            nullable: false,
                            enveloped: false,
                        };
                    }
                    ResponseKind::Empty => {
                        op.success = Success {
                            status: op.success.status.or(Some(200)),
                            data: TypeRef::Unit,
                            evidence: Evidence::Verified,
                            nullable: false,
                            enveloped: false,
                        };
                    }
                }
            }
            if let Some(request) = &endpoint.request {
                match request.value {
                    // As for the response: inference kept the JSON body it read.
                    RequestKind::Json => {}
                    RequestKind::Multipart => {
                        op.request = Some(RequestBody {
                            ty: TypeRef::Any,
                            evidence: Evidence::Verified,
                            kind: BodyKind::Multipart,
                        });
                    }
                    RequestKind::None => op.request = None,
                }
            }
            if !matches!(op.success.data, TypeRef::Page { .. }) {
                // `response` made it something else than a page.
                op.paging = None;
            }
            self.apply_paging(endpoint, op, errors);
        }
    }

    /// `page_param` and `size_param`: names of an endpoint that answers with a page, made of
    /// the characters a query parameter or JSON key needs no escaping for.
    fn apply_paging(
        &self,
        endpoint: &EndpointOverride,
        op: &mut Operation,
        errors: &mut Vec<Diagnostic>,
    ) {
        let settings = [
            (&endpoint.page_param, "page_param"),
            (&endpoint.size_param, "size_param"),
        ];
        for (setting, key) in settings {
            let Some(setting) = setting else { continue };
            let Some(paging) = &mut op.paging else {
                errors.push(self.error(
                    setting.offset,
                    "config-not-paged",
                    format!(
                        "`{key}` applies to an endpoint that answers with a page, and `{}` \
                         answers with {}",
                        endpoint.route.value,
                        crate::model::display_type(&op.success.data)
                    ),
                ));
                continue;
            };
            let name = &setting.value;
            let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
            if name.is_empty() || !name.chars().all(allowed) {
                errors.push(self.error(
                    setting.offset,
                    "config-bad-value",
                    format!(
                        "`{key}` must be a parameter name of letters, digits, `_`, `-` and `.` \
                         such as `pageNum`, not {name:?}"
                    ),
                ));
                continue;
            }
            if key == "page_param" {
                paging.page_param = name.clone();
            } else {
                paging.size_param = name.clone();
            }
            paging.source = PagingSource::Override;
        }
        if let Some(paging) = &op.paging {
            if paging.page_param == paging.size_param {
                let offset = endpoint
                    .size_param
                    .as_ref()
                    .or(endpoint.page_param.as_ref())
                    .map_or(endpoint.route.offset, |s| s.offset);
                if endpoint.page_param.is_some() || endpoint.size_param.is_some() {
                    errors.push(self.error(
                        offset,
                        "config-bad-value",
                        format!(
                            "the page number and the page size of `{}` would both be `{}`",
                            endpoint.route.value, paging.page_param
                        ),
                    ));
                }
            }
        }
    }

    /// Gives an operation the method name `sdkgen.toml` asks for; its operation id follows.
    fn rename_method(
        &self,
        model: &mut Model,
        index: usize,
        method: &Setting<String>,
    ) -> Result<(), Diagnostic> {
        let wanted = &method.value;
        if naming::snake_ident(wanted) != *wanted || wanted.ends_with('_') {
            return Err(self.error(
                method.offset,
                "config-bad-value",
                format!(
                    "`{wanted}` is not a method name: expected snake_case such as `{}`",
                    naming::snake_ident(wanted).trim_end_matches('_')
                ),
            ));
        }
        let group = model.operations[index].group_module.clone();
        if naming::HANDLE_METHODS.contains(&wanted.as_str()) {
            return Err(self.error(
                method.offset,
                "config-bad-value",
                format!("`{wanted}` is a method every group handle has already"),
            ));
        }
        if let Some(other) = model
            .operations
            .iter()
            .enumerate()
            .find(|(i, op)| *i != index && op.group_module == group && op.name == *wanted)
        {
            return Err(self.error(
                method.offset,
                "config-name-taken",
                format!(
                    "`{group}().{wanted}()` is already the method of another endpoint (operation `{}`)",
                    other.1.operation_id
                ),
            ));
        }
        let old_id = model.operations[index].operation_id.clone();
        let new_id = naming::lower_camel(&format!("{group}_{wanted}"));
        if model
            .operations
            .iter()
            .enumerate()
            .any(|(i, op)| i != index && op.operation_id == new_id)
        {
            return Err(self.error(
                method.offset,
                "config-name-taken",
                format!("the operation id `{new_id}` is taken by another endpoint"),
            ));
        }
        let op = &mut model.operations[index];
        op.name = wanted.clone();
        op.operation_id = new_id.clone();
        for info in model.error_codes.values_mut() {
            for id in &mut info.operations {
                if *id == old_id {
                    *id = new_id.clone();
                }
            }
        }
        Ok(())
    }

    /// Renames types; returns the renames (old name → new name).
    fn apply_type_renames(
        &self,
        model: &mut Model,
        errors: &mut Vec<Diagnostic>,
    ) -> BTreeMap<String, String> {
        let mut renames = BTreeMap::new();
        for ty in &self.types {
            let Some(rename) = &ty.rename else { continue };
            if model.type_named(&ty.name.value).is_none() {
                let hint =
                    did_you_mean(&ty.name.value, model.types.iter().map(|t| t.name.as_str()));
                errors.push(self.error(
                    ty.name.offset,
                    "config-unknown-type",
                    format!("the model has no type `{}`{hint}", ty.name.value),
                ));
                continue;
            }
            let new = &rename.value;
            if naming::pascal_ident(new) != *new || naming::is_reserved_type(new) {
                errors.push(self.error(
                    rename.offset,
                    "config-bad-value",
                    format!(
                        "`{new}` cannot name a type: expected PascalCase that is not a Rust prelude or client runtime name"
                    ),
                ));
                continue;
            }
            if model.type_named(new).is_some() || renames.values().any(|v| v == new) {
                errors.push(self.error(
                    rename.offset,
                    "config-name-taken",
                    format!("the model already has a type `{new}`"),
                ));
                continue;
            }
            renames.insert(ty.name.value.clone(), new.clone());
        }
        if renames.is_empty() {
            return renames;
        }
        for def in &mut model.types {
            if let Some(new) = renames.get(&def.name) {
                def.name = new.clone();
            }
            if let TypeKind::Struct { fields, .. } = &mut def.kind {
                for field in fields {
                    rename_in(&mut field.ty, &renames);
                }
            }
        }
        for op in &mut model.operations {
            if let Some(request) = &mut op.request {
                rename_in(&mut request.ty, &renames);
            }
            rename_in(&mut op.success.data, &renames);
        }
        model.types.sort_by(|a, b| a.name.cmp(&b.name));
        renames
    }

    fn apply_fields(
        &self,
        model: &mut Model,
        renames: &BTreeMap<String, String>,
        errors: &mut Vec<Diagnostic>,
    ) {
        for field in &self.fields {
            let Some((type_name, wire)) = field.path.value.split_once('.') else {
                errors.push(self.error(
                    field.path.offset,
                    "config-bad-value",
                    format!(
                        "`{}` names no field: write `Type.wireName`, as in `Profile.accountRemark`",
                        field.path.value
                    ),
                ));
                continue;
            };
            // The type as generated (after renames), or by the name inference gave it.
            let type_name = renames.get(type_name).map_or(type_name, String::as_str);
            let ty = match field.ty.as_ref().map(|t| self.field_type(model, t)) {
                Some(Ok(ty)) => Some(ty),
                Some(Err(error)) => {
                    errors.push(error);
                    continue;
                }
                None => None,
            };
            let Some(index) = model.types.iter().position(|t| t.name == type_name) else {
                let struct_names = model
                    .types
                    .iter()
                    .filter(|t| matches!(t.kind, TypeKind::Struct { .. }))
                    .map(|t| t.name.as_str());
                let hint = did_you_mean(type_name, struct_names);
                errors.push(self.error(
                    field.path.offset,
                    "config-unknown-type",
                    format!("the model has no type `{type_name}`{hint}"),
                ));
                continue;
            };
            let TypeKind::Struct { fields, .. } = &mut model.types[index].kind else {
                errors.push(self.error(
                    field.path.offset,
                    "config-unknown-field",
                    format!("`{type_name}` is an enum: it has no fields"),
                ));
                continue;
            };
            let Some(target) = fields.iter_mut().find(|f| f.wire_name == wire) else {
                let names: Vec<String> = fields.iter().map(|f| f.wire_name.clone()).collect();
                let hint = did_you_mean(wire, names.iter().map(String::as_str));
                errors.push(self.error(
                    field.path.offset,
                    "config-unknown-field",
                    format!("`{type_name}` has no field `{wire}` (fields are named as on the wire){hint}"),
                ));
                continue;
            };
            if let Some(ty) = ty {
                target.ty = ty;
                target.guess = None;
            }
            // A stated `optional` or `nullable` replaces what a rule of `OptionalBy` decided:
            // `optional = false` on a field the name rule made optional makes it strict again.
            if field.optional.is_some() || field.nullable.is_some() {
                if target.optional_by == Some(OptionalBy::NameRule) && field.nullable.is_none() {
                    target.nullable = false;
                }
                target.optional_by = None;
            }
            if let Some(nullable) = &field.nullable {
                target.nullable = nullable.value;
            }
            if let Some(optional) = &field.optional {
                target.required = !optional.value;
            }
            if let Some(secret) = &field.secret {
                target.secret = secret.value;
            }
        }
    }

    fn field_type(&self, model: &Model, ty: &Setting<FieldType>) -> Result<TypeRef, Diagnostic> {
        Ok(match &ty.value {
            FieldType::String => TypeRef::String,
            FieldType::Integer => TypeRef::Integer,
            FieldType::Number => TypeRef::Float,
            FieldType::Decimal => TypeRef::Decimal,
            FieldType::Boolean => TypeRef::Bool,
            FieldType::DateTime => TypeRef::DateTime,
            FieldType::Named(name) => {
                if model.type_named(name).is_none() {
                    let names = FieldType::SCALARS
                        .into_iter()
                        .chain(model.types.iter().map(|t| t.name.as_str()));
                    let hint = did_you_mean(name, names);
                    return Err(self.error(
                        ty.offset,
                        "config-bad-value",
                        format!(
                            "`{name}` is not a field type: expected string, integer, number, decimal, boolean, date-time or a type of the model{hint}"
                        ),
                    ));
                }
                TypeRef::named(name.clone())
            }
        })
    }

    /// Every sample (the document's and `sdkgen.toml`'s) must still fit the model: a field
    /// override that contradicts one is an error at the override.
    fn check_samples(&self, parsed: &Parsed, model: &Model, errors: &mut Vec<Diagnostic>) {
        for op in &model.operations {
            let endpoint = &parsed.api.endpoints[op.endpoint];
            let mut checks = Vec::new();
            if let (Some(request), Some(body)) = (&op.request, &endpoint.request) {
                if request.kind == BodyKind::Json && request.evidence == Evidence::Verified {
                    checks.push((&request.ty, &body.json, false, "request body"));
                }
            }
            if op.success.evidence == Evidence::Verified && op.success.data != TypeRef::Bytes {
                for (response, outcome) in endpoint.responses.iter().zip(&op.responses) {
                    if !outcome.success {
                        continue;
                    }
                    if let Some(payload) = outcome.payload(response) {
                        checks.push((
                            &op.success.data,
                            payload,
                            op.success.nullable,
                            "success data",
                        ));
                    }
                }
            }
            for (ty, json, nullable, what) in checks {
                let Err(problem) = validate(model, ty, json, nullable) else {
                    continue;
                };
                let position = parsed
                    .sources
                    .get(json.span.file as usize)
                    .map(|f| format!("{}:{}:{}", f.path, json.span.line, json.span.column))
                    .unwrap_or_default();
                let route = endpoint.route();
                // Blame the field override the failing path ends at, if there is one.
                let blamed = self.fields.iter().find(|f| {
                    f.path.value.split_once('.').is_some_and(|(_, wire)| {
                        problem
                            .split(':')
                            .next()
                            .is_some_and(|p| p.ends_with(&format!(".{wire}")))
                    })
                });
                let offset = blamed.map_or(0, |f| {
                    f.ty.as_ref()
                        .map(|t| t.offset)
                        .or(f.nullable.as_ref().map(|n| n.offset))
                        .or(f.optional.as_ref().map(|o| o.offset))
                        .unwrap_or(f.path.offset)
                });
                errors.push(self.error(
                    offset,
                    "config-contradicts-sample",
                    format!(
                        "this contradicts the {what} sample of `{route}` ({position}): {problem}"
                    ),
                ));
            }
        }
    }
}

/// The byte offset of the setting that gives a sample.
fn sample_offset(sample: &Sample) -> usize {
    match sample {
        Sample::File { setting, .. } | Sample::Inline(setting) => setting.offset,
    }
}

/// Replaces renamed type names inside a type expression.
fn rename_in(ty: &mut TypeRef, renames: &BTreeMap<String, String>) {
    match ty {
        TypeRef::Named { name } | TypeRef::Dictionary { code: name } => {
            if let Some(new) = renames.get(name) {
                *name = new.clone();
            }
        }
        TypeRef::Array { item } | TypeRef::Page { item, .. } => rename_in(item, renames),
        TypeRef::Map { value } => rename_in(value, renames),
        _ => {}
    }
}
