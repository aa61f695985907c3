//! `oneOf`/`anyOf` schemas -> unions: one open enum for unions of string enums, tagged unions
//! where a `discriminator` can tag every variant (by `mapping`, schema name, or a one-value
//! `enum` on the tag), untagged ones otherwise, and a `Null` variant for a `null` variant.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::Resolver;
use super::refs::component_name;
use super::schema::string_variants;
use super::shapes::{is_null_only, is_object_schema, object_shape};
use crate::model::{TypeKind, TypeRef, UnionVariant};
use crate::naming;
use crate::pointer::Pointer;

impl Resolver<'_> {
    pub(super) fn union(
        &mut self,
        schema: &Schema,
        variants: &[ReferenceOr<Schema>],
        at: &Pointer,
        parent: &str,
    ) -> TypeKind {
        let mut discriminator = schema.schema_data.discriminator.as_ref();
        // `null` as a variant (`enum: [null]`) says the value may be null: a `Null` variant.
        let has_null = variants.iter().any(|v| self.is_null_variant(v));
        let variants: Vec<(usize, &ReferenceOr<Schema>)> = variants
            .iter()
            .enumerate()
            .filter(|(_, v)| !self.is_null_variant(v))
            .collect();
        // A union of string enums (value sets grouped by topic) is one set of values: every
        // variant would take any string, since enums are open, so an untagged union of them
        // would always decode as its first variant.
        let parts: Vec<ReferenceOr<Schema>> = variants.iter().map(|(_, v)| (*v).clone()).collect();
        if discriminator.is_none()
            && !has_null
            && let Some(values) = self.string_enum_values(&parts)
        {
            return TypeKind::StringEnum(string_variants(values.iter().map(String::as_str)));
        }
        let mut names = naming::Scope::default();
        let mut out = Vec::new();
        for (i, variant) in variants {
            let variant_at = at.join(i);
            let spec_name = match variant {
                ReferenceOr::Reference { reference } => {
                    component_name::<Schema>(reference).unwrap_or("").to_owned()
                }
                ReferenceOr::Item(_) => String::new(),
            };
            let hint = format!("{parent}Variant{i}");
            let ty = self.element_type(variant.into(), &variant_at, &hint);
            let base = match &ty {
                TypeRef::Named(n) if !spec_name.is_empty() => n.clone(),
                _ => variant_label(&ty),
            };
            let tag_value = discriminator.and_then(|d| {
                let mapped = d.mapping.iter().find(|(_, target)| {
                    matches!(variant, ReferenceOr::Reference { reference } if reference == *target)
                });
                match (mapped, variant) {
                    (Some((value, _)), _) => Some(value.clone()),
                    (None, ReferenceOr::Reference { .. }) => Some(spec_name.clone()),
                    // An inline variant says its tag with a one-value enum.
                    (None, ReferenceOr::Item(schema)) => self.fixed_tag(schema, &d.property_name),
                }
            });
            let variant = UnionVariant {
                name: names.claim(base, &spec_name),
                tag_value,
                ty,
                boxed: false,
            };
            out.push((i, variant));
        }
        if discriminator.is_some()
            && let Some((i, _)) = out
                .iter()
                .find(|(_, v)| v.tag_value.is_none() || !self.is_struct_type(&v.ty))
        {
            self.diags.warning(
                &at.join(i),
                "with a `discriminator`, every `oneOf` variant must be an object schema whose tag value is known (by `mapping`, its schema name, or a one-value `enum`); the union is decoded without it, as the first variant the value fits",
            );
            discriminator = None;
        }
        let mut out: Vec<UnionVariant> = out
            .into_iter()
            .map(|(_, mut v)| {
                if discriminator.is_none() {
                    v.tag_value = None;
                }
                v
            })
            .collect();
        if has_null && discriminator.is_none() {
            out.push(UnionVariant {
                name: names.claim("Null".to_owned(), "null"),
                tag_value: None,
                ty: TypeRef::Null,
                boxed: false,
            });
        }
        match discriminator {
            Some(d) => TypeKind::Tagged {
                tag: d.property_name.clone(),
                variants: out,
            },
            None => TypeKind::Untagged(out),
        }
    }

    /// A variant that only allows `null`, following a `$ref`.
    fn is_null_variant(&self, variant: &ReferenceOr<Schema>) -> bool {
        match variant {
            ReferenceOr::Item(s) => is_null_only(s),
            ReferenceOr::Reference { reference } => self
                .component_schema(reference)
                .is_ok_and(|(s, _)| is_null_only(s)),
        }
    }

    /// Whether a type is a struct, through aliases (what a tagged variant must be). A
    /// component that is not defined yet is judged by its schema.
    fn is_struct_type(&self, ty: &TypeRef) -> bool {
        let mut ty = ty;
        // Alias chains are bounded when they are resolved; this bound only keeps the walk short.
        for _ in 0..super::refs::MAX_REF_DEPTH {
            let TypeRef::Named(name) = ty else {
                return false;
            };
            match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Struct(_)) => return true,
                Some(TypeKind::Alias(inner)) => ty = inner,
                Some(_) => return false,
                None => {
                    return self
                        .component_names
                        .iter()
                        .find(|(_, rust)| *rust == name)
                        .and_then(|(spec, _)| {
                            let reference = format!("#/components/schemas/{spec}");
                            self.component_schema(&reference).ok()
                        })
                        .is_some_and(|(s, _)| is_object_schema(s));
                }
            }
        }
        false
    }

    /// The tag value an inline variant fixes with a one-value `enum` on the tag property, in
    /// its own properties or those of its `allOf` parts (where a later part often narrows
    /// what an earlier one declares).
    fn fixed_tag(&self, schema: &Schema, tag: &str) -> Option<String> {
        let mut stack = vec![schema];
        let mut depth = 0;
        while let Some(schema) = stack.pop() {
            depth += 1;
            if depth > super::refs::MAX_REF_DEPTH {
                return None;
            }
            if let Some(shape) = object_shape(schema)
                && let Some((_, ReferenceOr::Item(property))) =
                    shape.properties.iter().find(|(name, _)| *name == tag)
                && let SchemaKind::Type(Type::String(s)) = &property.schema_kind
                && let [Some(value)] = s.enumeration.as_slice()
            {
                return Some(value.clone());
            }
            let parts = match &schema.schema_kind {
                SchemaKind::AllOf { all_of } => all_of.as_slice(),
                SchemaKind::Any(a) => a.all_of.as_slice(),
                _ => &[],
            };
            // Later parts first: they narrow the earlier ones.
            for part in parts {
                match part {
                    ReferenceOr::Item(s) => stack.push(s),
                    ReferenceOr::Reference { reference } => {
                        if let Ok((s, _)) = self.component_schema(reference) {
                            stack.push(s);
                        }
                    }
                }
            }
        }
        None
    }
}

/// A variant name from the variant's type; an inline object keeps the name it was given
/// (`ParentVariantN`). Duplicates are numbered by the union's scope.
fn variant_label(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Bool => "Bool".into(),
        TypeRef::I32 | TypeRef::I64 => "Integer".into(),
        TypeRef::F32 | TypeRef::F64 => "Number".into(),
        TypeRef::String | TypeRef::DateTime | TypeRef::Date | TypeRef::Uuid => "String".into(),
        TypeRef::Array(_) => "Array".into(),
        TypeRef::Map(_) | TypeRef::JsonObject => "Object".into(),
        TypeRef::Json => "Value".into(),
        TypeRef::Bytes | TypeRef::File => "Bytes".into(),
        TypeRef::Null => "Null".into(),
        TypeRef::Nullable(inner) => variant_label(inner),
        TypeRef::Named(n) => n.clone(),
    }
}
