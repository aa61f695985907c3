//! Macro calls. Like `rustfmt`, arguments that parse as comma-separated expressions (or types,
//! or patterns) are laid out as a call's or an array's; anything else is printed from its
//! tokens, which `rustfmt` then leaves as written.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use syn::parse::{ParseStream, Parser};

use super::lists::{Item, Overflow};
use super::{Cx, Shape};

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Position {
    Expression,
    Statement,
    Pattern,
}

pub(crate) enum Arg {
    Expr(syn::Expr),
    Type(syn::Type),
    Pat(syn::Pat),
}

pub(crate) struct Args {
    args: Vec<Arg>,
    trailing_comma: bool,
}

/// What a macro's tokens parse as: comma-separated arguments, or `value; count`.
pub(crate) enum Parsed {
    Args(Args),
    Repeat(Box<(syn::Expr, syn::Expr)>),
    Neither,
}

/// Parses a macro's tokens once per file: its expressions must keep their place while the
/// file is printed, since layouts are remembered by it.
fn parsed(cx: &Cx, mac: &syn::Macro) -> std::rc::Rc<Parsed> {
    cx.macro_args(mac, || {
        if matches!(mac.delimiter, syn::MacroDelimiter::Bracket(_)) {
            if let Some((value, count)) = parse_repeat(&mac.tokens) {
                return Parsed::Repeat(Box::new((value, count)));
            }
        }
        match parse_args(mac.tokens.clone()) {
            Some(args) => Parsed::Args(args),
            None => Parsed::Neither,
        }
    })
}

fn parse_args(tokens: TokenStream) -> Option<Args> {
    let parser = |input: ParseStream<'_>| -> syn::Result<Args> {
        let mut args = Vec::new();
        let mut trailing_comma = false;
        while !input.is_empty() {
            args.push(parse_arg(input)?);
            trailing_comma = false;
            if input.is_empty() {
                break;
            }
            input.parse::<syn::Token![,]>()?;
            trailing_comma = true;
        }
        Ok(Args {
            args,
            trailing_comma,
        })
    };
    parser.parse2(tokens).ok()
}

/// One argument, tried as an expression, a type, then a pattern without top-level `|`, each
/// followed by a comma or the end.
fn parse_arg(input: ParseStream<'_>) -> syn::Result<Arg> {
    let ends = |fork: ParseStream<'_>| fork.is_empty() || fork.peek(syn::Token![,]);
    let fork = input.fork();
    if fork.parse::<syn::Expr>().is_ok() && ends(&fork) {
        return Ok(Arg::Expr(input.parse()?));
    }
    let fork = input.fork();
    if fork.parse::<syn::Type>().is_ok() && ends(&fork) {
        return Ok(Arg::Type(input.parse()?));
    }
    let fork = input.fork();
    if syn::Pat::parse_single(&fork).is_ok() && ends(&fork) {
        return Ok(Arg::Pat(syn::Pat::parse_single(input)?));
    }
    Err(input.error("not a macro argument rustfmt formats"))
}

pub(crate) fn rewrite(
    cx: &Cx,
    mac: &syn::Macro,
    shape: Shape,
    position: Position,
) -> Option<String> {
    let name = format!(
        "{}!",
        super::types::path(cx, None, &mac.path, super::types::PathKind::Expr, shape)?
    );
    let (open, close) = match mac.delimiter {
        syn::MacroDelimiter::Paren(_) => ("(", ")"),
        syn::MacroDelimiter::Bracket(_) => ("[", "]"),
        syn::MacroDelimiter::Brace(_) => ("{", "}"),
    };
    if mac.tokens.is_empty() {
        return Some(format!("{name}{open}{close}"));
    }
    let verbatim = || Some(format!("{name}{open}{}{close}", tokens_text(&mac.tokens)));
    if open == "{" || position == Position::Pattern {
        return verbatim();
    }
    let parsed = parsed(cx, mac);
    let args = match &*parsed {
        Parsed::Repeat(parts) => {
            return repeat_form(cx, &name, &parts.0, &parts.1, shape).or_else(verbatim);
        }
        Parsed::Args(args) => args,
        Parsed::Neither => return verbatim(),
    };
    let texts: Vec<Option<String>> = args
        .args
        .iter()
        .map(|arg| match arg {
            Arg::Expr(_) => None,
            Arg::Type(t) => super::types::ty(cx, t, shape.infinite_width()),
            Arg::Pat(p) => super::pats::pat(cx, p, shape.infinite_width()),
        })
        .collect();
    let items: Vec<Item<'_>> = args
        .args
        .iter()
        .zip(&texts)
        .map(|(arg, text)| match arg {
            Arg::Expr(e) => Item::Expr(e),
            _ => Item::Text(text.as_deref().unwrap_or("")),
        })
        .collect();
    if texts
        .iter()
        .zip(&args.args)
        .any(|(t, a)| t.is_none() && !matches!(a, Arg::Expr(_)))
    {
        return verbatim();
    }
    let (prefix, suffix, width) = if open == "(" {
        ("(", ")", super::FN_CALL_WIDTH)
    } else {
        ("[", "]", super::ARRAY_WIDTH)
    };
    let result = Overflow {
        cx,
        items,
        ident: &name,
        prefix,
        suffix,
        item_max_width: width,
        in_macro: true,
        trailing: Some(args.trailing_comma),
    }
    .rewrite(shape);
    result.or_else(verbatim)
}

fn parse_repeat(tokens: &TokenStream) -> Option<(syn::Expr, syn::Expr)> {
    let parser = |input: ParseStream<'_>| -> syn::Result<(syn::Expr, syn::Expr)> {
        let value: syn::Expr = input.parse()?;
        input.parse::<syn::Token![;]>()?;
        let count: syn::Expr = input.parse()?;
        Ok((value, count))
    };
    parser.parse2(tokens.clone()).ok()
}

/// `vec![value; count]`.
fn repeat_form(
    cx: &Cx,
    name: &str,
    value: &syn::Expr,
    count: &syn::Expr,
    shape: Shape,
) -> Option<String> {
    let value = super::exprs::expr(cx, value, shape.offset_left(name.len() + 1)?)?;
    let count = super::exprs::expr(cx, count, shape.offset_left(name.len() + value.len() + 3)?)?;
    super::wrap(format!("{name}[{value}; {count}]"), shape)
}

/// Tokens as text, spaced the way people write them.
pub(crate) fn tokens_text(tokens: &TokenStream) -> String {
    let mut out = String::new();
    write_tokens(tokens, &mut out);
    out
}

fn write_tokens(tokens: &TokenStream, out: &mut String) {
    let atoms = atoms(tokens);
    for (i, atom) in atoms.iter().enumerate() {
        if i > 0
            && space_between(
                &atoms[i - 1],
                atom,
                i >= 2 && atoms.get(i - 2).is_some_and(Atom::is_op) || i == 1,
            )
        {
            out.push(' ');
        }
        match atom {
            Atom::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                write_tokens(&group.stream(), out);
                out.push_str(close);
            }
            Atom::Word(text) | Atom::Op(text) => out.push_str(text),
        }
    }
}

/// A token, or an operator made of joint punctuation.
enum Atom {
    Word(String),
    Op(String),
    Group(proc_macro2::Group),
}

impl Atom {
    fn is_op(&self) -> bool {
        matches!(self, Atom::Op(_))
    }

    fn op(&self) -> Option<&str> {
        match self {
            Atom::Op(op) => Some(op),
            _ => None,
        }
    }
}

fn atoms(tokens: &TokenStream) -> Vec<Atom> {
    let mut out = Vec::new();
    let mut op = String::new();
    for tree in tokens.clone() {
        match tree {
            TokenTree::Punct(p) => {
                op.push(p.as_char());
                if p.spacing() == Spacing::Alone {
                    out.push(Atom::Op(std::mem::take(&mut op)));
                }
            }
            other => {
                if !op.is_empty() {
                    out.push(Atom::Op(std::mem::take(&mut op)));
                }
                match other {
                    TokenTree::Group(g) => out.push(Atom::Group(g)),
                    other => out.push(Atom::Word(other.to_string())),
                }
            }
        }
    }
    if !op.is_empty() {
        out.push(Atom::Op(op));
    }
    out
}

/// Whether a space separates two atoms; `prefix_position` says the previous atom stands where
/// an operand starts (so `&`, `!`, `-`, `*` there are prefix operators).
fn space_between(prev: &Atom, next: &Atom, prefix_position: bool) -> bool {
    const TIGHT: &[&str] = &["::", ".", "..", "..=", "'"];
    if let Some(op) = next.op() {
        if TIGHT.contains(&op) || matches!(op, "," | ";" | "?" | ":") {
            return false;
        }
    }
    if let Some(op) = prev.op() {
        if TIGHT.contains(&op) || op == "#" {
            return false;
        }
        if matches!(op, "&" | "!" | "-" | "*") && prefix_position {
            return false;
        }
        if op == "!" {
            // `name!(..)`
            return !matches!(next, Atom::Group(_));
        }
        return true;
    }
    if let Atom::Group(group) = next {
        // `f(x)`, `a[i]`, but `S { .. }`.
        return group.delimiter() == Delimiter::Brace;
    }
    true
}
