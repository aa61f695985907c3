//! Which support code the crate uses ([`Support`]), decided once from the resolved model.

use crate::model::{Api, BodyKind, ParamRules, ParamTy, Support, TypeDef, TypeKind, TypeRef};

/// What `api` uses; `cli` when the configuration asks for the command-line tool.
pub fn support(api: &Api, cli: bool) -> Support {
    let uses = |ty: &TypeRef| uses(&api.types, ty);
    let is_struct = |name: &str| {
        api.types
            .iter()
            .any(|t| t.name == name && matches!(t.kind, TypeKind::Struct(_)))
    };
    let multipart = uses(&TypeRef::File)
        || api
            .operations
            .iter()
            .any(|op| matches!(&op.body, Some(b) if b.kind == BodyKind::Multipart));
    Support {
        requests: !api.operations.is_empty() || cli || uses(&TypeRef::File),
        cli,
        date_times: uses(&TypeRef::DateTime),
        dates: uses(&TypeRef::Date),
        uuids: uses(&TypeRef::Uuid),
        open_enums: api
            .types
            .iter()
            .any(|t| matches!(t.kind, TypeKind::StringEnum(_))),
        nullable: api.types.iter().any(|t| {
            matches!(&t.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.nullable && !f.required))
        }),
        lengths: api.params.iter().any(|p| {
            matches!(p.rules, ParamRules::String { min_length, max_length, .. } if min_length.is_some() || max_length.is_some())
        }),
        // Only unions with a struct variant use it (see `emit::models::untagged_union`).
        object_only: api.types.iter().any(|t| match &t.kind {
            TypeKind::Untagged(variants) => variants
                .iter()
                .any(|v| !v.boxed && matches!(&v.ty, TypeRef::Named(n) if is_struct(n))),
            _ => false,
        }),
        form: api.operations.iter().any(|op| {
            matches!(&op.body, Some(b) if matches!(b.kind, BodyKind::Form { .. }))
                || op
                    .params
                    .iter()
                    .any(|p| matches!(p.ty, ParamTy::Object { .. }))
        }),
        multipart,
    }
}

/// Whether any type uses `wanted`, in a field, a variant or an alias, directly or as the item
/// of a list, map or nullable.
fn uses(types: &[TypeDef], wanted: &TypeRef) -> bool {
    fn walk(ty: &TypeRef, wanted: &TypeRef) -> bool {
        ty == wanted
            || matches!(ty, TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) if walk(inner, wanted))
    }
    types.iter().any(|def| match &def.kind {
        TypeKind::Struct(s) => {
            s.fields.iter().any(|f| walk(&f.ty, wanted))
                || s.additional.as_ref().is_some_and(|t| walk(t, wanted))
        }
        TypeKind::Tagged { variants, .. } | TypeKind::Untagged(variants) => {
            variants.iter().any(|v| walk(&v.ty, wanted))
        }
        TypeKind::Alias(t) => walk(t, wanted),
        TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => false,
    })
}
