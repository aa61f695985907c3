//! Chains of method calls, field accesses, `?` and `.await`: on one line when they fit the
//! chain width, else one element per line below the root (`rustfmt`'s `chains` module).

use syn::Expr;

use super::exprs;
use super::lists::Item;
use super::{Cx, Shape, first_line_width, last_line_extendable, last_line_width, wrap};

enum Kind<'a> {
    Parent(&'a Expr),
    Method(&'a syn::ExprMethodCall),
    Field(&'a syn::Member),
    Await,
}

struct Element<'a> {
    kind: Kind<'a>,
    tries: usize,
}

impl Element<'_> {
    fn rewrite(&self, cx: &Cx, shape: Shape) -> Option<String> {
        // The `?`s come after the element, on its last line.
        let shape = shape.sub_width(self.tries)?;
        let text = match &self.kind {
            Kind::Parent(e) => exprs::expr(cx, e, shape)?,
            Kind::Method(call) => {
                let mut callee = format!(".{}", call.method);
                if let Some(turbofish) = &call.turbofish {
                    let args: Vec<String> = turbofish
                        .args
                        .iter()
                        .map(|a| {
                            super::types::generic_arg(
                                cx,
                                a,
                                Shape::legacy(usize::MAX / 2, shape.indent),
                            )
                        })
                        .collect::<Option<_>>()?;
                    callee.push_str("::<");
                    callee.push_str(&args.join(", "));
                    callee.push('>');
                }
                exprs::call_like(
                    cx,
                    &callee,
                    call.args.iter().map(Item::Expr).collect(),
                    shape,
                    false,
                )?
            }
            Kind::Field(member) => {
                let text = match member {
                    syn::Member::Named(ident) => format!(".{ident}"),
                    syn::Member::Unnamed(index) => format!(".{}", index.index),
                };
                wrap(text, shape)?
            }
            Kind::Await => wrap(".await".to_owned(), shape)?,
        };
        Some(text + &"?".repeat(self.tries))
    }
}

/// The elements of the chain `e`, root first.
fn elements(e: &Expr) -> Vec<Element<'_>> {
    let mut out = Vec::new();
    let mut tries = 0;
    let mut current = e;
    loop {
        match current {
            Expr::Try(t) => {
                tries += 1;
                current = &t.expr;
            }
            Expr::MethodCall(call) => {
                out.push(Element {
                    kind: Kind::Method(call),
                    tries,
                });
                tries = 0;
                current = &call.receiver;
            }
            Expr::Field(field) => {
                out.push(Element {
                    kind: Kind::Field(&field.member),
                    tries,
                });
                tries = 0;
                current = &field.base;
            }
            Expr::Await(a) => {
                out.push(Element {
                    kind: Kind::Await,
                    tries,
                });
                tries = 0;
                current = &a.base;
            }
            _ => {
                out.push(Element {
                    kind: Kind::Parent(current),
                    tries,
                });
                break;
            }
        }
    }
    out.reverse();
    out
}

/// Whether the parent, as printed, ends in a block-like construct that children may follow.
fn is_block_like(e: &Expr, text: &str) -> bool {
    match e {
        Expr::Macro(_)
        | Expr::Call(_)
        | Expr::MethodCall(_)
        | Expr::Array(_)
        | Expr::Struct(_)
        | Expr::While(_)
        | Expr::If(_)
        | Expr::Block(_)
        | Expr::Const(_)
        | Expr::Async(_)
        | Expr::Loop(_)
        | Expr::ForLoop(_)
        | Expr::Match(_) => text.contains('\n'),
        Expr::Paren(p) => is_block_like(&p.expr, text),
        Expr::Binary(b) => is_block_like(&b.right, text),
        Expr::Index(i) => is_block_like(&i.index, text),
        Expr::Unary(u) => is_block_like(&u.expr, text),
        Expr::Reference(r) => is_block_like(&r.expr, text),
        Expr::Closure(c) => is_block_like(&c.body, text),
        _ => false,
    }
}

pub(crate) fn rewrite_chain(cx: &Cx, e: &Expr, shape: Shape) -> Option<String> {
    let all = elements(e);
    let (parent, children) = all.split_first()?;
    if children.is_empty() {
        return parent.rewrite(cx, shape);
    }
    let child_count = children.len();
    // The root: the parent, and the children that fit in the indentation it leaves.
    let mut root = parent.rewrite(cx, shape)?;
    let Kind::Parent(parent_expr) = parent.kind else {
        return None;
    };
    let mut root_ends_with_block = is_block_like(parent_expr, &root);
    let tab_width = super::TAB.saturating_sub(shape.offset);
    let mut children = children;
    while root.len() <= tab_width && !root.contains('\n') {
        let item = &children[0];
        let item_shape = shape.offset_left(root.len())?;
        match item.rewrite(cx, item_shape) {
            Some(text) => root.push_str(&text),
            None => break,
        }
        root_ends_with_block = last_line_extendable(&root);
        children = &children[1..];
        if children.is_empty() {
            break;
        }
    }
    if children.is_empty() {
        return wrap(root, shape);
    }
    let child_shape = if root_ends_with_block {
        shape.block_indent(0)
    } else {
        shape.block_indent(super::TAB).with_max_width()
    };
    let mut rewrites = vec![root];
    for item in &children[..children.len() - 1] {
        rewrites.push(item.rewrite(cx, child_shape)?);
    }
    // The last child, overflowed on the line of the others when that reads better.
    let last = children.last()?;
    let extendable = last_line_extendable(&rewrites[0]);
    let almost_total = if extendable {
        last_line_width(&rewrites[0])
    } else {
        rewrites.iter().map(String::len).sum()
    } + last.tries;
    let one_line_budget = if child_count == 1 {
        shape.width
    } else {
        shape.width.min(super::CHAIN_WIDTH)
    }
    .saturating_sub(almost_total);
    let all_in_one_line = rewrites.iter().all(|s| !s.contains('\n')) && one_line_budget > 0;
    let last_shape = if all_in_one_line {
        shape.sub_width(last.tries)?
    } else if extendable {
        child_shape.sub_width(last.tries)?
    } else {
        child_shape.sub_width(shape.rhs_overhead() + last.tries)?
    };
    let mut fits_single_line = false;
    let mut last_text = None;
    if all_in_one_line || extendable {
        if let Some(one_line_shape) = last_shape.offset_left(almost_total) {
            if let Some(rw) = last.rewrite(cx, one_line_shape) {
                let line_count = rw.lines().count();
                let could_fit_single_line = first_line_width(&rw) <= one_line_budget;
                if could_fit_single_line && line_count >= 5 {
                    last_text = Some(rw);
                    fits_single_line = all_in_one_line;
                } else {
                    let own_line = child_shape.sub_width(shape.rhs_overhead() + last.tries)?;
                    match last.rewrite(cx, own_line) {
                        Some(new_rw) if !could_fit_single_line => last_text = Some(new_rw),
                        Some(new_rw) if new_rw.lines().count() >= line_count => {
                            last_text = Some(rw);
                            fits_single_line = could_fit_single_line && all_in_one_line;
                        }
                        Some(new_rw) => last_text = Some(new_rw),
                        None => {
                            last_text = Some(rw);
                            fits_single_line = could_fit_single_line && all_in_one_line;
                        }
                    }
                }
            }
        }
    }
    let last_text = match last_text {
        Some(text) => text,
        None => last.rewrite(cx, last_shape)?,
    };
    rewrites.push(last_text);
    let connector = if fits_single_line {
        String::new()
    } else {
        if cx.force_one_line_chain.get() {
            return None;
        }
        child_shape.newline()
    };
    let mut out = rewrites[0].clone();
    for text in &rewrites[1..] {
        out.push_str(&connector);
        out.push_str(text);
    }
    wrap(out, shape)
}
