//! Type naming: the names a success payload's type may take (from the operation's nouns and
//! method), and the choice, over all classes, of the best name each can have without shadowing
//! another type or a name the generated crate uses.

use std::collections::{BTreeMap, BTreeSet};

use super::collect::Candidate;
use super::operations::is_qualifier;
use super::Inference;
use crate::ir::Method;
use crate::naming::{self, pascal_ident, singular};

impl Inference<'_> {
    /// Candidate names for the success data of endpoint `index`.
    pub(super) fn response_candidates(&self, index: usize) -> Vec<Candidate> {
        let endpoint = &self.api.endpoints[index];
        let op = &self.names[index];
        let qualifier: String = op
            .nouns
            .iter()
            .filter(|n| is_qualifier(n))
            .map(|n| if n == "current" { "Current" } else { "My" })
            .collect();
        let nouns: Vec<&String> = op.nouns.iter().filter(|n| !is_qualifier(n)).collect();
        // Without a resource noun, the qualifiers as written (`/me` → `Me`), else the method.
        let resource = op.resource.as_deref().map_or_else(
            || {
                let written: String = op.nouns.iter().map(|n| pascal_ident(n)).collect();
                if written.is_empty() {
                    op.pascal()
                } else {
                    written
                }
            },
            pascal_ident,
        );
        let noun = match nouns.split_last() {
            None if op.resource.is_none() => resource.clone(),
            None => format!("{qualifier}{resource}"),
            Some((last, init)) => {
                let mut words: Vec<String> =
                    init.iter().map(|w| pascal_ident(&singular(w))).collect();
                match last.as_str() {
                    "tree" => words.push("Nodes".to_owned()),
                    "history" => words.push("HistoryEntries".to_owned()),
                    _ => words.push(pascal_ident(last)),
                }
                format!("{qualifier}{}", words.concat())
            }
        };
        // What the method did to the resource names a shape that differs from it (a described
        // action's answer is its result).
        let outcome_candidates = |outcome: &str| match &op.resource {
            Some(_) if op.described => vec![
                (1, format!("{qualifier}{resource}")),
                (2, format!("{}Result", op.pascal())),
            ],
            Some(_) => vec![
                (1, format!("{qualifier}{resource}")),
                (2, format!("{resource}{outcome}")),
            ],
            None => vec![(1, format!("{}Result", op.pascal()))],
        };
        if op.reads {
            return vec![(0, noun)];
        }
        match endpoint.method {
            _ if (op.verb.is_none() || op.described)
                && op.nouns.iter().all(|n| is_qualifier(n)) =>
            {
                outcome_candidates(match endpoint.method {
                    Method::Put | Method::Patch => "Updated",
                    Method::Delete => "Deleted",
                    _ => "Created",
                })
            }
            _ => vec![
                (1, format!("{}Result", op.pascal())),
                (2, format!("{noun}Result")),
            ],
        }
    }

    /// Names every class, with a `name-collision` warning for each whose best name was one the
    /// generated crate reserves.
    pub(super) fn name_types(&mut self, roots: &[usize]) -> BTreeMap<usize, String> {
        let (names, renamed) = self.name_classes(roots);
        for (root, wanted, got) in renamed {
            let span = self.class_span(root);
            self.warn_name(
                span,
                format!("the type `{wanted}` would shadow a name the generated crate uses (Rust prelude or runtime); named `{got}`"),
            );
        }
        names
    }

    /// Resolves class names: each class takes its best candidate no better class has taken
    /// and no reserved name (see [`crate::naming`]); also returns the classes whose best
    /// candidate was a reserved name, with that name and the one they got.
    #[allow(clippy::type_complexity)]
    fn name_classes(
        &self,
        roots: &[usize],
    ) -> (BTreeMap<usize, String>, Vec<(usize, String, String)>) {
        let mut order: Vec<(Candidate, Vec<Candidate>, usize)> = roots
            .iter()
            .map(|&root| {
                let candidates: BTreeSet<Candidate> = self
                    .collected
                    .members(root)
                    .iter()
                    .flat_map(|&c| self.collected.classes[c].candidates.iter().cloned())
                    .collect();
                let list: Vec<Candidate> = candidates.into_iter().collect();
                let best = list.first().cloned().unwrap_or((9, "Object".to_owned()));
                (best, list, root)
            })
            .collect();
        order.sort();
        let mut taken: BTreeSet<String> = naming::PRELUDE_NAMES
            .iter()
            .chain(naming::RUNTIME_NAMES)
            .map(|s| (*s).to_owned())
            .collect();
        taken.extend(self.collected.dictionaries.keys().cloned());
        // Each group module defines its handle, which would hide a type of the same name.
        taken.extend(
            self.names
                .iter()
                .map(|op| naming::handle_name(&op.group_module)),
        );
        let mut names = BTreeMap::new();
        let mut renamed = Vec::new();
        for (best, list, root) in order {
            let name = list
                .iter()
                .map(|(_, n)| n.clone())
                .find(|n| !taken.contains(n))
                .unwrap_or_else(|| naming::unique(&best.1, |n| taken.contains(n)));
            if naming::is_reserved_type(&best.1) {
                renamed.push((root, best.1.clone(), name.clone()));
            }
            taken.insert(name.clone());
            names.insert(root, name);
        }
        (names, renamed)
    }
}
