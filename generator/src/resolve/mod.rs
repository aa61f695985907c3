//! Stage 2: `openapiv3::OpenAPI` -> [`crate::model::Api`]. Follows every `$ref`, names every
//! type, parameter and operation once, and reports every unsupported or broken construct with
//! its pointer.

mod normalize;
mod operation;
mod params;
mod recursion;
mod refs;
mod schema;

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, SecurityScheme};

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::lock::operations::Identities;
use crate::model::{Api, AuthSchemes, ErrorBody, ParamType, TypeDef, TypeRef};
use crate::naming;
use crate::pointer::Pointer;

pub use schema::schema_docs;

/// Resolves a parsed document into the model the emitters read, naming each operation after
/// its own `operationId` (or `x-xgen-operation-id-override`).
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
    let error_body = resolver.error_body(&operations);
    let mut types: Vec<TypeDef> = std::mem::take(&mut resolver.types).into_values().collect();
    if filtering {
        types = recursion::reachable(types, &operations);
    }
    recursion::box_cycles(&mut types);
    let params: Vec<ParamType> = std::mem::take(&mut resolver.params).into_values().collect();
    let api = Api {
        title: doc.info.title.clone(),
        description: doc.info.description.clone(),
        version: doc.info.version.clone(),
        base_url: doc
            .servers
            .first()
            .map(|s| s.url.trim_end_matches('/').to_owned()),
        auth,
        types,
        params,
        operations,
        error_body,
        type_aliases: Vec::new(),
    };
    resolver.diags.into_result(api)
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
    params: BTreeMap<String, ParamType>,
    param_scope: naming::Scope,
    /// Each distinct pattern's compile error, if any: a large spec repeats the same few
    /// patterns on hundreds of parameters, and compiling one is not cheap.
    pattern_errors: BTreeMap<String, Option<String>>,
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
            params: BTreeMap::new(),
            param_scope: naming::Scope::default(),
            pattern_errors: BTreeMap::new(),
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

    fn auth_schemes(&mut self) -> AuthSchemes {
        let mut auth = AuthSchemes::default();
        let Some(components) = &self.doc.components else {
            return auth;
        };
        for (name, scheme) in &components.security_schemes {
            let pointer = Pointer::root()
                .join("components")
                .join("securitySchemes")
                .join(name);
            let scheme = match refs::follow_security(components, scheme) {
                Some(s) => s,
                None => {
                    self.diags
                        .error(&pointer, "security scheme references are not supported");
                    continue;
                }
            };
            match scheme {
                SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("digest") => {
                    auth.http_digest = true
                }
                SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => {
                    auth.http_bearer = true
                }
                SecurityScheme::OAuth2 { flows, .. } => match &flows.client_credentials {
                    Some(flow) => auth.oauth_client_credentials = Some(flow.token_url.clone()),
                    None => self.diags.error(
                        &pointer,
                        "only the OAuth 2.0 client-credentials flow is supported",
                    ),
                },
                other => self.diags.error(
                    &pointer,
                    format!("security scheme {other:?} is not supported yet"),
                ),
            }
        }
        // A bearer token is what both OAuth flows end in, so the client always accepts one.
        auth.http_bearer |= auth.oauth_client_credentials.is_some();
        auth
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
