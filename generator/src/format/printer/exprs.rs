//! Expressions, blocks and statements.

use quote::ToTokens;
use syn::{Expr, Stmt};

use super::lists::{Item, Overflow};
use super::{
    Cx, Indent, Shape, count_newlines, first_line_ends_with, first_line_width, fits,
    is_single_line, last_line_extendable, last_line_width, wrap,
};
use super::{chains, items, macros, pats, types};

/// Where an expression stands: a statement (blocks stay blocks) or inside another expression.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    Statement,
    SubExpression,
}

pub(crate) fn expr(cx: &Cx, e: &Expr, shape: Shape) -> Option<String> {
    cx.memoized(e, shape, || {
        format_expr(cx, e, Context::SubExpression, shape)
    })
}

pub(crate) fn format_expr(cx: &Cx, e: &Expr, context: Context, shape: Shape) -> Option<String> {
    if !attrs_of(e).is_empty() {
        return cx.unsupported("attributes on expressions");
    }
    // `return`, `break` and `continue` as statements keep room for the semicolon `rustfmt`
    // may add, even when the statement already has one (which takes a column of its own).
    let shape = if context == Context::Statement && semicolon_for_expr(e) {
        shape.sub_width(1)?
    } else {
        shape
    };
    match e {
        Expr::Lit(lit) => literal(cx, &lit.lit, shape),
        Expr::Path(path) => {
            let text = types::path(
                cx,
                path.qself.as_ref(),
                &path.path,
                types::PathKind::Expr,
                shape,
            )?;
            wrap(text, shape)
        }
        Expr::Call(call) => {
            let callee = expr(cx, &call.func, shape)?;
            call_like(
                cx,
                &callee,
                call.args.iter().map(Item::Expr).collect(),
                shape,
                false,
            )
        }
        Expr::MethodCall(_) | Expr::Field(_) | Expr::Try(_) | Expr::Await(_) => {
            chains::rewrite_chain(cx, e, shape)
        }
        Expr::Unary(unary) => {
            let op = match unary.op {
                syn::UnOp::Deref(_) => "*",
                syn::UnOp::Not(_) => "!",
                syn::UnOp::Neg(_) => "-",
                _ => return cx.unsupported("a unary operator"),
            };
            prefixed(cx, op, &unary.expr, shape)
        }
        Expr::Reference(reference) => {
            let op = if reference.mutability.is_some() {
                "&mut "
            } else {
                "&"
            };
            prefixed(cx, op, &reference.expr, shape)
        }
        Expr::Binary(_) => binary(cx, e, shape),
        Expr::Cast(cast) => {
            let lhs = expr(cx, &cast.expr, shape)?;
            let ty_shape = shape.offset_left(last_line_width(&lhs) + 4)?;
            let ty = types::ty(cx, &cast.ty, ty_shape)?;
            wrap(format!("{lhs} as {ty}"), shape)
        }
        Expr::Paren(paren) => {
            let inner = expr(cx, &paren.expr, shape.offset_left(1)?.sub_width(1)?)?;
            Some(format!("({inner})"))
        }
        Expr::Tuple(tuple) => {
            if tuple.elems.len() == 1 {
                let inner = expr(cx, &tuple.elems[0], shape.offset_left(1)?.sub_width(2)?)?;
                return wrap(format!("({inner},)"), shape);
            }
            call_like(
                cx,
                "",
                tuple.elems.iter().map(Item::Expr).collect(),
                shape,
                false,
            )
        }
        Expr::Array(array) => Overflow {
            cx,
            items: array.elems.iter().map(Item::Expr).collect(),
            ident: "",
            prefix: "[",
            suffix: "]",
            item_max_width: super::ARRAY_WIDTH,
            in_macro: false,
            trailing: None,
        }
        .rewrite(shape),
        Expr::Repeat(repeat) => {
            let value = expr(cx, &repeat.expr, shape.offset_left(1)?)?;
            let len = expr(cx, &repeat.len, shape.offset_left(value.len() + 3)?)?;
            wrap(format!("[{value}; {len}]"), shape)
        }
        Expr::Struct(lit) => struct_lit(cx, lit, shape),
        Expr::Block(block) => {
            if block.label.is_some() {
                return cx.unsupported("labelled blocks");
            }
            match context {
                Context::Statement => {
                    if block.block.stmts.is_empty() {
                        return Some("{}".to_owned());
                    }
                    block_with_stmts(cx, "", &block.block, shape)
                }
                Context::SubExpression => rewrite_block(cx, "", &block.block, shape),
            }
        }
        Expr::Unsafe(block) => rewrite_block(cx, "unsafe ", &block.block, shape),
        Expr::Const(block) => rewrite_block(cx, "const ", &block.block, shape),
        Expr::Async(block) => {
            let prefix = if block.capture.is_some() {
                "async move "
            } else {
                "async "
            };
            rewrite_block(cx, prefix, &block.block, shape)
        }
        Expr::If(_) | Expr::While(_) | Expr::ForLoop(_) | Expr::Loop(_) => {
            control_flow(cx, e, context, shape)
        }
        Expr::Match(m) => rewrite_match(cx, m, shape),
        Expr::Closure(closure) => rewrite_closure(cx, closure, shape),
        Expr::Macro(mac) => macros::rewrite(cx, &mac.mac, shape, macros::Position::Expression),
        Expr::Return(ret) => keyword_with_expr(cx, "return", ret.expr.as_deref(), shape),
        Expr::Break(brk) => {
            if brk.label.is_some() {
                return cx.unsupported("labelled break");
            }
            keyword_with_expr(cx, "break", brk.expr.as_deref(), shape)
        }
        Expr::Continue(cont) => {
            if cont.label.is_some() {
                return cx.unsupported("labelled continue");
            }
            wrap("continue".to_owned(), shape)
        }
        Expr::Range(range) => {
            let op = match range.limits {
                syn::RangeLimits::HalfOpen(_) => "..",
                syn::RangeLimits::Closed(_) => "..=",
            };
            let start = match &range.start {
                Some(s) => expr(cx, s, shape)?,
                None => String::new(),
            };
            let end = match &range.end {
                Some(s) => expr(cx, s, shape.offset_left(start.len() + op.len())?)?,
                None => String::new(),
            };
            wrap(format!("{start}{op}{end}"), shape)
        }
        Expr::Index(index) => {
            let base = expr(cx, &index.expr, shape)?;
            let inner_shape = shape
                .offset_left(last_line_width(&base) + 1)?
                .sub_width(1)?;
            let inner = expr(cx, &index.index, inner_shape)?;
            wrap(format!("{base}[{inner}]"), shape)
        }
        Expr::Let(expr_let) => {
            let pat = pats::pat(cx, &expr_let.pat, shape.offset_left(4)?.sub_width(2)?)?;
            let lhs = format!("let {pat} =");
            rewrite_assign_rhs(cx, lhs, &expr_let.expr, shape)
        }
        Expr::Assign(assign) => {
            let lhs = expr(cx, &assign.left, shape)?;
            rewrite_assign_rhs(cx, format!("{lhs} ="), &assign.right, shape)
        }
        Expr::Infer(_) => Some("_".to_owned()),
        _ => cx.unsupported(format!("the expression `{}`", e.to_token_stream())),
    }
}

fn attrs_of(e: &Expr) -> &[syn::Attribute] {
    match e {
        Expr::Array(x) => &x.attrs,
        Expr::Assign(x) => &x.attrs,
        Expr::Async(x) => &x.attrs,
        Expr::Await(x) => &x.attrs,
        Expr::Binary(x) => &x.attrs,
        Expr::Block(x) => &x.attrs,
        Expr::Break(x) => &x.attrs,
        Expr::Call(x) => &x.attrs,
        Expr::Cast(x) => &x.attrs,
        Expr::Closure(x) => &x.attrs,
        Expr::Const(x) => &x.attrs,
        Expr::Continue(x) => &x.attrs,
        Expr::Field(x) => &x.attrs,
        Expr::ForLoop(x) => &x.attrs,
        Expr::If(x) => &x.attrs,
        Expr::Index(x) => &x.attrs,
        Expr::Let(x) => &x.attrs,
        Expr::Lit(x) => &x.attrs,
        Expr::Loop(x) => &x.attrs,
        Expr::Macro(x) => &x.attrs,
        Expr::Match(x) => &x.attrs,
        Expr::MethodCall(x) => &x.attrs,
        Expr::Paren(x) => &x.attrs,
        Expr::Path(x) => &x.attrs,
        Expr::Range(x) => &x.attrs,
        Expr::Reference(x) => &x.attrs,
        Expr::Repeat(x) => &x.attrs,
        Expr::Return(x) => &x.attrs,
        Expr::Struct(x) => &x.attrs,
        Expr::Try(x) => &x.attrs,
        Expr::Tuple(x) => &x.attrs,
        Expr::Unary(x) => &x.attrs,
        Expr::Unsafe(x) => &x.attrs,
        Expr::While(x) => &x.attrs,
        _ => &[],
    }
}

/// A literal as written; a string literal is never broken (style edition 2024 keeps it whole,
/// whatever its width).
pub(crate) fn literal(cx: &Cx, lit: &syn::Lit, shape: Shape) -> Option<String> {
    let mut text = lit.to_token_stream().to_string();
    if matches!(lit, syn::Lit::Int(_) | syn::Lit::Float(_)) {
        // A negative literal token prints as `- 1`.
        text.retain(|c| c != ' ');
    }
    match lit {
        syn::Lit::Str(_) | syn::Lit::ByteStr(_) | syn::Lit::CStr(_) if !text.contains('\n') => {
            Some(cx.string_literal(text))
        }
        _ => wrap(text, shape),
    }
}

fn prefixed(cx: &Cx, op: &str, inner: &Expr, shape: Shape) -> Option<String> {
    let inner = expr(cx, inner, shape.offset_left(op.len())?)?;
    Some(format!("{op}{inner}"))
}

fn keyword_with_expr(cx: &Cx, keyword: &str, value: Option<&Expr>, shape: Shape) -> Option<String> {
    match value {
        None => wrap(keyword.to_owned(), shape),
        Some(value) => {
            let inner = expr(cx, value, shape.offset_left(keyword.len() + 1)?)?;
            Some(format!("{keyword} {inner}"))
        }
    }
}

/// A call's argument list after `callee` (`rustfmt`'s `rewrite_call`).
pub(crate) fn call_like(
    cx: &Cx,
    callee: &str,
    items: Vec<Item<'_>>,
    shape: Shape,
    in_macro: bool,
) -> Option<String> {
    Overflow {
        cx,
        items,
        ident: callee,
        prefix: "(",
        suffix: ")",
        item_max_width: super::FN_CALL_WIDTH,
        in_macro,
        trailing: None,
    }
    .rewrite(shape)
}

pub(crate) fn is_method_call(e: &Expr) -> bool {
    match e {
        Expr::MethodCall(_) => true,
        Expr::Reference(r) => is_method_call(&r.expr),
        Expr::Cast(c) => is_method_call(&c.expr),
        Expr::Try(t) => is_method_call(&t.expr),
        Expr::Unary(u) => is_method_call(&u.expr),
        _ => false,
    }
}

pub(crate) fn is_nested_call(e: &Expr) -> bool {
    match e {
        Expr::Call(_) | Expr::MethodCall(_) | Expr::Macro(_) => true,
        Expr::Reference(r) => is_nested_call(&r.expr),
        Expr::Try(t) => is_nested_call(&t.expr),
        Expr::Unary(u) => is_nested_call(&u.expr),
        Expr::Cast(c) => is_nested_call(&c.expr),
        _ => false,
    }
}

/// `rustfmt`'s `is_simple_expr`: literals, one-segment paths, and little around them.
pub(crate) fn is_simple(e: &Expr) -> bool {
    match e {
        Expr::Lit(_) => true,
        Expr::Path(p) => p.qself.is_none() && p.path.segments.len() <= 1,
        Expr::Reference(r) => is_simple(&r.expr),
        Expr::Cast(c) => is_simple(&c.expr),
        Expr::Field(f) => is_simple(&f.base),
        Expr::Try(t) => is_simple(&t.expr),
        Expr::Unary(u) => is_simple(&u.expr),
        Expr::Index(i) => is_simple(&i.expr) && is_simple(&i.index),
        Expr::Repeat(r) => is_simple(&r.expr) && is_simple(&r.len),
        _ => false,
    }
}

/// Whether a last argument may start on the call's line and continue below it.
pub(crate) fn can_be_overflowed(e: &Expr, len: usize) -> bool {
    match e {
        Expr::Match(_) => len == 1,
        Expr::If(_) | Expr::ForLoop(_) | Expr::Loop(_) | Expr::While(_) => len == 1,
        Expr::Block(_) | Expr::Closure(_) | Expr::Async(_) | Expr::Unsafe(_) | Expr::Const(_) => {
            true
        }
        Expr::Array(_) | Expr::Struct(_) => len == 1,
        Expr::Macro(_) => len == 1,
        Expr::Call(_) | Expr::MethodCall(_) | Expr::Tuple(_) => len == 1,
        Expr::Reference(r) => can_be_overflowed(&r.expr, len),
        Expr::Try(t) => can_be_overflowed(&t.expr, len),
        Expr::Unary(u) => can_be_overflowed(&u.expr, len),
        Expr::Cast(c) => can_be_overflowed(&c.expr, len),
        _ => false,
    }
}

// ---- binary operators ----

fn precedence(op: &syn::BinOp) -> u8 {
    use syn::BinOp::*;
    match op {
        Mul(_) | Div(_) | Rem(_) => 10,
        Add(_) | Sub(_) => 9,
        Shl(_) | Shr(_) => 8,
        BitAnd(_) => 7,
        BitXor(_) => 6,
        BitOr(_) => 5,
        Eq(_) | Lt(_) | Le(_) | Ne(_) | Ge(_) | Gt(_) => 4,
        And(_) => 3,
        Or(_) => 2,
        _ => 1,
    }
}

fn op_str(op: &syn::BinOp) -> String {
    op.to_token_stream().to_string().replace(' ', "")
}

/// `a && b && c`: flattened runs of one precedence, on one line or one operand per line
/// with the operator in front.
fn binary(cx: &Cx, e: &Expr, shape: Shape) -> Option<String> {
    let Expr::Binary(top) = e else { return None };
    if is_assign_op(&top.op) {
        let lhs = expr(cx, &top.left, shape)?;
        return rewrite_assign_rhs(cx, format!("{lhs} {}", op_str(&top.op)), &top.right, shape);
    }
    let prec = precedence(&top.op);
    let mut operands = Vec::new();
    let mut ops = Vec::new();
    flatten(e, prec, &mut operands, &mut ops);
    // One line.
    let mut one_line = String::new();
    let mut ok = true;
    for (i, operand) in operands.iter().enumerate() {
        if i > 0 {
            one_line.push(' ');
            one_line.push_str(&ops[i - 1]);
            one_line.push(' ');
        }
        let room = shape.offset_left(one_line.len());
        match room.and_then(|s| expr(cx, operand, s)) {
            Some(text) if is_single_line(&text) => one_line.push_str(&text),
            _ => {
                ok = false;
                break;
            }
        }
    }
    if ok && one_line.len() <= shape.width {
        return Some(one_line);
    }
    // One operand per line, the operator leading.
    let nested = shape.block_indent(super::TAB).with_max_width();
    let newline = nested.indent.newline();
    let first = expr(cx, operands[0], shape)?;
    let mut out = first;
    for (i, operand) in operands.iter().enumerate().skip(1) {
        let op = &ops[i - 1];
        let operand_shape = nested.offset_left(op.len() + 1)?;
        let text = expr(cx, operand, operand_shape)?;
        out.push_str(&newline);
        out.push_str(op);
        out.push(' ');
        out.push_str(&text);
    }
    Some(out)
}

fn is_assign_op(op: &syn::BinOp) -> bool {
    use syn::BinOp::*;
    matches!(
        op,
        AddAssign(_)
            | SubAssign(_)
            | MulAssign(_)
            | DivAssign(_)
            | RemAssign(_)
            | BitXorAssign(_)
            | BitAndAssign(_)
            | BitOrAssign(_)
            | ShlAssign(_)
            | ShrAssign(_)
    )
}

fn flatten<'a>(e: &'a Expr, prec: u8, operands: &mut Vec<&'a Expr>, ops: &mut Vec<String>) {
    match e {
        Expr::Binary(b) if !is_assign_op(&b.op) && precedence(&b.op) == prec => {
            flatten(&b.left, prec, operands, ops);
            ops.push(op_str(&b.op));
            operands.push(&b.right);
        }
        _ => operands.push(e),
    }
}

// ---- assignments: `let x = rhs`, `const X: T = rhs`, `a = rhs` ----

/// `lhs` (ending in `=` or `:`), then the right-hand side on the same line or, when that reads
/// better, on the next line one level deeper (`rustfmt`'s `rewrite_assign_rhs`).
pub(crate) fn rewrite_assign_rhs(cx: &Cx, lhs: String, rhs: &Expr, shape: Shape) -> Option<String> {
    let rhs = rewrite_rhs(cx, &lhs, shape, |s| expr(cx, rhs, s))?;
    Some(lhs + &rhs)
}

/// The right-hand side after `lhs`, with its leading space or newline.
pub(crate) fn rewrite_rhs(
    cx: &Cx,
    lhs: &str,
    shape: Shape,
    rewrite: impl Fn(Shape) -> Option<String>,
) -> Option<String> {
    let _ = cx;
    let last = last_line_width(lhs).saturating_sub(if lhs.contains('\n') {
        shape.indent.width()
    } else {
        0
    });
    let orig_shape = shape.offset_left(last + 1).unwrap_or(Shape {
        width: 0,
        offset: shape.offset + last + 1,
        ..shape
    });
    let orig = rewrite(orig_shape);
    choose_rhs(orig_shape, orig, rewrite)
}

fn choose_rhs(
    shape: Shape,
    orig: Option<String>,
    rewrite: impl Fn(Shape) -> Option<String>,
) -> Option<String> {
    if let Some(text) = &orig {
        if text.is_empty() {
            return Some(String::new());
        }
        if is_single_line(text) && text.len() <= shape.width {
            return Some(format!(" {text}"));
        }
    }
    let new_shape = Shape::indented(shape.indent.block_indent()).sub_width(shape.rhs_overhead())?;
    let new = rewrite(new_shape);
    let newline = shape.indent.block_indent().newline();
    match (orig, new) {
        (Some(orig), Some(new)) if !fits(&new, new_shape) => Some(format!(" {orig}")),
        (Some(orig), Some(new)) if prefer_next_line(&orig, &new) => Some(format!("{newline}{new}")),
        (None, Some(new)) => Some(format!("{newline}{new}")),
        (None, None) => None,
        (Some(orig), _) => Some(format!(" {orig}")),
    }
}

pub(crate) fn prefer_next_line(orig: &str, next: &str) -> bool {
    !next.contains('\n')
        || count_newlines(orig) > count_newlines(next) + 1
        || first_line_ends_with(orig, '(') && !first_line_ends_with(next, '(')
        || first_line_ends_with(orig, '{') && !first_line_ends_with(next, '{')
        || first_line_ends_with(orig, '[') && !first_line_ends_with(next, '[')
}

// ---- struct literals ----

fn struct_lit(cx: &Cx, lit: &syn::ExprStruct, shape: Shape) -> Option<String> {
    let path_shape = shape.sub_width(2)?;
    let path = types::path(
        cx,
        lit.qself.as_ref(),
        &lit.path,
        types::PathKind::Expr,
        path_shape,
    )?;
    let has_rest = lit.dot2_token.is_some();
    if lit.fields.is_empty() && !has_rest {
        return Some(format!("{path} {{}}"));
    }
    if lit.fields.is_empty() && lit.rest.is_none() {
        return Some(format!("{path} {{ .. }}"));
    }
    // Horizontal and vertical shapes.
    let v_shape = {
        let s = shape.block_indent(super::TAB);
        Shape {
            width: super::MAX_WIDTH.saturating_sub(s.indent.width()),
            ..s
        }
    };
    let h_shape = shape
        .width
        .checked_sub(path.len() + 3 + 2)
        .map(|w| Shape::legacy(w.min(super::STRUCT_LIT_WIDTH), shape.indent));
    let field_shape = v_shape.sub_width(1)?;
    let mut list: Vec<Option<String>> = lit
        .fields
        .iter()
        .map(|field| struct_field(cx, field, field_shape))
        .collect();
    if let Some(rest) = &lit.rest {
        list.push(expr(cx, rest, v_shape.offset_left(2)?).map(|s| format!("..{s}")));
    } else if has_rest {
        list.push(Some("..".to_owned()));
    }
    let tactic = match h_shape {
        Some(h) => {
            super::lists::definitive_tactic(&list, super::lists::Want::HorizontalVertical, h.width)
        }
        None => super::lists::Tactic::Vertical,
    };
    let nested = match (tactic, h_shape) {
        (super::lists::Tactic::Horizontal, Some(h)) => h,
        _ => v_shape,
    };
    let fields = super::lists::write_list(
        &list,
        tactic,
        nested,
        !has_rest && tactic != super::lists::Tactic::Horizontal,
    )?;
    // `rustfmt`'s `wrap_struct_field`.
    let one_line_width = h_shape.map_or(0, |s| s.width);
    let body = if tactic == super::lists::Tactic::Vertical
        || fields.contains('\n')
        || fields.len() > one_line_width
    {
        format!(
            "{}{}{}",
            v_shape.indent.newline(),
            fields,
            shape.indent.newline()
        )
    } else {
        format!(" {fields} ")
    };
    Some(format!("{path} {{{body}}}"))
}

fn struct_field(cx: &Cx, field: &syn::FieldValue, shape: Shape) -> Option<String> {
    if !field.attrs.is_empty() {
        return cx.unsupported("attributes on struct literal fields");
    }
    let name = match &field.member {
        syn::Member::Named(ident) => ident.to_string(),
        syn::Member::Unnamed(index) => index.index.to_string(),
    };
    if field.colon_token.is_none() {
        return wrap(name, shape);
    }
    // On the name's line, else on the next line one level deeper.
    if let Some(text) = shape
        .offset_left(name.len() + 2)
        .and_then(|s| expr(cx, &field.expr, s))
    {
        return Some(format!("{name}: {text}"));
    }
    let indent = shape.indent.block_indent();
    let text = expr(cx, &field.expr, Shape::indented(indent))?;
    Some(format!("{name}:{}{text}", indent.newline()))
}

// ---- blocks and statements ----

/// A block as a sub-expression: `{}` when empty, `{ e }` on one line when it holds one short
/// expression, else one statement per line.
pub(crate) fn rewrite_block(
    cx: &Cx,
    prefix: &str,
    block: &syn::Block,
    shape: Shape,
) -> Option<String> {
    if block.stmts.is_empty() {
        return Some(format!("{prefix}{{}}"));
    }
    let multi = block_with_stmts(cx, prefix, block, shape)?;
    if multi.lines().count() <= 3 {
        if let Some(e) = simple_block_expr(block) {
            let expr_shape = shape.offset_left(last_line_width(prefix))?;
            if let Some(text) = expr(cx, e, expr_shape) {
                let single = format!("{prefix}{{ {text} }}");
                if single.len() <= shape.width && !single.contains('\n') {
                    return Some(single);
                }
            }
        }
    }
    Some(multi)
}

/// The one expression of a block that holds nothing else.
pub(crate) fn simple_block_expr(block: &syn::Block) -> Option<&Expr> {
    match block.stmts.as_slice() {
        [Stmt::Expr(e, None)] => Some(e),
        _ => None,
    }
}

/// `prefix{`, each statement on its own line one level deeper (nested functions between
/// blank lines), `}`.
pub(crate) fn block_with_stmts(
    cx: &Cx,
    prefix: &str,
    block: &syn::Block,
    shape: Shape,
) -> Option<String> {
    let inner = shape.indent.block_only().block_indent();
    let mut out = format!("{prefix}{{");
    let is_fn = |stmt: &Stmt| matches!(stmt, Stmt::Item(syn::Item::Fn(_)));
    for (i, stmt) in block.stmts.iter().enumerate() {
        // A function inside a block is set off by blank lines, as between items of a module
        // (`rustfmt` keeps them).
        if i > 0 && (is_fn(stmt) || is_fn(&block.stmts[i - 1])) {
            out.push('\n');
        }
        let mut text = statement(cx, stmt, inner)?;
        if let Stmt::Expr(e, None) = stmt {
            // `rustfmt` ends a trailing `return`, `break` or `continue` with a semicolon.
            if semicolon_for_expr(e) {
                text.push(';');
            }
        }
        out.push_str(&inner.newline());
        out.push_str(&text);
    }
    out.push_str(&shape.indent.block_only().newline());
    out.push('}');
    Some(out)
}

/// One statement at `indent`, as `rustfmt` prints it; a statement that cannot fit is printed
/// with unlimited width (as `rustfmt` leaves such a statement as written).
pub(crate) fn statement(cx: &Cx, stmt: &Stmt, indent: Indent) -> Option<String> {
    let shape = Shape::indented(indent);
    statement_in(cx, stmt, shape)
        .or_else(|| cx.relaxed(|| statement_in(cx, stmt, shape)))
        .or_else(|| statement_in(cx, stmt, shape.infinite_width()))
}

fn statement_in(cx: &Cx, stmt: &Stmt, shape: Shape) -> Option<String> {
    match stmt {
        Stmt::Local(local) => local_stmt(cx, local, shape),
        Stmt::Item(item) => items::nested_item(cx, item, shape.indent),
        Stmt::Expr(e, semi) => {
            let semi_len = usize::from(semi.is_some());
            let text = format_expr(cx, e, Context::Statement, shape.sub_width(semi_len)?)?;
            Some(if semi.is_some() {
                format!("{text};")
            } else {
                text
            })
        }
        Stmt::Macro(mac) => {
            if !mac.attrs.is_empty() {
                return cx.unsupported("attributes on macro statements");
            }
            let semi = mac.semi_token.is_some();
            let text = macros::rewrite(
                cx,
                &mac.mac,
                shape.sub_width(usize::from(semi))?,
                macros::Position::Statement,
            )?;
            Some(if semi { format!("{text};") } else { text })
        }
    }
}

fn local_stmt(cx: &Cx, local: &syn::Local, shape: Shape) -> Option<String> {
    if !local.attrs.is_empty() {
        return cx.unsupported("attributes on `let`");
    }
    let pat_shape = shape.offset_left(4)?.sub_width(1)?;
    let (pat, ty) = match &local.pat {
        syn::Pat::Type(typed) => (&*typed.pat, Some(&*typed.ty)),
        other => (other, None),
    };
    let mut result = format!("let {}", pats::pat(cx, pat, pat_shape)?);
    if let Some(ty) = ty {
        let ty_shape = shape
            .offset_left(last_line_width(&result) + 2)?
            .sub_width(2)?;
        result.push_str(": ");
        result.push_str(&types::ty(cx, ty, ty_shape)?);
    }
    let Some(init) = &local.init else {
        result.push(';');
        return Some(result);
    };
    result.push_str(" =");
    let nested = shape.sub_width(1)?;
    let mut result = rewrite_assign_rhs(cx, result, &init.expr, nested)?;
    if let Some((_, diverge)) = &init.diverge {
        let Expr::Block(else_block) = &**diverge else {
            return cx.unsupported("a `let ... else` without a block");
        };
        let init_str = &result;
        let force_newline_else = !same_line_else(init_str, nested);
        if force_newline_else {
            result.push_str(&shape.indent.newline());
            result.push_str("else ");
        } else {
            result.push_str(" else ");
        }
        let max_width = shape.width.min(super::SINGLE_LINE_LET_ELSE_WIDTH);
        let available = max_width.saturating_sub(result.len());
        let allow_single = !force_newline_else
            && available > 0
            && else_block.block.stmts.len() == 1
            && matches!(
                &else_block.block.stmts[0],
                Stmt::Expr(Expr::Return(_) | Expr::Continue(_) | Expr::Break(_), _)
            );
        let mut else_text = None;
        if allow_single {
            if let Stmt::Expr(e, _) = &else_block.block.stmts[0] {
                if let Some(text) = expr(
                    cx,
                    e,
                    Shape::legacy(available.saturating_sub(4), Indent::default()),
                ) {
                    let semi = if matches!(&else_block.block.stmts[0], Stmt::Expr(_, Some(_))) {
                        ";"
                    } else {
                        ""
                    };
                    let single = format!("{{ {text}{semi} }}");
                    if is_single_line(&text) && result.len() + single.len() <= max_width {
                        else_text = Some(single);
                    }
                }
            }
        }
        let else_text = match else_text {
            Some(t) => t,
            None => block_with_stmts(cx, "", &else_block.block, shape)?,
        };
        result.push_str(&else_text);
    }
    result.push(';');
    Some(result)
}

/// Whether `else {` may follow a `let`'s initializer on its last line.
fn same_line_else(init: &str, shape: Shape) -> bool {
    if init.contains('\n') {
        // The last line must hold only closing delimiters, at the statement's indentation.
        let last = init.rsplit('\n').next().unwrap_or("");
        let trimmed = last.trim_start();
        let indent = last.len() - trimmed.len();
        return indent == shape.indent.width()
            && trimmed
                .chars()
                .all(|c| matches!(c, ')' | ']' | '}' | '?' | '>'))
            && last.len() + " else {".len() <= shape.used_width() + shape.width;
    }
    init.len() + " else {".len() <= shape.width
}

// ---- control flow ----

fn control_flow(cx: &Cx, e: &Expr, context: Context, shape: Shape) -> Option<String> {
    match e {
        Expr::If(if_expr) => {
            rewrite_if(cx, if_expr, context == Context::SubExpression, false, shape)
        }
        Expr::While(w) => {
            if w.label.is_some() {
                return cx.unsupported("labelled loops");
            }
            let (cond, used) = rewrite_cond_parts(cx, "while", Some(&w.cond), shape, false)?;
            let _ = used;
            let block = block_with_stmts(cx, "", &w.body, shape)?;
            Some(format!("{cond}{block}"))
        }
        Expr::ForLoop(f) => {
            if f.label.is_some() {
                return cx.unsupported("labelled loops");
            }
            let pat = pats::pat(cx, &f.pat, shape.offset_left(4)?)?;
            let head_shape = shape.offset_left(4 + pat.len() + 4)?.sub_width(2)?;
            let iter = expr(cx, &f.expr, head_shape)?;
            let head = format!("for {pat} in {iter}");
            let sep = if head.contains('\n') && !last_line_extendable(&head) {
                shape.indent.newline()
            } else {
                " ".to_owned()
            };
            let block = block_with_stmts(cx, "", &f.body, shape)?;
            Some(format!("{head}{sep}{block}"))
        }
        Expr::Loop(l) => {
            if l.label.is_some() {
                return cx.unsupported("labelled loops");
            }
            block_with_stmts(cx, "loop ", &l.body, shape)
        }
        _ => None,
    }
}

/// The condition part (`if cond {` up to the brace's separator) for `keyword`, with the width
/// its last line uses.
fn rewrite_cond_parts(
    cx: &Cx,
    keyword: &str,
    cond: Option<&Expr>,
    shape: Shape,
    nested_if: bool,
) -> Option<(String, usize)> {
    let fresh = Shape {
        width: super::MAX_WIDTH.saturating_sub(shape.used_width()),
        ..shape
    };
    let constr_shape = if nested_if {
        fresh.offset_left(7)?
    } else {
        fresh
    };
    let offset = keyword.len() + 1;
    let pat_expr = match cond {
        Some(cond) => rewrite_pat_expr(cx, cond, constr_shape, offset)?,
        None => String::new(),
    };
    let one_line_budget = super::MAX_WIDTH.saturating_sub(constr_shape.used_width() + offset + 2);
    let force_newline_brace = (pat_expr.contains('\n') || pat_expr.len() > one_line_budget)
        && (!last_line_extendable(&pat_expr) || last_line_offsetted(shape.used_width(), &pat_expr));
    let sep = if force_newline_brace {
        shape.indent.newline()
    } else {
        " ".to_owned()
    };
    let used = if pat_expr.contains('\n') {
        last_line_width(&pat_expr)
    } else {
        keyword.len() + pat_expr.len() + 2
    };
    Some((format!("{keyword} {pat_expr}{sep}"), used))
}

fn rewrite_pat_expr(cx: &Cx, cond: &Expr, shape: Shape, offset: usize) -> Option<String> {
    let cond_shape = shape.offset_left(offset)?;
    expr(cx, cond, cond_shape)
}

/// Whether the last line of `s` starts right of `start_column`.
fn last_line_offsetted(start_column: usize, s: &str) -> bool {
    let Some(last) = s.rsplit('\n').next().filter(|_| s.contains('\n')) else {
        return false;
    };
    let leading = last.len() - last.trim_start().len();
    leading > start_column
}

fn rewrite_if(
    cx: &Cx,
    e: &syn::ExprIf,
    allow_single_line: bool,
    nested_if: bool,
    shape: Shape,
) -> Option<String> {
    let fresh = Shape {
        width: super::MAX_WIDTH.saturating_sub(shape.used_width()),
        ..shape
    };
    let (cond_str, _) = rewrite_cond_parts(cx, "if", Some(&e.cond), shape, nested_if)?;
    if allow_single_line {
        if let Some(single) = single_line_if(cx, e, &cond_str, shape.width) {
            if single.len() <= super::SINGLE_LINE_IF_ELSE_WIDTH {
                return Some(single);
            }
        }
    }
    let _ = fresh;
    let block = block_with_stmts(cx, "", &e.then_branch, shape)?;
    let mut out = format!("{cond_str}{block}");
    if let Some((_, else_branch)) = &e.else_branch {
        let else_shape = Shape::indented(shape.indent);
        out.push_str(" else ");
        match &**else_branch {
            Expr::If(nested) => out.push_str(&rewrite_if(cx, nested, false, true, else_shape)?),
            Expr::Block(b) => out.push_str(&block_with_stmts(cx, "", &b.block, else_shape)?),
            _ => return cx.unsupported("an `else` without a block"),
        }
    }
    Some(out)
}

fn single_line_if(cx: &Cx, e: &syn::ExprIf, cond_str: &str, width: usize) -> Option<String> {
    let (_, else_branch) = e.else_branch.as_ref()?;
    let Expr::Block(else_block) = &**else_branch else {
        return None;
    };
    let if_expr = simple_block_expr(&e.then_branch)?;
    let else_expr = simple_block_expr(&else_block.block)?;
    let pat_expr = cond_str.strip_prefix("if ")?.trim_end();
    if pat_expr.contains('\n') {
        return None;
    }
    let fixed = "if".len() + "  {  } else {  }".len();
    let new_width = width.checked_sub(pat_expr.len() + fixed)?;
    let if_str = expr(cx, if_expr, Shape::legacy(new_width, Indent::default()))?;
    let new_width = new_width.checked_sub(if_str.len())?;
    let else_str = expr(cx, else_expr, Shape::legacy(new_width, Indent::default()))?;
    if if_str.contains('\n') || else_str.contains('\n') {
        return None;
    }
    let result = format!("if {pat_expr} {{ {if_str} }} else {{ {else_str} }}");
    (result.len() <= width).then_some(result)
}

/// The condition of a control-flow expression, as its overflow check needs it.
pub(crate) fn rewrite_cond(cx: &Cx, e: &Expr, shape: Shape) -> Option<String> {
    match e {
        Expr::If(i) => rewrite_cond_parts(cx, "if", Some(&i.cond), shape, false)
            .map(|(c, _)| strip_cond(c, "if")),
        Expr::While(w) => rewrite_cond_parts(cx, "while", Some(&w.cond), shape, false)
            .map(|(c, _)| strip_cond(c, "while")),
        Expr::Match(m) => {
            let cond_shape = shape.offset_left(6)?.sub_width(2)?;
            expr(cx, &m.expr, cond_shape)
        }
        _ => None,
    }
}

fn strip_cond(text: String, keyword: &str) -> String {
    let text = text
        .strip_prefix(keyword)
        .unwrap_or(&text)
        .trim_start()
        .to_owned();
    text.trim_end().to_owned()
}

// ---- match ----

fn rewrite_match(cx: &Cx, m: &syn::ExprMatch, shape: Shape) -> Option<String> {
    let cond_shape = shape.offset_left(6)?.sub_width(2)?;
    let cond = match expr(cx, &m.expr, cond_shape) {
        Some(c) => c,
        None => {
            let nested = shape.block_indent(super::TAB).with_max_width();
            format!("{}{}", nested.indent.newline(), expr(cx, &m.expr, nested)?)
        }
    };
    let block_sep = if cond.contains('\n') && !last_line_extendable(&cond) {
        shape.indent.newline()
    } else {
        " ".to_owned()
    };
    if m.arms.is_empty() {
        return Some(format!("match {cond}{block_sep}{{}}"));
    }
    let arm_indent = shape.indent.block_only().block_indent();
    let arm_shape = Shape::indented(arm_indent);
    let mut out = format!("match {cond}{block_sep}{{");
    for (i, arm) in m.arms.iter().enumerate() {
        let text = rewrite_arm(cx, arm, arm_shape, i + 1 == m.arms.len())
            .or_else(|| rewrite_arm(cx, arm, arm_shape.infinite_width(), i + 1 == m.arms.len()))?;
        out.push_str(&arm_indent.newline());
        out.push_str(&text);
    }
    out.push_str(&shape.indent.block_only().newline());
    out.push('}');
    Some(out)
}

fn rewrite_arm(cx: &Cx, arm: &syn::Arm, shape: Shape, _is_last: bool) -> Option<String> {
    if !arm.attrs.is_empty() {
        return cx.unsupported("attributes on match arms");
    }
    let pat_shape = shape.sub_width(5)?;
    let mut pats_str = pats::pat(cx, &arm.pat, pat_shape)?;
    if let Some((_, guard)) = &arm.guard {
        let guard_shape = shape
            .offset_left(last_line_width(&pats_str) + 4)?
            .sub_width(5)?;
        match expr(cx, guard, guard_shape) {
            Some(g) if is_single_line(&g) => {
                pats_str.push_str(" if ");
                pats_str.push_str(&g);
            }
            _ => {
                let nested = shape.block_indent(super::TAB).with_max_width();
                let g = expr(cx, guard, nested.offset_left(3)?.sub_width(5)?)?;
                pats_str.push_str(&nested.indent.newline());
                pats_str.push_str("if ");
                pats_str.push_str(&g);
            }
        }
    }
    rewrite_match_body(cx, &arm.body, &pats_str, shape, arm.guard.is_some())
}

fn rewrite_match_body(
    cx: &Cx,
    body: &Expr,
    pats_str: &str,
    shape: Shape,
    has_guard: bool,
) -> Option<String> {
    let (extend, body) = flatten_arm_body(
        cx,
        body,
        shape.offset_left(super::extra_offset(pats_str, shape) + 4),
    );
    let (is_block, is_empty_block) = match body {
        Expr::Block(b) => (true, b.block.stmts.is_empty()),
        _ => (false, false),
    };
    let comma = match body {
        Expr::Block(_) => "",
        _ => ",",
    };
    let combine_orig = |body_str: &str| format!("{pats_str} => {body_str}{comma}");
    let next_line_indent = if !is_block || is_empty_block {
        shape.indent.block_indent()
    } else {
        shape.indent
    };
    let forbid_same_line = has_guard && pats_str.contains('\n') && !is_empty_block;
    let combine_next_line = |body_str: &str| {
        let nested = next_line_indent.newline();
        if is_block {
            return format!("{pats_str} =>{nested}{body_str}{comma}");
        }
        let indent_str = shape.indent.newline();
        let semicolon = if semicolon_for_expr(body) { ";" } else { "" };
        let sep = if forbid_same_line {
            format!("{indent_str}{{")
        } else {
            " {".to_owned()
        };
        format!("{pats_str} =>{sep}{nested}{body_str}{semicolon}{indent_str}}}")
    };
    let orig_shape = shape
        .offset_left(super::extra_offset(pats_str, shape) + 4)
        .and_then(|s| s.sub_width(comma.len()));
    let orig = if forbid_same_line {
        None
    } else if let Some(body_shape) = orig_shape {
        let rewrite = format_expr(cx, body, Context::Statement, body_shape)
            .map(|s| nop_block_collapse(s, body_shape.width));
        match rewrite {
            Some(ref s) if is_block || (is_single_line(s) && s.len() <= body_shape.width) => {
                return Some(combine_orig(s));
            }
            other => other,
        }
    } else {
        None
    };
    let orig_budget = orig_shape.map_or(0, |s| s.width);
    let next_shape = Shape::indented(next_line_indent);
    let next = format_expr(cx, body, Context::Statement, next_shape)
        .map(|s| nop_block_collapse(s, next_shape.width));
    match (orig, next) {
        (Some(o), Some(n)) if prefer_next_line(&o, &n) => Some(combine_next_line(&n)),
        (Some(o), _) if extend && first_line_width(&o) <= orig_budget => Some(combine_orig(&o)),
        (Some(o), Some(n)) if o.contains('\n') => Some(combine_next_line(&n)),
        (None, Some(n)) => Some(combine_next_line(&n)),
        (None, None) => None,
        (Some(o), _) => Some(combine_orig(&o)),
    }
}

fn nop_block_collapse(s: String, budget: usize) -> String {
    if s.starts_with('{') && budget >= 2 && s[1..].trim_start().len() == 1 {
        "{}".to_owned()
    } else {
        s
    }
}

fn semicolon_for_expr(e: &Expr) -> bool {
    matches!(e, Expr::Return(_) | Expr::Break(_) | Expr::Continue(_))
}

fn flatten_arm_body<'a>(cx: &Cx, body: &'a Expr, shape: Option<Shape>) -> (bool, &'a Expr) {
    if let Expr::Block(b) = body {
        if b.label.is_none() && b.attrs.is_empty() {
            if let Some(inner) = simple_block_expr(&b.block) {
                if matches!(inner, Expr::Macro(_)) {
                    return (can_flatten_around(body), body);
                }
                if let Expr::Block(_) = inner {
                    return flatten_arm_body(cx, inner, None);
                }
                let cond_multi_line = shape
                    .and_then(|s| rewrite_cond(cx, inner, s))
                    .is_some_and(|c| c.contains('\n'));
                if cond_multi_line {
                    return (false, body);
                }
                return (can_flatten_around(inner), inner);
            }
            return (false, body);
        }
    }
    (can_flatten_around(body), body)
}

fn can_flatten_around(e: &Expr) -> bool {
    match e {
        Expr::If(_) | Expr::ForLoop(_) | Expr::While(_) => false,
        Expr::Loop(_)
        | Expr::Match(_)
        | Expr::Block(_)
        | Expr::Closure(_)
        | Expr::Array(_)
        | Expr::Call(_)
        | Expr::MethodCall(_)
        | Expr::Macro(_)
        | Expr::Struct(_)
        | Expr::Tuple(_) => true,
        Expr::Reference(r) => can_flatten_around(&r.expr),
        Expr::Try(t) => can_flatten_around(&t.expr),
        Expr::Unary(u) => can_flatten_around(&u.expr),
        Expr::Index(i) => can_flatten_around(&i.expr),
        Expr::Cast(c) => can_flatten_around(&c.expr),
        _ => false,
    }
}

// ---- closures ----

fn closure_prefix(cx: &Cx, c: &syn::ExprClosure, shape: Shape) -> Option<(String, usize)> {
    if c.lifetimes.is_some() || c.constness.is_some() || c.movability.is_some() {
        return cx.unsupported("closure binders");
    }
    let asyncness = if c.asyncness.is_some() { "async " } else { "" };
    let capture = if c.capture.is_some() { "move " } else { "" };
    let offset = asyncness.len() + capture.len();
    let nested = shape.shrink_left(offset)?.sub_width(4)?;
    let param_shape = nested.offset_left(1)?.visual_indent(0);
    let ret = match &c.output {
        syn::ReturnType::Default => String::new(),
        syn::ReturnType::Type(_, ty) => {
            format!("-> {}", types::ty(cx, ty, param_shape.offset_left(3)?)?)
        }
    };
    let params: Vec<Option<String>> = c
        .inputs
        .iter()
        .map(|p| pats::pat(cx, p, param_shape))
        .collect();
    let budget = nested.width.saturating_sub(ret.len() + 1);
    let tactic =
        super::lists::definitive_tactic(&params, super::lists::Want::HorizontalVertical, budget);
    let list = super::lists::write_list(&params, tactic, param_shape, false)?;
    let mut prefix = format!("{asyncness}{capture}|{list}|");
    if !ret.is_empty() {
        prefix.push(' ');
        prefix.push_str(&ret);
    }
    let extra = last_line_width(&prefix) + 1;
    Some((prefix, extra))
}

fn rewrite_closure(cx: &Cx, c: &syn::ExprClosure, shape: Shape) -> Option<String> {
    let (prefix, extra) = closure_prefix(cx, c, shape)?;
    let body_shape = shape.offset_left(extra)?;
    if let Expr::Block(block) = &*c.body {
        if block.block.stmts.is_empty() {
            return Some(format!("{prefix} {{}}"));
        }
        let without = match c.output {
            syn::ReturnType::Default => try_without_block(cx, &c.body, &prefix, shape, body_shape),
            _ => None,
        };
        without.or_else(|| {
            let b = format_expr(cx, &c.body, Context::SubExpression, body_shape)?;
            Some(format!("{prefix} {b}"))
        })
    } else {
        closure_expr(cx, &c.body, &prefix, body_shape)
            .or_else(|| closure_with_block(cx, &c.body, &prefix, body_shape))
    }
}

fn inner_expr(e: &Expr) -> &Expr {
    if let Expr::Block(b) = e {
        if b.label.is_none() && b.block.stmts.len() == 1 {
            if let Stmt::Expr(inner, None) = &b.block.stmts[0] {
                return inner_expr(inner);
            }
        }
    }
    e
}

fn try_without_block(
    cx: &Cx,
    body: &Expr,
    prefix: &str,
    shape: Shape,
    body_shape: Shape,
) -> Option<String> {
    let e = inner_expr(body);
    if is_block_closure_forced(e) {
        closure_with_block(cx, e, prefix, shape)
    } else {
        closure_expr(cx, e, prefix, body_shape)
    }
}

fn allow_multi_line(e: &Expr) -> bool {
    match e {
        Expr::Match(_)
        | Expr::Block(_)
        | Expr::Loop(_)
        | Expr::Struct(_)
        | Expr::Async(_)
        | Expr::Unsafe(_) => true,
        Expr::Reference(r) => allow_multi_line(&r.expr),
        Expr::Try(t) => allow_multi_line(&t.expr),
        Expr::Unary(u) => allow_multi_line(&u.expr),
        Expr::Cast(c) => allow_multi_line(&c.expr),
        _ => false,
    }
}

fn closure_expr(cx: &Cx, e: &Expr, prefix: &str, shape: Shape) -> Option<String> {
    let text = expr(cx, e, shape)?;
    if !allow_multi_line(e) && text.contains('\n') {
        return None;
    }
    Some(format!("{prefix} {text}"))
}

fn veto_block(e: &Expr) -> bool {
    matches!(
        e,
        Expr::Call(_)
            | Expr::Binary(_)
            | Expr::Cast(_)
            | Expr::Assign(_)
            | Expr::Field(_)
            | Expr::Index(_)
            | Expr::Range(_)
            | Expr::Try(_)
    )
}

fn closure_with_block(cx: &Cx, e: &Expr, prefix: &str, shape: Shape) -> Option<String> {
    if veto_block(e) {
        return None;
    }
    // `{ e }` as a block of one statement, without building one (the layouts of `e` are
    // remembered by its place in the file's tree).
    let inner = shape.indent.block_only().block_indent();
    let body_shape = Shape::indented(inner);
    let text = format_expr(cx, e, Context::Statement, body_shape)
        .or_else(|| cx.relaxed(|| format_expr(cx, e, Context::Statement, body_shape)))
        .or_else(|| format_expr(cx, e, Context::Statement, body_shape.infinite_width()))?;
    let semi = if semicolon_for_expr(e) { ";" } else { "" };
    Some(format!(
        "{prefix} {{{}{text}{semi}{}}}",
        inner.newline(),
        shape.indent.block_only().newline()
    ))
}

fn is_block_closure_forced(e: &Expr) -> bool {
    match e {
        Expr::If(_) | Expr::While(_) | Expr::ForLoop(_) | Expr::Loop(_) => true,
        Expr::Reference(r) => is_block_closure_forced(&r.expr),
        Expr::Try(t) => is_block_closure_forced(&t.expr),
        Expr::Unary(u) => is_block_closure_forced(&u.expr),
        Expr::Cast(c) => is_block_closure_forced(&c.expr),
        _ => false,
    }
}

/// A closure as the last argument of a call, tried on the call's line.
pub(crate) fn rewrite_last_closure(
    cx: &Cx,
    c: &syn::ExprClosure,
    whole: &Expr,
    shape: Shape,
) -> Option<String> {
    let body = match &*c.body {
        Expr::Block(b) if b.label.is_none() => match simple_block_expr(&b.block) {
            Some(inner) => inner,
            None => &*c.body,
        },
        other => other,
    };
    let (prefix, extra) = closure_prefix(cx, c, shape)?;
    if prefix.contains('\n') {
        return None;
    }
    let body_shape = shape.offset_left(extra)?;
    if is_block_closure_forced(body) {
        let body_str = closure_with_block(cx, body, &prefix, body_shape)?;
        if matches!(c.output, syn::ReturnType::Default) && body_str.lines().count() <= 7 {
            if let Some(single) = closure_expr(cx, body, &prefix, shape) {
                if !single.contains('\n') {
                    return Some(single);
                }
            }
        }
        return Some(body_str);
    }
    let multi_line_cond = rewrite_cond(cx, body, body_shape)
        .is_some_and(|cond| cond.contains('\n') || cond.len() > body_shape.width);
    if multi_line_cond {
        return closure_with_block(cx, body, &prefix, body_shape);
    }
    expr(cx, whole, shape)
}
