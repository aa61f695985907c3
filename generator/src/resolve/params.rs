//! Parameter schemas -> the Rust type a parameter is held in. Constrained parameters become
//! validated newtypes (`params` module); enums become model enums.

use openapiv3::{IntegerFormat, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};

use super::Resolver;
use super::schema::{SchemaRef, pattern_rule, schema_docs};
use crate::model::{
    Docs, Fact, ParamRules, ParamTy, ParamType, ParamVariant, TypeDef, TypeKind, UrlText,
};
use crate::naming;
use crate::pattern;
use crate::pointer::Pointer;

impl<'a> Resolver<'a> {
    /// The type of parameter `spec_name` of operation `operation_type`, whose schema is at `at`.
    /// What the generator cannot send makes the operation skipped.
    pub(super) fn param_type(
        &mut self,
        spec_name: &str,
        operation_type: &str,
        schema: SchemaRef<'_>,
        at: &Pointer,
        docs: &Docs,
    ) -> ParamTy {
        let base = naming::type_name(spec_name).unwrap_or_else(|| "Parameter".into());
        self.param_type_named(spec_name, &base, operation_type, schema, at, docs)
    }

    /// [`Self::param_type`], naming what it makes (newtypes, enums) after `base`.
    fn param_type_named(
        &mut self,
        spec_name: &str,
        base: &str,
        operation_type: &str,
        schema: SchemaRef<'_>,
        at: &Pointer,
        docs: &Docs,
    ) -> ParamTy {
        // `$ref`s and wrappers (`allOf: [$ref]`) are followed in a loop, not by recursion: a
        // chain of them is as long as the spec makes it.
        let mut current = schema;
        let mut current_at = at.clone();
        let mut hops = 0;
        let (schema, schema_at) = loop {
            let (found, found_at) = match current {
                SchemaRef::Inline(s) => (s, current_at.clone()),
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
            let Some((part, part_at)) = super::shapes::single_part(found, &found_at) else {
                break (found, found_at);
            };
            hops += 1;
            if hops > super::refs::MAX_REF_DEPTH {
                self.unsupported_in_operation(
                    at,
                    format!(
                        "the parameter's schema wraps references more than {} deep",
                        super::refs::MAX_REF_DEPTH
                    ),
                );
                return ParamTy::String;
            }
            current = part.into();
            current_at = part_at;
        };
        let schema = &*super::normalize::normalize(schema);
        if let Some(parts) = super::shapes::union_variants(schema).filter(|p| !p.is_empty()) {
            return self.union_param(
                spec_name,
                base,
                operation_type,
                parts,
                schema,
                at,
                &schema_at,
                docs,
            );
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Boolean(_)) => ParamTy::Bool,
            SchemaKind::Type(Type::Number(_)) => ParamTy::Number,
            // Integer enums are open like every enum: any integer is sent (the docs list the
            // known values).
            SchemaKind::Type(Type::Integer(i)) if !i.enumeration.is_empty() => ParamTy::Integer,
            SchemaKind::Type(Type::Integer(i)) => {
                // An exclusive bound on an integer is the next integer in.
                let minimum = i.minimum.map(|n| n + i64::from(i.exclusive_minimum));
                let maximum = i.maximum.map(|n| n - i64::from(i.exclusive_maximum));
                if minimum.is_none() && maximum.is_none() {
                    return ParamTy::Integer;
                }
                let default = schema.schema_data.default.as_ref().and_then(|d| d.as_i64());
                let rules = ParamRules::Integer {
                    wide: i.format != VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32),
                    minimum,
                    maximum,
                    default,
                };
                self.validated(
                    spec_name,
                    base,
                    operation_type,
                    rules,
                    schema,
                    &schema_at,
                    docs,
                )
            }
            SchemaKind::Type(Type::String(s)) if s.enumeration.iter().any(Option::is_some) => {
                let values: Vec<&str> =
                    s.enumeration.iter().flatten().map(String::as_str).collect();
                let name = self.param_enum(spec_name, base, &values, schema, &schema_at);
                ParamTy::Enum(name)
            }
            SchemaKind::Type(Type::String(s)) => {
                let pattern = s.pattern.as_ref().and_then(|source| {
                    let mut rule = pattern_rule(source);
                    match self.compile_pattern(&rule.effective) {
                        Ok(url_text) => {
                            rule.url_text = url_text;
                            Some(rule)
                        }
                        Err(e) => {
                            self.diags.warning(
                                &schema_at.join("pattern"),
                                format!(
                                    "pattern `{source}` cannot be compiled: {e}; values are not checked against it"
                                ),
                            );
                            None
                        }
                    }
                });
                if pattern.is_none() && s.min_length.is_none() && s.max_length.is_none() {
                    return ParamTy::String;
                }
                let rules = ParamRules::String {
                    pattern,
                    min_length: s.min_length,
                    max_length: s.max_length,
                };
                self.validated(
                    spec_name,
                    base,
                    operation_type,
                    rules,
                    schema,
                    &schema_at,
                    docs,
                )
            }
            SchemaKind::Type(Type::Array(a)) => {
                let Some(items) = &a.items else {
                    self.unsupported_in_operation(at, "array parameters need `items`");
                    return ParamTy::String;
                };
                let items_at = schema_at.join("items");
                let item = self.param_type_named(
                    spec_name,
                    base,
                    operation_type,
                    items.into(),
                    &items_at,
                    docs,
                );
                if matches!(
                    item,
                    ParamTy::List { .. } | ParamTy::Body(_) | ParamTy::Object { .. }
                ) {
                    self.unsupported_in_operation(
                        at,
                        "arrays of arrays or objects are not supported as parameters",
                    );
                }
                // `explode` is set by the caller, which knows the parameter's style.
                ParamTy::List {
                    item: Box::new(item),
                    explode: true,
                }
            }
            _ if super::shapes::is_object_schema(schema) => {
                let hint = format!("{operation_type}{base}");
                let ty = self.type_of(SchemaRef::Inline(schema), &schema_at, &hint);
                // The caller sets the style, which only it knows.
                ParamTy::Object {
                    ty,
                    deep_object: false,
                }
            }
            _ => {
                self.unsupported_in_operation(
                    at,
                    "only boolean, integer, number, string, array, object and union parameters are supported",
                );
                ParamTy::String
            }
        }
    }

    /// What the values of a pattern are as URL text, or why it cannot be compiled; each
    /// distinct pattern is compiled once.
    fn compile_pattern(&mut self, pattern: &str) -> Result<UrlText, String> {
        self.patterns
            .entry(pattern.to_owned())
            .or_insert_with(|| {
                let compiled = pattern::compile(pattern).map_err(|e| e.to_string())?;
                Ok(if !compiled.admits_only_unreserved() {
                    UrlText::Any
                } else if ["", ".", ".."].iter().any(|s| compiled.is_match(s)) {
                    UrlText::Unreserved
                } else {
                    UrlText::Segment
                })
            })
            .clone()
    }

    /// A `oneOf`/`anyOf` parameter: one enum of every value when each part is a string enum
    /// (a grouping of value sets), else a newtype over the parts, each checked by its own
    /// rules (`integer | string`, `uuid | pattern`).
    #[allow(clippy::too_many_arguments)]
    fn union_param(
        &mut self,
        spec_name: &str,
        base: &str,
        operation_type: &str,
        parts: &[ReferenceOr<Schema>],
        schema: &Schema,
        at: &Pointer,
        schema_at: &Pointer,
        docs: &Docs,
    ) -> ParamTy {
        if let Some(values) = self.string_enum_values(parts) {
            let values: Vec<&str> = values.iter().map(String::as_str).collect();
            return ParamTy::Enum(self.param_enum(spec_name, base, &values, schema, schema_at));
        }
        // `oneOf: [T, array of T]` ("one or several"): one value is a list of one.
        if let [first, second] = parts {
            for (one, many) in [(first, second), (second, first)] {
                if let Some(i) = parts.iter().position(|p| std::ptr::eq(p, many))
                    && is_array_of(many, one)
                {
                    let keyword = union_keyword(schema);
                    let many_at = schema_at.join(keyword).join(i);
                    return self.param_type_named(
                        spec_name,
                        base,
                        operation_type,
                        many.into(),
                        &many_at,
                        docs,
                    );
                }
            }
        }
        let mut scope = naming::Scope::default();
        let mut variants = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let part_at = schema_at.join(union_keyword(schema)).join(i);
            let label = scope.claim(self.param_variant_label(part), "");
            let variant_base = format!("{base}{label}");
            // Alternatives must be told apart: a `uuid` is checked as one here (elsewhere a
            // format is only documentation).
            let uuid = with_uuid_pattern(part);
            let part = uuid
                .as_ref()
                .map_or(SchemaRef::from(part), SchemaRef::Inline);
            let ty = self.param_type_named(
                spec_name,
                &variant_base,
                operation_type,
                part,
                &part_at,
                docs,
            );
            if !self.is_scalar_param(&ty) {
                self.unsupported_in_operation(
                    at,
                    format!(
                        "variant {i} of this `oneOf`/`anyOf` parameter is not a single value (a boolean, number, string or enum)"
                    ),
                );
                return ParamTy::String;
            }
            variants.push(ParamVariant { name: label, ty });
        }
        let rules = ParamRules::OneOf(variants);
        self.validated(
            spec_name,
            base,
            operation_type,
            rules,
            schema,
            schema_at,
            docs,
        )
    }

    /// Whether a parameter type is one value (not a list, object or union).
    fn is_scalar_param(&self, ty: &ParamTy) -> bool {
        match ty {
            ParamTy::Validated(name) => self
                .params
                .get(name)
                .is_some_and(|p| !matches!(p.rules, ParamRules::OneOf(_))),
            ParamTy::List { .. } | ParamTy::Body(_) | ParamTy::Object { .. } => false,
            _ => true,
        }
    }

    /// A variant's name in a union parameter: the schema's name, else its type and format.
    fn param_variant_label(&self, part: &ReferenceOr<Schema>) -> String {
        let schema = match part {
            ReferenceOr::Reference { reference } => {
                return super::refs::component_name::<Schema>(reference)
                    .ok()
                    .and_then(naming::type_name)
                    .unwrap_or_else(|| "Value".to_owned());
            }
            ReferenceOr::Item(s) => super::normalize::normalize(s),
        };
        let label = match &schema.schema_kind {
            SchemaKind::Type(Type::Boolean(_)) => "Bool",
            SchemaKind::Type(Type::Integer(_)) => "Integer",
            SchemaKind::Type(Type::Number(_)) => "Number",
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => "Enum",
            SchemaKind::Type(Type::String(s)) => match &s.format {
                VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => "Uuid",
                VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::DateTime) => "DateTime",
                VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Date) => "Date",
                _ => "String",
            },
            SchemaKind::Type(Type::Array(_)) => "List",
            _ => "Value",
        };
        label.to_owned()
    }

    /// The newtype for a constrained parameter. Operations that declare the same parameter with
    /// the same rules share one type; a parameter declared with other rules than the first
    /// declaration gets its operation's name in front (`ListThingsLabel`), a rule that follows
    /// spec order and so never renames an existing type when an operation is added after it.
    #[allow(clippy::too_many_arguments)]
    fn validated(
        &mut self,
        spec_name: &str,
        base: &str,
        operation_type: &str,
        rules: ParamRules,
        schema: &Schema,
        at: &Pointer,
        docs: &Docs,
    ) -> ParamTy {
        let candidates = [base.to_owned(), format!("{operation_type}{base}")];
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
        self.made_param(&name);
        let mut docs = docs.clone();
        if docs.description.is_none() {
            docs.description = schema_docs(schema).description;
        }
        docs.facts = rule_facts(spec_name, &rules);
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
        base: &str,
        values: &[&str],
        schema: &Schema,
        at: &Pointer,
    ) -> String {
        let base = base.to_owned();
        if let Some(existing) = self
            .types
            .values()
            .find(|t| t.pointer == *at && matches!(t.kind, TypeKind::StringEnum(_)))
        {
            return existing.name.clone();
        }
        let name = self.type_scope.claim(base, spec_name);
        self.made_type(&name);
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
}

/// Where a union's parts are: `oneOf` or `anyOf`.
fn union_keyword(schema: &Schema) -> &'static str {
    match &schema.schema_kind {
        SchemaKind::AnyOf { .. } => "anyOf",
        SchemaKind::Any(a) if a.one_of.is_empty() => "anyOf",
        _ => "oneOf",
    }
}

/// Whether `many` is an array whose items are `one`.
fn is_array_of(many: &ReferenceOr<Schema>, one: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(many) = many else {
        return false;
    };
    let SchemaKind::Type(Type::Array(array)) = &many.schema_kind else {
        return false;
    };
    match (&array.items, one) {
        (
            Some(ReferenceOr::Reference { reference: a }),
            ReferenceOr::Reference { reference: b },
        ) => a == b,
        (Some(ReferenceOr::Item(item)), ReferenceOr::Item(one)) => {
            item.schema_kind == one.schema_kind
        }
        _ => false,
    }
}

/// The spelling of a UUID (RFC 9562), any case, with hyphens.
const UUID_PATTERN: &str =
    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

/// An inline `format: uuid` string without a pattern, given the pattern of a UUID.
fn with_uuid_pattern(part: &ReferenceOr<Schema>) -> Option<Schema> {
    let ReferenceOr::Item(schema) = part else {
        return None;
    };
    let SchemaKind::Type(Type::String(s)) = &schema.schema_kind else {
        return None;
    };
    let is_uuid = matches!(&s.format, VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid");
    if !is_uuid || s.pattern.is_some() || !s.enumeration.is_empty() {
        return None;
    }
    let mut patched = schema.clone();
    if let SchemaKind::Type(Type::String(s)) = &mut patched.schema_kind {
        s.pattern = Some(UUID_PATTERN.to_owned());
    }
    Some(patched)
}

/// What a newtype's docs say of its parameter: its name and the rules it checks.
fn rule_facts(spec_name: &str, rules: &ParamRules) -> Vec<Fact> {
    let mut facts = vec![Fact::Parameter(spec_name.to_owned())];
    let bound = |n: i64| Fact::Minimum {
        value: n.to_string(),
        exclusive: false,
    };
    match rules {
        ParamRules::String {
            pattern,
            min_length,
            max_length,
        } => {
            facts.extend(pattern.clone().map(Fact::Pattern));
            facts.extend(min_length.map(Fact::MinLength));
            facts.extend(max_length.map(Fact::MaxLength));
        }
        ParamRules::Integer {
            minimum,
            maximum,
            default,
            ..
        } => {
            facts.extend(minimum.map(bound));
            facts.extend(maximum.map(|n| Fact::Maximum {
                value: n.to_string(),
                exclusive: false,
            }));
            facts.extend(default.map(|n| Fact::Default(n.to_string())));
        }
        // Their emitter words the variants.
        ParamRules::OneOf(_) => {}
    }
    facts
}
