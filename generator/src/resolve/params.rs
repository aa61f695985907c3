//! Parameter schemas -> the Rust type a parameter is held in. Constrained parameters become
//! validated newtypes (`params` module); enums become model enums.

use openapiv3::{IntegerFormat, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};

use super::Resolver;
use super::schema::{SchemaRef, schema_docs};
use crate::model::{Docs, ParamRules, ParamTy, ParamType, PatternRule, TypeDef, TypeKind};
use crate::naming;
use crate::pointer::Pointer;
use crate::{fixups, pattern};

impl<'a> Resolver<'a> {
    /// The type of parameter `spec_name` of operation `operation_type`, whose schema is at `at`.
    pub(super) fn param_type(
        &mut self,
        spec_name: &str,
        operation_type: &str,
        schema: SchemaRef<'_>,
        at: &Pointer,
        docs: &Docs,
    ) -> ParamTy {
        let (schema, schema_at) = match schema {
            SchemaRef::Inline(s) => (s, at.clone()),
            SchemaRef::Ref(reference) => {
                match super::refs::follow_reference::<Schema>(
                    self.doc.components.as_ref(),
                    reference,
                ) {
                    Ok(found) => found,
                    Err(reason) => {
                        self.diags.error(at, reason);
                        return ParamTy::String;
                    }
                }
            }
        };
        let schema = &*super::normalize::normalize(schema);
        match &schema.schema_kind {
            SchemaKind::Type(Type::Boolean(_)) => ParamTy::Bool,
            SchemaKind::Type(Type::Number(_)) => ParamTy::Number,
            SchemaKind::Type(Type::Integer(i)) if !i.enumeration.is_empty() => {
                self.diags
                    .error(&schema_at, "integer enum parameters are not supported yet");
                ParamTy::Integer
            }
            SchemaKind::Type(Type::Integer(i)) => {
                if i.minimum.is_none() && i.maximum.is_none() {
                    return ParamTy::Integer;
                }
                if i.exclusive_minimum || i.exclusive_maximum {
                    self.diags.error(
                        &schema_at,
                        "exclusive parameter bounds are not supported yet",
                    );
                }
                let default = schema.schema_data.default.as_ref().and_then(|d| d.as_i64());
                let rules = ParamRules::Integer {
                    wide: i.format != VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32),
                    minimum: i.minimum,
                    maximum: i.maximum,
                    default,
                };
                self.validated(spec_name, operation_type, rules, schema, &schema_at, docs)
            }
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                let values: Vec<&str> =
                    s.enumeration.iter().flatten().map(String::as_str).collect();
                let name = self.param_enum(spec_name, &values, schema, &schema_at);
                ParamTy::Enum(name)
            }
            SchemaKind::Type(Type::String(s)) => {
                if s.pattern.is_none() && s.min_length.is_none() && s.max_length.is_none() {
                    return ParamTy::String;
                }
                let pattern = s.pattern.as_ref().map(|source| PatternRule {
                    source: source.clone(),
                    effective: fixups::doubled_backslashes(source)
                        .unwrap_or_else(|| source.clone()),
                });
                if let Some(rule) = &pattern
                    && let Some(e) = self
                        .pattern_errors
                        .entry(rule.effective.clone())
                        .or_insert_with(|| {
                            pattern::compile(&rule.effective)
                                .err()
                                .map(|e| e.to_string())
                        })
                        .clone()
                {
                    self.diags.error(
                        &schema_at.join("pattern"),
                        format!("pattern `{}` cannot be compiled: {e}", rule.source),
                    );
                }
                let rules = ParamRules::String {
                    pattern,
                    min_length: s.min_length,
                    max_length: s.max_length,
                };
                self.validated(spec_name, operation_type, rules, schema, &schema_at, docs)
            }
            // A `oneOf` of string enums (a grouping of value sets) is one enum of all their
            // values as far as a request is concerned.
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts }
                if !parts.is_empty() =>
            {
                self.enum_of_parts(spec_name, parts, schema, &schema_at)
            }
            SchemaKind::Any(any) if !any.one_of.is_empty() || !any.any_of.is_empty() => {
                let parts = if any.one_of.is_empty() {
                    &any.any_of
                } else {
                    &any.one_of
                };
                self.enum_of_parts(spec_name, parts, schema, &schema_at)
            }
            SchemaKind::Type(Type::Array(a)) => {
                let Some(items) = &a.items else {
                    self.diags
                        .error(&schema_at, "array parameters need `items`");
                    return ParamTy::String;
                };
                let items_at = schema_at.join("items");
                let item =
                    self.param_type(spec_name, operation_type, items.into(), &items_at, docs);
                if matches!(item, ParamTy::List { .. } | ParamTy::Body(_)) {
                    self.diags.error(
                        &items_at,
                        "arrays of arrays are not supported as parameters",
                    );
                }
                // `explode` is set by the caller, which knows the parameter's style.
                ParamTy::List {
                    item: Box::new(item),
                    explode: true,
                }
            }
            _ => {
                self.diags.error(
                    &schema_at,
                    "only boolean, integer, number, string and array parameters are supported yet",
                );
                ParamTy::String
            }
        }
    }

    /// The newtype for a constrained parameter. Operations that declare the same parameter with
    /// the same rules share one type; a parameter declared with other rules than the first
    /// declaration gets its operation's name in front (`ListThingsLabel`), a rule that follows
    /// spec order and so never renames an existing type when an operation is added after it.
    fn validated(
        &mut self,
        spec_name: &str,
        operation_type: &str,
        rules: ParamRules,
        schema: &Schema,
        at: &Pointer,
        docs: &Docs,
    ) -> ParamTy {
        let Some(base) = naming::type_name(spec_name) else {
            self.diags
                .error(at, format!("cannot derive a type name from `{spec_name}`"));
            return ParamTy::String;
        };
        let candidates = [base.clone(), format!("{operation_type}{base}")];
        for name in &candidates {
            match self.params.get(name) {
                Some(existing) if existing.spec_name == spec_name && existing.rules == rules => {
                    return ParamTy::Validated(name.clone());
                }
                Some(_) => continue,
                None => return self.new_param(name.clone(), spec_name, rules, schema, at, docs),
            }
        }
        // Both names are taken by other rules: the scope numbers this one.
        self.new_param(candidates[1].clone(), spec_name, rules, schema, at, docs)
    }

    fn new_param(
        &mut self,
        name: String,
        spec_name: &str,
        rules: ParamRules,
        schema: &Schema,
        at: &Pointer,
        docs: &Docs,
    ) -> ParamTy {
        let name = self.param_scope.claim(name, spec_name);
        let mut docs = docs.clone();
        if docs.description.is_none() {
            docs.description = schema_docs(schema).description;
        }
        let param = ParamType {
            name: name.clone(),
            spec_name: spec_name.to_owned(),
            pointer: at.clone(),
            docs,
            rules,
        };
        self.params.insert(name.clone(), param);
        ParamTy::Validated(name)
    }

    /// A string enum parameter becomes a model enum named after the parameter.
    fn param_enum(
        &mut self,
        spec_name: &str,
        values: &[&str],
        schema: &Schema,
        at: &Pointer,
    ) -> String {
        let base = naming::type_name(spec_name).unwrap_or_else(|| "Parameter".into());
        if let Some(existing) = self
            .types
            .values()
            .find(|t| t.pointer == *at && matches!(t.kind, TypeKind::StringEnum(_)))
        {
            return existing.name.clone();
        }
        let name = self.type_scope.claim(base, spec_name);
        let variants = super::schema::string_variants(values.iter().copied());
        self.types.insert(
            name.clone(),
            TypeDef {
                name: name.clone(),
                spec_name: spec_name.to_owned(),
                pointer: at.clone(),
                docs: schema_docs(schema),
                deprecated: schema.schema_data.deprecated,
                kind: TypeKind::StringEnum(variants),
            },
        );
        name
    }

    /// Every value of `parts` when each part is a string enum (following `$ref`s), in order,
    /// without repeats.
    pub(super) fn string_enum_values(&self, parts: &[ReferenceOr<Schema>]) -> Option<Vec<String>> {
        let mut values: Vec<String> = Vec::new();
        for part in parts {
            let schema = match part {
                ReferenceOr::Item(s) => s,
                ReferenceOr::Reference { reference } => {
                    super::refs::follow_reference::<Schema>(self.doc.components.as_ref(), reference)
                        .ok()?
                        .0
                }
            };
            let SchemaKind::Type(Type::String(s)) = &schema.schema_kind else {
                return None;
            };
            if s.enumeration.is_empty() {
                return None;
            }
            for value in s.enumeration.iter().flatten() {
                if !values.contains(value) {
                    values.push(value.clone());
                }
            }
        }
        Some(values)
    }

    /// The enum type of a parameter whose schema is a union of string enums.
    fn enum_of_parts(
        &mut self,
        spec_name: &str,
        parts: &[ReferenceOr<Schema>],
        schema: &Schema,
        schema_at: &Pointer,
    ) -> ParamTy {
        match self.string_enum_values(parts) {
            Some(values) => {
                let values: Vec<&str> = values.iter().map(String::as_str).collect();
                ParamTy::Enum(self.param_enum(spec_name, &values, schema, schema_at))
            }
            None => {
                let reason = "`oneOf`/`anyOf` parameters must be unions of string enums";
                self.diags.error(schema_at, reason);
                ParamTy::String
            }
        }
    }
}
