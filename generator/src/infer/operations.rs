//! Natural method names for endpoints, and the resource nouns types are named after.
//!
//! The rule, per group: strip the path prefix all the group's endpoints share; what remains
//! (its literal segments) names the method. A trailing action word moves to the front
//! (`/sessions/terminate-all` → `terminate_all_sessions`); no segments left means `list` or
//! `get` for GET (by whether the response is a list), `create` for POST, `update` for
//! PATCH/PUT and `delete` for DELETE; other GETs are `get_…` (`list_…` for lists) and other
//! POSTs `create_…`. Collisions get the path parameters as a suffix (`_by_role_biz_id`), then a
//! number.

use std::collections::BTreeMap;

use crate::ir::{Api, Endpoint, Method, PathPart, Span};
use crate::naming::{self, is_verb, pascal_ident, singular, snake_ident};

/// The naming facts of one endpoint.
#[derive(Debug, Clone)]
pub(crate) struct OperationName {
    /// snake_case method name within the group.
    pub(crate) name: String,
    /// snake_case group module.
    pub(crate) group_module: String,
    /// camelCase operation id, unique in the API.
    pub(crate) operation_id: String,
    /// The literal path segments after the group prefix, action words removed.
    pub(crate) nouns: Vec<String>,
    /// The action word, if the path ends with one.
    pub(crate) verb: Option<String>,
    /// The group's resource noun (the last literal segment of the shared prefix), singular.
    pub(crate) resource: String,
}

impl OperationName {
    /// PascalCase of the method name plus the resource when the method is a bare word
    /// (`create` on roles → `CreateRole`; `initiate_login` → `InitiateLogin`).
    pub(crate) fn pascal(&self) -> String {
        let self_contained = matches!(self.name.as_str(), "login" | "logout" | "register");
        let names_a_resource = self.nouns.iter().any(|n| !is_qualifier(n));
        if self_contained || names_a_resource || self.verb.is_none() && self.name.contains('_') {
            pascal_ident(&self.name)
        } else {
            format!(
                "{}{}",
                pascal_ident(&self.name),
                pascal_ident(&self.resource)
            )
        }
    }
}

fn literal_segments(endpoint: &Endpoint) -> Vec<Option<String>> {
    // `None` stands for a parameter segment.
    let mut segments = Vec::new();
    let mut current = String::new();
    let mut has_param = false;
    for part in &endpoint.path.parts {
        match part {
            PathPart::Literal(text) => {
                for (i, piece) in text.split('/').enumerate() {
                    if i > 0 {
                        push_segment(&mut segments, &mut current, &mut has_param);
                    }
                    current.push_str(piece);
                }
            }
            PathPart::Param(_) => has_param = true,
        }
    }
    push_segment(&mut segments, &mut current, &mut has_param);
    segments.retain(|s| s.as_deref() != Some(""));
    segments
}

fn push_segment(segments: &mut Vec<Option<String>>, current: &mut String, has_param: &mut bool) {
    if *has_param {
        segments.push(None);
    } else {
        segments.push(Some(current.clone()));
    }
    current.clear();
    *has_param = false;
}

/// Names every endpoint. `returns_list[i]` says whether endpoint `i`'s success data is a list
/// or a page (GETs of lists are `list…`). Names changed to settle a collision (see
/// [`crate::naming`]) are pushed to `renamed`, with where the group or endpoint is.
pub(crate) fn name_operations(
    api: &Api,
    returns_list: &[bool],
    renamed: &mut Vec<(Span, String)>,
) -> Vec<OperationName> {
    let segments: Vec<Vec<Option<String>>> = api.endpoints.iter().map(literal_segments).collect();
    let mut names: Vec<Option<OperationName>> = vec![None; api.endpoints.len()];
    let mut by_group: Vec<Vec<usize>> = vec![Vec::new(); api.groups.len()];
    for (index, endpoint) in api.endpoints.iter().enumerate() {
        if let Some(members) = by_group.get_mut(endpoint.group) {
            members.push(index);
        }
    }
    // Group modules: unique among groups, and never a method the `Client` has already.
    let mut modules: Vec<String> = Vec::new();
    let mut module_set: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (group_index, group) in api.groups.iter().enumerate() {
        let wanted = snake_ident(&group.name);
        let module = naming::unique(&wanted, |n| {
            module_set.contains(n) || naming::CLIENT_METHODS.contains(&n)
        });
        if module != wanted && !by_group[group_index].is_empty() {
            renamed.push((
                group.span,
                format!(
                    "the group `{}` would be the module `{wanted}`, which another group or a `Client` method has; named `{module}`",
                    group.name
                ),
            ));
        }
        module_set.insert(module.clone());
        modules.push(module);
    }
    for (group_index, group) in api.groups.iter().enumerate() {
        let members = &by_group[group_index];
        let Some(&first) = members.first() else {
            continue;
        };
        let prefix = shared_prefix(members.iter().map(|&i| &segments[i]), &group.name);
        let resource = segments[first][..prefix]
            .iter()
            .rev()
            .flatten()
            .find(|s| !is_qualifier(s))
            .map_or_else(|| group.name.clone(), |s| singular(s));
        let group_module = modules[group_index].clone();
        let mut taken: BTreeMap<String, usize> = BTreeMap::new();
        for &i in members {
            let endpoint = &api.endpoints[i];
            let rest: Vec<String> = segments[i][prefix..].iter().flatten().cloned().collect();
            let (verb, nouns) = match rest.split_last() {
                Some((last, init)) if is_verb(last) => (Some(last.clone()), init.to_vec()),
                _ => (None, rest.clone()),
            };
            let ends_with_param = segments[i].last().is_some_and(Option::is_none);
            let noun_part = nouns.join("_");
            let name = match (&verb, nouns.is_empty()) {
                (Some(verb), true) => verb.clone(),
                (Some(verb), false) => format!("{verb}_{noun_part}"),
                (None, true) => match endpoint.method {
                    Method::Get | Method::Head | Method::Options
                        if returns_list[i] && !ends_with_param =>
                    {
                        "list".to_owned()
                    }
                    Method::Get | Method::Head | Method::Options => "get".to_owned(),
                    Method::Post => "create".to_owned(),
                    Method::Put | Method::Patch => "update".to_owned(),
                    Method::Delete => "delete".to_owned(),
                },
                (None, false) => match endpoint.method {
                    Method::Get | Method::Head | Method::Options if returns_list[i] => {
                        format!("list_{noun_part}")
                    }
                    Method::Get | Method::Head | Method::Options => format!("get_{noun_part}"),
                    Method::Post => format!("create_{noun_part}"),
                    Method::Put | Method::Patch => format!("update_{noun_part}"),
                    Method::Delete => format!("delete_{noun_part}"),
                },
            };
            let name = snake_ident(&name);
            *taken.entry(name.clone()).or_default() += 1;
            names[i] = Some(OperationName {
                name,
                group_module: group_module.clone(),
                operation_id: String::new(),
                nouns,
                verb,
                resource: resource.clone(),
            });
        }
        // Collisions: add the parameters, then a number, in document order.
        let mut used: std::collections::HashSet<String> = std::collections::HashSet::new();
        for &i in members {
            let Some(op) = names[i].as_mut() else {
                continue;
            };
            if taken.get(&op.name).copied().unwrap_or(0) > 1 {
                let params: Vec<String> = api.endpoints[i]
                    .path
                    .params()
                    .map(|p| snake_ident(&p.name))
                    .collect();
                if !params.is_empty() {
                    op.name = format!("{}_by_{}", op.name, params.join("_and_"));
                }
            }
            let wanted = op.name.clone();
            op.name = naming::unique(&wanted, |n| {
                used.contains(n) || naming::HANDLE_METHODS.contains(&n)
            });
            if naming::HANDLE_METHODS.contains(&wanted.as_str()) {
                renamed.push((
                    api.endpoints[i].span,
                    format!(
                        "`{}` would be the method `{wanted}` every group handle has; named `{}`",
                        api.endpoints[i].route(),
                        op.name
                    ),
                ));
            }
            used.insert(op.name.clone());
        }
    }
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    names
        .into_iter()
        .map(|op| {
            let mut op = op.expect("every endpoint belongs to a group");
            let base = naming::lower_camel(&format!("{}_{}", op.group_module, op.name));
            let count = ids.entry(base.clone()).or_default();
            *count += 1;
            op.operation_id = if *count > 1 {
                format!("{base}{count}")
            } else {
                base
            };
            op
        })
        .collect()
}

/// Words that qualify a resource rather than name one (`/workspaces/current`, `/codes/mine`).
pub(crate) fn is_qualifier(segment: &str) -> bool {
    matches!(segment, "current" | "mine" | "me" | "my" | "self")
}

/// How many leading segments all the given paths share. Never the whole of every path (so a
/// one-endpoint group keeps its last segment, `/auth/login` → `login`), unless that last
/// segment is the group's own name (`GET /withdrawal-channels` in group `Withdrawal Channels`
/// is `list`, not `list_withdrawal_channels`).
fn shared_prefix<'a>(paths: impl Iterator<Item = &'a Vec<Option<String>>>, group: &str) -> usize {
    let paths: Vec<&Vec<Option<String>>> = paths.collect();
    let Some(first) = paths.first() else { return 0 };
    let mut len = first.len();
    for path in &paths[1..] {
        len = len.min(path.len());
        len = (0..len).take_while(|&i| first[i] == path[i]).count();
    }
    let names_the_group = |segment: &Option<String>| {
        segment.as_deref().is_some_and(|s| {
            !is_verb(s) && singular(&snake_ident(s)) == singular(&snake_ident(group))
        })
    };
    if paths.iter().all(|p| p.len() == len) && !(len > 0 && names_the_group(&first[len - 1])) {
        len = len.saturating_sub(1);
    }
    // Never end the prefix on a parameter: `/roles/{id}` and `/roles/{id}/x` share `/roles`.
    while len > 0 && first[len - 1].is_none() {
        len -= 1;
    }
    len
}
