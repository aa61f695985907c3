//! Schemas -> types. Component schemas become named types; inline schemas that need a name
//! (objects, enums, unions) are named after their parent and property.

use std::collections::BTreeSet;

use openapiv3::{
    AdditionalProperties, IntegerFormat, ReferenceOr, Schema, SchemaData, SchemaKind, StringFormat,
    Type, VariantOrUnknownOrEmpty,
};

use super::Resolver;
use super::refs::component_name;
use crate::model::{Docs, EnumVariant, Field, Struct, TypeDef, TypeKind, TypeRef, UnionVariant};
use crate::naming;
use crate::pointer::Pointer;

/// A schema as found in the document: a `$ref` or the schema itself.
#[derive(Clone, Copy)]
pub enum SchemaRef<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

/// The object-like parts of a schema, whichever way openapiv3 parsed it.
struct ObjectShape<'a> {
    properties: Vec<(&'a String, &'a ReferenceOr<Box<Schema>>)>,
    required: &'a [String],
    additional: Option<&'a AdditionalProperties>,
}

fn object_shape(schema: &Schema) -> Option<ObjectShape<'_>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some(ObjectShape {
            properties: o.properties.iter().collect(),
            required: &o.required,
            additional: o.additional_properties.as_ref(),
        }),
        SchemaKind::Any(a)
            if a.typ.as_deref().is_none_or(|t| t == "object")
                && (!a.properties.is_empty() || a.additional_properties.is_some()) =>
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

impl<'a> Resolver<'a> {
    /// Defines the component schema `spec_name` and every component it refers to.
    pub(super) fn define_component(&mut self, spec_name: &str) {
        self.pending.push(spec_name.to_owned());
        self.define_pending();
    }

    /// Defines every queued component, and those their definitions queue in turn. A worklist
    /// rather than recursion: a `$ref` chain (`A` has a `B`, which has a `C`, ...) is as long
    /// as the spec makes it, and must not overflow the stack.
    pub(super) fn define_pending(&mut self) {
        while let Some(name) = self.pending.pop() {
            self.define_one(&name);
        }
    }

    fn define_one(&mut self, spec_name: &str) {
        let Some(rust_name) = self.component_names.get(spec_name).cloned() else {
            return;
        };
        if self.types.contains_key(&rust_name) || !self.defining.insert(rust_name.clone()) {
            return;
        }
        let pointer = Pointer::root()
            .join("components")
            .join("schemas")
            .join(spec_name);
        let schema = &self
            .doc
            .components
            .as_ref()
            .expect("names come from components")
            .schemas[spec_name];
        let def = match schema {
            ReferenceOr::Reference { reference } => {
                // A component that only names another one is an alias; a chain of them that
                // comes back to itself would be `type A = B; type B = A;`.
                if let Err(reason) =
                    super::refs::follow_reference::<Schema>(self.doc.components.as_ref(), reference)
                {
                    self.diags.error(&pointer, reason);
                }
                let target = self.type_of(SchemaRef::Ref(reference), &pointer, spec_name);
                TypeDef {
                    name: rust_name.clone(),
                    spec_name: spec_name.to_owned(),
                    pointer,
                    docs: Docs::default(),
                    deprecated: false,
                    kind: TypeKind::Alias(target),
                }
            }
            ReferenceOr::Item(schema) => {
                let schema = &*super::normalize::normalize(schema);
                let kind = self.kind_of(schema, &pointer, &rust_name, true);
                self.type_def(rust_name.clone(), spec_name, pointer, schema, kind)
            }
        };
        self.types.insert(rust_name, def);
    }

    fn type_def(
        &self,
        name: String,
        spec_name: &str,
        pointer: Pointer,
        schema: &Schema,
        kind: TypeKind,
    ) -> TypeDef {
        TypeDef {
            name,
            spec_name: spec_name.to_owned(),
            pointer,
            docs: schema_docs(schema),
            deprecated: schema.schema_data.deprecated,
            kind,
        }
    }

    /// The type of a schema used somewhere (a property, an item, a parameter, a body).
    /// `hint` names an inline type if one is needed.
    pub(super) fn type_of(&mut self, schema: SchemaRef<'_>, at: &Pointer, hint: &str) -> TypeRef {
        match schema {
            SchemaRef::Ref(reference) => match component_name::<Schema>(reference) {
                Ok(name) => match self.component_names.get(name).cloned() {
                    Some(rust_name) => {
                        // Named up front, so the reference needs only the name; the definition
                        // waits in the worklist.
                        if !self.types.contains_key(&rust_name)
                            && !self.defining.contains(&rust_name)
                        {
                            self.pending.push(name.to_owned());
                        }
                        TypeRef::Named(rust_name)
                    }
                    None => {
                        self.diags
                            .error(at, format!("`$ref: {reference}` points at nothing"));
                        TypeRef::Json
                    }
                },
                Err(reason) => {
                    self.diags.error(at, reason);
                    TypeRef::Json
                }
            },
            SchemaRef::Inline(schema) => self.inline_type(schema, at, hint),
        }
    }

    fn inline_type(&mut self, schema: &Schema, at: &Pointer, hint: &str) -> TypeRef {
        let schema = &*super::normalize::normalize(schema);
        if let Some(scalar) = self.plain_type(schema, at, hint) {
            return scalar;
        }
        let Some(base) = naming::type_name(hint) else {
            self.diags
                .error(at, format!("cannot derive a type name from `{hint}`"));
            return TypeRef::Json;
        };
        let name = self.type_scope.claim(base, hint);
        let kind = self.kind_of(schema, at, &name, false);
        let def = self.type_def(name.clone(), hint, at.clone(), schema, kind);
        self.types.insert(name.clone(), def);
        TypeRef::Named(name)
    }

    /// Types that need no definition of their own: scalars, arrays, maps, free-form objects.
    fn plain_type(&mut self, schema: &Schema, at: &Pointer, hint: &str) -> Option<TypeRef> {
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Number(n)) if n.enumeration.is_empty() => TypeRef::F64,
            SchemaKind::Type(Type::Integer(i)) if i.enumeration.is_empty() => match i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::String(s)) if s.enumeration.is_empty() => match &s.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
                VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => TypeRef::Uuid,
                _ => TypeRef::String,
            },
            SchemaKind::Type(Type::Array(a)) => {
                let items = match &a.items {
                    Some(items) => {
                        let item_hint = format!("{hint}Item");
                        self.type_of(items.into(), &at.join("items"), &item_hint)
                    }
                    None => TypeRef::Json,
                };
                TypeRef::Array(Box::new(items))
            }
            SchemaKind::Any(a) if a.typ.as_deref() == Some("array") || a.items.is_some() => {
                let items = match &a.items {
                    Some(items) => {
                        self.type_of(items.into(), &at.join("items"), &format!("{hint}Item"))
                    }
                    None => TypeRef::Json,
                };
                TypeRef::Array(Box::new(items))
            }
            _ => match object_shape(schema) {
                Some(shape) if shape.properties.is_empty() => match shape.additional {
                    Some(AdditionalProperties::Schema(value)) => {
                        let value_at = at.join("additionalProperties");
                        let value_hint = format!("{hint}Value");
                        TypeRef::Map(Box::new(self.type_of(
                            value.as_ref().into(),
                            &value_at,
                            &value_hint,
                        )))
                    }
                    _ => TypeRef::JsonObject,
                },
                Some(_) => return None,
                None => match &schema.schema_kind {
                    SchemaKind::Type(Type::Object(_)) => TypeRef::JsonObject,
                    SchemaKind::Any(a) if is_unconstrained(a) => TypeRef::Json,
                    _ => return None,
                },
            },
        };
        Some(ty)
    }

    /// The definition of a type that needs a name. `is_component` is false for inline schemas.
    fn kind_of(
        &mut self,
        schema: &Schema,
        at: &Pointer,
        name: &str,
        is_component: bool,
    ) -> TypeKind {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => TypeKind::StringEnum(
                string_variants(s.enumeration.iter().flatten().map(String::as_str)),
            ),
            SchemaKind::Type(Type::Integer(i)) if !i.enumeration.is_empty() => {
                TypeKind::IntEnum(i.enumeration.iter().flatten().copied().collect())
            }
            SchemaKind::Type(Type::Number(_)) => {
                self.diags
                    .error(at, "enums of non-integer numbers are not supported yet");
                TypeKind::Alias(TypeRef::F64)
            }
            SchemaKind::OneOf { one_of } => self.union(schema, one_of, &at.join("oneOf"), name),
            SchemaKind::AnyOf { any_of } => self.union(schema, any_of, &at.join("anyOf"), name),
            SchemaKind::AllOf { all_of } => {
                let mut merged = Struct {
                    fields: Vec::new(),
                    additional: None,
                };
                let mut scope = naming::Scope::default();
                let mut seen = BTreeSet::new();
                self.merge_all_of(
                    all_of,
                    &at.join("allOf"),
                    name,
                    &mut merged,
                    &mut scope,
                    &mut seen,
                );
                TypeKind::Struct(merged)
            }
            SchemaKind::Not { .. } => {
                self.diags.error(at, "`not` schemas are not supported");
                TypeKind::Alias(TypeRef::Json)
            }
            SchemaKind::Any(a) if !a.enumeration.is_empty() => self.json_enum(&a.enumeration),
            SchemaKind::Any(a) if !a.one_of.is_empty() => {
                self.union(schema, &a.one_of, &at.join("oneOf"), name)
            }
            SchemaKind::Any(a) if !a.any_of.is_empty() => {
                self.union(schema, &a.any_of, &at.join("anyOf"), name)
            }
            SchemaKind::Any(a) if !a.all_of.is_empty() => {
                let mut merged = Struct {
                    fields: Vec::new(),
                    additional: None,
                };
                let mut scope = naming::Scope::default();
                let mut seen = BTreeSet::new();
                self.add_properties(schema, at, name, &mut merged, &mut scope);
                self.merge_all_of(
                    &a.all_of,
                    &at.join("allOf"),
                    name,
                    &mut merged,
                    &mut scope,
                    &mut seen,
                );
                self.require_merged(&a.required, &at.join("required"), &mut merged);
                TypeKind::Struct(merged)
            }
            _ => match object_shape(schema) {
                Some(_) => {
                    let mut s = Struct {
                        fields: Vec::new(),
                        additional: None,
                    };
                    let mut scope = naming::Scope::default();
                    self.add_properties(schema, at, name, &mut s, &mut scope);
                    TypeKind::Struct(s)
                }
                None if is_component => {
                    let target = self.inline_type_no_define(schema, at, name);
                    TypeKind::Alias(target)
                }
                None => {
                    self.diags
                        .error(at, "this schema's shape is not supported yet");
                    TypeKind::Alias(TypeRef::Json)
                }
            },
        }
    }

    fn inline_type_no_define(&mut self, schema: &Schema, at: &Pointer, hint: &str) -> TypeRef {
        match self.plain_type(schema, at, hint) {
            Some(ty) => ty,
            None => {
                self.diags
                    .error(at, "this schema's shape is not supported yet");
                TypeRef::Json
            }
        }
    }

    /// Enums whose values are not all strings or all integers (`enum: [1, "a"]`).
    fn json_enum(&mut self, values: &[serde_json::Value]) -> TypeKind {
        if values.iter().all(|v| v.is_string()) {
            TypeKind::StringEnum(string_variants(values.iter().filter_map(|v| v.as_str())))
        } else if values.iter().all(|v| v.is_i64()) {
            TypeKind::IntEnum(values.iter().filter_map(|v| v.as_i64()).collect())
        } else {
            // Mixed enums have no faithful Rust enum; the value is kept as JSON and the allowed
            // values are documented.
            TypeKind::Alias(TypeRef::Json)
        }
    }

    fn add_properties(
        &mut self,
        schema: &Schema,
        at: &Pointer,
        parent: &str,
        out: &mut Struct,
        scope: &mut naming::Scope,
    ) {
        let Some(shape) = object_shape(schema) else {
            return;
        };
        let (properties_at, required): (Pointer, &[String]) =
            (at.join("properties"), shape.required);
        for name in required {
            if !shape.properties.iter().any(|(p, _)| *p == name) {
                // An upstream defect seen in real specs: a required name without a property.
                // Reported, since silently dropping the requirement would hide a broken contract.
                self.diags.error(
                    &at.join("required"),
                    format!("`{name}` is required but is not a property"),
                );
            }
        }
        for (json_name, property) in shape.properties {
            if out.fields.iter().any(|f| &f.json_name == json_name) {
                continue;
            }
            let property_at = properties_at.join(json_name);
            let hint = format!(
                "{parent}{}",
                naming::type_name(json_name).unwrap_or_default()
            );
            let ty = self.type_of(property.into(), &property_at, &hint);
            let data = self.property_data(property);
            let Some(base) = naming::value_name(json_name) else {
                self.diags.error(
                    &property_at,
                    "cannot derive a field name from this property",
                );
                continue;
            };
            let field_name = scope.claim(base, json_name);
            let is_secret = self.config.secret_properties.iter().any(|s| s == json_name)
                || self.is_password(property);
            out.fields.push(Field {
                name: field_name,
                json_name: json_name.clone(),
                ty,
                required: shape.required.contains(json_name),
                nullable: data.as_ref().is_some_and(|d| d.nullable),
                boxed: false,
                deprecated: data.as_ref().is_some_and(|d| d.deprecated),
                secret: is_secret,
                flatten: false,
                docs: self.property_docs(property),
            });
        }
        if let Some(AdditionalProperties::Schema(value)) = shape.additional {
            let value_at = at.join("additionalProperties");
            let ty = self.type_of(value.as_ref().into(), &value_at, &format!("{parent}Value"));
            out.additional = Some(ty);
        }
    }

    /// Merges the parts of an `allOf` into `out`, in order, following `$ref`s and nested
    /// `allOf`s with an explicit stack: a chain of them through `$ref`s is as deep as the spec
    /// makes it, and must not overflow the stack.
    fn merge_all_of(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        at: &Pointer,
        parent: &str,
        out: &mut Struct,
        scope: &mut naming::Scope,
        seen: &mut BTreeSet<String>,
    ) {
        // Each frame: a list of parts, where it sits, the index of the next part, and the
        // `required` list to apply when all its parts are merged.
        type Frame<'p> = (
            &'p [ReferenceOr<Schema>],
            Pointer,
            usize,
            Option<(&'p [String], Pointer)>,
        );
        let mut stack: Vec<Frame<'_>> = vec![(parts, at.clone(), 0, None)];
        while let Some((parts, at, i, required)) = stack.pop() {
            let Some(part) = parts.get(i) else {
                if let Some((names, names_at)) = required {
                    self.require_merged(names, &names_at, out);
                }
                continue;
            };
            stack.push((parts, at.clone(), i + 1, required));
            let part_at = at.join(i);
            let (schema, schema_at) = match part {
                ReferenceOr::Item(s) => (s, part_at.clone()),
                ReferenceOr::Reference { reference } => {
                    if seen.contains(reference) {
                        self.diags
                            .error(&part_at, format!("`$ref: {reference}` makes `allOf` cycle"));
                        continue;
                    }
                    seen.insert(reference.clone());
                    match self.component_schema(reference) {
                        Ok(found) => found,
                        Err(reason) => {
                            self.diags.error(&part_at, reason);
                            continue;
                        }
                    }
                }
            };
            let nested = match &schema.schema_kind {
                SchemaKind::AllOf { all_of } => Some(all_of),
                SchemaKind::Any(a) if !a.all_of.is_empty() => Some(&a.all_of),
                _ => None,
            };
            if nested.is_some() && stack.len() > super::refs::MAX_REF_DEPTH {
                self.diags.error(
                    &part_at,
                    format!(
                        "`allOf` nested more than {} deep is not supported",
                        super::refs::MAX_REF_DEPTH
                    ),
                );
                continue;
            }
            match &schema.schema_kind {
                SchemaKind::AllOf { all_of } => {
                    stack.push((all_of, schema_at.join("allOf"), 0, None))
                }
                SchemaKind::Any(a) if !a.all_of.is_empty() => {
                    self.add_properties(schema, &schema_at, parent, out, scope);
                    // The `required` list beside this `allOf` applies once its parts are in.
                    let required = (&a.required[..], schema_at.join("required"));
                    stack.push((&a.all_of, schema_at.join("allOf"), 0, Some(required)));
                }
                _ if object_shape(schema).is_some() => {
                    self.add_properties(schema, &schema_at, parent, out, scope)
                }
                // `allOf: [{description: ...}]`-style parts only add documentation.
                SchemaKind::Any(a) if is_unconstrained(a) => {}
                _ if union_variants(schema).is_some() => {
                    let variants = union_variants(schema).unwrap_or_default();
                    self.flatten_union(part, variants, &part_at, i, parent, out, scope, seen)
                }
                _ => self.diags.error(
                    &part_at,
                    "`allOf` parts that are neither objects nor unions are not supported yet",
                ),
            }
        }
    }

    /// A `required` list beside `allOf` names properties its parts declare.
    fn require_merged(&mut self, required: &[String], at: &Pointer, merged: &mut Struct) {
        let has_flattened = merged.fields.iter().any(|f| f.flatten);
        for name in required {
            match merged
                .fields
                .iter_mut()
                .find(|f| !f.flatten && &f.json_name == name)
            {
                Some(field) => field.required = true,
                // The name may be a member of a flattened union's variants, which say
                // themselves whether it is required.
                None if has_flattened => {}
                None => self.diags.error(
                    at,
                    format!("`{name}` is required but no `allOf` part declares it"),
                ),
            }
        }
    }

    /// An `allOf` part that is a union (`oneOf`/`anyOf`): its members are decoded from the same
    /// JSON object as the other parts' properties, so it becomes a flattened field.
    #[allow(clippy::too_many_arguments)]
    fn flatten_union(
        &mut self,
        part: &ReferenceOr<Schema>,
        variants: &[ReferenceOr<Schema>],
        part_at: &Pointer,
        index: usize,
        parent: &str,
        out: &mut Struct,
        scope: &mut naming::Scope,
        seen: &BTreeSet<String>,
    ) {
        // `Circle: allOf: [Shape, {radius}]` with `Shape: oneOf: [Circle, Square]` is how specs
        // say that a schema is one of a union's variants: the union is its parent, not part of
        // its contents. Flattening it would make the type contain itself with no JSON in
        // between, which no decoder can finish; the part adds nothing to the fields. The same
        // holds when the union lists a schema this `allOf` already composes.
        let mut composed: Vec<String> = seen
            .iter()
            .filter_map(|r| self.final_component_type(r))
            .collect();
        composed.push(parent.to_owned());
        let is_parent = variants.iter().any(|v| match v {
            ReferenceOr::Reference { reference } => self
                .final_component_type(reference)
                .is_some_and(|n| composed.contains(&n)),
            ReferenceOr::Item(_) => false,
        });
        if is_parent {
            return;
        }
        let hint = format!("{parent}Part{index}");
        let ty = self.type_of(part.into(), part_at, &hint);
        let label = match &ty {
            TypeRef::Named(n) => n.clone(),
            _ => hint,
        };
        let base = naming::value_name(&label).unwrap_or_else(|| format!("part_{index}"));
        let name = scope.claim(base, &format!("allOf/{index}"));
        out.fields.push(Field {
            name,
            json_name: String::new(),
            ty,
            required: true,
            nullable: false,
            boxed: false,
            deprecated: false,
            secret: false,
            flatten: true,
            docs: Docs {
                facts: vec![format!(
                    "The members of `{label}` (one of its variants), in the same JSON object as the other fields."
                )],
                ..Docs::default()
            },
        });
    }

    /// The Rust type a `$ref` finally names, through alias chains.
    fn final_component_type(&self, reference: &str) -> Option<String> {
        let (_, pointer) = self.component_schema(reference).ok()?;
        let name = pointer.tokens().last()?;
        self.component_names.get(&name).cloned()
    }

    /// The schema a `#/components/schemas/X` reference names, with its pointer, following
    /// alias chains.
    fn component_schema(&self, reference: &str) -> Result<(&'a Schema, Pointer), String> {
        super::refs::follow_reference(self.doc.components.as_ref(), reference)
    }

    fn union(
        &mut self,
        schema: &Schema,
        variants: &[ReferenceOr<Schema>],
        at: &Pointer,
        parent: &str,
    ) -> TypeKind {
        let discriminator = schema.schema_data.discriminator.as_ref();
        // A union of string enums (value sets grouped by topic) is one set of values: every
        // variant would take any string, since enums are open, so an untagged union of them
        // would always decode as its first variant.
        if discriminator.is_none()
            && let Some(values) = self.string_enum_values(variants)
        {
            return TypeKind::StringEnum(string_variants(values.iter().map(String::as_str)));
        }
        let mut names = naming::Scope::default();
        let mut out = Vec::new();
        for (i, variant) in variants.iter().enumerate() {
            let variant_at = at.join(i);
            let spec_name = match variant {
                ReferenceOr::Reference { reference } => {
                    component_name::<Schema>(reference).unwrap_or("").to_owned()
                }
                ReferenceOr::Item(_) => String::new(),
            };
            let hint = format!("{parent}Variant{i}");
            let ty = self.type_of(variant.into(), &variant_at, &hint);
            let base = match &ty {
                TypeRef::Named(n) if !spec_name.is_empty() => n.clone(),
                _ => variant_label(&ty),
            };
            let tag_value = discriminator.map(|d| {
                d.mapping
                    .iter()
                    .find(|(_, target)| {
                        matches!(variant, ReferenceOr::Reference { reference } if reference == *target)
                    })
                    .map(|(value, _)| value.clone())
                    .unwrap_or_else(|| spec_name.clone())
            });
            if discriminator.is_some() && !matches!(ty, TypeRef::Named(_)) {
                self.diags.error(
                    &variant_at,
                    "with a `discriminator`, every `oneOf` variant must be a named object schema",
                );
            }
            out.push(UnionVariant {
                name: names.claim(base, &spec_name),
                tag_value,
                ty,
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

    fn property_data<'s>(
        &'s self,
        property: &'s ReferenceOr<Box<Schema>>,
    ) -> Option<&'s SchemaData> {
        match property {
            ReferenceOr::Item(s) => Some(&s.schema_data),
            ReferenceOr::Reference { .. } => None,
        }
    }

    fn is_password(&self, property: &ReferenceOr<Box<Schema>>) -> bool {
        matches!(
            property,
            ReferenceOr::Item(s) if matches!(
                &s.schema_kind,
                SchemaKind::Type(Type::String(t))
                    if t.format == VariantOrUnknownOrEmpty::Item(StringFormat::Password)
            )
        )
    }

    fn property_docs(&self, property: &ReferenceOr<Box<Schema>>) -> Docs {
        match property {
            ReferenceOr::Item(s) => schema_docs(s),
            ReferenceOr::Reference { reference } => Docs {
                facts: vec![format!(
                    "See [`{}`].",
                    component_name::<Schema>(reference)
                        .ok()
                        .and_then(|n| self.component_names.get(n).cloned())
                        .unwrap_or_default()
                )],
                ..Docs::default()
            },
        }
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
        TypeRef::Named(n) => n.clone(),
    }
}

pub(super) fn string_variants<'s>(values: impl Iterator<Item = &'s str>) -> Vec<EnumVariant> {
    let mut scope = naming::Scope::default();
    scope.reserve("Unknown");
    values
        .enumerate()
        .map(|(i, value)| EnumVariant {
            name: scope.claim(naming::variant_name(value, i), value),
            value: value.to_owned(),
        })
        .collect()
}

/// The variants of a `oneOf`/`anyOf` schema, however openapiv3 parsed it.
fn union_variants(schema: &Schema) -> Option<&[ReferenceOr<Schema>]> {
    match &schema.schema_kind {
        SchemaKind::OneOf { one_of: v } | SchemaKind::AnyOf { any_of: v } => Some(v),
        SchemaKind::Any(a) if !a.one_of.is_empty() => Some(&a.one_of),
        SchemaKind::Any(a) if !a.any_of.is_empty() => Some(&a.any_of),
        _ => None,
    }
}

fn is_unconstrained(a: &openapiv3::AnySchema) -> bool {
    a.typ.is_none()
        && a.properties.is_empty()
        && a.items.is_none()
        && a.enumeration.is_empty()
        && a.one_of.is_empty()
        && a.all_of.is_empty()
        && a.any_of.is_empty()
        && a.not.is_none()
}

/// The documentation of a schema: its title and description, plus the constraints and flags
/// a reader of the Rust type cannot otherwise see.
pub fn schema_docs(schema: &Schema) -> Docs {
    let data = &schema.schema_data;
    let mut facts = Vec::new();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            if let VariantOrUnknownOrEmpty::Unknown(f) = &s.format {
                facts.push(format!("Format: `{f}`."));
            }
            if let Some(p) = &s.pattern {
                facts.push(format!("Pattern: `{p}`."));
            }
            if let Some(n) = s.min_length {
                facts.push(format!("Minimum length: {n}."));
            }
            if let Some(n) = s.max_length {
                facts.push(format!("Maximum length: {n}."));
            }
        }
        SchemaKind::Type(Type::Integer(i)) => {
            if let Some(n) = i.minimum {
                let word = if i.exclusive_minimum {
                    "Exclusive minimum"
                } else {
                    "Minimum"
                };
                facts.push(format!("{word}: {n}."));
            }
            if let Some(n) = i.maximum {
                let word = if i.exclusive_maximum {
                    "Exclusive maximum"
                } else {
                    "Maximum"
                };
                facts.push(format!("{word}: {n}."));
            }
        }
        SchemaKind::Type(Type::Number(n)) => {
            if let Some(v) = n.minimum {
                facts.push(format!("Minimum: {v}."));
            }
            if let Some(v) = n.maximum {
                facts.push(format!("Maximum: {v}."));
            }
        }
        SchemaKind::Any(a) if !a.enumeration.is_empty() => {
            let values: Vec<String> = a.enumeration.iter().map(|v| format!("`{v}`")).collect();
            facts.push(format!("Allowed values: {}.", values.join(", ")));
        }
        SchemaKind::Type(Type::Array(a)) => {
            if let Some(n) = a.min_items {
                facts.push(format!("At least {n} items."));
            }
            if let Some(n) = a.max_items {
                facts.push(format!("At most {n} items."));
            }
        }
        _ => {}
    }
    if let Some(default) = &data.default {
        facts.push(format!("Default: `{default}`."));
    }
    if data.read_only {
        facts.push("Read-only: set by the server, ignored in requests.".into());
    }
    if data.write_only {
        facts.push("Write-only: sent in requests, never returned by the server.".into());
    }
    Docs {
        title: data.title.clone(),
        description: data.description.clone(),
        facts,
    }
}
