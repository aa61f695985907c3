//! Schemas -> types. Component schemas become named types; inline schemas that need a name
//! (objects, enums, unions) are named after their parent and property.

use std::collections::BTreeSet;

use openapiv3::{
    AdditionalProperties, IntegerFormat, ReferenceOr, Schema, SchemaData, SchemaKind, StringFormat,
    Type, VariantOrUnknownOrEmpty,
};

use super::Resolver;
use super::refs::component_name;
use super::shapes::{
    is_null_only, is_nullable, is_unconstrained, is_unconstrained_but_not, no_values, object_shape,
    single_part, union_variants,
};
use crate::model::{
    Docs, EnumVariant, Fact, Field, PatternRule, Struct, TypeDef, TypeKind, TypeRef,
};
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
        if let Some(known) = self.inline_types.get(at) {
            return known.clone();
        }
        let schema = &*super::normalize::normalize(schema);
        if let Some((part, part_at)) = single_part(schema, at) {
            // `allOf: [$ref: X]` beside a description, or `oneOf: [X, null]`: the type is X.
            return self.type_of(part.into(), &part_at, hint);
        }
        if let Some(scalar) = self.plain_type(schema, at, hint) {
            return scalar;
        }
        let Some(base) = naming::type_name(hint) else {
            self.diags
                .error(at, format!("cannot derive a type name from `{hint}`"));
            return TypeRef::Json;
        };
        let name = self.type_scope.claim(base, hint);
        // Claimed before its definition, which may reach this schema again (recursion).
        self.inline_types
            .insert(at.clone(), TypeRef::Named(name.clone()));
        self.made_type(&name);
        let kind = self.kind_of(schema, at, &name, false);
        let mixed_enum =
            matches!(&schema.schema_kind, SchemaKind::Any(a) if !a.enumeration.is_empty());
        if let TypeKind::Alias(target) = &kind
            && !mixed_enum
        {
            // Nothing to name after all (a schema kept as JSON): the use takes the type itself.
            // (A mixed enum keeps its name, which documents its values.)
            self.type_scope.release(&name);
            self.inline_types.insert(at.clone(), target.clone());
            return target.clone();
        }
        let def = self.type_def(name.clone(), hint, at.clone(), schema, kind);
        self.types.insert(name.clone(), def);
        TypeRef::Named(name)
    }

    /// The type of an array's items, a map's values or a union's variant: `Nullable` when the
    /// schema says `nullable` (or is a union with `null`).
    pub(super) fn element_type(
        &mut self,
        schema: SchemaRef<'_>,
        at: &Pointer,
        hint: &str,
    ) -> TypeRef {
        let ty = self.type_of(schema, at, hint);
        match schema {
            SchemaRef::Inline(s)
                if is_nullable(s) && !matches!(ty, TypeRef::Null | TypeRef::Json) =>
            {
                TypeRef::Nullable(Box::new(ty))
            }
            _ => ty,
        }
    }

    /// Types that need no definition of their own: scalars, arrays, maps, free-form objects.
    fn plain_type(&mut self, schema: &Schema, at: &Pointer, hint: &str) -> Option<TypeRef> {
        let ty = match &schema.schema_kind {
            _ if is_null_only(schema) => TypeRef::Null,
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            // Number enums have no faithful Rust enum (floats are not `Eq`); the allowed values
            // are in the docs.
            SchemaKind::Type(Type::Number(_)) => TypeRef::F64,
            SchemaKind::Type(Type::Integer(i)) if no_values(&i.enumeration) => match i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::String(s)) if no_values(&s.enumeration) => match &s.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary) if self.binary_is_file => {
                    TypeRef::File
                }
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
                VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => TypeRef::Uuid,
                _ => TypeRef::String,
            },
            SchemaKind::Type(Type::Array(a)) => {
                let items = match &a.items {
                    Some(items) => {
                        let item_hint = format!("{hint}Item");
                        self.element_type(items.into(), &at.join("items"), &item_hint)
                    }
                    None => TypeRef::Json,
                };
                TypeRef::Array(Box::new(items))
            }
            SchemaKind::Any(a) if a.typ.as_deref() == Some("array") || a.items.is_some() => {
                let items = match &a.items {
                    Some(items) => {
                        self.element_type(items.into(), &at.join("items"), &format!("{hint}Item"))
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
                        TypeRef::Map(Box::new(self.element_type(
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
                    SchemaKind::Any(a) if a.typ.as_deref() == Some("string") => TypeRef::String,
                    SchemaKind::Any(a) if a.typ.as_deref() == Some("number") => TypeRef::F64,
                    SchemaKind::Any(a) if a.typ.as_deref() == Some("integer") => TypeRef::I64,
                    SchemaKind::Any(a) if a.typ.as_deref() == Some("boolean") => TypeRef::Bool,
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
        if is_component && let Some((part, part_at)) = single_part(schema, at) {
            return match part {
                // `X: allOf: [$ref: Y]` documents Y under another name: an alias.
                ReferenceOr::Reference { reference } => {
                    TypeKind::Alias(self.type_of(SchemaRef::Ref(reference), &part_at, name))
                }
                ReferenceOr::Item(part) => {
                    let part = &*super::normalize::normalize(part);
                    self.kind_of(part, &part_at, name, true)
                }
            };
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !no_values(&s.enumeration) => {
                TypeKind::StringEnum(string_variants(
                    s.enumeration.iter().flatten().map(String::as_str),
                ))
            }
            SchemaKind::Type(Type::Integer(i)) if !no_values(&i.enumeration) => {
                TypeKind::IntEnum(i.enumeration.iter().flatten().copied().collect())
            }
            SchemaKind::OneOf { one_of } => self.union(schema, one_of, &at.join("oneOf"), name),
            SchemaKind::AnyOf { any_of } => self.union(schema, any_of, &at.join("anyOf"), name),
            SchemaKind::AllOf { all_of } => self.all_of(schema, all_of, &[], at, name),
            SchemaKind::Not { .. } => {
                self.kept_as_json(at, "`not` schemas are not supported");
                TypeKind::Alias(TypeRef::Json)
            }
            SchemaKind::Any(a) if !a.enumeration.is_empty() => self.json_enum(&a.enumeration),
            SchemaKind::Any(a) if a.not.is_some() && is_unconstrained_but_not(a) => {
                self.kept_as_json(at, "`not` schemas are not supported");
                TypeKind::Alias(TypeRef::Json)
            }
            SchemaKind::Any(a) if !a.one_of.is_empty() => {
                self.union(schema, &a.one_of, &at.join("oneOf"), name)
            }
            SchemaKind::Any(a) if !a.any_of.is_empty() => {
                self.union(schema, &a.any_of, &at.join("anyOf"), name)
            }
            SchemaKind::Any(a) if !a.all_of.is_empty() => {
                self.all_of(schema, &a.all_of, &a.required, at, name)
            }
            _ => match object_shape(schema) {
                Some(_) => {
                    let mut s = Struct {
                        fields: Vec::new(),
                        additional: None,
                    };
                    let mut scope = naming::Scope::default();
                    let undeclared = self.add_properties(schema, at, name, &mut s, &mut scope);
                    self.ignore_undeclared(undeclared);
                    TypeKind::Struct(s)
                }
                None if is_component => {
                    let target = self.inline_type_no_define(schema, at, name);
                    TypeKind::Alias(target)
                }
                None => {
                    self.kept_as_json(at, "this schema's shape is not supported");
                    TypeKind::Alias(TypeRef::Json)
                }
            },
        }
    }

    fn inline_type_no_define(&mut self, schema: &Schema, at: &Pointer, hint: &str) -> TypeRef {
        match self.plain_type(schema, at, hint) {
            Some(ty) => ty,
            None => {
                self.kept_as_json(at, "this schema's shape is not supported");
                TypeRef::Json
            }
        }
    }

    /// Enums whose values are not all strings or all integers (`enum: [1, "a"]`).
    fn json_enum(&mut self, values: &[serde_json::Value]) -> TypeKind {
        // `null` among the values says the value is nullable, which its users say themselves.
        let values: Vec<serde_json::Value> =
            values.iter().filter(|v| !v.is_null()).cloned().collect();
        if values.is_empty() {
            return TypeKind::Alias(TypeRef::Null);
        }
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

    /// Adds the properties of an object schema to `out`; returns the names its `required`
    /// lists that `out` has no field for (with where the list is).
    fn add_properties(
        &mut self,
        schema: &Schema,
        at: &Pointer,
        parent: &str,
        out: &mut Struct,
        scope: &mut naming::Scope,
    ) -> Vec<(Pointer, String)> {
        let Some(shape) = object_shape(schema) else {
            return Vec::new();
        };
        let properties_at = at.join("properties");
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
            let nullable = match property {
                ReferenceOr::Item(s) => is_nullable(s),
                ReferenceOr::Reference { .. } => false,
            };
            out.fields.push(Field {
                name: field_name,
                json_name: json_name.clone(),
                ty,
                required: shape.required.contains(json_name),
                nullable: nullable || data.as_ref().is_some_and(|d| d.nullable),
                boxed: false,
                deprecated: data.as_ref().is_some_and(|d| d.deprecated),
                secret: is_secret,
                flatten: false,
                docs: self.property_docs(property),
            });
        }
        if let Some(AdditionalProperties::Schema(value)) = shape.additional {
            let value_at = at.join("additionalProperties");
            let ty = self.element_type(value.as_ref().into(), &value_at, &format!("{parent}Value"));
            out.additional = Some(ty);
        }
        // A name in `required` that is not a property: JSON Schema allows it (it constrains
        // members the schema does not describe), and real specs write it by mistake. In an
        // `allOf`, another part may declare it, so that is checked once all are merged.
        let mut undeclared = Vec::new();
        for name in shape.required {
            // A property an earlier `allOf` part declared is required by this part too.
            match out
                .fields
                .iter_mut()
                .find(|f| !f.flatten && &f.json_name == name)
            {
                Some(field) => field.required = true,
                None => undeclared.push((at.join("required"), name.clone())),
            }
        }
        undeclared
    }

    /// Warns of the `required` names that no property declares; the requirement is ignored.
    fn ignore_undeclared(&mut self, undeclared: Vec<(Pointer, String)>) {
        for (at, name) in undeclared {
            self.diags.warning(
                &at,
                format!(
                    "`{name}` is required but no property declares it; the requirement is ignored"
                ),
            );
        }
    }

    /// An `allOf` schema: its own properties and those of its parts, merged into one struct.
    /// `required` (beside the `allOf`) may name properties of any part.
    fn all_of(
        &mut self,
        schema: &Schema,
        parts: &[ReferenceOr<Schema>],
        required: &[String],
        at: &Pointer,
        name: &str,
    ) -> TypeKind {
        let mut merged = Struct {
            fields: Vec::new(),
            additional: None,
        };
        let mut scope = naming::Scope::default();
        let mut seen = BTreeSet::new();
        let mut undeclared = self.add_properties(schema, at, name, &mut merged, &mut scope);
        let merge = self.merge_all_of(
            parts,
            &at.join("allOf"),
            name,
            &mut merged,
            &mut scope,
            &mut seen,
            &mut undeclared,
        );
        if let Err(part_at) = merge {
            self.kept_as_json(
                &part_at,
                "`allOf` parts that are neither objects nor unions are not supported",
            );
            return TypeKind::Alias(TypeRef::Json);
        }
        undeclared.extend(required.iter().map(|n| (at.join("required"), n.clone())));
        self.require_merged(undeclared, &mut merged);
        TypeKind::Struct(merged)
    }

    /// Merges the parts of an `allOf` into `out`, in order, following `$ref`s and nested
    /// `allOf`s with an explicit stack: a chain of them through `$ref`s is as deep as the spec
    /// makes it, and must not overflow the stack. The `required` names a part's properties do
    /// not declare are added to `undeclared`. Fails with the pointer of a part that cannot be
    /// merged (a string, an array).
    #[allow(clippy::too_many_arguments)]
    fn merge_all_of(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        at: &Pointer,
        parent: &str,
        out: &mut Struct,
        scope: &mut naming::Scope,
        seen: &mut BTreeSet<String>,
        undeclared: &mut Vec<(Pointer, String)>,
    ) -> Result<(), Pointer> {
        // Each frame: a list of parts, where it sits, and the index of the next part.
        let mut stack: Vec<(&[ReferenceOr<Schema>], Pointer, usize)> = vec![(parts, at.clone(), 0)];
        while let Some((parts, at, i)) = stack.pop() {
            let Some(part) = parts.get(i) else {
                continue;
            };
            stack.push((parts, at.clone(), i + 1));
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
                SchemaKind::AllOf { all_of } => stack.push((all_of, schema_at.join("allOf"), 0)),
                SchemaKind::Any(a) if !a.all_of.is_empty() => {
                    undeclared.extend(self.add_properties(schema, &schema_at, parent, out, scope));
                    // The `required` list beside this `allOf` applies once every part is in.
                    let required_at = schema_at.join("required");
                    undeclared.extend(a.required.iter().map(|n| (required_at.clone(), n.clone())));
                    stack.push((&a.all_of, schema_at.join("allOf"), 0));
                }
                _ if object_shape(schema).is_some() => {
                    undeclared.extend(self.add_properties(schema, &schema_at, parent, out, scope))
                }
                // `allOf: [{description: ...}]`-style parts only add documentation.
                SchemaKind::Any(a) if is_unconstrained(a) => {
                    let required_at = schema_at.join("required");
                    undeclared.extend(a.required.iter().map(|n| (required_at.clone(), n.clone())));
                }
                _ if union_variants(schema).is_some() => {
                    let variants = union_variants(schema).unwrap_or_default();
                    self.flatten_union(part, variants, &part_at, i, parent, out, scope, seen)
                }
                _ => return Err(part_at),
            }
        }
        Ok(())
    }

    /// Applies `required` names gathered over the parts of an `allOf`, once all are merged.
    fn require_merged(&mut self, required: Vec<(Pointer, String)>, merged: &mut Struct) {
        let has_flattened = merged.fields.iter().any(|f| f.flatten);
        let mut undeclared = Vec::new();
        for (at, name) in required {
            match merged
                .fields
                .iter_mut()
                .find(|f| !f.flatten && f.json_name == name)
            {
                Some(field) => field.required = true,
                // The name may be a member of a flattened union's variants, which say
                // themselves whether it is required.
                None if has_flattened => {}
                None => undeclared.push((at, name)),
            }
        }
        self.ignore_undeclared(undeclared);
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
                facts: vec![Fact::Flattened(label.clone())],
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
    pub(super) fn component_schema(
        &self,
        reference: &str,
    ) -> Result<(&'a Schema, Pointer), String> {
        super::refs::follow_reference(self.doc.components.as_ref(), reference)
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
                facts: component_name::<Schema>(reference)
                    .ok()
                    .and_then(|n| self.component_names.get(n).cloned())
                    .map(Fact::SeeType)
                    .into_iter()
                    .collect(),
                ..Docs::default()
            },
        }
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

/// A pattern as the spec writes it and as it is meant: the same, unless a named fixup
/// (`crate::fixups`) repairs it.
pub(super) fn pattern_rule(source: &str) -> PatternRule {
    PatternRule {
        source: source.to_owned(),
        effective: crate::fixups::doubled_backslashes(source).unwrap_or_else(|| source.to_owned()),
        url_text: crate::model::UrlText::Any,
    }
}

/// The documentation of a schema: its title and description, plus the constraints and flags
/// a reader of the Rust type cannot otherwise see.
pub fn schema_docs(schema: &Schema) -> Docs {
    let data = &schema.schema_data;
    let mut facts = Vec::new();
    let bound = |value: String, exclusive: bool| (value, exclusive);
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            if let VariantOrUnknownOrEmpty::Unknown(f) = &s.format {
                facts.push(Fact::Format(f.clone()));
            }
            if let Some(p) = &s.pattern {
                facts.push(Fact::Pattern(pattern_rule(p)));
            }
            facts.extend(s.min_length.map(Fact::MinLength));
            facts.extend(s.max_length.map(Fact::MaxLength));
        }
        SchemaKind::Type(Type::Integer(i)) => {
            if let Some(n) = i.minimum {
                let (value, exclusive) = bound(n.to_string(), i.exclusive_minimum);
                facts.push(Fact::Minimum { value, exclusive });
            }
            if let Some(n) = i.maximum {
                let (value, exclusive) = bound(n.to_string(), i.exclusive_maximum);
                facts.push(Fact::Maximum { value, exclusive });
            }
        }
        SchemaKind::Type(Type::Number(n)) => {
            // No Rust enum holds floats faithfully: the values are documented instead.
            if n.enumeration.iter().any(Option::is_some) {
                let values = n.enumeration.iter().flatten().map(f64::to_string);
                facts.push(Fact::AllowedValues(values.collect()));
            }
            if let Some(v) = n.minimum {
                let (value, exclusive) = bound(v.to_string(), n.exclusive_minimum);
                facts.push(Fact::Minimum { value, exclusive });
            }
            if let Some(v) = n.maximum {
                let (value, exclusive) = bound(v.to_string(), n.exclusive_maximum);
                facts.push(Fact::Maximum { value, exclusive });
            }
        }
        SchemaKind::Any(a) if !a.enumeration.is_empty() => {
            let values = a.enumeration.iter().map(ToString::to_string);
            facts.push(Fact::AllowedValues(values.collect()));
        }
        SchemaKind::Type(Type::Array(a)) => {
            facts.extend(a.min_items.map(Fact::MinItems));
            facts.extend(a.max_items.map(Fact::MaxItems));
        }
        _ => {}
    }
    if let Some(default) = &data.default {
        facts.push(Fact::Default(default.to_string()));
    }
    if data.read_only {
        facts.push(Fact::ReadOnly);
    }
    if data.write_only {
        facts.push(Fact::WriteOnly);
    }
    Docs {
        title: data.title.clone(),
        description: data.description.clone(),
        facts,
    }
}
