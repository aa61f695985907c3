//! What kind of thing a schema is, however openapiv3 parsed it: object shapes, unions,
//! `null`-only and nullable schemas, documented references (`allOf: [$ref]`), and the like.
//! Pure functions of the schema; the resolver decides what to make of them.

use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use crate::pointer::Pointer;

/// The object-like parts of a schema, whichever way openapiv3 parsed it.
pub(super) struct ObjectShape<'a> {
    pub(super) properties: Vec<(&'a String, &'a ReferenceOr<Box<Schema>>)>,
    pub(super) required: &'a [String],
    pub(super) additional: Option<&'a AdditionalProperties>,
}

pub(super) fn object_shape(schema: &Schema) -> Option<ObjectShape<'_>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some(ObjectShape {
            properties: o.properties.iter().collect(),
            required: &o.required,
            additional: o.additional_properties.as_ref(),
        }),
        SchemaKind::Any(a)
            if a.typ.as_deref().is_none_or(|t| t == "object")
                && (!a.properties.is_empty() || a.additional_properties.is_some())
                || a.typ.as_deref() == Some("object") && is_plain_object(a) =>
        {
            Some(ObjectShape {
                properties: a.properties.iter().collect(),
                required: &a.required,
                additional: a.additional_properties.as_ref(),
            })
        }
        _ => None,
    }
}

/// The variants of a `oneOf`/`anyOf` schema, however openapiv3 parsed it.
pub(super) fn union_variants(schema: &Schema) -> Option<&[ReferenceOr<Schema>]> {
    match &schema.schema_kind {
        SchemaKind::OneOf { one_of: v } | SchemaKind::AnyOf { any_of: v } => Some(v),
        SchemaKind::Any(a) if !a.one_of.is_empty() => Some(&a.one_of),
        SchemaKind::Any(a) if !a.any_of.is_empty() => Some(&a.any_of),
        _ => None,
    }
}

/// Whether an enumeration lists no value but `null` (or none at all): then it does not make
/// an enum.
pub(super) fn no_values<T>(values: &[Option<T>]) -> bool {
    values.iter().all(Option::is_none)
}

/// `enum: [null]` (with or without a `type`), the way some generators write "only null".
pub(super) fn is_null_only(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => !s.enumeration.is_empty() && no_values(&s.enumeration),
        SchemaKind::Type(Type::Integer(i)) => {
            !i.enumeration.is_empty() && no_values(&i.enumeration)
        }
        SchemaKind::Type(Type::Number(n)) => !n.enumeration.is_empty() && no_values(&n.enumeration),
        SchemaKind::Type(Type::Boolean(b)) => {
            !b.enumeration.is_empty() && no_values(&b.enumeration)
        }
        SchemaKind::Any(a) => {
            a.typ.as_deref() == Some("null")
                || !a.enumeration.is_empty() && a.enumeration.iter().all(|v| v.is_null())
        }
        _ => false,
    }
}

/// Whether a value of the schema may be `null`: `nullable`, or a union with a `null` variant.
pub(super) fn is_nullable(schema: &Schema) -> bool {
    schema.schema_data.nullable
        || union_variants(schema).is_some_and(|vs| {
            vs.iter()
                .any(|v| matches!(v, ReferenceOr::Item(s) if is_null_only(s)))
        })
}

/// The one part that carries a type, when a schema wraps it: `allOf: [$ref: X]` beside a
/// `description` or `nullable` (the usual 3.0 way to document a reference), or
/// `oneOf: [X, {enum: [null]}]`. Parts that only annotate (no type, no properties) and `null`
/// parts do not count; a union with a `discriminator` is always a union.
pub(super) fn single_part<'s>(
    schema: &'s Schema,
    at: &Pointer,
) -> Option<(&'s ReferenceOr<Schema>, Pointer)> {
    let (parts, keyword) = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => (all_of, "allOf"),
        SchemaKind::OneOf { one_of } => (one_of, "oneOf"),
        SchemaKind::AnyOf { any_of } => (any_of, "anyOf"),
        SchemaKind::Any(a) if is_only_composition(a) => {
            if !a.all_of.is_empty() && a.one_of.is_empty() && a.any_of.is_empty() {
                (&a.all_of, "allOf")
            } else if a.all_of.is_empty() && !a.one_of.is_empty() && a.any_of.is_empty() {
                (&a.one_of, "oneOf")
            } else if a.all_of.is_empty() && a.one_of.is_empty() && !a.any_of.is_empty() {
                (&a.any_of, "anyOf")
            } else {
                return None;
            }
        }
        _ => return None,
    };
    if schema.schema_data.discriminator.is_some() {
        return None;
    }
    let mut typed = parts.iter().enumerate().filter(|(_, part)| match part {
        ReferenceOr::Reference { .. } => true,
        ReferenceOr::Item(s) => {
            !is_null_only(s) && !matches!(&s.schema_kind, SchemaKind::Any(a) if is_unconstrained(a))
        }
    });
    let (i, part) = typed.next()?;
    if typed.next().is_some() {
        return None;
    }
    // An inline object part of an `allOf` is merged as usual (so the struct keeps its name).
    if keyword == "allOf" && matches!(part, ReferenceOr::Item(s) if object_shape(s).is_some()) {
        return None;
    }
    Some((part, at.join(keyword).join(i)))
}

/// Whether values of the schema are JSON objects (declared, free-form or composed with
/// `allOf`).
pub(super) fn is_object_schema(schema: &Schema) -> bool {
    object_shape(schema).is_some()
        || matches!(
            schema.schema_kind,
            SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. }
        )
        || matches!(&schema.schema_kind, SchemaKind::Any(a) if !a.all_of.is_empty() || a.typ.as_deref() == Some("object"))
}

/// Whether an object schema has a `format: binary` property (or an array of them), which a
/// `multipart/form-data` body sends as a file.
pub(super) fn has_binary_property(schema: &Schema) -> bool {
    fn binary(schema: &ReferenceOr<Box<Schema>>) -> bool {
        match schema {
            ReferenceOr::Item(s) => match &s.schema_kind {
                SchemaKind::Type(Type::String(t)) => {
                    t.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
                }
                SchemaKind::Type(Type::Array(a)) => a.items.as_ref().is_some_and(binary),
                _ => false,
            },
            ReferenceOr::Reference { .. } => false,
        }
    }
    object_shape(schema).is_some_and(|shape| shape.properties.iter().any(|(_, p)| binary(p)))
}

/// An `AnySchema` that only composes (no type, properties, items or enum of its own).
fn is_only_composition(a: &openapiv3::AnySchema) -> bool {
    a.typ.is_none()
        && a.properties.is_empty()
        && a.items.is_none()
        && a.enumeration.is_empty()
        && a.not.is_none()
        && a.additional_properties.is_none()
}

/// `type: object` with nothing else that would make it something other than a free-form or
/// declared object (openapiv3 reads `type: object` with an unknown keyword, such as a
/// `format`, as an `AnySchema`).
fn is_plain_object(a: &openapiv3::AnySchema) -> bool {
    a.items.is_none()
        && a.enumeration.is_empty()
        && a.one_of.is_empty()
        && a.all_of.is_empty()
        && a.any_of.is_empty()
        && a.not.is_none()
}

/// `not` and nothing else.
pub(super) fn is_unconstrained_but_not(a: &openapiv3::AnySchema) -> bool {
    a.properties.is_empty()
        && a.items.is_none()
        && a.enumeration.is_empty()
        && a.one_of.is_empty()
        && a.all_of.is_empty()
        && a.any_of.is_empty()
}

pub(super) fn is_unconstrained(a: &openapiv3::AnySchema) -> bool {
    a.typ.is_none()
        && a.properties.is_empty()
        && a.items.is_none()
        && a.enumeration.is_empty()
        && a.one_of.is_empty()
        && a.all_of.is_empty()
        && a.any_of.is_empty()
        && a.not.is_none()
}
