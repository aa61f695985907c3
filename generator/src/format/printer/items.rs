//! Items (and the file): attributes, `use` and `mod` groups, structs, enums, impls, functions,
//! constants and type aliases, one blank line between items.

use quote::ToTokens;
use syn::{Attribute, Item};

use super::exprs;
use super::lists::{Item as ListItem, Overflow};
use super::{Cx, Indent, Shape, last_line_width, wrap};
use super::{imports, types};

/// The whole file: inner attributes, then the items.
pub(crate) fn file(cx: &Cx, file: &syn::File) -> String {
    let mut out = String::new();
    let indent = Indent::default();
    for attr in &file.attrs {
        out.push_str(&attribute(cx, attr, Shape::indented(indent)).unwrap_or_default());
        out.push('\n');
    }
    let body = items(cx, &file.items, indent);
    if !file.attrs.is_empty() && !body.is_empty() {
        out.push('\n');
    }
    out.push_str(&body);
    out
}

/// Items at `indent`, each ending in a newline, a blank line between them; runs of `use`
/// items and of `mod name;` declarations stay together, sorted as `rustfmt` sorts them.
pub(crate) fn items(cx: &Cx, list: &[Item], indent: Indent) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < list.len() {
        if !out.is_empty() {
            out.push('\n');
        }
        let kind = group_kind(&list[i]);
        let mut end = i + 1;
        if kind != Group::None {
            while end < list.len() && group_kind(&list[end]) == kind {
                end += 1;
            }
        }
        let mut texts: Vec<(String, &Item)> = list[i..end]
            .iter()
            .map(|item| (item_text(cx, item, indent), item))
            .collect();
        match kind {
            Group::Use => texts.sort_by(|a, b| imports::compare(a.1, b.1)),
            Group::Mod => texts.sort_by_key(|a| mod_name(a.1)),
            Group::None => {}
        }
        for (text, _) in texts {
            out.push_str(&indent.spaces());
            out.push_str(&text);
            out.push('\n');
        }
        i = end;
    }
    out
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Group {
    Use,
    Mod,
    None,
}

fn group_kind(item: &Item) -> Group {
    let macro_use = |attrs: &[Attribute]| attrs.iter().any(|a| a.path().is_ident("macro_use"));
    match item {
        Item::Use(u) if !macro_use(&u.attrs) => Group::Use,
        Item::Mod(m) if m.content.is_none() && !macro_use(&m.attrs) => Group::Mod,
        _ => Group::None,
    }
}

/// The name `rustfmt` sorts a module declaration by: a raw identifier without its `r#`.
fn mod_name(item: &Item) -> String {
    match item {
        Item::Mod(m) => {
            let name = m.ident.to_string();
            name.strip_prefix("r#").map_or(name.clone(), str::to_owned)
        }
        _ => String::new(),
    }
}

/// An item inside a block (a statement).
pub(crate) fn nested_item(cx: &Cx, item: &Item, indent: Indent) -> Option<String> {
    Some(item_text(cx, item, indent))
}

/// One item with its attributes; lines after the first carry their indentation.
fn item_text(cx: &Cx, item: &Item, indent: Indent) -> String {
    let shape = Shape::indented(indent);
    let (attrs, body) = match item {
        Item::Use(u) => (&u.attrs, imports::use_item(cx, u, shape)),
        Item::Mod(m) => (&m.attrs, module(cx, m, indent)),
        Item::Struct(s) => (&s.attrs, structure(cx, s, indent)),
        Item::Enum(e) => (&e.attrs, enumeration(cx, e, indent)),
        Item::Impl(i) => (&i.attrs, implementation(cx, i, indent)),
        Item::Fn(f) => (
            &f.attrs,
            function(cx, &f.vis, &f.sig, Some(&f.block), indent),
        ),
        Item::Const(c) => (
            &c.attrs,
            constant(
                cx,
                &visibility(&c.vis),
                "const",
                &c.ident,
                &c.ty,
                Some(&c.expr),
                indent,
            ),
        ),
        Item::Static(s) => {
            let keyword = if matches!(s.mutability, syn::StaticMutability::Mut(_)) {
                "static mut"
            } else {
                "static"
            };
            (
                &s.attrs,
                constant(
                    cx,
                    &visibility(&s.vis),
                    keyword,
                    &s.ident,
                    &s.ty,
                    Some(&s.expr),
                    indent,
                ),
            )
        }
        Item::Type(t) => (
            &t.attrs,
            type_alias(
                cx,
                &visibility(&t.vis),
                &t.ident,
                &t.generics,
                &t.ty,
                indent,
            ),
        ),
        Item::Trait(t) => (&t.attrs, trait_item(cx, t, indent)),
        _ => (
            &Vec::new(),
            cx.unsupported(format!("the item `{}`", item.to_token_stream())),
        ),
    };
    let mut out = outer_attributes(cx, attrs, indent);
    match body {
        Some(body) => out.push_str(&body),
        None => {
            cx.unsupported::<()>(format!("laying out the item `{}`", item_name(item)));
        }
    }
    out
}

fn item_name(item: &Item) -> String {
    let text = item.to_token_stream().to_string();
    text.chars().take(60).collect()
}

/// The outer attributes of an item, each on its own line, ending with the indentation of
/// the item's first line.
pub(crate) fn outer_attributes(cx: &Cx, attrs: &[Attribute], indent: Indent) -> String {
    let mut out = String::new();
    for attr in attrs {
        out.push_str(&attribute(cx, attr, Shape::indented(indent)).unwrap_or_default());
        out.push_str(&indent.newline());
    }
    if out.is_empty() {
        return out;
    }
    // The caller writes the item after the last line's indentation.
    out
}

pub(crate) fn visibility(vis: &syn::Visibility) -> String {
    match vis {
        syn::Visibility::Public(_) => "pub ".to_owned(),
        syn::Visibility::Restricted(r) => {
            let path = r.path.to_token_stream().to_string().replace(' ', "");
            if r.in_token.is_some() {
                format!("pub(in {path}) ")
            } else {
                format!("pub({path}) ")
            }
        }
        syn::Visibility::Inherited => String::new(),
    }
}

// ---- attributes ----

/// `/// text` for documentation, else `#[meta]` (`#![meta]` inside).
pub(crate) fn attribute(cx: &Cx, attr: &Attribute, shape: Shape) -> Option<String> {
    let inner = matches!(attr.style, syn::AttrStyle::Inner(_));
    if let syn::Meta::NameValue(nv) = &attr.meta {
        if nv.path.is_ident("doc") {
            if let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(text),
                ..
            }) = &nv.value
            {
                let marker = if inner { "//!" } else { "///" };
                let lines: Vec<String> = text
                    .value()
                    .split('\n')
                    .map(|line| format!("{marker}{}", line.trim_end()))
                    .collect();
                return Some(lines.join(&shape.indent.newline()));
            }
        }
    }
    let prefix = if inner { "#![" } else { "#[" };
    if attr.path().is_ident("derive") {
        if let Some(text) = derive(cx, attr, prefix, shape) {
            return Some(text);
        }
    }
    let meta_shape = shape.offset_left(prefix.len())?.sub_width(1)?;
    let meta = cx
        .without_memo(|| meta(cx, &attr.meta, meta_shape))
        .unwrap_or_else(|| super::macros::tokens_text(&attr.meta.to_token_stream()));
    Some(format!("{prefix}{meta}]"))
}

fn meta(cx: &Cx, m: &syn::Meta, shape: Shape) -> Option<String> {
    let path = types::path(cx, None, m.path(), types::PathKind::Type, shape)?;
    match m {
        syn::Meta::Path(_) => Some(path),
        syn::Meta::NameValue(nv) => {
            let value_shape = shape.shrink_left(path.len() + 3)?;
            let value = match &nv.value {
                syn::Expr::Lit(lit) => exprs::literal(cx, &lit.lit, value_shape)
                    .unwrap_or_else(|| lit.to_token_stream().to_string()),
                other => exprs::expr(cx, other, value_shape)?,
            };
            Some(format!("{path} = {value}"))
        }
        syn::Meta::List(list) => {
            use syn::parse::Parser;
            let parser =
                syn::punctuated::Punctuated::<NestedMeta, syn::Token![,]>::parse_terminated;
            let nested = parser.parse2(list.tokens.clone()).ok()?;
            let trailing = nested.trailing_punct();
            let texts: Vec<String> = nested
                .iter()
                .map(|n| match n {
                    NestedMeta::Meta(m) => meta(cx, m, shape.infinite_width()),
                    NestedMeta::Lit(l) => Some(l.to_token_stream().to_string()),
                })
                .collect::<Option<_>>()?;
            let items: Vec<ListItem<'_>> = texts.iter().map(|t| ListItem::Text(t)).collect();
            Overflow {
                cx,
                items,
                ident: &path,
                prefix: "(",
                suffix: ")",
                item_max_width: super::ATTR_FN_LIKE_WIDTH,
                in_macro: false,
                trailing: Some(trailing),
            }
            .rewrite(shape.sub_width(1)?)
        }
    }
}

enum NestedMeta {
    Meta(Box<syn::Meta>),
    Lit(syn::Lit),
}

impl syn::parse::Parse for NestedMeta {
    fn parse(input: syn::parse::ParseStream<'_>) -> syn::Result<Self> {
        if input.peek(syn::Lit) {
            Ok(NestedMeta::Lit(input.parse()?))
        } else {
            Ok(NestedMeta::Meta(Box::new(input.parse()?)))
        }
    }
}

fn derive(cx: &Cx, attr: &Attribute, prefix: &str, shape: Shape) -> Option<String> {
    use syn::parse::Parser;
    let syn::Meta::List(list) = &attr.meta else {
        return None;
    };
    let parser = syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated;
    let paths = parser.parse2(list.tokens.clone()).ok()?;
    let items: Vec<Option<String>> = paths
        .iter()
        .map(|p| types::path(cx, None, p, types::PathKind::Type, shape.infinite_width()))
        .collect();
    let overhead = prefix.len() - 1 + "[derive()]".len();
    let argument_shape = Shape::indented(shape.indent.block_indent()).sub_width(1)?;
    let one_line_budget = shape.offset_left(overhead)?.sub_width(3)?.width;
    let tactic = super::lists::definitive_tactic(
        &items,
        super::lists::Want::HorizontalVertical,
        argument_shape.width,
    );
    let item_str = super::lists::write_list(
        &items,
        tactic,
        argument_shape,
        tactic != super::lists::Tactic::Horizontal,
    )?;
    let nested = item_str.contains('\n') || item_str.len() > one_line_budget;
    let mut out = format!("{prefix}derive(");
    if nested {
        out.push_str(&argument_shape.indent.newline());
        out.push_str(&item_str);
        if !item_str.ends_with(',') {
            out.push(',');
        }
        out.push_str(&shape.indent.newline());
    } else {
        out.push_str(item_str.trim_end_matches(','));
    }
    out.push_str(")]");
    Some(out)
}

// ---- modules ----

fn module(cx: &Cx, m: &syn::ItemMod, indent: Indent) -> Option<String> {
    let head = format!("{}mod {}", visibility(&m.vis), m.ident);
    let Some((_, content)) = &m.content else {
        return Some(format!("{head};"));
    };
    if content.is_empty() {
        return Some(format!("{head} {{}}"));
    }
    let inner = items(cx, content, indent.block_indent());
    let mut out = format!("{head} {{\n");
    for line in inner.lines() {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&indent.spaces());
    out.push('}');
    Some(out)
}

// ---- structs and enums ----

fn structure(cx: &Cx, s: &syn::ItemStruct, indent: Indent) -> Option<String> {
    let head = format!("{}struct ", visibility(&s.vis));
    let shape = Shape::indented(indent).offset_left(head.len())?;
    let name = types::generics(cx, &s.ident.to_string(), &s.generics, shape)?;
    let head = format!("{head}{name}");
    let where_clause = types::where_clause(cx, s.generics.where_clause.as_ref(), indent)?;
    match &s.fields {
        syn::Fields::Unit => Some(format!("{head}{where_clause};")),
        syn::Fields::Unnamed(fields) => {
            let text = tuple_fields(cx, &head, fields, indent)?;
            Some(format!("{text}{where_clause};"))
        }
        syn::Fields::Named(fields) => {
            let body = named_fields(cx, fields, indent)?;
            if where_clause.is_empty() {
                Some(format!("{head} {body}"))
            } else {
                Some(format!("{head}{where_clause}{}{body}", indent.newline()))
            }
        }
    }
}

/// `{` fields one per line `}`, or `{}`.
fn named_fields(cx: &Cx, fields: &syn::FieldsNamed, indent: Indent) -> Option<String> {
    if fields.named.is_empty() {
        return Some("{}".to_owned());
    }
    let inner = indent.block_indent();
    let mut out = "{".to_owned();
    for field in &fields.named {
        out.push_str(&inner.newline());
        out.push_str(&outer_attributes(cx, &field.attrs, inner));
        out.push_str(&named_field(cx, field, inner)?);
        out.push(',');
    }
    out.push_str(&indent.newline());
    out.push('}');
    Some(out)
}

fn named_field(cx: &Cx, field: &syn::Field, indent: Indent) -> Option<String> {
    let name = field.ident.as_ref()?;
    let prefix = format!("{}{}:", visibility(&field.vis), name);
    let shape = Shape::indented(indent).sub_width(1)?;
    if let Some(ty_shape) = shape.offset_left(prefix.len() + 1) {
        if let Some(ty) = types::ty(cx, &field.ty, ty_shape) {
            if !ty.contains('\n') {
                return Some(format!("{prefix} {ty}"));
            }
        }
    }
    let rhs = exprs::rewrite_rhs(cx, &prefix, shape, |s| types::ty(cx, &field.ty, s))?;
    Some(prefix + &rhs)
}

/// `Name(A, B)` (a tuple struct or variant, without the `;`).
fn tuple_fields(
    cx: &Cx,
    head: &str,
    fields: &syn::FieldsUnnamed,
    indent: Indent,
) -> Option<String> {
    let shape = Shape::indented(indent).sub_width(1)?;
    let texts: Vec<String> = fields
        .unnamed
        .iter()
        .map(|f| {
            if !f.attrs.is_empty() {
                return cx.unsupported("attributes on tuple fields");
            }
            let vis = visibility(&f.vis);
            let ty = types::ty(cx, &f.ty, shape.infinite_width())?;
            Some(format!("{vis}{ty}"))
        })
        .collect::<Option<_>>()?;
    let items: Vec<ListItem<'_>> = texts.iter().map(|t| ListItem::Text(t)).collect();
    Overflow {
        cx,
        items,
        ident: head,
        prefix: "(",
        suffix: ")",
        item_max_width: super::FN_CALL_WIDTH,
        in_macro: false,
        trailing: None,
    }
    .rewrite(shape)
}

fn enumeration(cx: &Cx, e: &syn::ItemEnum, indent: Indent) -> Option<String> {
    let head = format!("{}enum ", visibility(&e.vis));
    let shape = Shape::indented(indent).offset_left(head.len())?;
    let name = types::generics(cx, &e.ident.to_string(), &e.generics, shape)?;
    let where_clause = types::where_clause(cx, e.generics.where_clause.as_ref(), indent)?;
    let head = format!("{head}{name}");
    let open = if where_clause.is_empty() {
        format!("{head} {{")
    } else {
        format!("{head}{where_clause}{}{{", indent.newline())
    };
    if e.variants.is_empty() {
        return Some(format!("{}}}", open));
    }
    let inner = indent.block_indent();
    let mut out = open;
    for variant in &e.variants {
        out.push_str(&inner.newline());
        out.push_str(&outer_attributes(cx, &variant.attrs, inner));
        out.push_str(&enum_variant(cx, variant, inner)?);
        out.push(',');
    }
    out.push_str(&indent.newline());
    out.push('}');
    Some(out)
}

fn enum_variant(cx: &Cx, v: &syn::Variant, indent: Indent) -> Option<String> {
    let name = v.ident.to_string();
    let mut out = match &v.fields {
        syn::Fields::Unit => name,
        syn::Fields::Unnamed(fields) => tuple_fields(cx, &name, fields, indent)?,
        syn::Fields::Named(fields) => {
            // One line within the struct variant width, else one field per line.
            let texts: Option<Vec<String>> = fields
                .named
                .iter()
                .map(|f| {
                    if !f.attrs.is_empty() {
                        return None;
                    }
                    let ty = types::ty(cx, &f.ty, Shape::indented(indent).infinite_width())?;
                    Some(format!("{}{}: {ty}", visibility(&f.vis), f.ident.as_ref()?))
                })
                .collect();
            let one_line = texts.map(|t| t.join(", "));
            match one_line {
                Some(body)
                    if fields.named.is_empty()
                        || (body.len() <= super::STRUCT_VARIANT_WIDTH
                            && indent.width() + name.len() + body.len() + 6
                                <= super::MAX_WIDTH) =>
                {
                    if body.is_empty() {
                        format!("{name} {{}}")
                    } else {
                        format!("{name} {{ {body} }}")
                    }
                }
                _ => format!("{name} {}", named_fields(cx, fields, indent)?),
            }
        }
    };
    if let Some((_, discriminant)) = &v.discriminant {
        let lhs = format!("{out} =");
        out = exprs::rewrite_assign_rhs(
            cx,
            lhs,
            discriminant,
            Shape::indented(indent).sub_width(1)?,
        )?;
    }
    Some(out)
}

// ---- impls and traits ----

fn implementation(cx: &Cx, i: &syn::ItemImpl, indent: Indent) -> Option<String> {
    if i.defaultness.is_some() {
        return cx.unsupported("`default impl`");
    }
    let mut head = String::new();
    if i.unsafety.is_some() {
        head.push_str("unsafe ");
    }
    let shape = Shape::indented(indent);
    let generics = types::generics(cx, "impl", &i.generics, shape)?;
    head.push_str(&generics);
    let self_ty_shape = Shape::indented(indent);
    let self_ty = types::ty(cx, &i.self_ty, self_ty_shape.infinite_width())?;
    let where_clause = types::where_clause(cx, i.generics.where_clause.as_ref(), indent)?;
    let mut header = match &i.trait_ {
        Some((negative, path, _)) => {
            let bang = if negative.is_some() { "!" } else { "" };
            let trait_shape = shape.offset_left(last_line_width(&head) + 1 + bang.len())?;
            let trait_text = types::path(cx, None, path, types::PathKind::Type, trait_shape)?;
            let one_line = format!("{head} {bang}{trait_text} for {self_ty}");
            if !one_line.contains('\n') && last_line_width(&one_line) + 2 <= shape.width {
                one_line
            } else {
                format!(
                    "{head} {bang}{trait_text}{}for {self_ty}",
                    indent.block_indent().newline()
                )
            }
        }
        None => format!("{head} {self_ty}"),
    };
    header.push_str(&where_clause);
    let brace_on_new_line = !where_clause.is_empty()
        || header.contains('\n')
        || last_line_width(&header) + 2 > shape.width;
    if i.items.is_empty() {
        if brace_on_new_line {
            return Some(format!("{header}{}{{}}", indent.newline()));
        }
        return Some(format!("{header} {{}}"));
    }
    let sep = if brace_on_new_line {
        indent.newline()
    } else {
        " ".to_owned()
    };
    let inner = indent.block_indent();
    let mut out = format!("{header}{sep}{{");
    for (n, item) in i.items.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        out.push_str(&inner.newline());
        out.push_str(&impl_item(cx, item, inner)?);
    }
    out.push_str(&indent.newline());
    out.push('}');
    Some(out)
}

fn impl_item(cx: &Cx, item: &syn::ImplItem, indent: Indent) -> Option<String> {
    let (attrs, body) = match item {
        syn::ImplItem::Fn(f) => {
            if f.defaultness.is_some() {
                return cx.unsupported("`default fn`");
            }
            (
                &f.attrs,
                function(cx, &f.vis, &f.sig, Some(&f.block), indent),
            )
        }
        syn::ImplItem::Const(c) => (
            &c.attrs,
            constant(
                cx,
                &visibility(&c.vis),
                "const",
                &c.ident,
                &c.ty,
                Some(&c.expr),
                indent,
            ),
        ),
        syn::ImplItem::Type(t) => (
            &t.attrs,
            type_alias(
                cx,
                &visibility(&t.vis),
                &t.ident,
                &t.generics,
                &t.ty,
                indent,
            ),
        ),
        _ => return cx.unsupported("this impl item"),
    };
    let mut out = outer_attributes(cx, attrs, indent);
    out.push_str(&body?);
    Some(out)
}

fn trait_item(cx: &Cx, t: &syn::ItemTrait, indent: Indent) -> Option<String> {
    if t.unsafety.is_some() || t.auto_token.is_some() || !t.supertraits.is_empty() {
        return cx.unsupported("this trait");
    }
    let head = format!("{}trait ", visibility(&t.vis));
    let shape = Shape::indented(indent).offset_left(head.len())?;
    let name = types::generics(cx, &t.ident.to_string(), &t.generics, shape)?;
    if t.items.is_empty() {
        return Some(format!("{head}{name} {{}}"));
    }
    let inner = indent.block_indent();
    let mut out = format!("{head}{name} {{");
    for (n, item) in t.items.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        out.push_str(&inner.newline());
        let text = match item {
            syn::TraitItem::Fn(f) => {
                let mut text = outer_attributes(cx, &f.attrs, inner);
                text.push_str(&function(
                    cx,
                    &syn::Visibility::Inherited,
                    &f.sig,
                    f.default.as_ref(),
                    inner,
                )?);
                text
            }
            _ => return cx.unsupported("this trait item"),
        };
        out.push_str(&text);
    }
    out.push_str(&indent.newline());
    out.push('}');
    Some(out)
}

// ---- functions ----

fn function(
    cx: &Cx,
    vis: &syn::Visibility,
    sig: &syn::Signature,
    body: Option<&syn::Block>,
    indent: Indent,
) -> Option<String> {
    let (mut result, force_newline_brace) = signature(cx, vis, sig, indent, body.is_some())?;
    let Some(body) = body else {
        result.push(';');
        return Some(result);
    };
    let where_present = sig
        .generics
        .where_clause
        .as_ref()
        .is_some_and(|w| !w.predicates.is_empty());
    let newline_brace = force_newline_brace
        || where_present
        || last_line_width(&result) + 2 > super::MAX_WIDTH - indent.width();
    if newline_brace {
        result.push_str(&indent.newline());
    } else {
        result.push(' ');
    }
    if body.stmts.is_empty() {
        result.push_str("{}");
        return Some(result);
    }
    let block = exprs::block_with_stmts(cx, "", body, Shape::indented(indent))?;
    result.push_str(&block);
    Some(result)
}

/// The signature up to the body (`rustfmt`'s `rewrite_fn_base`), and whether the body's brace
/// must go on the next line.
fn signature(
    cx: &Cx,
    vis: &syn::Visibility,
    sig: &syn::Signature,
    indent: Indent,
    has_body: bool,
) -> Option<(String, bool)> {
    if sig.abi.is_some() || sig.variadic.is_some() {
        return cx.unsupported("extern functions");
    }
    let mut force_newline_brace = false;
    let mut result = visibility(vis);
    if sig.constness.is_some() {
        result.push_str("const ");
    }
    if sig.asyncness.is_some() {
        result.push_str("async ");
    }
    if sig.unsafety.is_some() {
        result.push_str("unsafe ");
    }
    result.push_str("fn ");
    let overhead = if has_body { 4 } else { 2 };
    let used_width = indent.width() + result.len();
    let generics_shape = Shape {
        width: super::MAX_WIDTH.saturating_sub(used_width + overhead),
        indent,
        offset: result.len(),
    };
    let generics = types::generics(cx, &sig.ident.to_string(), &sig.generics, generics_shape)?;
    result.push_str(&generics);
    let ret_str = types::return_type(cx, &sig.output, Shape::indented(indent))?;
    let multi_line_ret = ret_str.contains('\n');
    let ret_len = if multi_line_ret { 0 } else { ret_str.len() };
    // Budgets for the parameters.
    let (one_line_budget, multi_line_budget, mut param_indent) = {
        let mut budgets = None;
        if !result.contains('\n') && !multi_line_ret {
            let overhead = if ret_len == 0 { 2 } else { 3 };
            let used =
                indent.width() + result.len() + ret_len + overhead + if has_body { 2 } else { 1 };
            let one_line = super::MAX_WIDTH.saturating_sub(used);
            if one_line > 0 {
                let param_indent = indent.block_indent();
                budgets = Some((
                    one_line,
                    super::MAX_WIDTH.saturating_sub(param_indent.width() + 1),
                    param_indent,
                ));
            }
        }
        budgets.unwrap_or_else(|| {
            let new_indent = indent.block_indent();
            (
                0,
                super::MAX_WIDTH.saturating_sub(new_indent.width() + 1),
                new_indent,
            )
        })
    };
    result.push('(');
    let params: Vec<Option<String>> = sig
        .inputs
        .iter()
        .map(|arg| fn_param(cx, arg, Shape::legacy(multi_line_budget, param_indent)))
        .collect();
    let tactic = super::lists::definitive_tactic(
        &params,
        super::lists::Want::HorizontalVertical,
        one_line_budget,
    );
    let budget = if tactic == super::lists::Tactic::Horizontal {
        one_line_budget
    } else {
        multi_line_budget
    };
    let param_str = super::lists::write_list(
        &params,
        tactic,
        Shape::legacy(budget, indent.block_indent()),
        tactic != super::lists::Tactic::Horizontal,
    )?;
    let put_in_block =
        (param_str.contains('\n') || param_str.len() > one_line_budget) && !sig.inputs.is_empty();
    let mut no_params_and_over_max_width = false;
    if put_in_block {
        param_indent = indent.block_indent();
        result.push_str(&param_indent.newline());
        result.push_str(&param_str);
        result.push_str(&indent.newline());
        result.push(')');
    } else {
        result.push_str(&param_str);
        let used =
            last_line_used_width(&result, indent.width()) + super::first_line_width(&ret_str);
        if sig.inputs.is_empty() && used + 1 > super::MAX_WIDTH {
            result.push(')');
            result.push_str(&indent.newline());
            no_params_and_over_max_width = true;
        } else {
            result.push(')');
        }
    }
    if let syn::ReturnType::Type(..) = sig.output {
        let ret_should_indent = if put_in_block || sig.inputs.is_empty() {
            false
        } else if result.contains('\n') || multi_line_ret {
            true
        } else {
            let mut sig_length = result.len() + indent.width() + ret_len + 1;
            if sig.generics.where_clause.is_none() {
                sig_length += 2;
            }
            sig_length > super::MAX_WIDTH
        };
        let ret_shape = if ret_should_indent {
            let mut ret_shape = Shape::indented(indent);
            if param_str.is_empty() {
                force_newline_brace = true;
                ret_shape = ret_shape.offset_left(4).unwrap_or(ret_shape);
            }
            result.push_str(&ret_shape.indent.newline());
            ret_shape
        } else {
            if !param_str.is_empty() || !no_params_and_over_max_width {
                result.push(' ');
            }
            let ret_shape = Shape::indented(indent);
            ret_shape
                .offset_left(last_line_width(&result))
                .unwrap_or(ret_shape)
        };
        if multi_line_ret || ret_should_indent {
            result.push_str(&types::return_type(cx, &sig.output, ret_shape)?);
        } else {
            result.push_str(&ret_str);
        }
    }
    let where_clause = types::where_clause(cx, sig.generics.where_clause.as_ref(), indent)?;
    result.push_str(&where_clause);
    Some((result, force_newline_brace))
}

fn last_line_used_width(s: &str, offset: usize) -> usize {
    if s.contains('\n') {
        last_line_width(s)
    } else {
        offset + s.len()
    }
}

fn fn_param(cx: &Cx, arg: &syn::FnArg, shape: Shape) -> Option<String> {
    match arg {
        syn::FnArg::Receiver(r) => {
            if !r.attrs.is_empty() {
                return cx.unsupported("attributes on `self`");
            }
            if r.colon_token.is_some() {
                let ty = types::ty(cx, &r.ty, shape.offset_left(6)?)?;
                let m = if r.mutability.is_some() { "mut " } else { "" };
                return Some(format!("{m}self: {ty}"));
            }
            let mut out = String::new();
            if let Some((_, lifetime)) = &r.reference {
                out.push('&');
                if let Some(l) = lifetime {
                    out.push_str(&l.to_string());
                    out.push(' ');
                }
            }
            if r.mutability.is_some() {
                out.push_str("mut ");
            }
            out.push_str("self");
            wrap(out, shape)
        }
        syn::FnArg::Typed(t) => {
            if !t.attrs.is_empty() {
                return cx.unsupported("attributes on parameters");
            }
            let pat = super::pats::pat(cx, &t.pat, shape)?;
            let ty_shape = shape.offset_left(pat.len() + 2)?;
            match types::ty(cx, &t.ty, ty_shape) {
                Some(ty) => Some(format!("{pat}: {ty}")),
                None => {
                    let ty = types::ty(cx, &t.ty, shape.infinite_width())?;
                    Some(format!("{pat}: {ty}"))
                }
            }
        }
    }
}

// ---- constants and aliases ----

fn constant(
    cx: &Cx,
    vis: &str,
    keyword: &str,
    ident: &syn::Ident,
    ty: &syn::Type,
    value: Option<&syn::Expr>,
    indent: Indent,
) -> Option<String> {
    let shape = Shape::indented(indent);
    let prefix = format!("{vis}{keyword} {ident}: ");
    let ty_shape = shape.offset_left(prefix.len())?.sub_width(2)?;
    let ty_text =
        types::ty(cx, ty, ty_shape).or_else(|| types::ty(cx, ty, shape.infinite_width()))?;
    let lhs = format!("{prefix}{ty_text} =");
    match value {
        Some(value) => {
            let text = exprs::rewrite_assign_rhs(cx, lhs.clone(), value, shape.sub_width(1)?)
                .or_else(|| {
                    cx.relaxed(|| {
                        exprs::rewrite_assign_rhs(cx, lhs.clone(), value, shape.sub_width(1)?)
                    })
                })
                .or_else(|| exprs::rewrite_assign_rhs(cx, lhs, value, shape.infinite_width()))?;
            Some(text + ";")
        }
        None => Some(format!("{prefix}{ty_text};")),
    }
}

fn type_alias(
    cx: &Cx,
    vis: &str,
    ident: &syn::Ident,
    generics: &syn::Generics,
    ty: &syn::Type,
    indent: Indent,
) -> Option<String> {
    let shape = Shape::indented(indent);
    let head = format!("{vis}type ");
    let name = types::generics(
        cx,
        &ident.to_string(),
        generics,
        shape.offset_left(head.len())?,
    )?;
    let lhs = format!("{head}{name} =");
    let rhs = exprs::rewrite_rhs(cx, &lhs, shape.sub_width(1)?, |s| types::ty(cx, ty, s))?;
    Some(format!("{lhs}{rhs};"))
}
