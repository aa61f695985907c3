//! Delimited lists (arguments, parameters, generic arguments, array elements): one line, one
//! item per line, or packed lines, and `rustfmt`'s "overflow" of a last argument that may
//! span lines (`f(a, |x| {` ... `})`).

use super::exprs;
use super::{Cx, Shape, extra_offset, first_line_width, last_line_width};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tactic {
    Horizontal,
    Vertical,
    /// As many items per line as fit.
    Mixed,
    /// The first `n` items and the next one on the opening line, the rest on one line below
    /// (`format!`-like macros).
    SpecialMacro(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Want {
    HorizontalVertical,
    LimitedHorizontalVertical(usize),
    Mixed,
}

/// Whether the items go on one line: they fit `width` (and the limit) and none spans lines.
pub(crate) fn definitive_tactic(items: &[Option<String>], want: Want, width: usize) -> Tactic {
    let limit = match want {
        Want::LimitedHorizontalVertical(limit) => width.min(limit),
        Want::Mixed | Want::HorizontalVertical => width,
    };
    let total: usize = items
        .iter()
        .map(|i| i.as_deref().map_or(0, str::len))
        .sum::<usize>()
        + 2 * items.len().saturating_sub(1);
    let multi_line = items
        .iter()
        .any(|i| i.as_deref().is_some_and(|s| s.contains('\n')));
    if total <= limit && !multi_line {
        Tactic::Horizontal
    } else if want == Want::Mixed {
        Tactic::Mixed
    } else {
        Tactic::Vertical
    }
}

/// How the items are joined; `shape` is where vertical items start. The trailing comma is
/// written in vertical and mixed layouts when `trailing` says so.
pub(crate) fn write_list(
    items: &[Option<String>],
    tactic: Tactic,
    shape: Shape,
    trailing: bool,
) -> Option<String> {
    let items: Vec<&str> = items.iter().map(|i| i.as_deref()).collect::<Option<_>>()?;
    let newline = shape.indent.newline();
    let mut out = String::new();
    match tactic {
        Tactic::Horizontal => {
            out = items.join(", ");
            if trailing {
                out.push(',');
            }
        }
        Tactic::Vertical => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(&newline);
                }
                out.push_str(item);
                if i + 1 < items.len() || trailing {
                    out.push(',');
                }
            }
        }
        Tactic::Mixed => {
            let mut line_len = 0;
            for (i, item) in items.iter().enumerate() {
                let last = i + 1 == items.len();
                let sep = if last && !trailing { 0 } else { 1 };
                if i > 0 {
                    if line_len + 1 + item.len() + sep > shape.width {
                        out.push_str(&newline);
                        line_len = 0;
                    } else {
                        out.push(' ');
                        line_len += 1;
                    }
                }
                out.push_str(item);
                line_len += item.len();
                if !last || trailing {
                    out.push(',');
                    line_len += 1;
                }
            }
        }
        Tactic::SpecialMacro(before) => {
            // `f(a, b, c,` / `    d, e,`: the first `before + 1` on the opening line.
            let (first, rest) = items.split_at((before + 1).min(items.len()));
            out.push_str(&first.join(", "));
            if !rest.is_empty() {
                out.push(',');
                out.push_str(&newline);
                out.push_str(&rest.join(", "));
            }
            if trailing {
                out.push(',');
            }
        }
    }
    Some(out)
}

/// An item of an overflowable list.
#[derive(Clone, Copy)]
pub(crate) enum Item<'a> {
    Expr(&'a syn::Expr),
    Type(&'a syn::Type),
    GenericArg(&'a syn::GenericArgument),
    /// Text that stays as it is (a pattern, a keyword, a printed item).
    Text(&'a str),
}

impl<'a> Item<'a> {
    fn rewrite(self, cx: &Cx, shape: Shape) -> Option<String> {
        match self {
            Item::Expr(e) => exprs::expr(cx, e, shape),
            Item::Type(t) => super::types::ty(cx, t, shape),
            Item::GenericArg(a) => super::types::generic_arg(cx, a, shape),
            Item::Text(t) => Some(t.to_owned()),
        }
    }

    fn expr(self) -> Option<&'a syn::Expr> {
        match self {
            Item::Expr(e) => Some(e),
            _ => None,
        }
    }

    fn can_be_overflowed(self, len: usize) -> bool {
        match self {
            Item::Expr(e) => exprs::can_be_overflowed(e, len),
            Item::Type(t) | Item::GenericArg(syn::GenericArgument::Type(t)) => {
                super::types::can_be_overflowed(t, len)
            }
            _ => false,
        }
    }

    fn is_nested_call(self) -> bool {
        self.expr().is_some_and(exprs::is_nested_call)
    }

    fn is_simple(self) -> bool {
        match self {
            Item::Expr(e) => exprs::is_simple(e),
            Item::Text(_) => false,
            _ => false,
        }
    }
}

/// The macros whose leading arguments `rustfmt` keeps on the first line (`write!(f, "..",`).
const SPECIAL_MACROS: &[(&str, usize)] = &[
    ("eprint!", 0),
    ("eprintln!", 0),
    ("format!", 0),
    ("format_args!", 0),
    ("print!", 0),
    ("println!", 0),
    ("panic!", 0),
    ("unreachable!", 0),
    ("debug!", 0),
    ("error!", 0),
    ("info!", 0),
    ("warn!", 0),
    ("trace!", 0),
    ("assert!", 1),
    ("debug_assert!", 1),
    ("write!", 1),
    ("writeln!", 1),
    ("assert_eq!", 2),
    ("assert_ne!", 2),
    ("debug_assert_eq!", 2),
    ("debug_assert_ne!", 2),
];

/// A delimited list after `ident` (a callee, a path, a macro name), laid out as `rustfmt`'s
/// `overflow` module does.
pub(crate) struct Overflow<'a, 'c> {
    pub cx: &'c Cx,
    pub items: Vec<Item<'a>>,
    pub ident: &'c str,
    pub prefix: &'static str,
    pub suffix: &'static str,
    pub item_max_width: usize,
    pub in_macro: bool,
    /// The trailing comma: `None` in vertical layouts only, `Some(true)` always (a macro call
    /// written with one), `Some(false)` never (a macro call written without).
    pub trailing: Option<bool>,
}

impl Overflow<'_, '_> {
    pub fn rewrite(&self, shape: Shape) -> Option<String> {
        let used_width = extra_offset(self.ident, shape);
        let one_line_width = shape.width.saturating_sub(used_width + 2);
        let one_line_shape = shape
            .offset_left(last_line_width(self.ident) + 1)
            .and_then(|s| s.sub_width(1))
            .unwrap_or(Shape { width: 0, ..shape });
        let nested = shape.block().block_indent(super::TAB).with_max_width();
        let nested_shape = Shape {
            width: nested.width.saturating_sub(1),
            ..nested
        };
        let ctx = Ctx {
            one_line_width,
            one_line_shape,
            nested_shape,
        };
        let mut list: Vec<Option<String>> = self
            .items
            .iter()
            .map(|item| item.rewrite(self.cx, nested_shape))
            .collect();
        let tactic = self.try_overflow_last_item(&ctx, &mut list);
        let trailing = match self.trailing {
            None => tactic != Tactic::Horizontal,
            Some(always) => always,
        };
        let items_str = write_list(&list, tactic, nested_shape, trailing)?;
        Some(self.wrap_items(
            &items_str,
            shape,
            tactic == Tactic::Horizontal,
            nested_shape,
        ))
    }

    fn try_overflow_last_item(&self, ctx: &Ctx, list: &mut [Option<String>]) -> Tactic {
        let n = self.items.len();
        let combine_arg_with_callee =
            n == 1 && matches!(self.items[0], Item::Expr(_)) && self.ident.len() < super::TAB;
        let overflow_last =
            n > 0 && (combine_arg_with_callee || self.items[n - 1].can_be_overflowed(n));
        let placeholder = if overflow_last {
            let force_one_line = !combine_arg_with_callee
                && self.items[n - 1].expr().is_some_and(exprs::is_method_call);
            let previous = self.cx.force_one_line_chain.get();
            if force_one_line {
                self.cx.force_one_line_chain.set(true);
            }
            let result = self
                .last_item_shape(list, ctx.one_line_shape)
                .and_then(|shape| {
                    let rewrite = self.rewrite_last_with_overflow(shape)?;
                    list[n - 1] = Some(rewrite.split('\n').next().unwrap_or("").to_owned());
                    Some(rewrite)
                });
            self.cx.force_one_line_chain.set(previous);
            result
        } else {
            None
        };
        let mut tactic = definitive_tactic(
            list,
            Want::LimitedHorizontalVertical(self.item_max_width),
            ctx.one_line_width,
        );
        match (overflow_last, tactic, placeholder) {
            (true, Tactic::Horizontal, Some(overflowed)) if n == 1 => {
                if super::count_newlines(&overflowed) == 1 {
                    let rewrite = self.items[n - 1].rewrite(self.cx, ctx.nested_shape);
                    if rewrite.as_deref().is_some_and(super::is_single_line) {
                        list[n - 1] = rewrite;
                    } else {
                        list[n - 1] = Some(overflowed);
                    }
                } else {
                    list[n - 1] = Some(overflowed);
                }
            }
            (true, Tactic::Horizontal, Some(overflowed)) => list[n - 1] = Some(overflowed),
            _ if n > 0 => {
                list[n - 1] = self.items[n - 1].rewrite(self.cx, ctx.nested_shape);
                if n == 1
                    && ctx.one_line_width != 0
                    && list[0].as_deref().is_some_and(|s| !s.contains('\n'))
                    && list[0].as_deref().map_or(0, str::len) <= ctx.one_line_width
                {
                    tactic = Tactic::Horizontal;
                } else {
                    tactic = definitive_tactic(
                        list,
                        Want::LimitedHorizontalVertical(self.item_max_width),
                        ctx.one_line_width,
                    );
                    if tactic == Tactic::Vertical {
                        tactic = self.vertical_alternative(list, ctx);
                    }
                }
            }
            _ => {}
        }
        tactic
    }

    /// `format!`-like macros keep their leading arguments together; lists of short simple
    /// items are packed.
    fn vertical_alternative(&self, list: &[Option<String>], ctx: &Ctx) -> Tactic {
        let special = if self.in_macro {
            SPECIAL_MACROS
                .iter()
                .find(|(name, _)| *name == self.ident)
                .map(|(_, before)| *before)
        } else {
            None
        };
        if let Some(before) = special {
            let all_simple = self.items.len() > before
                && self.items[..before].iter().all(|i| i.is_simple())
                && self.items[before + 1..].iter().all(|i| i.is_simple());
            let one_line = all_simple
                && definitive_tactic(
                    &list[..before],
                    Want::HorizontalVertical,
                    ctx.nested_shape.width,
                ) == Tactic::Horizontal
                && definitive_tactic(
                    &list[before + 1..],
                    Want::HorizontalVertical,
                    ctx.nested_shape.width,
                ) == Tactic::Horizontal;
            if one_line {
                return Tactic::SpecialMacro(before);
            }
            return Tactic::Vertical;
        }
        let short = list.iter().all(|i| {
            i.as_deref()
                .is_some_and(|s| s.len() <= super::SHORT_ARRAY_ELEMENT_WIDTH)
        });
        if self.items.iter().all(|i| i.is_simple()) && short {
            Tactic::Mixed
        } else {
            Tactic::Vertical
        }
    }

    fn last_item_shape(&self, list: &[Option<String>], shape: Shape) -> Option<Shape> {
        if list.len() == 1 && !self.items[0].is_nested_call() {
            return Some(shape);
        }
        let offset: usize = list[..list.len() - 1]
            .iter()
            .map(|i| 2 + i.as_deref().map_or(0, str::len))
            .sum();
        Shape {
            width: self.item_max_width.min(shape.width),
            ..shape
        }
        .offset_left(offset)
    }

    fn rewrite_last_with_overflow(&self, shape: Shape) -> Option<String> {
        let last = *self.items.last()?;
        let Item::Expr(expr) = last else {
            return last.rewrite(self.cx, shape);
        };
        match expr {
            syn::Expr::Closure(closure) => {
                let closures = self
                    .items
                    .iter()
                    .filter(|i| matches!(i.expr(), Some(syn::Expr::Closure(_))))
                    .count();
                if closures > 1 {
                    None
                } else {
                    exprs::rewrite_last_closure(self.cx, closure, expr, shape)
                }
            }
            syn::Expr::If(_)
            | syn::Expr::ForLoop(_)
            | syn::Expr::Loop(_)
            | syn::Expr::While(_)
            | syn::Expr::Match(_) => {
                let multi_line =
                    exprs::rewrite_cond(self.cx, expr, shape).is_some_and(|c| c.contains('\n'));
                if multi_line {
                    None
                } else {
                    exprs::expr(self.cx, expr, shape)
                }
            }
            _ => exprs::expr(self.cx, expr, shape),
        }
    }

    fn wrap_items(&self, items: &str, shape: Shape, extendable: bool, nested: Shape) -> String {
        let shape = Shape {
            width: shape.width.saturating_sub(last_line_width(self.ident)),
            ..shape
        };
        let extend_width = if items.is_empty() {
            2
        } else {
            first_line_width(items) + 1
        };
        let mut out = String::with_capacity(self.ident.len() + items.len() + 16);
        out.push_str(self.ident);
        out.push_str(self.prefix);
        if extendable && extend_width <= shape.width {
            out.push_str(items);
        } else {
            if !items.is_empty() {
                out.push_str(&nested.indent.newline());
                out.push_str(items);
            }
            out.push_str(&shape.block().indent.newline());
        }
        out.push_str(self.suffix);
        out
    }
}

struct Ctx {
    one_line_width: usize,
    one_line_shape: Shape,
    nested_shape: Shape,
}
