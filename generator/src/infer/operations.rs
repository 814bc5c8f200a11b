//! Natural method names for endpoints, and the resource nouns types are named after.
//!
//! The rule, per group: strip the path prefix all the group's endpoints share; what remains
//! (its literal segments) names the method. A trailing action word moves to the front
//! (`/sessions/terminate-all` → `terminate_all_sessions`). Without one, the verb the
//! description starts with may name the method ([`naming::description_verb`]): for a POST an
//! action word (`Sets the volume.` → `set_volume`; `Triggers a scan.` → `trigger_scan`), a
//! reading verb (`Returns…` → `get_…`/`list_…`, `Searches…` → `search_…`), never a creating
//! one (`Add a pet.` stays `create`); for a PUT or PATCH an action word that is not an update
//! (`Enable a user's account.` → `enable_…`; `Update…`, `Replace…` stay `update_…`); for a
//! DELETE only `remove`, `revoke`, `cancel`, `unassign`, `detach`, `unlink`, `unsubscribe`;
//! a GET keeps `get_…`/`list_…`. Otherwise no segments left means `list` or `get` for GET (by
//! whether the response is a list), `create` for POST, `update` for PATCH/PUT and `delete`
//! for DELETE; other GETs are `get_…` (`list_…` for lists) and other POSTs `create_…`.
//!
//! Names that still collide in a group are told apart by what differs between the colliding
//! endpoints, in this order: the description's action word (a PATCH `Changes…` next to a PUT
//! `Updates…` is `change_…`), then the path parameters the others lack
//! (`set_volume_by_zone_id`); an endpoint with neither keeps the name, and only a name still
//! taken gets a number. (Literal segments never tell colliding names apart: every segment after
//! the group's shared prefix is already in the name.)
//!
//! The resource noun (for bare-verb type names: `create` on roles → `CreateRole`) is the last
//! literal segment of the group's shared prefix, else the endpoint's own first noun segment,
//! never the group's name (a group `User Management` names no type).

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
    /// The action word that names the method: the path's trailing one, else the one the
    /// description starts with when it may name the method (see the module docs).
    pub(crate) verb: Option<String>,
    /// The action word comes from the description, not the path.
    pub(crate) described: bool,
    /// The method only reads: a GET, or a POST whose description says it returns something.
    pub(crate) reads: bool,
    /// The resource noun, singular: the last literal segment of the group's shared prefix,
    /// else the endpoint's own first noun segment (`None` when the path has none).
    pub(crate) resource: Option<String>,
}

impl OperationName {
    /// PascalCase of the method name plus the resource when the method is a bare word
    /// (`create` on roles → `CreateRole`; `initiate_login` → `InitiateLogin`).
    pub(crate) fn pascal(&self) -> String {
        let self_contained = matches!(self.name.as_str(), "login" | "logout" | "register");
        let names_a_resource = self.nouns.iter().any(|n| !is_qualifier(n));
        match &self.resource {
            Some(resource)
                if !(self_contained
                    || names_a_resource
                    || self.verb.is_none() && self.name.contains('_')) =>
            {
                format!("{}{}", pascal_ident(&self.name), pascal_ident(resource))
            }
            _ => pascal_ident(&self.name),
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
        let group_resource = segments[first][..prefix]
            .iter()
            .rev()
            .flatten()
            .find(|s| !is_qualifier(s))
            .map(|s| singular(s));
        let group_module = modules[group_index].clone();
        for &i in members {
            let endpoint = &api.endpoints[i];
            let rest: Vec<String> = segments[i][prefix..].iter().flatten().cloned().collect();
            let (path_verb, nouns) = match rest.split_last() {
                Some((last, init)) if is_verb(last) => (Some(last.clone()), init.to_vec()),
                _ => (None, rest.clone()),
            };
            let described = endpoint
                .description
                .as_ref()
                .and_then(|d| naming::description_verb(&d.text));
            let (verb, reads, described) = match path_verb {
                Some(verb) => (Some(verb), is_read(endpoint.method), false),
                None => {
                    match described_action(endpoint.method, described.as_deref(), returns_list[i]) {
                        Some((verb, reads)) => (Some(verb), reads, true),
                        None => (None, is_read(endpoint.method), false),
                    }
                }
            };
            let ends_with_param = segments[i].last().is_some_and(Option::is_none);
            let name = snake_ident(&method_name(
                verb.as_deref(),
                &nouns,
                endpoint.method,
                returns_list[i],
                ends_with_param,
            ));
            let resource = group_resource.clone().or_else(|| {
                rest.iter()
                    .find(|s| !is_qualifier(s) && !is_verb(s))
                    .map(|s| singular(s))
            });
            names[i] = Some(OperationName {
                name,
                group_module: group_module.clone(),
                operation_id: String::new(),
                nouns,
                verb,
                described,
                reads,
                resource,
            });
        }
        settle_collisions(api, members, &mut names, renamed);
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

/// Whether a method reads only (GET, HEAD, OPTIONS).
fn is_read(method: Method) -> bool {
    matches!(method, Method::Get | Method::Head | Method::Options)
}

/// The action word a description's verb gives a method the path leaves unnamed, and whether
/// the method then reads (see the module docs); `None` keeps the method's default word.
fn described_action(
    method: Method,
    verb: Option<&str>,
    returns_list: bool,
) -> Option<(String, bool)> {
    let verb = verb?;
    let reading = naming::READING_VERBS.contains(&verb) || verb == "search";
    match method {
        Method::Get | Method::Head | Method::Options => None,
        Method::Post if reading => {
            let word = match verb {
                "search" | "find" | "filter" => "search",
                _ if returns_list => "list",
                _ => "get",
            };
            Some((word.to_owned(), true))
        }
        Method::Post => (is_verb(verb) && !naming::CREATING_VERBS.contains(&verb))
            .then(|| (verb.to_owned(), false)),
        Method::Put | Method::Patch => (is_verb(verb)
            && !reading
            && !naming::CREATING_VERBS.contains(&verb)
            && !naming::UPDATING_VERBS.contains(&verb)
            && !matches!(verb, "delete" | "remove"))
        .then(|| (verb.to_owned(), false)),
        Method::Delete => matches!(
            verb,
            "remove" | "revoke" | "cancel" | "unassign" | "detach" | "unlink" | "unsubscribe"
        )
        .then(|| (verb.to_owned(), false)),
    }
}

/// The method name from its action word and nouns, or from the HTTP method when there is no
/// action word.
fn method_name(
    verb: Option<&str>,
    nouns: &[String],
    method: Method,
    returns_list: bool,
    ends_with_param: bool,
) -> String {
    let noun_part = nouns.join("_");
    let word = verb.unwrap_or(match method {
        Method::Get | Method::Head | Method::Options
            if returns_list && (!nouns.is_empty() || !ends_with_param) =>
        {
            "list"
        }
        Method::Get | Method::Head | Method::Options => "get",
        Method::Post => "create",
        Method::Put | Method::Patch => "update",
        Method::Delete => "delete",
    });
    if nouns.is_empty() {
        word.to_owned()
    } else {
        format!("{word}_{noun_part}")
    }
}

/// Settles the names of one group's endpoints that collide (see the module docs), then numbers
/// what is still taken and keeps every name off the methods a group handle has.
fn settle_collisions(
    api: &Api,
    members: &[usize],
    names: &mut [Option<OperationName>],
    renamed: &mut Vec<(Span, String)>,
) {
    let mut clashing: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &i in members {
        if let Some(op) = &names[i] {
            clashing.entry(op.name.clone()).or_default().push(i);
        }
    }
    // Every first-choice name stays reserved for the endpoints that have it alone.
    let wanted: std::collections::HashSet<String> = clashing.keys().cloned().collect();
    let mut used: std::collections::HashSet<String> = std::collections::HashSet::new();
    for &i in members {
        let Some(op) = names[i].as_ref() else {
            continue;
        };
        let others: Vec<usize> = clashing
            .get(&op.name)
            .map(|all| all.iter().copied().filter(|&j| j != i).collect())
            .unwrap_or_default();
        let mut chosen = None;
        if !others.is_empty() {
            let free = |n: &String| !wanted.contains(n) && !used.contains(n);
            let endpoint = &api.endpoints[i];
            let verb_of = |j: usize| {
                api.endpoints[j]
                    .description
                    .as_ref()
                    .and_then(|d| naming::description_verb(&d.text))
                    .filter(|v| is_verb(v))
            };
            let own_verb = verb_of(i);
            let by_verb = own_verb
                .as_ref()
                .filter(|v| {
                    op.verb.as_ref() != Some(*v)
                        && !op.name.starts_with(&format!("{v}_"))
                        && op.name != **v
                })
                .filter(|v| others.iter().any(|&j| verb_of(j).as_ref() != Some(*v)))
                .map(|v| {
                    (
                        snake_ident(&method_name(
                            Some(v),
                            &op.nouns,
                            endpoint.method,
                            false,
                            false,
                        )),
                        Some(v.clone()),
                    )
                });
            let params: Vec<String> = endpoint
                .path
                .params()
                .map(|p| snake_ident(&p.name))
                .collect();
            let differing_params: Vec<&String> = params
                .iter()
                .filter(|p| {
                    others.iter().all(|&j| {
                        !api.endpoints[j]
                            .path
                            .params()
                            .any(|q| snake_ident(&q.name) == **p)
                    })
                })
                .collect();
            let by_params = (!differing_params.is_empty()).then(|| {
                let joined: Vec<&str> = differing_params.iter().map(|p| p.as_str()).collect();
                (format!("{}_by_{}", op.name, joined.join("_and_")), None)
            });
            chosen = [by_verb, by_params]
                .into_iter()
                .flatten()
                .find(|(name, _)| free(name) && !naming::HANDLE_METHODS.contains(&name.as_str()));
        }
        let Some(op) = names[i].as_mut() else {
            continue;
        };
        if let Some((name, verb)) = chosen {
            op.name = name;
            if verb.is_some() {
                op.verb = verb;
                op.described = true;
            }
        }
        let wanted_name = op.name.clone();
        op.name = naming::unique(&wanted_name, |n| {
            used.contains(n) || naming::HANDLE_METHODS.contains(&n)
        });
        if naming::HANDLE_METHODS.contains(&wanted_name.as_str()) {
            renamed.push((
                api.endpoints[i].span,
                format!(
                    "`{}` would be the method `{wanted_name}` every group handle has; named `{}`",
                    api.endpoints[i].route(),
                    op.name
                ),
            ));
        }
        used.insert(op.name.clone());
    }
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

#[cfg(test)]
mod tests {
    /// The method names of a Markdown document's endpoints, in document order, as
    /// `METHOD /path → name`.
    fn names(markdown: &str) -> Vec<String> {
        let parsed = crate::parse_str("names.md", markdown).unwrap();
        let inferred = crate::infer::infer(&parsed);
        parsed
            .api
            .endpoints
            .iter()
            .zip(&inferred.model.operations)
            .map(|(endpoint, op)| format!("{} → {}", endpoint.route(), op.name))
            .collect()
    }

    fn endpoint(method: &str, path: &str, description: &str) -> String {
        format!(
            "### {method} {path}\n\n{description}\n\n**Success Response:** (HTTP 200)\n\n\
             ```json\n{{\"id\": \"x\"}}\n```\n\n"
        )
    }

    #[test]
    fn descriptions_name_what_the_path_leaves_unnamed() {
        let doc = [
            "# Player\n\n## Player Controls\n\n".to_owned(),
            endpoint("POST", "/player/volume", "Sets the volume of the player."),
            endpoint("POST", "/player/queue", "Add a track to the queue."),
            endpoint(
                "POST",
                "/player/history",
                "Returns the tracks played today.",
            ),
            endpoint("POST", "/player/tracks", "Search for tracks."),
            endpoint("POST", "/player/stop", "Pauses the player."),
            endpoint("POST", "/player/sessions", "Execute player sessions."),
            endpoint("GET", "/player/state", "Verify the state of the player."),
            endpoint("PUT", "/player/mode", "Enable the party mode."),
            endpoint("PUT", "/player/name", "Replace the player's name."),
            endpoint("PATCH", "/player/owner", "Assign the player to a user."),
            endpoint("DELETE", "/player/token", "Revokes the player's token."),
            endpoint("DELETE", "/player/alarm", "Stops the alarm for good."),
        ]
        .concat();
        assert_eq!(
            names(&doc),
            [
                "POST /player/volume → set_volume",
                // A creating verb keeps `create`; a reading one is a read.
                "POST /player/queue → create_queue",
                "POST /player/history → get_history",
                "POST /player/tracks → search_tracks",
                // The path's own action word keeps priority.
                "POST /player/stop → stop",
                // Not a verb of the list: the default word.
                "POST /player/sessions → create_sessions",
                // A GET keeps `get_`.
                "GET /player/state → get_state",
                "PUT /player/mode → enable_mode",
                "PUT /player/name → update_name",
                "PATCH /player/owner → assign_owner",
                "DELETE /player/token → revoke_token",
                "DELETE /player/alarm → delete_alarm",
            ]
        );
    }

    #[test]
    fn collisions_prefer_the_description_verb_then_the_parameters_then_a_number() {
        let doc = [
            "# Player\n\n## Player Controls\n\n".to_owned(),
            endpoint("POST", "/player/volume", "Sets the volume."),
            endpoint(
                "POST",
                "/player/{zoneId}/volume",
                "Sets the volume of a zone.",
            ),
            endpoint("PUT", "/player/{id}/email", "Update the owner's email."),
            endpoint("PATCH", "/player/{id}/email", "Changes the owner's email."),
            endpoint("GET", "/player/tracks/{trackId}", "Get a track."),
            endpoint(
                "GET",
                "/player/tracks/{trackId}/{version}",
                "Get a version.",
            ),
            endpoint("POST", "/player/seek", "Execute seek."),
            endpoint("PUT", "/player/seek", "Execute seek."),
            endpoint("PATCH", "/player/seek", "Execute seek."),
        ]
        .concat();
        assert_eq!(
            names(&doc),
            [
                "POST /player/volume → set_volume",
                "POST /player/{zoneId}/volume → set_volume_by_zone_id",
                "PUT /player/{id}/email → update_email",
                "PATCH /player/{id}/email → change_email",
                "GET /player/tracks/{trackId} → get_tracks",
                "GET /player/tracks/{trackId}/{version} → get_tracks_by_version",
                "POST /player/seek → create_seek",
                "PUT /player/seek → update_seek",
                "PATCH /player/seek → update_seek_2",
            ]
        );
    }

    #[test]
    fn a_group_name_never_names_a_type() {
        let doc = [
            "# Player\n\n## User Management\n\n".to_owned(),
            endpoint("GET", "/me", "Returns the caller."),
            endpoint("POST", "/verify", "Execute verify."),
            endpoint("POST", "/users/{id}/reset", "Execute reset."),
        ]
        .concat();
        let parsed = crate::parse_str("names.md", &doc).unwrap();
        let inferred = crate::infer::infer(&parsed);
        let types: Vec<&str> = inferred
            .model
            .types
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        assert!(types.iter().all(|t| !t.contains("Management")), "{types:?}");
        assert!(types.contains(&"Me"), "{types:?}");
    }
}
