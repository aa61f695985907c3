//! Schemas that `openapiv3` could not read as a typed schema but that are one: real specs
//! write integer bounds as floats (`minimum: 1.1991456e+09`), which makes the whole schema an
//! `AnySchema`. Such schemas are rebuilt as the typed schema they mean, so the rest of the
//! resolver handles one shape. Bounds that are not whole numbers stay unrepresentable and the
//! schema is left alone (and reported as unsupported by its user).

use std::borrow::Cow;

use openapiv3::{
    AnySchema, BooleanType, IntegerType, NumberType, Schema, SchemaKind, StringType, Type,
    VariantOrUnknownOrEmpty,
};

/// `schema` itself, or its typed equivalent when it is an `AnySchema` with a scalar `type`.
pub fn normalize(schema: &Schema) -> Cow<'_, Schema> {
    let SchemaKind::Any(any) = &schema.schema_kind else {
        return Cow::Borrowed(schema);
    };
    match typed(any) {
        Some(ty) => Cow::Owned(Schema {
            schema_data: schema.schema_data.clone(),
            schema_kind: SchemaKind::Type(ty),
        }),
        None => Cow::Borrowed(schema),
    }
}

fn whole(value: Option<f64>) -> Result<Option<i64>, ()> {
    match value {
        None => Ok(None),
        Some(v) if v.fract() == 0.0 && v.abs() < 9.0e15 => Ok(Some(v as i64)),
        Some(_) => Err(()),
    }
}

fn format<T: serde::de::DeserializeOwned>(format: &Option<String>) -> VariantOrUnknownOrEmpty<T> {
    match format {
        None => VariantOrUnknownOrEmpty::Empty,
        Some(f) => serde_json::from_value(serde_json::Value::String(f.clone()))
            .map(VariantOrUnknownOrEmpty::Item)
            .unwrap_or_else(|_| VariantOrUnknownOrEmpty::Unknown(f.clone())),
    }
}

fn typed(any: &AnySchema) -> Option<Type> {
    let structural = !any.properties.is_empty()
        || any.items.is_some()
        || !any.one_of.is_empty()
        || !any.all_of.is_empty()
        || !any.any_of.is_empty()
        || any.not.is_some();
    if structural {
        return None;
    }
    match any.typ.as_deref()? {
        "integer" => Some(Type::Integer(IntegerType {
            format: format(&any.format),
            multiple_of: whole(any.multiple_of).ok()?,
            exclusive_minimum: any.exclusive_minimum.unwrap_or(false),
            exclusive_maximum: any.exclusive_maximum.unwrap_or(false),
            minimum: whole(any.minimum).ok()?,
            maximum: whole(any.maximum).ok()?,
            enumeration: any
                .enumeration
                .iter()
                .map(|v| v.as_i64().map(Some))
                .collect::<Option<Vec<_>>>()?,
        })),
        "number" => Some(Type::Number(NumberType {
            format: format(&any.format),
            multiple_of: any.multiple_of,
            exclusive_minimum: any.exclusive_minimum.unwrap_or(false),
            exclusive_maximum: any.exclusive_maximum.unwrap_or(false),
            minimum: any.minimum,
            maximum: any.maximum,
            enumeration: any
                .enumeration
                .iter()
                .map(|v| v.as_f64().map(Some))
                .collect::<Option<Vec<_>>>()?,
        })),
        "string" => Some(Type::String(StringType {
            format: format(&any.format),
            pattern: any.pattern.clone(),
            enumeration: any
                .enumeration
                .iter()
                .map(|v| v.as_str().map(|s| Some(s.to_owned())))
                .collect::<Option<Vec<_>>>()?,
            min_length: any.min_length,
            max_length: any.max_length,
        })),
        "boolean" => Some(Type::Boolean(BooleanType {
            enumeration: Vec::new(),
        })),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(yaml: &str) -> Schema {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn float_written_integer_bounds_become_an_integer_schema() {
        let s = schema("type: integer\nformat: int32\nminimum: 1.1991456e+09\n");
        assert!(
            matches!(s.schema_kind, SchemaKind::Any(_)),
            "openapiv3 reads it as Any"
        );
        match &normalize(&s).schema_kind {
            SchemaKind::Type(Type::Integer(i)) => {
                assert_eq!(i.minimum, Some(1_199_145_600));
                assert!(matches!(
                    i.format,
                    VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32)
                ));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn fractional_bounds_are_left_alone() {
        let s = schema("type: integer\nminimum: 1.5\n");
        assert!(matches!(normalize(&s).schema_kind, SchemaKind::Any(_)));
    }
}
