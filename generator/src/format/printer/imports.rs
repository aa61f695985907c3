//! `use` items: their trees normalised and sorted, and their order in a group, as `rustfmt`
//! (style edition 2024: version sorting) gives them.

use std::cmp::Ordering;

use super::lists::{Tactic, Want, definitive_tactic, write_list};
use super::{Cx, Shape};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Ident(String, Option<String>),
    SelfValue(Option<String>),
    Super,
    Crate,
    Glob,
    List(Vec<Tree>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Tree {
    path: Vec<Segment>,
}

fn tree_of(item: &syn::ItemUse) -> Tree {
    let mut path = Vec::new();
    if item.leading_colon.is_some() {
        path.push(Segment::Ident(String::new(), None));
    }
    push_tree(&item.tree, &mut path);
    normalize(Tree { path })
}

fn push_tree(tree: &syn::UseTree, path: &mut Vec<Segment>) {
    let ident_segment = |ident: &syn::Ident, alias: Option<String>| match ident.to_string().as_str()
    {
        "self" => Segment::SelfValue(alias),
        "super" => Segment::Super,
        "crate" => Segment::Crate,
        name => Segment::Ident(name.to_owned(), alias),
    };
    match tree {
        syn::UseTree::Path(p) => {
            path.push(ident_segment(&p.ident, None));
            push_tree(&p.tree, path);
        }
        syn::UseTree::Name(n) => path.push(ident_segment(&n.ident, None)),
        syn::UseTree::Rename(r) => path.push(ident_segment(&r.ident, Some(r.rename.to_string()))),
        syn::UseTree::Glob(_) => path.push(Segment::Glob),
        syn::UseTree::Group(g) => {
            let trees = g
                .items
                .iter()
                .map(|t| {
                    let mut inner = Vec::new();
                    push_tree(t, &mut inner);
                    normalize(Tree { path: inner })
                })
                .collect();
            path.push(Segment::List(trees));
        }
    }
}

/// `a::{b}` -> `a::b`, `a::{self}` -> `a`, lists sorted and without duplicates.
fn normalize(mut tree: Tree) -> Tree {
    if let Some(Segment::List(list)) = tree.path.last_mut() {
        list.sort_by(compare_trees);
        list.dedup();
        if list.len() == 1 {
            let only = list.remove(0);
            tree.path.pop();
            if only.path == [Segment::SelfValue(None)] {
                if tree.path.is_empty() {
                    tree.path.push(Segment::SelfValue(None));
                }
            } else {
                tree.path.extend(only.path);
            }
        }
    }
    tree
}

fn compare_segments(a: &Segment, b: &Segment) -> Ordering {
    use Segment::*;
    match (a, b) {
        (SelfValue(x), SelfValue(y)) => match (x, y) {
            (Some(x), Some(y)) => version_sort(x, y),
            _ => x.cmp(y),
        },
        (Super, Super) | (Crate, Crate) | (Glob, Glob) => Ordering::Equal,
        (Ident(x, xa), Ident(y, ya)) => {
            let order = version_sort(x.trim_start_matches("r#"), y.trim_start_matches("r#"));
            if order != Ordering::Equal {
                return order;
            }
            match (xa, ya) {
                (None, Some(_)) => Ordering::Less,
                (Some(_), None) => Ordering::Greater,
                (Some(x), Some(y)) => version_sort(x, y),
                (None, None) => Ordering::Equal,
            }
        }
        (List(x), List(y)) => {
            for (p, q) in x.iter().zip(y) {
                let order = compare_trees(p, q);
                if order != Ordering::Equal {
                    return order;
                }
            }
            x.len().cmp(&y.len())
        }
        (SelfValue(_), _) => Ordering::Less,
        (_, SelfValue(_)) => Ordering::Greater,
        (Super, _) => Ordering::Less,
        (_, Super) => Ordering::Greater,
        (Crate, _) => Ordering::Less,
        (_, Crate) => Ordering::Greater,
        (Ident(..), _) => Ordering::Less,
        (_, Ident(..)) => Ordering::Greater,
        (Glob, _) => Ordering::Less,
        (_, Glob) => Ordering::Greater,
    }
}

fn without_alias(s: &Segment) -> Segment {
    match s {
        Segment::Ident(name, _) => Segment::Ident(name.clone(), None),
        Segment::SelfValue(_) => Segment::SelfValue(None),
        other => other.clone(),
    }
}

fn compare_trees(a: &Tree, b: &Tree) -> Ordering {
    for (x, y) in a.path.iter().zip(&b.path) {
        let order = compare_segments(x, y);
        if order != Ordering::Equal
            && compare_segments(&without_alias(x), &without_alias(y)) != Ordering::Equal
        {
            return order;
        }
    }
    a.path.len().cmp(&b.path.len())
}

/// The order of two `use` items in a group.
pub(crate) fn compare(a: &syn::Item, b: &syn::Item) -> Ordering {
    match (a, b) {
        (syn::Item::Use(a), syn::Item::Use(b)) => compare_trees(&tree_of(a), &tree_of(b)),
        _ => Ordering::Equal,
    }
}

/// `rustfmt`'s version sorting: runs of digits compare as numbers, `_` first.
fn version_sort(a: &str, b: &str) -> Ordering {
    let (ca, cb) = (chunks(a), chunks(b));
    let mut zeros = Ordering::Equal;
    for (x, y) in ca.iter().zip(&cb) {
        match (x, y) {
            (Chunk::Underscore, Chunk::Underscore) => continue,
            (Chunk::Underscore, _) => return Ordering::Less,
            (_, Chunk::Underscore) => return Ordering::Greater,
            (Chunk::Number(xs), Chunk::Number(ys)) => {
                let (xv, yv) = (xs.trim_start_matches('0'), ys.trim_start_matches('0'));
                let order = xv.len().cmp(&yv.len()).then_with(|| xv.cmp(yv));
                if order != Ordering::Equal {
                    return order;
                }
                let (xz, yz) = (xs.len() - xv.len(), ys.len() - yv.len());
                if zeros == Ordering::Equal && xz != yz {
                    zeros = if xz > yz {
                        Ordering::Less
                    } else {
                        Ordering::Greater
                    };
                }
            }
            (Chunk::Number(xs) | Chunk::Text(xs), Chunk::Number(ys) | Chunk::Text(ys)) => {
                let order = xs.cmp(ys);
                if order != Ordering::Equal {
                    return order;
                }
            }
        }
    }
    ca.len().cmp(&cb.len()).then(zeros)
}

enum Chunk<'a> {
    Underscore,
    Number(&'a str),
    Text(&'a str),
}

fn chunks(s: &str) -> Vec<Chunk<'_>> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'_' {
            out.push(Chunk::Underscore);
            i += 1;
            continue;
        }
        let start = i;
        let digit = bytes[i].is_ascii_digit();
        while i < bytes.len() && bytes[i] != b'_' && bytes[i].is_ascii_digit() == digit {
            i += 1;
        }
        out.push(if digit {
            Chunk::Number(&s[start..i])
        } else {
            Chunk::Text(&s[start..i])
        });
    }
    out
}

/// `vis use tree;`
pub(crate) fn use_item(cx: &Cx, item: &syn::ItemUse, shape: Shape) -> Option<String> {
    let vis = super::items::visibility(&item.vis);
    let tree = tree_of(item);
    let tree_shape = shape.offset_left(vis.len() + 4)?.sub_width(1)?;
    let text = tree_text(cx, &tree, tree_shape)?;
    Some(format!("{vis}use {text};"))
}

fn tree_text(cx: &Cx, tree: &Tree, shape: Shape) -> Option<String> {
    let mut out = String::new();
    for (i, segment) in tree.path.iter().enumerate() {
        if i > 0 {
            out.push_str("::");
        }
        match segment {
            Segment::Ident(name, alias) => {
                out.push_str(name);
                if let Some(alias) = alias {
                    out.push_str(" as ");
                    out.push_str(alias);
                }
            }
            Segment::SelfValue(alias) => {
                out.push_str("self");
                if let Some(alias) = alias {
                    out.push_str(" as ");
                    out.push_str(alias);
                }
            }
            Segment::Super => out.push_str("super"),
            Segment::Crate => out.push_str("crate"),
            Segment::Glob => out.push('*'),
            Segment::List(list) => {
                let list_shape = shape.offset_left(out.len())?;
                out.push_str(&nested_list(cx, list, list_shape)?);
            }
        }
    }
    Some(out)
}

fn nested_list(cx: &Cx, list: &[Tree], shape: Shape) -> Option<String> {
    let nested_shape = shape
        .block_indent(super::TAB)
        .with_max_width()
        .sub_width(1)?;
    let items: Vec<Option<String>> = list
        .iter()
        .map(|t| tree_text(cx, t, nested_shape))
        .collect();
    let has_nested = list
        .iter()
        .any(|t| t.path.iter().any(|s| matches!(s, Segment::List(_))));
    let remaining = if has_nested {
        0
    } else {
        shape.width.saturating_sub(2)
    };
    let tactic = definitive_tactic(&items, Want::Mixed, remaining);
    let tactic = if has_nested && tactic == Tactic::Mixed {
        Tactic::Vertical
    } else {
        tactic
    };
    let vertical = tactic != Tactic::Horizontal;
    let text = write_list(&items, tactic, nested_shape, vertical)?;
    if text.contains('\n') || text.len() > remaining {
        Some(format!(
            "{{{}{}{}}}",
            nested_shape.indent.newline(),
            text,
            shape.indent.newline()
        ))
    } else {
        Some(format!("{{{text}}}"))
    }
}
