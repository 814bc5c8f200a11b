//! Open enums: each dictionary the samples show becomes a type, the error codes of the error
//! samples become the error-code set, and each enum records the routes that use it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::Inference;
use crate::model::{EnumValue, ErrorCodeInfo, Operation, TypeDef, TypeKind, TypeRef};
use crate::naming::{self, pascal_ident};

impl Inference<'_> {
    /// An open enum for every dictionary; which routes use it is added at the end.
    pub(super) fn dictionary_types(&self) -> Vec<TypeDef> {
        self.collected
            .dictionaries
            .iter()
            .map(|(name, codes)| {
                let values = enum_values(codes.iter().map(|(code, (label, description))| {
                    (code.clone(), label.clone(), description.clone())
                }));
                TypeDef {
                    name: name.clone(),
                    kind: TypeKind::OpenEnum { values },
                    used_by: Vec::new(),
                    span: Default::default(),
                }
            })
            .collect()
    }
}

fn enum_values(
    values: impl Iterator<Item = (String, Option<String>, Option<String>)>,
) -> Vec<EnumValue> {
    let mut out: Vec<EnumValue> = values
        .map(|(wire, label, description)| EnumValue {
            rust_name: pascal_ident(&wire),
            wire,
            label,
            description,
        })
        .collect();
    out.sort_by(|a, b| a.wire.cmp(&b.wire));
    // `Other` is the variant for codes the document does not show.
    // One endpoint may show 100,000 error codes: a scope keeps naming linear.
    let mut scope = naming::NameScope::with_taken(["Other"]);
    for value in &mut out {
        value.rust_name = scope.claim(&value.rust_name, |_| false);
    }
    out
}

/// The open error-code set: every code an error sample shows, where and with what status.
pub(super) fn error_codes(operations: &[Operation]) -> BTreeMap<String, ErrorCodeInfo> {
    let mut codes: BTreeMap<String, ErrorCodeInfo> = BTreeMap::new();
    for op in operations {
        for error in op.errors.iter().filter(|e| !e.code.is_empty()) {
            let info = codes.entry(error.code.clone()).or_default();
            if !info.statuses.contains(&error.status) {
                info.statuses.push(error.status);
                info.statuses.sort_unstable();
            }
            if !info.messages.contains(&error.message) {
                info.messages.push(error.message.clone());
                info.messages.sort();
            }
            // Operations come one at a time, so a repeat can only be the last one pushed.
            if info.operations.last() != Some(&op.operation_id) {
                info.operations.push(op.operation_id.clone());
            }
        }
    }
    let values = enum_values(codes.keys().map(|c| (c.clone(), None, None)));
    for value in values {
        if let Some(info) = codes.get_mut(&value.wire) {
            info.rust_name = value.rust_name;
            info.operations.sort();
        }
    }
    codes
}

/// Records which routes use each open enum (through dictionary fields).
pub(super) fn add_usage(types: &mut [TypeDef]) {
    let mut users: HashMap<String, BTreeSet<String>> = HashMap::new();
    for def in types.iter() {
        if let TypeKind::Struct { fields, .. } = &def.kind {
            for field in fields {
                collect_dictionary_codes(&field.ty, &mut |code| {
                    users
                        .entry(code.to_owned())
                        .or_default()
                        .extend(def.used_by.iter().cloned());
                });
            }
        }
    }
    for def in types.iter_mut() {
        if let (TypeKind::OpenEnum { .. }, Some(routes)) = (&def.kind, users.get(&def.name)) {
            def.used_by = routes.iter().cloned().collect();
        }
    }
}

fn collect_dictionary_codes(ty: &TypeRef, f: &mut dyn FnMut(&str)) {
    match ty {
        TypeRef::Dictionary { code } => f(code),
        TypeRef::Array { item } | TypeRef::Page { item, .. } => collect_dictionary_codes(item, f),
        TypeRef::Map { value } => collect_dictionary_codes(value, f),
        _ => {}
    }
}
