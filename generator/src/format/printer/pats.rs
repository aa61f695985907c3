//! Patterns.

use quote::ToTokens;
use syn::Pat;

use super::lists::{Item, Overflow};
use super::{Cx, Shape, is_single_line, wrap};

pub(crate) fn pat(cx: &Cx, p: &Pat, shape: Shape) -> Option<String> {
    match p {
        Pat::Ident(ident) => {
            let mut out = String::new();
            if ident.by_ref.is_some() {
                out.push_str("ref ");
            }
            if ident.mutability.is_some() {
                out.push_str("mut ");
            }
            out.push_str(&ident.ident.to_string());
            if let Some((_, sub)) = &ident.subpat {
                out.push_str(" @ ");
                let sub = pat(cx, sub, shape.offset_left(out.len())?)?;
                out.push_str(&sub);
            }
            wrap(out, shape)
        }
        Pat::Lit(lit) => super::exprs::literal(cx, &lit.lit, shape),
        Pat::Wild(_) => wrap("_".to_owned(), shape),
        Pat::Rest(_) => wrap("..".to_owned(), shape),
        Pat::Path(path) => {
            let text = super::types::path(
                cx,
                path.qself.as_ref(),
                &path.path,
                super::types::PathKind::Expr,
                shape,
            )?;
            wrap(text, shape)
        }
        Pat::Range(range) => {
            let op = match range.limits {
                syn::RangeLimits::HalfOpen(_) => "..",
                syn::RangeLimits::Closed(_) => "..=",
            };
            let side = |e: &Option<Box<syn::Expr>>| match e {
                Some(e) => super::exprs::expr(cx, e, shape.infinite_width()),
                None => Some(String::new()),
            };
            wrap(
                format!("{}{op}{}", side(&range.start)?, side(&range.end)?),
                shape,
            )
        }
        Pat::Reference(r) => {
            let prefix = if r.mutability.is_some() { "&mut " } else { "&" };
            let inner = pat(cx, &r.pat, shape.offset_left(prefix.len())?)?;
            Some(format!("{prefix}{inner}"))
        }
        Pat::Or(or) => {
            let alternatives: Vec<String> = or
                .cases
                .iter()
                .map(|c| pat(cx, c, shape))
                .collect::<Option<_>>()?;
            let one_line = alternatives.join(" | ");
            if is_single_line(&one_line) && one_line.len() <= shape.width {
                return Some(one_line);
            }
            let newline = shape.indent.newline();
            Some(alternatives.join(&format!("{newline}| ")))
        }
        Pat::Tuple(tuple) => {
            let texts: Vec<String> = tuple
                .elems
                .iter()
                .map(|e| pat(cx, e, shape))
                .collect::<Option<_>>()?;
            if texts.len() == 1 && !matches!(tuple.elems[0], Pat::Rest(_)) {
                return wrap(format!("({},)", texts[0]), shape);
            }
            list(cx, "", &texts, shape)
        }
        Pat::TupleStruct(ts) => {
            let path = super::types::path(
                cx,
                ts.qself.as_ref(),
                &ts.path,
                super::types::PathKind::Expr,
                shape,
            )?;
            let texts: Vec<String> = ts
                .elems
                .iter()
                .map(|e| pat(cx, e, shape))
                .collect::<Option<_>>()?;
            list(cx, &path, &texts, shape)
        }
        Pat::Struct(s) => {
            let path = super::types::path(
                cx,
                s.qself.as_ref(),
                &s.path,
                super::types::PathKind::Expr,
                shape,
            )?;
            let mut fields: Vec<String> = Vec::new();
            for field in &s.fields {
                let name = match &field.member {
                    syn::Member::Named(i) => i.to_string(),
                    syn::Member::Unnamed(i) => i.index.to_string(),
                };
                if field.colon_token.is_none() {
                    fields.push(pat(cx, &field.pat, shape)?);
                } else {
                    fields.push(format!("{name}: {}", pat(cx, &field.pat, shape)?));
                }
            }
            if s.rest.is_some() {
                fields.push("..".to_owned());
            }
            if fields.is_empty() {
                return wrap(format!("{path} {{}}"), shape);
            }
            let one_line = format!("{path} {{ {} }}", fields.join(", "));
            if one_line.len() <= shape.width {
                return Some(one_line);
            }
            let inner = shape.indent.block_only().block_indent();
            let mut out = format!("{path} {{");
            for (i, f) in fields.iter().enumerate() {
                out.push_str(&inner.newline());
                out.push_str(f);
                if !(s.rest.is_some() && i + 1 == fields.len()) {
                    out.push(',');
                }
            }
            out.push_str(&shape.indent.block_only().newline());
            out.push('}');
            Some(out)
        }
        Pat::Slice(slice) => {
            let texts: Vec<String> = slice
                .elems
                .iter()
                .map(|e| pat(cx, e, shape))
                .collect::<Option<_>>()?;
            wrap(format!("[{}]", texts.join(", ")), shape)
        }
        Pat::Type(typed) => {
            let p = pat(cx, &typed.pat, shape)?;
            let t = super::types::ty(cx, &typed.ty, shape.offset_left(p.len() + 2)?)?;
            Some(format!("{p}: {t}"))
        }
        Pat::Paren(paren) => {
            let inner = pat(cx, &paren.pat, shape.offset_left(1)?.sub_width(1)?)?;
            Some(format!("({inner})"))
        }
        Pat::Macro(m) => {
            super::macros::rewrite(cx, &m.mac, shape, super::macros::Position::Pattern)
        }
        _ => cx.unsupported(format!("the pattern `{}`", p.to_token_stream())),
    }
}

fn list(cx: &Cx, ident: &str, items: &[String], shape: Shape) -> Option<String> {
    Overflow {
        cx,
        items: items.iter().map(|t| Item::Text(t)).collect(),
        ident,
        prefix: "(",
        suffix: ")",
        item_max_width: super::MAX_WIDTH,
        in_macro: false,
        trailing: None,
    }
    .rewrite(shape)
}
