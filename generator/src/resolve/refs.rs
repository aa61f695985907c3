//! Following `$ref`s. Only local references into `#/components/...` are supported; chains are
//! followed with cycle detection, so `A -> B -> A` is a diagnostic, not a hang.

use std::collections::BTreeSet;

use openapiv3::{Components, Parameter, ReferenceOr, RequestBody, Response, Schema};

use crate::pointer::Pointer;

/// How many `$ref`s deep an alias chain or a nesting of `allOf`s may go. Real specs use a
/// handful; the limit keeps hostile ones from making resolution quadratic in their size.
pub const MAX_REF_DEPTH: usize = 64;

/// A component kind that `$ref` can point at.
pub trait Component: Sized {
    /// The `components` section this kind lives in, as in the pointer (`schemas`).
    const SECTION: &'static str;
    fn lookup<'a>(components: &'a Components, name: &str) -> Option<&'a ReferenceOr<Self>>;
}

impl Component for Schema {
    const SECTION: &'static str = "schemas";
    fn lookup<'a>(c: &'a Components, name: &str) -> Option<&'a ReferenceOr<Self>> {
        c.schemas.get(name)
    }
}

impl Component for Parameter {
    const SECTION: &'static str = "parameters";
    fn lookup<'a>(c: &'a Components, name: &str) -> Option<&'a ReferenceOr<Self>> {
        c.parameters.get(name)
    }
}

impl Component for RequestBody {
    const SECTION: &'static str = "requestBodies";
    fn lookup<'a>(c: &'a Components, name: &str) -> Option<&'a ReferenceOr<Self>> {
        c.request_bodies.get(name)
    }
}

impl Component for Response {
    const SECTION: &'static str = "responses";
    fn lookup<'a>(c: &'a Components, name: &str) -> Option<&'a ReferenceOr<Self>> {
        c.responses.get(name)
    }
}

/// The component name a `$ref` names, checking that it points into `T`'s section.
pub fn component_name<T: Component>(reference: &str) -> Result<&str, String> {
    let prefix = format!("#/components/{}/", T::SECTION);
    match reference.strip_prefix(&prefix) {
        Some(name) if !name.is_empty() && !name.contains('/') => Ok(name),
        _ if !reference.starts_with('#') => Err(format!(
            "`$ref: {reference}` points into another document; only local references are supported"
        )),
        _ => Err(format!(
            "`$ref: {reference}` must point at `#/components/{}/<name>` here",
            T::SECTION
        )),
    }
}

/// Follows `item` to the component it finally names, returning it and its pointer.
/// `at` is where `item` itself sits in the document.
pub fn follow<'a, T: Component>(
    components: Option<&'a Components>,
    item: &'a ReferenceOr<T>,
    at: &Pointer,
) -> Result<(&'a T, Pointer), String> {
    match item {
        ReferenceOr::Item(value) => Ok((value, at.clone())),
        ReferenceOr::Reference { reference } => follow_reference(components, reference),
    }
}

/// Follows a `$ref` string through alias chains to the component it finally names.
pub fn follow_reference<'a, T: Component>(
    components: Option<&'a Components>,
    reference: &str,
) -> Result<(&'a T, Pointer), String> {
    let mut reference = reference.to_owned();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    loop {
        let name = component_name::<T>(&reference)?.to_owned();
        if seen.contains(&name) {
            return Err(format!("`$ref: {reference}` is part of a reference cycle"));
        }
        if seen.len() == MAX_REF_DEPTH {
            return Err(format!(
                "`$ref: {reference}` ends a chain of more than {MAX_REF_DEPTH} aliases"
            ));
        }
        let item = components
            .and_then(|c| T::lookup(c, &name))
            .ok_or_else(|| format!("`$ref: {reference}` points at nothing"))?;
        match item {
            ReferenceOr::Item(value) => {
                let pointer = Pointer::root()
                    .join("components")
                    .join(T::SECTION)
                    .join(&name);
                return Ok((value, pointer));
            }
            ReferenceOr::Reference { reference: next } => reference = next.clone(),
        }
        seen.insert(name);
    }
}

/// Security schemes are rarely referenced; one level is followed.
pub fn follow_security<'a>(
    components: &'a Components,
    item: &'a ReferenceOr<openapiv3::SecurityScheme>,
) -> Option<&'a openapiv3::SecurityScheme> {
    match item {
        ReferenceOr::Item(s) => Some(s),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/securitySchemes/")?;
            match components.security_schemes.get(name)? {
                ReferenceOr::Item(s) => Some(s),
                ReferenceOr::Reference { .. } => None,
            }
        }
    }
}
