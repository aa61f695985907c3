//! Stage 2: `openapiv3::OpenAPI` -> [`crate::model::Api`]. Follows every `$ref`, names every
//! type, parameter and operation once, and reports every broken construct (an error) or
//! unsupported one (a warning saying what was done instead) with its pointer.

mod bodies;
pub(crate) mod commands;
mod media;
mod normalize;
mod operation;
mod params;
mod recursion;
mod refs;
mod schema;
mod security;
mod servers;
mod shapes;
mod skip;
mod support;
mod unions;

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::OpenAPI;

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::lock::operations::Identities;
use crate::model::{Api, ErrorBody, ParamType, Support, TypeDef, TypeRef};
use crate::naming;
use crate::pointer::Pointer;

pub use schema::schema_docs;

/// Resolves a parsed document into the model the emitters read, naming each operation after
/// its own `operationId` (or `x-xgen-operation-id-override`). Warnings do not fail it; they
/// are in [`Api::warnings`].
pub fn resolve(doc: &OpenAPI, config: &Config) -> Result<Api, Diagnostics> {
    let identities = crate::lock::operations::identities(doc, None, &config.renames);
    resolve_with(doc, config, &identities)
}

/// [`resolve`], with the operations' names decided beforehand (see [`crate::lock`]).
pub fn resolve_with(
    doc: &OpenAPI,
    config: &Config,
    identities: &Identities,
) -> Result<Api, Diagnostics> {
    let mut resolver = Resolver::new(doc, config, identities);
    let filtering = config.operations.is_some() || config.tags.is_some();
    if !filtering {
        // Without a filter the crate carries every component schema, used or not, so a schema
        // can be reviewed and used before an operation refers to it.
        let names: Vec<String> = resolver.component_names.keys().cloned().collect();
        for name in names {
            resolver.define_component(&name);
        }
    }
    let operations = resolver.operations();
    resolver.define_pending();
    let auth = resolver.auth_schemes();
    let (base_url, server_template) = resolver.server();
    let error_body = resolver.error_body(&operations);
    let mut types: Vec<TypeDef> = std::mem::take(&mut resolver.types).into_values().collect();
    let params: Vec<ParamType> = std::mem::take(&mut resolver.params).into_values().collect();
    if filtering {
        types = recursion::reachable(types, &operations, &params);
    }
    recursion::box_cycles(&mut types);
    let (errors, warnings) = resolver.diags.split();
    let mut api = Api {
        title: doc.info.title.clone(),
        description: doc.info.description.clone(),
        version: doc.info.version.clone(),
        base_url,
        server_template,
        auth,
        types,
        params,
        operations,
        error_body,
        type_aliases: Vec::new(),
        warnings,
        skipped_operations: resolver.skipped,
        support: Support::default(),
        command_groups: Vec::new(),
    };
    api.support = support::support(&api, config.cli.is_some());
    api.command_groups = commands::command_groups(&api.operations);
    errors.into_result(api)
}

/// The state of one resolution: the document, what has been named so far, and the problems.
struct Resolver<'a> {
    doc: &'a OpenAPI,
    config: &'a Config,
    identities: &'a Identities,
    diags: Diagnostics,
    /// Component schema name -> Rust type name, decided up front so references can be named
    /// before their target is defined (recursion).
    component_names: BTreeMap<String, String>,
    /// Every Rust type name in `models`, components and inline types alike.
    type_scope: naming::Scope,
    types: BTreeMap<String, TypeDef>,
    /// Types whose definition has started, to stop on recursive references.
    defining: BTreeSet<String>,
    /// Component schemas referred to but not defined yet. References only queue their target,
    /// so a chain of them as long as the spec costs no stack (see `define_pending`).
    pending: Vec<String>,
    /// The named inline type made for the schema at a pointer, so a schema reached twice (a
    /// shared response or request body) is one type, not one per operation.
    inline_types: BTreeMap<Pointer, TypeRef>,
    params: BTreeMap<String, ParamType>,
    param_scope: naming::Scope,
    /// Each distinct pattern's compile error, or what its values are as URL text: a large spec
    /// repeats the same few patterns on hundreds of parameters, and compiling one is not cheap.
    patterns: BTreeMap<String, Result<crate::model::UrlText, String>>,
    /// `format: binary` strings are files (the parts of a `multipart/form-data` body being
    /// resolved), not text.
    binary_is_file: bool,
    /// The operation being resolved: what it has made so far, and what it cannot do.
    operation: Option<skip::OperationScope>,
    /// The operations skipped, by pointer.
    skipped: Vec<Pointer>,
}

impl<'a> Resolver<'a> {
    fn new(doc: &'a OpenAPI, config: &'a Config, identities: &'a Identities) -> Self {
        let mut resolver = Resolver {
            doc,
            config,
            identities,
            diags: Diagnostics::default(),
            component_names: BTreeMap::new(),
            type_scope: naming::Scope::default(),
            types: BTreeMap::new(),
            defining: BTreeSet::new(),
            pending: Vec::new(),
            inline_types: BTreeMap::new(),
            params: BTreeMap::new(),
            param_scope: naming::Scope::default(),
            patterns: BTreeMap::new(),
            binary_is_file: false,
            operation: None,
            skipped: Vec::new(),
        };
        resolver.name_components();
        resolver
    }

    /// Component schemas keep their names, so two that collide after case conversion are an
    /// error: renaming one silently would make the API depend on declaration order.
    fn name_components(&mut self) {
        let Some(components) = &self.doc.components else {
            return;
        };
        for name in components.schemas.keys() {
            let pointer = Pointer::root()
                .join("components")
                .join("schemas")
                .join(name);
            let Some(rust_name) = naming::type_name(name) else {
                self.diags
                    .error(&pointer, format!("cannot derive a type name from `{name}`"));
                continue;
            };
            match self.type_scope.claim_exact(&rust_name, name) {
                Ok(()) => {
                    self.component_names.insert(name.clone(), rust_name);
                }
                Err(holder) => self.diags.error(
                    &pointer,
                    format!(
                        "schema `{name}` and schema `{holder}` both become the Rust type `{rust_name}`"
                    ),
                ),
            }
        }
    }

    /// A schema construct the generator does not support: the value it describes is kept as
    /// JSON (`serde_json::Value`), and a warning says so.
    fn kept_as_json(&mut self, at: &Pointer, what: &str) {
        self.diags.warning(
            at,
            format!("{what}; the value is kept as JSON (`serde_json::Value`)"),
        );
    }

    /// One error type for the whole crate when every error response agrees on its schema.
    fn error_body(&self, operations: &[crate::model::Operation]) -> ErrorBody {
        let bodies: BTreeSet<&TypeRef> = operations
            .iter()
            .flat_map(|op| op.errors.iter())
            .filter_map(|e| e.body.as_ref())
            .collect();
        match bodies.into_iter().collect::<Vec<_>>().as_slice() {
            [TypeRef::Named(name)] => ErrorBody::Typed(name.clone()),
            _ => ErrorBody::Json,
        }
    }
}
