//! The path by which generated code reaches the client's root module: `crate` when the client
//! is a crate of its own, `crate::partner` when it is included in module `partner` of another
//! crate. Every path the emitter writes to a generated item, in code and in doc links, starts
//! with it, so one set of token builders serves both forms.

use std::fmt;

use proc_macro2::{Ident, Punct, Spacing, Span, TokenStream};
use quote::{ToTokens, TokenStreamExt};

/// The client's root module as a path from the crate root (`crate`, `crate::partner`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ModuleRoot {
    /// The module names after `crate`, outermost first (empty for the crate root).
    modules: Vec<String>,
}

impl ModuleRoot {
    /// The crate root: the client is a crate of its own.
    pub fn crate_root() -> Self {
        ModuleRoot {
            modules: Vec::new(),
        }
    }

    /// Reads a root path: `crate`, or `crate::` followed by module names (`crate::partner`,
    /// `crate::clients::shop`).
    pub fn parse(path: &str) -> Result<Self, String> {
        let invalid =
            || format!("`{path}` is not a module root such as `crate` or `crate::partner`");
        let mut parts = path.split("::");
        if parts.next() != Some("crate") {
            return Err(invalid());
        }
        let modules: Vec<String> = parts.map(str::to_owned).collect();
        if modules.iter().all(|m| is_module_name(m)) {
            Ok(ModuleRoot { modules })
        } else {
            Err(invalid())
        }
    }

    /// The root of a client included in `module`, a module path relative to the crate root
    /// (`partner`, `clients::partner`).
    pub fn in_module(module: &str) -> Result<Self, String> {
        let modules: Vec<String> = module.split("::").map(str::to_owned).collect();
        if !module.is_empty() && modules.iter().all(|m| is_module_name(m)) {
            Ok(ModuleRoot { modules })
        } else {
            Err(format!(
                "`{module}` is not a module path such as `partner` or `clients::partner`"
            ))
        }
    }

    /// The module names after `crate`, outermost first.
    pub fn modules(&self) -> &[String] {
        &self.modules
    }

    /// The text of a path below the root, for doc links and attribute strings:
    /// `join("Error::Api")` is `crate::partner::Error::Api`.
    pub fn join(&self, rest: &str) -> String {
        format!("{self}::{rest}")
    }
}

/// An ASCII identifier that can name a module: not a keyword, not `_`, not a raw identifier
/// (each name is also a folder name in `OUT_DIR`).
fn is_module_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && syn::parse_str::<syn::Ident>(name).is_ok()
}

impl fmt::Display for ModuleRoot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("crate")?;
        for module in &self.modules {
            write!(f, "::{module}")?;
        }
        Ok(())
    }
}

impl ToTokens for ModuleRoot {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.append(Ident::new("crate", Span::call_site()));
        for module in &self.modules {
            tokens.append(Punct::new(':', Spacing::Joint));
            tokens.append(Punct::new(':', Spacing::Alone));
            tokens.append(Ident::new(module, Span::call_site()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ModuleRoot;
    use quote::quote;

    #[test]
    fn roots_read_print_and_quote_alike() {
        let root = ModuleRoot::parse("crate::clients::shop").unwrap();
        assert_eq!(root.modules(), ["clients", "shop"]);
        assert_eq!(root, ModuleRoot::in_module("clients::shop").unwrap());
        assert_eq!(root.to_string(), "crate::clients::shop");
        assert_eq!(root.join("Error::Api"), "crate::clients::shop::Error::Api");
        assert_eq!(
            quote!(use #root::Client;).to_string(),
            quote!(
                use crate::clients::shop::Client;
            )
            .to_string()
        );
        let top = ModuleRoot::parse("crate").unwrap();
        assert_eq!(top, ModuleRoot::crate_root());
        assert_eq!(
            quote!(#top::types::*).to_string(),
            quote!(crate::types::*).to_string()
        );
    }

    #[test]
    fn roots_that_cannot_name_a_module_are_refused() {
        for bad in [
            "",
            "partner",
            "crate::",
            "crate::a::",
            "crate::a b",
            "crate::type",
            "crate::_",
            "crate::1a",
            "crate::r#a",
            "self::a",
            "::crate::a",
        ] {
            let error = ModuleRoot::parse(bad).unwrap_err();
            assert!(error.contains("not a module root"), "{bad}: {error}");
        }
        for bad in ["", "::a", "a::", "a b", "a-b", "fn", "crate", "a::self"] {
            let error = ModuleRoot::in_module(bad).unwrap_err();
            assert!(error.contains("not a module path"), "{bad}: {error}");
        }
    }
}
