//! Schemas: the model's types under their Rust names, the generic shapes (`Page`,
//! `OffsetPage`, `DictionaryItem`) with one named specialisation per type argument
//! (`ApiKeyPage` for `Page<ApiKey>`), the `Envelope`, the `ApiError` envelope and the open
//! `ErrorCode`; and nullability written the way each OpenAPI version wants it.

use std::collections::{BTreeMap, BTreeSet};

use super::node::{strings, Map, Node};
use super::Version;
use crate::model::{EnumValue, Field, Model, PageShape, TypeDef, TypeKind, TypeRef};

/// The extension that marks a schema (or response) the document gives no evidence for.
pub const EVIDENCE: &str = "x-sdkgen-evidence";
/// The extension that lists the known values of an open string set.
pub const KNOWN_VALUES: &str = "x-sdkgen-known-values";
/// The extension that marks an example as a sanitised placeholder, not a real value.
pub const REDACTED: &str = "x-sdkgen-redacted";

/// The envelope's fields (`data` besides), their schemas and what they mean.
const ENVELOPE_FIELDS: &[(&str, &str, Option<&str>, &str)] = &[
    ("version", "string", None, "The API version that answered."),
    (
        "timestamp",
        "integer",
        Some("int64"),
        "When the answer was made, in milliseconds since the Unix epoch.",
    ),
    (
        "success",
        "boolean",
        None,
        "Whether the call succeeded: the outcome, whatever the HTTP status.",
    ),
    (
        "code",
        "string",
        None,
        "A result code: the error code when the call failed.",
    ),
    ("message", "string", None, "A human-readable message."),
];

/// A reference to a schema component.
pub fn reference(name: &str) -> Node {
    Node::Object(Map::new().with("$ref", format!("#/components/schemas/{name}")))
}

/// An open schema: any JSON value, because the document shows no evidence of the shape.
pub fn unknown(description: &str) -> Node {
    Node::Object(
        Map::new()
            .with("description", description)
            .with(EVIDENCE, "unknown"),
    )
}

fn is_bare_ref(schema: &Node) -> bool {
    schema
        .as_object()
        .is_some_and(|m| m.len() == 1 && m.contains_key("$ref"))
}

/// Builds the schemas an operation or a component needs, and remembers which named
/// specialisations of the generic shapes were used.
pub struct Schemas<'a> {
    model: &'a Model,
    version: Version,
    /// Specialisation names by type (`Page<ApiKey>` → `ApiKeyPage`).
    specialised: BTreeMap<TypeRef, String>,
    taken: BTreeSet<String>,
    /// The envelope fields every envelope sample has.
    envelope_required: Vec<String>,
    /// Named success envelopes (`RoleListResponse`), by name, with the `data` schema text
    /// each was made for.
    envelopes: BTreeMap<String, (String, Node)>,
}

impl<'a> Schemas<'a> {
    /// Schemas for `model`, written for `version`.
    pub fn new(model: &'a Model, version: Version) -> Self {
        let mut taken: BTreeSet<String> = model.types.iter().map(|t| t.name.clone()).collect();
        taken.extend(
            crate::naming::RESERVED_NAMES
                .iter()
                .map(|s| (*s).to_owned()),
        );
        Schemas {
            model,
            version,
            specialised: BTreeMap::new(),
            taken,
            envelope_required: ENVELOPE_FIELDS
                .iter()
                .map(|f| f.0.to_owned())
                .chain(["data".to_owned()])
                .collect(),
            envelopes: BTreeMap::new(),
        }
    }

    /// A reference to the named envelope of a success whose `data` is `data` (`stem` names
    /// it: `RoleList` gives `RoleListResponse`). One schema per distinct `data`, written out
    /// whole: generators turn an `allOf` that narrows `success` and `data` into classes that
    /// redefine properties, and a boolean `enum` into an enum type.
    pub fn success_envelope(&mut self, stem: &str, data: Node) -> Node {
        let text = data.to_json().unwrap_or_default();
        if let Some(name) = self
            .envelopes
            .iter()
            .find(|(_, (t, _))| *t == text)
            .map(|(name, _)| name.clone())
        {
            return reference(&name);
        }
        let base = format!("{stem}Response");
        let name = std::iter::once(base.clone())
            .chain((2..).map(|i| format!("{base}{i}")))
            .find(|n| !self.taken.contains(n))
            .unwrap_or(base);
        self.taken.insert(name.clone());
        let schema = specialise(
            self.envelope(),
            format!(
                "The envelope of a success whose `data` is {}.",
                stem_prose(stem)
            ),
            Map::new()
                .with(
                    "success",
                    Map::new()
                        .with("type", "boolean")
                        .with("description", "`true`: the call succeeded."),
                )
                .with("data", data),
        );
        self.envelopes.insert(name.clone(), (text, schema));
        reference(&name)
    }

    /// Marks as required the envelope fields that every envelope sample has (all of them by
    /// default).
    pub fn set_envelope_required(&mut self, present_in_every_sample: Vec<String>) {
        self.envelope_required = present_in_every_sample;
    }

    /// The OpenAPI version the schemas are written for.
    pub fn version(&self) -> Version {
        self.version
    }

    /// The schema of a type expression (a `$ref` for named types and specialisations).
    pub fn schema(&mut self, ty: &TypeRef) -> Node {
        let scalar = |ty: &str, format: Option<&str>| {
            Node::Object(Map::new().with("type", ty).with_opt("format", format))
        };
        match ty {
            TypeRef::Any => unknown("Any JSON value: the samples give no evidence of its type."),
            TypeRef::Unit => Node::Object(
                Map::new().with("description", "No content: always `null` when present."),
            ),
            TypeRef::Bool => scalar("boolean", None),
            TypeRef::Integer => scalar("integer", Some("int64")),
            TypeRef::Unsigned => scalar("integer", Some("uint64")),
            TypeRef::Float => scalar("number", Some("double")),
            TypeRef::Decimal => scalar("number", Some("decimal")),
            TypeRef::String => scalar("string", None),
            TypeRef::DateTime => scalar("string", Some("date-time")),
            TypeRef::Bytes => scalar("string", Some("binary")),
            TypeRef::Array { item } => {
                let items = self.schema(item);
                Node::Object(Map::new().with("type", "array").with("items", items))
            }
            // Keyed by data: any key, every value of one type (3.0 and 3.1 alike).
            TypeRef::Map { value } => {
                let values = self.schema(value);
                Node::Object(
                    Map::new()
                        .with("type", "object")
                        .with("additionalProperties", values),
                )
            }
            TypeRef::Named { name } => reference(name),
            TypeRef::Page { shape, item } if **item == TypeRef::Any => reference(shape.type_name()),
            TypeRef::Page { shape, item } => {
                let name = self.specialisation(ty, &type_argument_name(item), shape.type_name());
                reference(&name)
            }
            TypeRef::Dictionary { code } => {
                let name = self.specialisation(ty, code, "DictionaryItem");
                reference(&name)
            }
        }
    }

    fn specialisation(&mut self, ty: &TypeRef, argument: &str, generic: &str) -> String {
        if let Some(name) = self.specialised.get(ty) {
            return name.clone();
        }
        let base = format!("{argument}{generic}");
        let name = std::iter::once(base.clone())
            .chain((2..).map(|i| format!("{base}{i}")))
            .find(|n| !self.taken.contains(n))
            .unwrap_or(base);
        self.taken.insert(name.clone());
        self.specialised.insert(ty.clone(), name.clone());
        name
    }

    /// The schema of a type that may be `null`.
    pub fn nullable(&self, schema: Node) -> Node {
        let Node::Object(mut map) = schema else {
            return schema;
        };
        if is_bare_ref(&Node::Object(map.clone())) {
            let target = map
                .get("$ref")
                .and_then(Node::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
                .map_or("object", |n| self.component_type(n));
            // A union with `null`. In 3.0 the null branch is typed, `nullable` and
            // `enum: [null]`: `nullable` beside a reference (even in a one-element `allOf`)
            // does not reach the referenced schema, so validators reject a `null` there.
            let null = match self.version {
                Version::V3_1 => Map::new().with("type", "null"),
                Version::V3_0 => Map::new()
                    .with("type", target)
                    .with("nullable", true)
                    .with("enum", vec![Node::Null]),
            };
            return Node::Object(
                Map::new().with("anyOf", vec![Node::Object(map), Node::Object(null)]),
            );
        }
        match (self.version, map.get("type").cloned()) {
            (Version::V3_1, Some(Node::String(ty))) => {
                map.insert("type", strings([ty.as_str(), "null"]));
            }
            (Version::V3_0, Some(_)) => map.insert("nullable", true),
            // No `type`: an open schema already accepts `null`.
            _ => {}
        }
        Node::Object(map)
    }

    /// The JSON type of a component (`object` for structs and generic shapes, `string` for
    /// open sets).
    fn component_type(&self, name: &str) -> &'static str {
        match self.model.type_named(name).map(|t| &t.kind) {
            Some(TypeKind::OpenEnum { .. }) => "string",
            _ if name == "ErrorCode" => "string",
            _ => "object",
        }
    }

    /// Adds metadata (description, example, extensions) to a schema; in 3.0, where a `$ref`
    /// may have no siblings, the reference is wrapped in `allOf`.
    pub fn annotate(&self, schema: Node, meta: Map) -> Node {
        if meta.is_empty() {
            return schema;
        }
        let mut map = match schema {
            Node::Object(map) if self.version == Version::V3_0 && map.contains_key("$ref") => {
                Map::new().with("allOf", vec![Node::Object(map)])
            }
            Node::Object(map) => map,
            other => return other,
        };
        for (key, value) in meta.iter() {
            map.insert(key.clone(), value.clone());
        }
        Node::Object(map)
    }

    /// A schema's example: `examples: [value]` in 3.1, `example: value` in 3.0.
    pub fn example(&self, meta: &mut Map, value: Node) {
        match self.version {
            Version::V3_1 => meta.insert("examples", vec![value]),
            Version::V3_0 => meta.insert("example", value),
        }
    }

    /// Every component schema: the model's types, the generic shapes and specialisations in
    /// use, the envelope and the error model, sorted by name.
    pub fn components(&mut self, requests: &BTreeSet<String>) -> BTreeMap<String, Node> {
        let mut out = BTreeMap::new();
        let model = self.model;
        for def in &model.types {
            let schema = match &def.kind {
                TypeKind::Struct {
                    fields,
                    extends_dictionary,
                } => self.struct_schema(def, fields, *extends_dictionary, requests),
                TypeKind::OpenEnum { values } => self.open_enum(def, values),
            };
            out.insert(def.name.clone(), schema);
        }
        // Specialisations may name further specialisations (a page of dictionary items), so
        // build until none is new.
        let mut built: BTreeSet<TypeRef> = BTreeSet::new();
        loop {
            let pending: Vec<(TypeRef, String)> = self
                .specialised
                .iter()
                .filter(|(ty, _)| !built.contains(*ty))
                .map(|(ty, name)| (ty.clone(), name.clone()))
                .collect();
            if pending.is_empty() {
                break;
            }
            for (ty, name) in pending {
                let schema = self.specialised_schema(&ty);
                out.insert(name, schema);
                built.insert(ty);
            }
        }
        out.insert("Page".to_owned(), self.page(PageShape::Paginated));
        out.insert("OffsetPage".to_owned(), self.page(PageShape::Offset));
        out.insert("DictionaryItem".to_owned(), self.dictionary_item());
        for (name, (_, schema)) in std::mem::take(&mut self.envelopes) {
            out.insert(name, schema);
        }
        out.insert("Envelope".to_owned(), self.envelope());
        out.insert("ApiError".to_owned(), self.api_error());
        out.insert("ErrorCode".to_owned(), self.error_code());
        out
    }

    fn struct_schema(
        &mut self,
        def: &TypeDef,
        fields: &[Field],
        extends_dictionary: bool,
        requests: &BTreeSet<String>,
    ) -> Node {
        let mut description = if requests.contains(&def.name) {
            format!(
                "Request body of {}.",
                crate::emit::routes_prose(&def.used_by)
            )
        } else {
            format!("Returned by {}.", crate::emit::routes_prose(&def.used_by))
        };
        if extends_dictionary {
            description.push_str(
                " It extends `DictionaryItem` (`code`, `value`, `label`) with more fields.",
            );
        }
        let required: Vec<&str> = fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.wire_name.as_str())
            .collect();
        // A secret of a type only requests use is never sent back: `writeOnly`.
        let write_only =
            requests.contains(&def.name) && !self.model.response_types().contains(&def.name);
        let mut properties = Map::new();
        for field in fields {
            properties.insert(
                field.wire_name.clone(),
                self.field_schema(field, write_only),
            );
        }
        let mut map = Map::new()
            .with("type", "object")
            .with("description", description);
        if !required.is_empty() {
            map.insert("required", strings(required));
        }
        map.insert("properties", properties);
        Node::Object(map)
    }

    fn field_schema(&mut self, field: &Field, write_only: bool) -> Node {
        let mut schema = self.schema(&field.ty);
        if field.nullable {
            schema = self.nullable(schema);
        }
        let mut meta = Map::new();
        let mut description = Vec::new();
        match field.optional_by {
            Some(rule) => description.push(rule.reason().to_owned()),
            None if field.nullable => description.push("`null` in some samples.".to_owned()),
            None => {}
        }
        if let Some(guess) = &field.guess {
            description.push(format!("Type inferred: {guess}."));
        }
        let example = field.example.as_ref().filter(|v| {
            v.value != crate::json::JsonValue::Null && example_fits(&field.ty, field.redacted)
        });
        if field.secret {
            description.push(
                "A secret (by its name, the shape of its samples or `sdkgen.toml`): examples never show it.".to_owned(),
            );
            if field.ty == TypeRef::String {
                meta.insert("format", "password");
            }
            if write_only {
                meta.insert("writeOnly", true);
            }
            if example.is_some() {
                self.example(&mut meta, Node::from(crate::model::REDACTED));
            }
        } else if let Some(value) = example {
            if field.redacted {
                description.push("The example is a sanitised placeholder.".to_owned());
            }
            self.example(&mut meta, Node::from(value));
            if field.redacted {
                meta.insert(REDACTED, true);
            }
        }
        if !description.is_empty() {
            let mut map = Map::new().with("description", description.join(" "));
            for (key, value) in meta.iter() {
                map.insert(key.clone(), value.clone());
            }
            meta = map;
        }
        self.annotate(schema, meta)
    }

    fn open_enum(&self, def: &TypeDef, values: &[EnumValue]) -> Node {
        let family = def.name.strip_suffix("Code").unwrap_or(&def.name);
        let mut description = format!(
            "The `code` of `{family}` items: an open set of strings. The known values are the \
             codes the document shows; any other string may appear. Used by {}.",
            crate::emit::routes_prose(&def.used_by)
        );
        for value in values {
            description.push_str(&match (&value.label, &value.description) {
                (Some(label), Some(text)) => format!("\n- `{}`: {label} — {text}", value.wire),
                (Some(label), None) => format!("\n- `{}`: {label}", value.wire),
                _ => format!("\n- `{}`", value.wire),
            });
        }
        let mut map = Map::new()
            .with("type", "string")
            .with("description", description)
            .with(KNOWN_VALUES, strings(values.iter().map(|v| &v.wire)));
        if let Some(first) = values.first() {
            self.example(&mut map, Node::from(&first.wire));
        }
        Node::Object(map)
    }

    fn specialised_schema(&mut self, ty: &TypeRef) -> Node {
        match ty {
            TypeRef::Page { shape, item } => {
                let items = self.schema(item);
                specialise(
                    self.page(*shape),
                    format!(
                        "`{}`: a `{}` whose items are `{}`.",
                        crate::model::display_type(ty),
                        shape.type_name(),
                        crate::model::display_type(item)
                    ),
                    Map::new().with(
                        "items",
                        Map::new().with("type", "array").with("items", items),
                    ),
                )
            }
            TypeRef::Dictionary { code } => specialise(
                self.dictionary_item(),
                format!("`DictionaryItem<{code}>`: a dictionary item whose `code` is a `{code}`."),
                Map::new().with("code", reference(code)),
            ),
            other => self.schema(other),
        }
    }

    fn page(&self, shape: PageShape) -> Node {
        let items = Map::new().with("type", "array").with(
            "items",
            unknown(
                "An item. Its type is given by the specialisation (`ApiKeyPage` is a page of \
                 `ApiKey`); where this generic page is used directly, the samples show no item.",
            ),
        );
        let int = || Map::new().with("type", "integer").with("format", "int64");
        match shape {
            PageShape::Paginated => {
                let pagination = if self.model.type_named("Pagination").is_some() {
                    reference("Pagination")
                } else {
                    Node::Object(Map::new().with("type", "object"))
                };
                Node::Object(
                    Map::new()
                        .with("type", "object")
                        .with(
                            "description",
                            "A page of items with its pagination block (`Page<T>`).",
                        )
                        .with("required", strings(["items", "pagination"]))
                        .with(
                            "properties",
                            Map::new()
                                .with("items", items)
                                .with("pagination", pagination),
                        ),
                )
            }
            PageShape::Offset => Node::Object(
                Map::new()
                    .with("type", "object")
                    .with(
                        "description",
                        "A page of items with offset counters (`OffsetPage<T>`).",
                    )
                    .with("required", strings(["items", "total", "page", "size"]))
                    .with(
                        "properties",
                        Map::new()
                            .with("items", items)
                            .with(
                                "total",
                                int().with("description", "Items in the whole result."),
                            )
                            .with("page", int().with("description", "This page's number."))
                            .with("size", int().with("description", "Items per page.")),
                    ),
            ),
        }
    }

    fn dictionary_item(&self) -> Node {
        let mut required = vec!["code", "value", "label"];
        if self.model.dictionary_description_required {
            required.push("description");
        }
        let text = |description: &str| {
            Map::new()
                .with("type", "string")
                .with("description", description)
        };
        Node::Object(
            Map::new()
                .with("type", "object")
                .with(
                    "description",
                    "A dictionary item: a coded value with its numeric id, label and \
                     description (`DictionaryItem<C>`, where `C` is the open set of codes of \
                     its family).",
                )
                .with("required", strings(required))
                .with(
                    "properties",
                    Map::new()
                        .with("code", text("The code, such as `ACTIVE`."))
                        .with(
                            "value",
                            Map::new()
                                .with("type", "integer")
                                .with("format", "int64")
                                .with("description", "The numeric id of the code."),
                        )
                        .with("label", text("A human label (localised)."))
                        .with("description", text("What the code means.")),
                ),
        )
    }

    fn envelope(&self) -> Node {
        let mut properties = Map::new();
        for (name, ty, format, description) in ENVELOPE_FIELDS {
            properties.insert(
                *name,
                Map::new()
                    .with("type", *ty)
                    .with_opt("format", *format)
                    .with("description", *description),
            );
        }
        properties.insert(
            "data",
            Map::new().with(
                "description",
                "The payload: its type is given per operation; `null` in errors.",
            ),
        );
        let mut map = Map::new().with("type", "object").with(
            "description",
            "The envelope every answer comes in. Each operation specialises `data`.",
        );
        if !self.envelope_required.is_empty() {
            map.insert("required", strings(&self.envelope_required));
        }
        map.insert("properties", properties);
        Node::Object(map)
    }

    fn api_error(&self) -> Node {
        specialise(
            self.envelope(),
            "An error answer: the envelope with `success: false`, an error `code` and a \
             `message`."
                .to_owned(),
            Map::new()
                .with(
                    "success",
                    Map::new()
                        .with("type", "boolean")
                        .with("description", "`false`: the call failed."),
                )
                .with("code", reference("ErrorCode"))
                .with(
                    "data",
                    Map::new().with(
                        "description",
                        "Details of the error, when the API gives any (for example field \
                         errors); `null` in every sample of the document.",
                    ),
                ),
        )
    }

    fn error_code(&self) -> Node {
        let mut description = "The `code` of an error answer: an open set of strings. The \
                               known values are the codes the document shows; any other \
                               string may appear."
            .to_owned();
        for (code, info) in &self.model.error_codes {
            let statuses: Vec<String> = info.statuses.iter().map(|s| format!("HTTP {s}")).collect();
            description.push_str(&format!(
                "\n- `{code}` ({}): {}",
                statuses.join(", "),
                info.messages.join("; ")
            ));
        }
        let mut map = Map::new()
            .with("type", "string")
            .with("description", description)
            .with(KNOWN_VALUES, strings(self.model.error_codes.keys()));
        if let Some(first) = self.model.error_codes.keys().next() {
            self.example(&mut map, Node::from(first));
        }
        Node::Object(map)
    }
}

/// The name a type argument gives its specialisation (`ApiKey` in `ApiKeyPage`).
/// A generic object shape with some properties replaced, written out whole (no `allOf` that
/// redefines a property: several generators turn that into duplicate or conflicting classes).
fn specialise(base: Node, description: String, replaced: Map) -> Node {
    let Node::Object(mut map) = base else {
        return base;
    };
    map.insert("description", description);
    if let Some(Node::Object(properties)) = map.get_mut("properties") {
        for (key, value) in replaced.iter() {
            properties.insert(key.clone(), value.clone());
        }
    }
    Node::Object(map)
}

/// `data`'s type for an envelope's description, from the envelope's name stem.
fn stem_prose(stem: &str) -> String {
    match stem {
        "Empty" => "empty (`null` or absent)".to_owned(),
        "Untyped" => "not shown by the document".to_owned(),
        "Value" => "any JSON value".to_owned(),
        "Binary" => "a file".to_owned(),
        stem => format!("`{stem}`"),
    }
}

/// The stem of a success envelope's name for a `data` of type `ty`: `Role`, `RoleList`,
/// `ApiKeyPage`, `String`, `Empty` (`Unit`), `Untyped` (`Any`).
pub fn envelope_stem(ty: &TypeRef, nullable: bool) -> String {
    let stem = match ty {
        TypeRef::Unit => return "Empty".to_owned(),
        ty => type_argument_name(ty),
    };
    if nullable {
        format!("{stem}OrNull")
    } else {
        stem
    }
}

fn type_argument_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Any => "Value".to_owned(),
        TypeRef::Unit => "Unit".to_owned(),
        TypeRef::Bool => "Bool".to_owned(),
        TypeRef::Integer => "Integer".to_owned(),
        TypeRef::Unsigned => "Unsigned".to_owned(),
        TypeRef::Float => "Float".to_owned(),
        TypeRef::Decimal => "Decimal".to_owned(),
        TypeRef::String => "String".to_owned(),
        TypeRef::DateTime => "DateTime".to_owned(),
        TypeRef::Bytes => "Bytes".to_owned(),
        TypeRef::Array { item } => format!("{}List", type_argument_name(item)),
        TypeRef::Map { value } => format!("{}Map", type_argument_name(value)),
        TypeRef::Named { name } => name.clone(),
        TypeRef::Page { shape, item } => {
            format!("{}{}", type_argument_name(item), shape.type_name())
        }
        TypeRef::Dictionary { code } => format!("{code}DictionaryItem"),
    }
}

/// May a field's sample stand as its schema's example? Only scalars (and lists of them) are
/// shown; a sanitised placeholder only where any string is valid.
fn example_fits(ty: &TypeRef, redacted: bool) -> bool {
    match ty {
        TypeRef::String => true,
        TypeRef::Bool
        | TypeRef::Integer
        | TypeRef::Unsigned
        | TypeRef::Float
        | TypeRef::Decimal
        | TypeRef::DateTime => !redacted,
        TypeRef::Array { item } => example_fits(item, redacted),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty_model() -> Model {
        Model {
            types: Vec::new(),
            operations: Vec::new(),
            error_codes: Default::default(),
            enveloped: true,
            dictionary_description_required: true,
        }
    }

    #[test]
    fn nullability_per_version() {
        let model = empty_model();
        let v31 = Schemas::new(&model, Version::V3_1);
        let v30 = Schemas::new(&model, Version::V3_0);
        let string = || Node::Object(Map::new().with("type", "string"));
        let as_json = |n: Node| serde_json::to_value(&n).expect("serializes");
        assert_eq!(
            as_json(v31.nullable(string())),
            serde_json::json!({"type": ["string", "null"]})
        );
        assert_eq!(
            as_json(v30.nullable(string())),
            serde_json::json!({"type": "string", "nullable": true})
        );
        assert_eq!(
            as_json(v31.nullable(reference("Thing"))),
            serde_json::json!({"anyOf": [{"$ref": "#/components/schemas/Thing"}, {"type": "null"}]})
        );
        assert_eq!(
            as_json(v30.nullable(reference("Thing"))),
            serde_json::json!({"anyOf": [
                {"$ref": "#/components/schemas/Thing"},
                {"type": "object", "nullable": true, "enum": [null]}
            ]})
        );
        // An open schema already accepts `null`.
        let open = unknown("x");
        assert_eq!(v31.nullable(open.clone()), open);
    }

    #[test]
    fn references_get_no_siblings_in_3_0() {
        let model = empty_model();
        let meta = Map::new().with("description", "d");
        let v30 = Schemas::new(&model, Version::V3_0);
        let wrapped = serde_json::to_value(v30.annotate(reference("X"), meta.clone())).unwrap();
        assert_eq!(
            wrapped,
            serde_json::json!({"allOf": [{"$ref": "#/components/schemas/X"}], "description": "d"})
        );
        let v31 = Schemas::new(&model, Version::V3_1);
        let sibling = serde_json::to_value(v31.annotate(reference("X"), meta)).unwrap();
        assert_eq!(
            sibling,
            serde_json::json!({"$ref": "#/components/schemas/X", "description": "d"})
        );
    }

    #[test]
    fn specialisations_are_named_after_their_type_argument() {
        let model = empty_model();
        let mut schemas = Schemas::new(&model, Version::V3_1);
        let page = TypeRef::Page {
            shape: PageShape::Paginated,
            item: Box::new(TypeRef::named("ApiKey")),
        };
        let as_json = |n: Node| serde_json::to_value(&n).expect("serializes");
        assert_eq!(
            as_json(schemas.schema(&page)),
            serde_json::json!({"$ref": "#/components/schemas/ApiKeyPage"})
        );
        let any_page = TypeRef::Page {
            shape: PageShape::Offset,
            item: Box::new(TypeRef::Any),
        };
        assert_eq!(
            as_json(schemas.schema(&any_page)),
            serde_json::json!({"$ref": "#/components/schemas/OffsetPage"})
        );
        let dictionary = TypeRef::Dictionary {
            code: "RoleTypeCode".to_owned(),
        };
        assert_eq!(
            as_json(schemas.schema(&dictionary)),
            serde_json::json!({"$ref": "#/components/schemas/RoleTypeCodeDictionaryItem"})
        );
    }
}
