//! Reading `sdkgen.toml` into [`Overrides`]: every key checked against the ones sdkgen knows
//! (with the nearest one suggested), every value against what the key takes, each remembered
//! with its position so later checks point at the line that says it.

use std::path::{Path, PathBuf};

use toml_edit::{Item, Table, Value};

use super::{
    Auth, EndpointOverride, FieldOverride, FieldType, OpenApiSettings, Overrides, PackageSettings,
    RequestKind, ResponseKind, Sample, Setting, TypeOverride, VerifySettings,
};
use crate::diagnostic::{Diagnostic, Report, Severity};
use crate::source::SourceFile;

const TOP_KEYS: &[&str] = &[
    "package",
    "openapi",
    "endpoints",
    "types",
    "fields",
    "verify",
];
const VERIFY_KEYS: &[&str] = &["params"];
const PACKAGE_KEYS: &[&str] = &["name", "version", "license"];
const OPENAPI_KEYS: &[&str] = &[
    "server_url",
    "server_description",
    "contact_name",
    "contact_email",
    "license_url",
    "transport_headers",
];
const ENDPOINT_KEYS: &[&str] = &[
    "method",
    "success_sample",
    "request_sample",
    "response",
    "request",
    "auth",
    "page_param",
    "size_param",
    "safe",
];
const TYPE_KEYS: &[&str] = &["rename"];
const FIELD_KEYS: &[&str] = &["type", "nullable", "optional", "secret"];

/// The closest of `candidates` to `wanted`, when one is close enough to be a likely typo.
pub(crate) fn nearest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::jaro_winkler(&wanted.to_lowercase(), &c.to_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// ", did you mean `x`?" or nothing.
pub(crate) fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    nearest(wanted, candidates)
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

struct Reader<'f> {
    file: &'f SourceFile,
    folder: PathBuf,
    errors: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn error(&mut self, offset: usize, code: &'static str, message: String) {
        self.errors.push(Diagnostic::new(
            Severity::Error,
            code,
            self.file,
            offset,
            message,
        ));
    }

    fn key_offset(table: &Table, key: &str) -> usize {
        table
            .get_key_value(key)
            .and_then(|(k, _)| k.span())
            .or_else(|| table.span())
            .map_or(0, |r| r.start)
    }

    fn value_offset(item: &Item) -> usize {
        item.span().map_or(0, |r| r.start)
    }

    /// Reports the keys of `table` that are not in `allowed`.
    fn known_keys(&mut self, table: &Table, allowed: &[&str], what: &str) {
        for (key, _) in table.iter() {
            if !allowed.contains(&key) {
                let offset = Self::key_offset(table, key);
                let hint = did_you_mean(key, allowed.iter().copied());
                let list = allowed
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                self.error(
                    offset,
                    "config-unknown-key",
                    format!("`{key}` is not a key of {what}: expected one of {list}{hint}"),
                );
            }
        }
    }

    fn table<'t>(&mut self, parent: &'t Table, key: &str) -> Option<&'t Table> {
        let item = parent.get(key)?;
        match item {
            Item::Table(table) => Some(table),
            other => {
                let offset = Self::value_offset(other);
                self.error(
                    offset,
                    "config-bad-value",
                    format!("`{key}` must be a table (`[{key}]`)"),
                );
                None
            }
        }
    }

    fn string(&mut self, table: &Table, key: &str) -> Option<Setting<String>> {
        let item = table.get(key)?;
        match item.as_str() {
            Some(text) => Some(Setting {
                value: text.to_owned(),
                offset: Self::value_offset(item),
            }),
            None => {
                self.error(
                    Self::value_offset(item),
                    "config-bad-value",
                    format!("`{key}` must be a string"),
                );
                None
            }
        }
    }

    fn boolean(&mut self, table: &Table, key: &str) -> Option<Setting<bool>> {
        let item = table.get(key)?;
        match item.as_bool() {
            Some(flag) => Some(Setting {
                value: flag,
                offset: Self::value_offset(item),
            }),
            None => {
                self.error(
                    Self::value_offset(item),
                    "config-bad-value",
                    format!("`{key}` must be `true` or `false`"),
                );
                None
            }
        }
    }

    /// A string that must be one of `choices`.
    fn choice<T: Copy>(
        &mut self,
        table: &Table,
        key: &str,
        choices: &[(&str, T)],
    ) -> Option<Setting<T>> {
        let text = self.string(table, key)?;
        match choices.iter().find(|(name, _)| *name == text.value) {
            Some((_, value)) => Some(Setting {
                value: *value,
                offset: text.offset,
            }),
            None => {
                let names: Vec<&str> = choices.iter().map(|c| c.0).collect();
                let list = names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let hint = did_you_mean(&text.value, names.iter().copied());
                self.error(
                    text.offset,
                    "config-bad-value",
                    format!("`{key}` is `{}`: expected one of {list}{hint}", text.value),
                );
                None
            }
        }
    }

    /// The sub-tables of `[section."name"]`, each with the position of its name.
    fn named_tables<'t>(
        &mut self,
        root: &'t Table,
        section: &str,
    ) -> Vec<(Setting<String>, &'t Table)> {
        let Some(table) = self.table(root, section) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, item) in table.iter() {
            let offset = Self::key_offset(table, name);
            match item {
                Item::Table(inner) => out.push((
                    Setting {
                        value: name.to_owned(),
                        offset,
                    },
                    inner,
                )),
                Item::Value(Value::InlineTable(_)) => {
                    let inner = item.as_table_like();
                    // Inline tables are read through a copy as a table.
                    if inner.is_some() {
                        self.error(
                            offset,
                            "config-bad-value",
                            format!(
                                "write `[{section}.\"{name}\"]` as a table of its own, not an inline table"
                            ),
                        );
                    }
                }
                _ => self.error(
                    offset,
                    "config-bad-value",
                    format!("`{section}.{name}` must be a table (`[{section}.\"{name}\"]`)"),
                ),
            }
        }
        out
    }

    /// A sample: a file beside `sdkgen.toml`, or JSON text written inline.
    fn sample(&mut self, table: &Table, key: &str) -> Option<Sample> {
        let text = self.string(table, key)?;
        let trimmed = text.value.trim_start();
        if trimmed.starts_with(['{', '[']) {
            return Some(Sample::Inline(text));
        }
        let relative = Path::new(&text.value);
        if relative.is_absolute()
            || relative
                .components()
                .any(|c| matches!(c, std::path::Component::ParentDir))
        {
            self.error(
                text.offset,
                "config-bad-value",
                format!(
                    "`{key}` is `{}`: a sample file must be a relative path inside the folder of sdkgen.toml",
                    text.value
                ),
            );
            return None;
        }
        Some(Sample::File {
            path: self.folder.join(relative),
            setting: text,
        })
    }
}

/// Parses `sdkgen.toml` given as text (`path` names it in diagnostics; sample files are read
/// relative to its folder).
pub fn parse(path: &Path, text: &str) -> Result<Overrides, Report> {
    let file = SourceFile::new(0, path.display().to_string(), text);
    let document = match toml_edit::Document::parse(file.text.as_str()) {
        Ok(document) => document,
        Err(error) => {
            let offset = error.span().map_or(0, |r| r.start);
            let message = error.message().trim().to_owned();
            return Err(Report::new(vec![Diagnostic::new(
                Severity::Error,
                "config-syntax",
                &file,
                offset,
                format!("sdkgen.toml is not valid TOML: {message}"),
            )]));
        }
    };
    let root = document.as_table();
    let mut reader = Reader {
        file: &file,
        folder: path.parent().map(Path::to_path_buf).unwrap_or_default(),
        errors: Vec::new(),
    };
    reader.known_keys(root, TOP_KEYS, "sdkgen.toml");
    let package = match reader.table(root, "package") {
        Some(table) => {
            reader.known_keys(table, PACKAGE_KEYS, "`[package]`");
            PackageSettings {
                name: reader.string(table, "name"),
                version: reader.string(table, "version"),
                license: reader.string(table, "license"),
            }
        }
        None => PackageSettings::default(),
    };
    let openapi = match reader.table(root, "openapi") {
        Some(table) => {
            reader.known_keys(table, OPENAPI_KEYS, "`[openapi]`");
            OpenApiSettings {
                server_url: reader.string(table, "server_url"),
                server_description: reader.string(table, "server_description"),
                contact_name: reader.string(table, "contact_name"),
                contact_email: reader.string(table, "contact_email"),
                license_url: reader.string(table, "license_url"),
                transport_headers: reader.boolean(table, "transport_headers"),
            }
        }
        None => OpenApiSettings::default(),
    };
    let mut endpoints = Vec::new();
    for (route, table) in reader.named_tables(root, "endpoints") {
        reader.known_keys(
            table,
            ENDPOINT_KEYS,
            &format!("`[endpoints.\"{}\"]`", route.value),
        );
        endpoints.push(EndpointOverride {
            method: reader.string(table, "method"),
            success_sample: reader.sample(table, "success_sample"),
            request_sample: reader.sample(table, "request_sample"),
            response: reader.choice(
                table,
                "response",
                &[
                    ("json", ResponseKind::Json),
                    ("binary", ResponseKind::Binary),
                    ("empty", ResponseKind::Empty),
                ],
            ),
            request: reader.choice(
                table,
                "request",
                &[
                    ("json", RequestKind::Json),
                    ("multipart", RequestKind::Multipart),
                    ("none", RequestKind::None),
                ],
            ),
            auth: reader.choice(
                table,
                "auth",
                &[
                    ("required", Auth::Required),
                    ("optional", Auth::Optional),
                    ("none", Auth::None),
                ],
            ),
            page_param: reader.string(table, "page_param"),
            size_param: reader.string(table, "size_param"),
            safe: reader.boolean(table, "safe"),
            route,
        });
    }
    let mut types = Vec::new();
    for (name, table) in reader.named_tables(root, "types") {
        reader.known_keys(table, TYPE_KEYS, &format!("`[types.{}]`", name.value));
        types.push(TypeOverride {
            rename: reader.string(table, "rename"),
            name,
        });
    }
    let mut fields = Vec::new();
    for (path, table) in reader.named_tables(root, "fields") {
        reader.known_keys(table, FIELD_KEYS, &format!("`[fields.\"{}\"]`", path.value));
        let ty = reader.string(table, "type").map(|t| Setting {
            value: FieldType::parse(&t.value),
            offset: t.offset,
        });
        fields.push(FieldOverride {
            ty,
            nullable: reader.boolean(table, "nullable"),
            optional: reader.boolean(table, "optional"),
            secret: reader.boolean(table, "secret"),
            path,
        });
    }
    let mut verify = VerifySettings::default();
    if let Some(table) = reader.table(root, "verify") {
        reader.known_keys(table, VERIFY_KEYS, "`[verify]`");
        if let Some(params) = reader.table(table, "params") {
            for (name, _) in params.iter() {
                if let Some(value) = reader.string(params, name) {
                    verify.params.push((name.to_owned(), value));
                }
            }
        }
    }
    let errors = std::mem::take(&mut reader.errors);
    if !errors.is_empty() {
        return Err(Report::new(errors));
    }
    Ok(Overrides {
        verify,
        source: file,
        package,
        openapi,
        endpoints,
        types,
        fields,
    })
}
