//! Which name each operation of the spec goes by, decided before resolution (the
//! configuration's filters and examples name operations, so this must come first).
//!
//! An operation the lock knows keeps its shipped names. It is found, in this order: by a
//! pairing in the configuration's `[renames]`; by name (its `x-xgen-operation-id-override` or
//! `operationId` is the locked name, or the locked entry's upstream name); by method and path,
//! path parameters' names aside, when exactly one locked operation and one spec operation
//! share them; by a shipped alias. Two candidates for one entry are reported, never guessed.
//! Every upstream name that differs from the shipped one becomes an alias.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, ReferenceOr};

use crate::config::Renames;
use crate::diagnostics::Diagnostic;
use crate::model::OperationNames;
use crate::naming;
use crate::pointer::Pointer;
use crate::surface::{OperationSurface, Surface};

/// The extension with which upstream names an operation for its SDKs and CLI when its
/// `operationId` is long or has changed.
pub const OVERRIDE: &str = "x-xgen-operation-id-override";

/// The names of one operation of the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationIdentity {
    /// Its stable name (its name in the lock, or the name it would get there).
    pub name: String,
    pub names: OperationNames,
    pub aliases: Vec<OperationNames>,
}

impl OperationIdentity {
    /// Every name the operation answers to.
    pub fn all_names(&self) -> Vec<&str> {
        let mut names = vec![self.name.as_str()];
        names.extend(self.aliases.iter().map(|a| a.operation_id.as_str()));
        names
    }
}

/// The identity of every operation of a spec, by path and lower-case method.
#[derive(Debug, Clone, Default)]
pub struct Identities {
    by_location: BTreeMap<(String, String), OperationIdentity>,
    /// Pairings that could not be made safely, each naming the pointers involved.
    pub notes: Vec<Diagnostic>,
}

impl Identities {
    pub fn get(&self, path: &str, method: &str) -> Option<&OperationIdentity> {
        self.by_location
            .get(&(path.to_owned(), method.to_ascii_lowercase()))
    }
}

/// One operation as the spec has it.
struct SpecOperation {
    path: String,
    method: String,
    operation_id: String,
    override_id: Option<String>,
    tag: String,
}

impl SpecOperation {
    fn pointer(&self) -> Pointer {
        Pointer::root()
            .join("paths")
            .join(&self.path)
            .join(&self.method)
    }

    /// Its upstream names, the override first.
    fn upstream_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.override_id.iter().map(String::as_str).collect();
        if !names.contains(&self.operation_id.as_str()) {
            names.push(&self.operation_id);
        }
        names
    }
}

/// `/teams/{teamId}/x` -> `/teams/{}/x`: a path parameter's name is not part of the route.
pub fn route(method: &str, path: &str) -> String {
    let mut out = format!("{} ", method.to_ascii_uppercase());
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push('{');
            }
            '}' => {
                in_param = false;
                out.push('}');
            }
            _ if in_param => {}
            c => out.push(c),
        }
    }
    out
}

fn locked_pointer(op: &OperationSurface) -> Pointer {
    Pointer::root()
        .join("paths")
        .join(&op.path)
        .join(op.method.to_ascii_lowercase())
}

/// Decides the identity of every operation of `doc`, given the locked API (if any).
pub fn identities(doc: &OpenAPI, lock: Option<&Surface>, renames: &Renames) -> Identities {
    let spec = spec_operations(doc);
    let empty = BTreeMap::new();
    let locked: &BTreeMap<String, OperationSurface> = lock.map_or(&empty, |l| &l.operations);
    let mut pairing = Pairing {
        spec: &spec,
        locked,
        paired: vec![None; spec.len()],
        taken: BTreeSet::new(),
        notes: Vec::new(),
    };
    pairing.by_configuration(renames);
    pairing.by_name();
    pairing.by_route();
    pairing.by_alias();
    let Pairing { paired, notes, .. } = pairing;
    let mut identities = Identities {
        by_location: BTreeMap::new(),
        notes,
    };
    let mut claims = Claims::default();
    let mut decided: Vec<(usize, OperationIdentity)> = Vec::new();
    // Primary names first, so an alias never takes a name an operation has.
    for (i, op) in spec.iter().enumerate() {
        let identity = match paired[i] {
            Some(name) => shipped(name, &locked[name], op),
            None => fresh(op),
        };
        if let Some(identity) = identity {
            claims.claim(&identity.names, &op.tag);
            decided.push((i, identity));
        }
    }
    for (i, identity) in &mut decided {
        let op = &spec[*i];
        let mut kept = Vec::new();
        for alias in std::mem::take(&mut identity.aliases) {
            let same = |a: &OperationNames, b: &OperationNames| {
                (&a.type_name, &a.fn_name, &a.command) == (&b.type_name, &b.fn_name, &b.command)
            };
            // An upstream spelling that gives the same Rust and command names needs no alias.
            if same(&alias, &identity.names) {
                continue;
            }
            match claims.try_claim(&alias, &op.tag) {
                Ok(()) => kept.push(alias),
                Err(clash) => identities.notes.push(Diagnostic::warning(
                    &op.pointer(),
                    format!(
                        "the alias `{}` of operation `{}` is not offered: its name `{clash}` is taken",
                        alias.operation_id, identity.name
                    ),
                )),
            }
        }
        identity.aliases = kept;
    }
    for (i, identity) in decided {
        let op = &spec[i];
        identities
            .by_location
            .insert((op.path.clone(), op.method.clone()), identity);
    }
    identities
}

fn spec_operations(doc: &OpenAPI) -> Vec<SpecOperation> {
    let mut out = Vec::new();
    for (path, item) in &doc.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, op) in item.iter() {
            let Some(operation_id) = op.operation_id.clone() else {
                continue;
            };
            let override_id = op
                .extensions
                .get(OVERRIDE)
                .and_then(|v| v.as_str())
                .filter(|v| !v.is_empty())
                .map(str::to_owned);
            out.push(SpecOperation {
                path: path.clone(),
                method: method.to_ascii_lowercase(),
                operation_id,
                override_id,
                tag: op.tags.first().cloned().unwrap_or_default(),
            });
        }
    }
    out
}

/// The identity of an operation the lock knows as `name`.
fn shipped(name: &str, entry: &OperationSurface, op: &SpecOperation) -> Option<OperationIdentity> {
    let derived = naming::operation_names(name)?;
    let names = OperationNames {
        operation_id: name.to_owned(),
        type_name: entry.type_name.clone(),
        fn_name: entry.fn_name.clone(),
        command: entry.command.last().cloned().unwrap_or(derived.command),
    };
    let mut aliases: Vec<OperationNames> = entry
        .aliases
        .iter()
        .map(|(id, alias)| OperationNames {
            operation_id: id.clone(),
            type_name: alias.type_name.clone(),
            fn_name: alias.fn_name.clone(),
            command: if alias.command.is_empty() {
                naming::operation_names(id).map_or_else(String::new, |n| n.command)
            } else {
                alias.command.clone()
            },
        })
        .collect();
    for upstream in op.upstream_names() {
        if upstream != name && !aliases.iter().any(|a| a.operation_id == upstream) {
            aliases.extend(naming::operation_names(upstream));
        }
    }
    aliases.sort();
    Some(OperationIdentity {
        name: name.to_owned(),
        names,
        aliases,
    })
}

/// The identity of an operation the lock does not know: named by its override, else by its
/// `operationId`, which is then an alias.
fn fresh(op: &SpecOperation) -> Option<OperationIdentity> {
    let name = op.override_id.as_deref().unwrap_or(&op.operation_id);
    let names = naming::operation_names(name)?;
    let aliases = match &op.override_id {
        Some(o) if *o != op.operation_id => naming::operation_names(&op.operation_id)
            .into_iter()
            .collect(),
        _ => Vec::new(),
    };
    Some(OperationIdentity {
        name: name.to_owned(),
        names,
        aliases,
    })
}

/// The Rust and command names taken so far: types (and their `...Request` builders), client
/// methods, and commands per tag.
#[derive(Default)]
struct Claims {
    types: BTreeSet<String>,
    fns: BTreeSet<String>,
    commands: BTreeSet<(String, String)>,
}

impl Claims {
    fn claim(&mut self, names: &OperationNames, tag: &str) {
        self.types.insert(names.type_name.clone());
        self.types.insert(naming::request_name(&names.type_name));
        self.fns.insert(names.fn_name.clone());
        self.commands
            .insert((tag.to_owned(), names.command.clone()));
    }

    /// Claims an alias's names, or returns the first one that is taken.
    fn try_claim(&mut self, names: &OperationNames, tag: &str) -> Result<(), String> {
        let builder = naming::request_name(&names.type_name);
        if self.types.contains(&names.type_name) {
            return Err(names.type_name.clone());
        }
        if self.types.contains(&builder) {
            return Err(builder);
        }
        if self.fns.contains(&names.fn_name) {
            return Err(names.fn_name.clone());
        }
        if self
            .commands
            .contains(&(tag.to_owned(), names.command.clone()))
        {
            return Err(names.command.clone());
        }
        self.claim(names, tag);
        Ok(())
    }
}

struct Pairing<'a> {
    spec: &'a [SpecOperation],
    locked: &'a BTreeMap<String, OperationSurface>,
    /// The locked name each spec operation is paired with.
    paired: Vec<Option<&'a str>>,
    taken: BTreeSet<&'a str>,
    notes: Vec<Diagnostic>,
}

impl<'a> Pairing<'a> {
    fn pair(&mut self, i: usize, name: &'a str) {
        self.paired[i] = Some(name);
        self.taken.insert(name);
    }

    fn free(&self, name: &str) -> Option<&'a str> {
        self.locked
            .get_key_value(name)
            .map(|(k, _)| k.as_str())
            .filter(|k| !self.taken.contains(k))
    }

    fn by_configuration(&mut self, renames: &Renames) {
        for i in 0..self.spec.len() {
            let op = &self.spec[i];
            let Some(target) = op
                .upstream_names()
                .into_iter()
                .find_map(|n| renames.operations.get(n))
            else {
                continue;
            };
            match self.free(target) {
                Some(name) => self.pair(i, name),
                None => self.notes.push(Diagnostic::warning(
                    &op.pointer(),
                    format!(
                        "`[renames.operations]` pairs `{}` with `{target}`, which the lock file does not hold (or another operation took)",
                        op.operation_id
                    ),
                )),
            }
        }
    }

    fn by_name(&mut self) {
        for i in 0..self.spec.len() {
            if self.paired[i].is_some() {
                continue;
            }
            for upstream in self.spec[i].upstream_names() {
                let found = self.free(upstream).or_else(|| {
                    self.locked
                        .iter()
                        .find(|(k, e)| e.upstream == upstream && !self.taken.contains(k.as_str()))
                        .map(|(k, _)| k.as_str())
                });
                if let Some(name) = found {
                    self.pair(i, name);
                    break;
                }
            }
        }
    }

    fn by_route(&mut self) {
        let mut spec_routes: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, op) in self.spec.iter().enumerate() {
            if self.paired[i].is_none() {
                spec_routes
                    .entry(route(&op.method, &op.path))
                    .or_default()
                    .push(i);
            }
        }
        let mut locked_routes: BTreeMap<String, Vec<&'a str>> = BTreeMap::new();
        for (name, entry) in self.locked {
            if !self.taken.contains(name.as_str()) {
                locked_routes
                    .entry(route(&entry.method, &entry.path))
                    .or_default()
                    .push(name);
            }
        }
        for (route, names) in locked_routes {
            let Some(candidates) = spec_routes.get(&route) else {
                continue;
            };
            match (names.as_slice(), candidates.as_slice()) {
                ([name], [i]) => self.pair(*i, name),
                _ => {
                    for name in &names {
                        let entry = &self.locked[*name];
                        let others: Vec<String> = candidates
                            .iter()
                            .map(|&i| format!("`{}`", self.spec[i].pointer()))
                            .collect();
                        self.notes.push(Diagnostic::warning(
                            &locked_pointer(entry),
                            format!(
                                "operation `{name}` (shipped as `{}`) is not in the spec by name, and {} share its method and path `{route}`: not paired; name the right one under `[renames.operations]`",
                                entry.type_name,
                                others.join(" and ")
                            ),
                        ));
                    }
                }
            }
        }
    }

    fn by_alias(&mut self) {
        for i in 0..self.spec.len() {
            if self.paired[i].is_some() {
                continue;
            }
            let found = self.spec[i].upstream_names().into_iter().find_map(|n| {
                self.locked
                    .iter()
                    .find(|(k, e)| e.aliases.contains_key(n) && !self.taken.contains(k.as_str()))
                    .map(|(k, _)| k.as_str())
            });
            if let Some(name) = found {
                self.pair(i, name);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::surface::OperationSurface;

    fn doc(paths: &str) -> OpenAPI {
        let text = format!("openapi: 3.0.1\ninfo: {{title: t, version: v}}\npaths:\n{paths}");
        crate::parse::parse(&text).unwrap()
    }

    fn locked(entries: &[(&str, &str, &str)]) -> Surface {
        let mut api = Surface::default();
        for (name, method, path) in entries {
            let names = naming::operation_names(name).unwrap();
            api.operations.insert(
                (*name).to_owned(),
                OperationSurface {
                    upstream: (*name).to_owned(),
                    method: (*method).to_owned(),
                    path: (*path).to_owned(),
                    type_name: names.type_name,
                    fn_name: names.fn_name,
                    command: vec!["things".into(), names.command],
                    ..OperationSurface::default()
                },
            );
        }
        api
    }

    #[test]
    fn a_renamed_operation_keeps_its_names_and_offers_the_new_one() {
        let doc = doc(
            "  /groups/{id}/things:\n    get:\n      operationId: listGroupThings\n      responses: {}\n",
        );
        let lock = locked(&[("listThings", "GET", "/groups/{gid}/things")]);
        let ids = identities(&doc, Some(&lock), &Renames::default());
        let id = ids.get("/groups/{id}/things", "get").unwrap();
        assert_eq!(id.name, "listThings");
        assert_eq!(id.names.type_name, "ListThings");
        assert_eq!(id.names.fn_name, "list_things");
        assert_eq!(id.names.command, "list-things");
        assert_eq!(
            id.aliases,
            [OperationNames {
                operation_id: "listGroupThings".into(),
                type_name: "ListGroupThings".into(),
                fn_name: "list_group_things".into(),
                command: "list-group-things".into(),
            }]
        );
        assert!(ids.notes.is_empty(), "{:?}", ids.notes);
    }

    #[test]
    fn two_candidates_are_reported_with_both_pointers_and_not_paired() {
        let doc = doc(concat!(
            "  /things/{id}:\n    get:\n      operationId: getThingById\n      responses: {}\n",
            "  /things/{name}:\n    get:\n      operationId: getThingByName\n      responses: {}\n",
        ));
        let lock = locked(&[("getThing", "GET", "/things/{thingId}")]);
        let ids = identities(&doc, Some(&lock), &Renames::default());
        assert_eq!(ids.get("/things/{id}", "get").unwrap().name, "getThingById");
        assert_eq!(
            ids.get("/things/{name}", "get").unwrap().name,
            "getThingByName"
        );
        assert_eq!(ids.notes.len(), 1);
        let note = ids.notes[0].to_string();
        assert!(
            note.starts_with("warning: #/paths/~1things~1{thingId}/get: "),
            "{note}"
        );
        assert!(note.contains("`#/paths/~1things~1{id}/get`"), "{note}");
        assert!(note.contains("`#/paths/~1things~1{name}/get`"), "{note}");
        assert!(note.contains("not paired"), "{note}");

        // The configuration settles it.
        let renames = Renames {
            operations: [("getThingByName".to_owned(), "getThing".to_owned())].into(),
            ..Renames::default()
        };
        let ids = identities(&doc, Some(&lock), &renames);
        assert!(ids.notes.is_empty(), "{:?}", ids.notes);
        assert_eq!(ids.get("/things/{name}", "get").unwrap().name, "getThing");
        assert_eq!(ids.get("/things/{id}", "get").unwrap().name, "getThingById");
    }

    #[test]
    fn the_override_is_honoured_even_when_the_path_moved() {
        let doc = doc(concat!(
            "  /v2/things:\n    get:\n      operationId: listGroupThings\n",
            "      x-xgen-operation-id-override: listThings\n      responses: {}\n",
        ));
        // Known to the lock under the override: paired by name though the path changed.
        let lock = locked(&[("listThings", "GET", "/things")]);
        let ids = identities(&doc, Some(&lock), &Renames::default());
        let id = ids.get("/v2/things", "get").unwrap();
        assert_eq!(id.name, "listThings");
        assert_eq!(id.names.type_name, "ListThings");
        assert_eq!(id.aliases.len(), 1);
        assert_eq!(id.aliases[0].type_name, "ListGroupThings");

        // Without a lock the override names the operation, and the operationId is an alias.
        let ids = identities(&doc, None, &Renames::default());
        let id = ids.get("/v2/things", "get").unwrap();
        assert_eq!(id.name, "listThings");
        assert_eq!(id.aliases[0].operation_id, "listGroupThings");
    }

    #[test]
    fn an_alias_that_would_take_another_operations_name_is_dropped_and_reported() {
        let doc = doc(concat!(
            "  /things:\n    get:\n      operationId: listAllThings\n      responses: {}\n",
            "  /other:\n    get:\n      operationId: list_all_things\n      responses: {}\n",
        ));
        let lock = locked(&[("listThings", "GET", "/things")]);
        let ids = identities(&doc, Some(&lock), &Renames::default());
        assert_eq!(ids.get("/things", "get").unwrap().name, "listThings");
        assert!(ids.get("/things", "get").unwrap().aliases.is_empty());
        assert_eq!(
            ids.get("/other", "get").unwrap().names.type_name,
            "ListAllThings"
        );
        assert_eq!(ids.notes.len(), 1, "{:?}", ids.notes);
        let note = ids.notes[0].to_string();
        assert!(
            note.starts_with("warning: #/paths/~1things/get: "),
            "{note}"
        );
        assert!(note.contains("`ListAllThings` is taken"), "{note}");
    }

    #[test]
    fn an_upstream_name_that_changes_no_rust_name_is_no_alias() {
        let doc = doc("  /things:\n    get:\n      operationId: ListThings\n      responses: {}\n");
        let lock = locked(&[("listThings", "GET", "/things")]);
        let ids = identities(&doc, Some(&lock), &Renames::default());
        let id = ids.get("/things", "get").unwrap();
        assert_eq!(id.name, "listThings");
        assert!(id.aliases.is_empty());
        assert!(ids.notes.is_empty(), "{:?}", ids.notes);
    }

    #[test]
    fn routes_ignore_path_parameter_names() {
        assert_eq!(route("get", "/a/{x}/b/{y}"), "GET /a/{}/b/{}");
    }
}
