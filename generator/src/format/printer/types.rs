//! Types, paths, generic arguments and parameters, bounds and `where` clauses.

use quote::ToTokens;
use syn::{GenericArgument, PathArguments, Type};

use super::lists::{Item, Overflow};
use super::{Cx, Shape, last_line_width, wrap};

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum PathKind {
    Expr,
    Type,
}

pub(crate) fn path(
    cx: &Cx,
    qself: Option<&syn::QSelf>,
    path: &syn::Path,
    kind: PathKind,
    shape: Shape,
) -> Option<String> {
    let mut out = String::new();
    let mut segments = path.segments.iter().peekable();
    if let Some(qself) = qself {
        let ty_text = ty(cx, &qself.ty, shape.offset_left(1)?)?;
        out.push('<');
        out.push_str(&ty_text);
        if qself.position > 0 {
            out.push_str(" as ");
            if path.leading_colon.is_some() {
                out.push_str("::");
            }
            for i in 0..qself.position {
                let segment = segments.next()?;
                if i > 0 {
                    out.push_str("::");
                }
                let seg_shape = shape.offset_left(out.len())?;
                out.push_str(&path_segment(cx, segment, kind, seg_shape)?);
            }
        }
        out.push('>');
    } else if path.leading_colon.is_some() {
        out.push_str("::");
    }
    let mut first = qself.is_none();
    for segment in segments {
        if !first {
            out.push_str("::");
        }
        first = false;
        let seg_shape = shape
            .offset_left(last_line_width(&out))
            .unwrap_or(Shape { width: 0, ..shape });
        out.push_str(&path_segment(cx, segment, kind, seg_shape)?);
    }
    Some(out)
}

fn path_segment(
    cx: &Cx,
    segment: &syn::PathSegment,
    kind: PathKind,
    shape: Shape,
) -> Option<String> {
    let ident = segment.ident.to_string();
    match &segment.arguments {
        PathArguments::None => Some(ident),
        PathArguments::AngleBracketed(args) => {
            let separator = if kind == PathKind::Expr || args.colon2_token.is_some() {
                "::"
            } else {
                ""
            };
            let ident = format!("{ident}{separator}");
            let items: Vec<Item<'_>> = args.args.iter().map(Item::GenericArg).collect();
            Overflow {
                cx,
                items,
                ident: &ident,
                prefix: "<",
                suffix: ">",
                item_max_width: super::MAX_WIDTH,
                in_macro: false,
                trailing: None,
            }
            .rewrite(shape)
        }
        PathArguments::Parenthesized(args) => {
            let inputs: Vec<String> = args
                .inputs
                .iter()
                .map(|t| ty(cx, t, shape))
                .collect::<Option<_>>()?;
            let output = return_type(cx, &args.output, shape)?;
            let sep = if output.is_empty() { "" } else { " " };
            wrap(
                format!("{ident}({}){sep}{output}", inputs.join(", ")),
                shape,
            )
        }
    }
}

/// `-> T`, or nothing.
pub(crate) fn return_type(cx: &Cx, output: &syn::ReturnType, shape: Shape) -> Option<String> {
    match output {
        syn::ReturnType::Default => Some(String::new()),
        syn::ReturnType::Type(_, t) => Some(format!("-> {}", ty(cx, t, shape.offset_left(3)?)?)),
    }
}

pub(crate) fn generic_arg(cx: &Cx, arg: &GenericArgument, shape: Shape) -> Option<String> {
    match arg {
        GenericArgument::Lifetime(l) => wrap(l.to_string(), shape),
        GenericArgument::Type(t) => ty(cx, t, shape),
        GenericArgument::Const(e) => super::exprs::expr(cx, e, shape),
        GenericArgument::AssocType(assoc) => {
            let mut name = assoc.ident.to_string();
            if assoc.generics.is_some() {
                return cx.unsupported("generic associated types");
            }
            name.push_str(" = ");
            let t = ty(cx, &assoc.ty, shape.offset_left(name.len())?)?;
            Some(name + &t)
        }
        GenericArgument::AssocConst(assoc) => {
            let name = format!("{} = ", assoc.ident);
            let e = super::exprs::expr(cx, &assoc.value, shape.offset_left(name.len())?)?;
            Some(name + &e)
        }
        GenericArgument::Constraint(c) => {
            let name = format!("{}: ", c.ident);
            let b = bounds(cx, c.bounds.iter(), shape.offset_left(name.len())?)?;
            Some(name + &b)
        }
        _ => cx.unsupported("a generic argument"),
    }
}

pub(crate) fn can_be_overflowed(t: &Type, len: usize) -> bool {
    match t {
        Type::Tuple(_) => len == 1,
        Type::Reference(r) => can_be_overflowed(&r.elem, len),
        Type::Ptr(p) => can_be_overflowed(&p.elem, len),
        _ => false,
    }
}

pub(crate) fn ty(cx: &Cx, t: &Type, shape: Shape) -> Option<String> {
    match t {
        Type::Path(p) => wrap(
            path(cx, p.qself.as_ref(), &p.path, PathKind::Type, shape)?,
            shape,
        ),
        Type::Reference(r) => {
            let mut prefix = "&".to_owned();
            if let Some(l) = &r.lifetime {
                prefix.push_str(&l.to_string());
                prefix.push(' ');
            }
            if r.mutability.is_some() {
                prefix.push_str("mut ");
            }
            let inner = ty(cx, &r.elem, shape.offset_left(prefix.len())?)?;
            Some(prefix + &inner)
        }
        Type::Ptr(p) => {
            let prefix = if p.mutability.is_some() {
                "*mut "
            } else {
                "*const "
            };
            let inner = ty(cx, &p.elem, shape.offset_left(prefix.len())?)?;
            Some(prefix.to_owned() + &inner)
        }
        Type::Slice(s) => {
            let inner = ty(cx, &s.elem, shape.offset_left(1)?.sub_width(1)?)?;
            Some(format!("[{inner}]"))
        }
        Type::Array(a) => {
            let inner = ty(cx, &a.elem, shape.offset_left(1)?)?;
            let len = super::exprs::expr(cx, &a.len, shape.offset_left(inner.len() + 3)?)?;
            wrap(format!("[{inner}; {len}]"), shape)
        }
        Type::Tuple(tuple) => {
            if tuple.elems.is_empty() {
                return wrap("()".to_owned(), shape);
            }
            if tuple.elems.len() == 1 {
                let inner = ty(cx, &tuple.elems[0], shape.offset_left(1)?.sub_width(2)?)?;
                return wrap(format!("({inner},)"), shape);
            }
            Overflow {
                cx,
                items: tuple.elems.iter().map(Item::Type).collect(),
                ident: "",
                prefix: "(",
                suffix: ")",
                item_max_width: super::MAX_WIDTH,
                in_macro: false,
                trailing: None,
            }
            .rewrite(shape)
        }
        Type::ImplTrait(i) => {
            // `rustfmt` (style edition 2024) lays the bounds out in the type's own shape, not
            // leaving room for `impl `, so the line may run 5 columns past the limit.
            let b = bounds(cx, i.bounds.iter(), shape)?;
            Some(format!("impl {b}"))
        }
        Type::TraitObject(o) => {
            let prefix = if o.dyn_token.is_some() { "dyn " } else { "" };
            let b = bounds(cx, o.bounds.iter(), shape.offset_left(prefix.len())?)?;
            Some(format!("{prefix}{b}"))
        }
        Type::Paren(p) => {
            let inner = ty(cx, &p.elem, shape.offset_left(1)?.sub_width(1)?)?;
            Some(format!("({inner})"))
        }
        Type::Never(_) => wrap("!".to_owned(), shape),
        Type::Infer(_) => wrap("_".to_owned(), shape),
        Type::BareFn(f) => {
            if f.lifetimes.is_some()
                || f.unsafety.is_some()
                || f.abi.is_some()
                || f.variadic.is_some()
            {
                return cx.unsupported("this function pointer type");
            }
            let inputs: Vec<String> = f
                .inputs
                .iter()
                .map(|arg| {
                    let t = ty(cx, &arg.ty, shape)?;
                    Some(match &arg.name {
                        Some((name, _)) => format!("{name}: {t}"),
                        None => t,
                    })
                })
                .collect::<Option<_>>()?;
            let output = return_type(cx, &f.output, shape)?;
            let sep = if output.is_empty() { "" } else { " " };
            wrap(format!("fn({}){sep}{output}", inputs.join(", ")), shape)
        }
        _ => cx.unsupported(format!("the type `{}`", t.to_token_stream())),
    }
}

/// `A + B + 'c`: on one line, or each bound after the last line of the one before.
pub(crate) fn bounds<'a>(
    cx: &Cx,
    list: impl Iterator<Item = &'a syn::TypeParamBound>,
    shape: Shape,
) -> Option<String> {
    let mut out = String::new();
    for (i, bound) in list.enumerate() {
        if i > 0 {
            out.push_str(" + ");
        }
        let bound_shape = if out.contains('\n') {
            Shape::indented(shape.indent)
                .offset_left(last_line_width(&out).saturating_sub(shape.indent.width()))?
        } else {
            shape.offset_left(out.len())?
        };
        out.push_str(&bound_text(cx, bound, bound_shape)?);
    }
    Some(out)
}

fn bound_text(cx: &Cx, bound: &syn::TypeParamBound, shape: Shape) -> Option<String> {
    match bound {
        syn::TypeParamBound::Trait(t) => {
            if t.lifetimes.is_some() {
                return cx.unsupported("higher-ranked bounds");
            }
            let prefix = match t.modifier {
                syn::TraitBoundModifier::None => "",
                syn::TraitBoundModifier::Maybe(_) => "?",
            };
            let p = path(
                cx,
                None,
                &t.path,
                PathKind::Type,
                shape.offset_left(prefix.len())?,
            )?;
            if t.paren_token.is_some() {
                return Some(format!("({prefix}{p})"));
            }
            Some(format!("{prefix}{p}"))
        }
        syn::TypeParamBound::Lifetime(l) => Some(l.to_string()),
        _ => cx.unsupported("this bound"),
    }
}

/// `<'a, T: Bound>` after `ident`, as `rustfmt`'s `rewrite_generics`.
pub(crate) fn generics(
    cx: &Cx,
    ident: &str,
    generics: &syn::Generics,
    shape: Shape,
) -> Option<String> {
    if generics.params.is_empty() {
        return Some(ident.to_owned());
    }
    let params: Vec<String> = generics
        .params
        .iter()
        .map(|p| generic_param(cx, p, shape))
        .collect::<Option<_>>()?;
    let items: Vec<Item<'_>> = params.iter().map(|p| Item::Text(p)).collect();
    Overflow {
        cx,
        items,
        ident,
        prefix: "<",
        suffix: ">",
        item_max_width: super::MAX_WIDTH,
        in_macro: false,
        trailing: None,
    }
    .rewrite(shape)
}

fn generic_param(cx: &Cx, param: &syn::GenericParam, shape: Shape) -> Option<String> {
    match param {
        syn::GenericParam::Lifetime(l) => {
            if !l.attrs.is_empty() {
                return cx.unsupported("attributes on generic parameters");
            }
            let mut out = l.lifetime.to_string();
            if !l.bounds.is_empty() {
                out.push_str(": ");
                let b: Vec<String> = l.bounds.iter().map(|b| b.to_string()).collect();
                out.push_str(&b.join(" + "));
            }
            Some(out)
        }
        syn::GenericParam::Type(t) => {
            if !t.attrs.is_empty() {
                return cx.unsupported("attributes on generic parameters");
            }
            let mut out = t.ident.to_string();
            if !t.bounds.is_empty() {
                out.push_str(": ");
                let b = bounds(cx, t.bounds.iter(), shape.offset_left(out.len())?)?;
                out.push_str(&b);
            }
            if let Some(default) = &t.default {
                out.push_str(" = ");
                out.push_str(&ty(cx, default, shape.offset_left(out.len())?)?);
            }
            Some(out)
        }
        syn::GenericParam::Const(c) => {
            let t = ty(cx, &c.ty, shape)?;
            let mut out = format!("const {}: {t}", c.ident);
            if let Some(default) = &c.default {
                out.push_str(" = ");
                out.push_str(&super::exprs::expr(cx, default, shape)?);
            }
            Some(out)
        }
    }
}

/// A `where` clause below a signature: `where`, then one predicate per line with a trailing
/// comma; empty when there is none.
pub(crate) fn where_clause(
    cx: &Cx,
    clause: Option<&syn::WhereClause>,
    indent: super::Indent,
) -> Option<String> {
    let Some(clause) = clause.filter(|c| !c.predicates.is_empty()) else {
        return Some(String::new());
    };
    let inner = indent.block_indent();
    let shape = Shape::indented(inner).sub_width(1)?;
    let mut out = format!("{}where", indent.newline());
    for predicate in &clause.predicates {
        let text = match predicate {
            syn::WherePredicate::Type(p) => {
                if p.lifetimes.is_some() {
                    return cx.unsupported("higher-ranked where predicates");
                }
                let t = ty(cx, &p.bounded_ty, shape)?;
                let b = bounds(cx, p.bounds.iter(), shape.offset_left(t.len() + 2)?)?;
                format!("{t}: {b}")
            }
            syn::WherePredicate::Lifetime(l) => {
                let b: Vec<String> = l.bounds.iter().map(|b| b.to_string()).collect();
                format!("{}: {}", l.lifetime, b.join(" + "))
            }
            _ => return cx.unsupported("this where predicate"),
        };
        out.push_str(&inner.newline());
        out.push_str(&text);
        out.push(',');
    }
    Some(out)
}
