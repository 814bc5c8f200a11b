//! Pass one of inference: walks every sample and sorts each JSON object into a class, a generic
//! page, a dictionary item or a map ([`super::maps`]).
//!
//! The objects found at one place (the samples of one field of one class, the elements of one
//! list) are one class. Objects found elsewhere join that class when they have the same key
//! set **and** a compatible shape ([`super::shapes`]): the same keys holding different things
//! (`{id, data}` with a `data` of another shape under another endpoint) make another class.
//! The classes of the values of one field of one class are then merged ([`Collected::unify`]):
//! the class's objects all had compatible shapes, so those values are the same kind of object
//! seen with different optional keys — never two unrelated objects that share a field name.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::shapes::{compatible, Shape};
use crate::json::{Json, JsonValue};
use crate::model::PageShape;
use crate::naming::{pascal_ident, singular};

/// A candidate name for a class, with its priority (lower wins).
pub(crate) type Candidate = (u8, String);

/// Where a set of values sits, for naming what is found there.
#[derive(Debug, Clone)]
pub(crate) struct Hint {
    /// Names for an object found here.
    pub(crate) candidates: Vec<Candidate>,
    /// The wire name of the field the values are under, if any.
    pub(crate) field: Option<String>,
    /// `METHOD /path` of the sample.
    pub(crate) route: String,
    /// A top-level request object of this endpoint: never shared with other endpoints.
    pub(crate) request_of: Option<usize>,
    /// Found in a response (the values are decoded by the client), not a request.
    pub(crate) in_response: bool,
}

impl Hint {
    /// The hint for the elements of a list found here: singular names.
    fn item(&self) -> Hint {
        Hint {
            candidates: self
                .candidates
                .iter()
                .map(|(p, n)| (*p, singular(n)))
                .collect(),
            ..self.clone()
        }
    }

    /// The hint for the values of field `key` of an object named by this hint.
    fn field(&self, key: &str) -> Hint {
        let own = pascal_ident(key);
        let parent = self
            .candidates
            .first()
            .map(|(_, n)| n.clone())
            .unwrap_or_default();
        Hint {
            candidates: vec![(3, own.clone()), (4, format!("{parent}{own}"))],
            field: Some(key.to_owned()),
            route: self.route.clone(),
            request_of: None,
            in_response: self.in_response,
        }
    }
}

/// Objects that are one type.
#[derive(Debug, Default)]
pub(crate) struct Class<'a> {
    pub(crate) instances: Vec<&'a Json>,
    pub(crate) candidates: BTreeSet<Candidate>,
    pub(crate) routes: BTreeSet<String>,
    pub(crate) extends_dictionary: bool,
    /// Some instance was found in a response.
    pub(crate) in_response: bool,
    /// The endpoint this class is the top-level request body of.
    pub(crate) request_of: Option<usize>,
    /// The shape of all its instances.
    shape: Shape,
}

/// A known code of a dictionary family, with the label and description the document gives it.
pub(crate) type DictionaryCodes = BTreeMap<String, (Option<String>, Option<String>)>;

/// What pass one found.
#[derive(Debug, Default)]
pub(crate) struct Collected<'a> {
    pub(crate) classes: Vec<Class<'a>>,
    /// The classes of each key set (for a top-level request body: of its endpoint), one per
    /// shape that does not agree with the others.
    by_signature: BTreeMap<(Option<usize>, Vec<String>), Vec<usize>>,
    /// Union-find parents of classes.
    parent: Vec<usize>,
    /// The classes merged into each root, computed once [`Collected::unify`] is done.
    members: Vec<Vec<usize>>,
    /// Class of every object node (by address).
    pub(crate) node_class: HashMap<*const Json, usize>,
    /// Page shape of every page object node.
    pub(crate) page_nodes: HashMap<*const Json, PageShape>,
    /// Every object node that is a map.
    pub(crate) map_nodes: HashSet<*const Json>,
    /// Code enum name of every dictionary item node.
    pub(crate) dictionary_nodes: HashMap<*const Json, String>,
    /// Known codes per code enum.
    pub(crate) dictionaries: BTreeMap<String, DictionaryCodes>,
    /// Whether every dictionary item seen has a string `description`.
    pub(crate) dictionary_description_always: bool,
    seen_dictionary: bool,
}

fn is_object(json: &Json) -> bool {
    matches!(json.value, JsonValue::Object(_))
}

fn keys(json: &Json) -> impl Iterator<Item = &str> {
    let members = match &json.value {
        JsonValue::Object(members) => members.as_slice(),
        _ => &[],
    };
    members.iter().map(|m| m.key.as_str())
}

fn is_integer(json: Option<&Json>) -> bool {
    matches!(json.map(|j| &j.value), Some(JsonValue::Number(n)) if !n.contains(['.', 'e', 'E']))
}

fn is_string(json: Option<&Json>) -> bool {
    matches!(json.map(|j| &j.value), Some(JsonValue::String(_)))
}

fn is_array(json: Option<&Json>) -> bool {
    matches!(json.map(|j| &j.value), Some(JsonValue::Array(_)))
}

/// `{code, value, label, ...}` with a string code and label and an integer value.
fn is_dictionary_like(json: &Json) -> bool {
    is_string(json.get("code")) && is_integer(json.get("value")) && is_string(json.get("label"))
}

const DICTIONARY_KEYS: [&str; 4] = ["code", "value", "label", "description"];

fn page_shape(objects: &[&Json]) -> Option<PageShape> {
    let all = |f: &dyn Fn(&Json) -> bool| objects.iter().all(|o| f(o));
    fn key_set(o: &Json) -> BTreeSet<&str> {
        keys(o).collect()
    }
    if all(&|o| {
        key_set(o) == BTreeSet::from(["items", "pagination"])
            && is_array(o.get("items"))
            && o.get("pagination").is_some_and(|p| {
                is_object(p)
                    && ["totalPages", "totalRecords", "currentPage", "pageSize"]
                        .iter()
                        .all(|k| is_integer(p.get(k)))
            })
    }) {
        return Some(PageShape::Paginated);
    }
    if all(&|o| {
        key_set(o) == BTreeSet::from(["items", "total", "page", "size"])
            && is_array(o.get("items"))
            && ["total", "page", "size"]
                .iter()
                .all(|k| is_integer(o.get(k)))
    }) {
        return Some(PageShape::Offset);
    }
    None
}

impl<'a> Collected<'a> {
    pub(crate) fn new() -> Self {
        Collected {
            dictionary_description_always: true,
            ..Default::default()
        }
    }

    /// The root of a class after unions.
    pub(crate) fn root(&self, mut class: usize) -> usize {
        while self.parent[class] != class {
            class = self.parent[class];
        }
        class
    }

    /// Sorts `values` (all found at one place) into classes, pages and dictionaries.
    pub(crate) fn collect(&mut self, values: &[&'a Json], hint: &Hint) {
        let objects: Vec<&'a Json> = values.iter().copied().filter(|v| is_object(v)).collect();
        let elements: Vec<&'a Json> = values
            .iter()
            .flat_map(|v| match &v.value {
                JsonValue::Array(items) => items.iter().collect(),
                _ => Vec::new(),
            })
            .collect();
        if !objects.is_empty() {
            self.collect_objects(&objects, hint);
        }
        if !elements.is_empty() {
            self.collect(&elements, &hint.item());
        }
    }

    fn collect_objects(&mut self, objects: &[&'a Json], hint: &Hint) {
        if let Some(shape) = page_shape(objects) {
            for object in objects {
                self.page_nodes.insert(*object as *const Json, shape);
            }
            let items: Vec<&'a Json> = objects.iter().filter_map(|o| o.get("items")).collect();
            let item_hint = Hint {
                request_of: None,
                ..hint.clone()
            };
            self.collect(&items, &item_hint);
            let pagination: Vec<&'a Json> =
                objects.iter().filter_map(|o| o.get("pagination")).collect();
            let pagination_hint = Hint {
                candidates: vec![(0, "Pagination".to_owned())],
                field: Some("pagination".to_owned()),
                route: hint.route.clone(),
                request_of: None,
                in_response: hint.in_response,
            };
            self.collect(&pagination, &pagination_hint);
            return;
        }
        let pure_dictionary = objects
            .iter()
            .all(|o| is_dictionary_like(o) && keys(o).all(|k| DICTIONARY_KEYS.contains(&k)));
        if pure_dictionary && hint.request_of.is_none() {
            let base = match &hint.field {
                Some(field) => pascal_ident(&singular(field)),
                None => hint
                    .candidates
                    .first()
                    .map_or_else(|| "Dictionary".to_owned(), |(_, n)| n.clone()),
            };
            // `error` would give the crate's own `ErrorCode`: the next free number instead.
            let name =
                crate::naming::unique(&format!("{base}Code"), crate::naming::is_reserved_type);
            let codes = self.dictionaries.entry(name.clone()).or_default();
            for object in objects {
                let text = |k: &str| match object.get(k).map(|j| &j.value) {
                    Some(JsonValue::String(s)) => Some(s.clone()),
                    _ => None,
                };
                if let Some(code) = text("code") {
                    let entry = codes.entry(code).or_default();
                    entry.0 = entry.0.take().or_else(|| text("label"));
                    entry.1 = entry.1.take().or_else(|| text("description"));
                }
                self.seen_dictionary = true;
                if text("description").is_none() {
                    self.dictionary_description_always = false;
                }
                self.dictionary_nodes
                    .insert(*object as *const Json, name.clone());
            }
            return;
        }
        let shape = Shape::of_objects(objects);
        if matches!(shape, Shape::Map(_)) {
            self.map_nodes
                .extend(objects.iter().map(|o| *o as *const Json));
            let values: Vec<&'a Json> = objects
                .iter()
                .flat_map(|o| match &o.value {
                    JsonValue::Object(members) => members.iter().map(|m| &m.value).collect(),
                    _ => Vec::new(),
                })
                .collect();
            let value_hint = Hint {
                request_of: None,
                ..hint.item()
            };
            self.collect(&values, &value_hint);
            return;
        }
        let mut signature: Vec<String> = objects
            .iter()
            .flat_map(|o| keys(o))
            .map(str::to_owned)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        signature.shrink_to_fit();
        let key = (hint.request_of, signature);
        let same_keys = self.by_signature.entry(key).or_default();
        let class = match same_keys
            .iter()
            .find(|&&c| compatible(&self.classes[c].shape, &shape))
        {
            Some(&class) => class,
            None => {
                let class = self.classes.len();
                same_keys.push(class);
                self.classes.push(Class::default());
                self.parent.push(class);
                class
            }
        };
        let entry = &mut self.classes[class];
        entry.shape = std::mem::take(&mut entry.shape).merge(shape);
        entry.instances.extend(objects.iter().copied());
        entry.candidates.extend(hint.candidates.iter().cloned());
        entry.routes.insert(hint.route.clone());
        entry.in_response |= hint.in_response;
        entry.request_of = entry.request_of.or(hint.request_of);
        entry.extends_dictionary |= objects.iter().all(|o| is_dictionary_like(o));
        for object in objects {
            self.node_class.insert(*object as *const Json, class);
        }
        for (k, values) in crate::json::values_by_key(objects.iter().copied()) {
            self.collect(&values, &hint.field(k));
        }
    }

    /// Merges classes that hold the values of one field of one class (the same kind of object
    /// seen with different key sets), until nothing changes. The objects of a class have
    /// compatible shapes (see [`Collected::collect`]), so the values of one of its fields do
    /// too: what is merged here agrees.
    pub(crate) fn unify(&mut self) {
        loop {
            let mut merges = Vec::new();
            let lists = self.member_lists();
            for (class, members) in lists.iter().enumerate() {
                if self.root(class) != class {
                    continue;
                }
                let mut by_field: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
                for instance in members.iter().flat_map(|&c| &self.classes[c].instances) {
                    if let JsonValue::Object(fields) = &instance.value {
                        for field in fields {
                            let mut stack = vec![&field.value];
                            while let Some(value) = stack.pop() {
                                match &value.value {
                                    JsonValue::Array(items) => stack.extend(items.iter()),
                                    // A map's values are the field's values too.
                                    JsonValue::Object(members)
                                        if self.map_nodes.contains(&(value as *const Json)) =>
                                    {
                                        stack.extend(members.iter().map(|m| &m.value));
                                    }
                                    JsonValue::Object(_) => {
                                        if let Some(&c) =
                                            self.node_class.get(&(value as *const Json))
                                        {
                                            by_field
                                                .entry(&field.key)
                                                .or_default()
                                                .insert(self.root(c));
                                        }
                                    }
                                    _ => {}
                                }
                            }
                        }
                    }
                }
                for classes in by_field.values().filter(|c| c.len() > 1) {
                    let mut iter = classes.iter();
                    if let Some(&first) = iter.next() {
                        merges.extend(iter.map(|&other| (first, other)));
                    }
                }
            }
            if merges.is_empty() {
                self.members = lists;
                return;
            }
            for (a, b) in merges {
                let (a, b) = (self.root(a), self.root(b));
                if a != b {
                    let (keep, gone) = (a.min(b), a.max(b));
                    self.parent[gone] = keep;
                }
            }
        }
    }

    /// The classes merged into `root` (itself included).
    pub(crate) fn members(&self, root: usize) -> &[usize] {
        self.members.get(root).map_or(&[], Vec::as_slice)
    }

    /// The classes merged into each root (empty for classes that are not roots).
    fn member_lists(&self) -> Vec<Vec<usize>> {
        let mut lists = vec![Vec::new(); self.classes.len()];
        for class in 0..self.classes.len() {
            lists[self.root(class)].push(class);
        }
        lists
    }

    /// Did any sample hold a dictionary item?
    pub(crate) fn has_dictionaries(&self) -> bool {
        self.seen_dictionary
    }
}
