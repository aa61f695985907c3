//! Renaming a model type or parameter type everywhere the model mentions it.

use crate::model::{Api, ErrorBody, Fact, ParamTy, TypeKind, TypeRef};

/// Renames each model type `from` to `to`, in its definition and every reference, all at once
/// (so `A -> B` and `B -> A` swap).
pub fn rename_types(api: &mut Api, renames: &[(String, String)]) {
    if renames.is_empty() {
        return;
    }
    let map = |name: &mut String| {
        if let Some((_, to)) = renames.iter().find(|(from, _)| from == name) {
            *name = to.clone();
        }
    };
    for def in &mut api.types {
        map(&mut def.name);
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    each_name(&mut field.ty, &map);
                    for fact in &mut field.docs.facts {
                        relink(fact, renames);
                    }
                }
                if let Some(extra) = &mut s.additional {
                    each_name(extra, &map);
                }
            }
            TypeKind::Tagged { variants, .. } | TypeKind::Untagged(variants) => {
                for variant in variants {
                    each_name(&mut variant.ty, &map);
                }
            }
            TypeKind::Alias(target) => each_name(target, &map),
            TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => {}
        }
    }
    for op in &mut api.operations {
        for param in &mut op.params {
            each_param_type(&mut param.ty, &mut |ty| match ty {
                ParamTy::Enum(name) => map(name),
                ParamTy::Body(ty) => each_name(ty, &map),
                _ => {}
            });
        }
        if let Some(body) = op.success.as_mut().and_then(|s| s.body.as_mut()) {
            each_name(body, &map);
        }
        for error in &mut op.errors {
            if let Some(body) = &mut error.body {
                each_name(body, &map);
            }
        }
        if let Some(pagination) = &mut op.pagination {
            each_name(&mut pagination.item, &map);
        }
    }
    if let ErrorBody::Typed(name) = &mut api.error_body {
        map(name);
    }
    for alias in &mut api.type_aliases {
        map(&mut alias.target);
    }
}

/// Renames each parameter type `from` to `to`, in its definition and every operation using it.
pub fn rename_params(api: &mut Api, renames: &[(String, String)]) {
    if renames.is_empty() {
        return;
    }
    let map = |name: &mut String| {
        if let Some((_, to)) = renames.iter().find(|(from, _)| from == name) {
            *name = to.clone();
        }
    };
    for param in &mut api.params {
        map(&mut param.name);
    }
    for op in &mut api.operations {
        for param in &mut op.params {
            each_param_type(&mut param.ty, &mut |ty| {
                if let ParamTy::Validated(name) = ty {
                    map(name)
                }
            });
        }
    }
}

fn each_name(ty: &mut TypeRef, map: &impl Fn(&mut String)) {
    match ty {
        TypeRef::Named(name) => map(name),
        TypeRef::Array(inner) | TypeRef::Map(inner) => each_name(inner, map),
        _ => {}
    }
}

fn each_param_type(ty: &mut ParamTy, f: &mut impl FnMut(&mut ParamTy)) {
    if let ParamTy::List { item, .. } = ty {
        each_param_type(item, f);
    }
    f(ty);
}

/// Keeps a "See [`Type`]." fact pointing at the type's final name.
fn relink(fact: &mut Fact, renames: &[(String, String)]) {
    if let Fact::SeeType(name) = fact
        && let Some((_, to)) = renames.iter().find(|(from, _)| from == name)
    {
        *name = to.clone();
    }
}
