//! Prelude names in place of the absolute paths the emitters write.
//!
//! Emitters spell `::std::option::Option::Some(x)` because a path that starts at the crate
//! root means the same thing wherever the tokens land, whatever the spec names its schemas.
//! People write `Some(x)`. This pass, run on each file's syntax tree before printing, gives
//! back the prelude's name wherever that name still means the prelude's item in the file: not
//! when the file defines or imports an item of that name (a schema called `Option`, `Result`
//! or `String`), and not at all in a file with a glob import, whose names it cannot see.
//!
//! Paths are rewritten as syntax, in types, expressions, patterns and trait references, in
//! the tokens of macro calls, and in the string literals of attributes that name a function
//! by its path (serde's `skip_serializing_if = "::std::option::Option::is_none"`).

use std::collections::HashSet;

use proc_macro2::{Group, Ident, Literal, Punct, Spacing, TokenStream, TokenTree};
use syn::fold::{self, Fold};
use syn::visit::{self, Visit};

/// The standard library items the prelude (edition 2021 and later) brings into every module,
/// by the module that defines them: `(module, name)`, under `std`, `core` or `alloc`.
const PRELUDE: &[(&str, &str)] = &[
    ("option", "Option"),
    ("result", "Result"),
    ("string", "String"),
    ("string", "ToString"),
    ("vec", "Vec"),
    ("boxed", "Box"),
    ("borrow", "ToOwned"),
    ("convert", "From"),
    ("convert", "Into"),
    ("convert", "TryFrom"),
    ("convert", "TryInto"),
    ("convert", "AsRef"),
    ("convert", "AsMut"),
    ("clone", "Clone"),
    ("default", "Default"),
    ("cmp", "PartialEq"),
    ("cmp", "Eq"),
    ("cmp", "PartialOrd"),
    ("cmp", "Ord"),
    ("iter", "Iterator"),
    ("iter", "IntoIterator"),
    ("iter", "Extend"),
    ("iter", "FromIterator"),
    ("marker", "Send"),
    ("marker", "Sync"),
    ("marker", "Copy"),
    ("marker", "Sized"),
];

/// The enum variants the prelude brings in on their own.
const VARIANTS: &[(&str, &[&str])] = &[("Option", &["Some", "None"]), ("Result", &["Ok", "Err"])];

const ROOTS: &[&str] = &["std", "core", "alloc"];

/// Rewrites `file`'s absolute standard library paths to the prelude's names where that is
/// safe (see the module docs).
pub(crate) fn apply(file: syn::File) -> syn::File {
    let mut names = Names::default();
    names.visit_file(&file);
    if names.glob {
        return file;
    }
    Shorten {
        taken: names.taken,
        after_qself: false,
    }
    .fold_file(file)
}

/// The names a file declares or imports, which shadow the prelude's.
#[derive(Default)]
struct Names {
    taken: HashSet<String>,
    glob: bool,
}

impl Names {
    fn take(&mut self, ident: &Ident) {
        self.taken.insert(ident.to_string());
    }
}

impl<'ast> Visit<'ast> for Names {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        use syn::Item;
        let ident = match item {
            Item::Const(i) => Some(&i.ident),
            Item::Enum(i) => Some(&i.ident),
            Item::ExternCrate(i) => Some(i.rename.as_ref().map_or(&i.ident, |(_, r)| r)),
            Item::Fn(i) => Some(&i.sig.ident),
            Item::Macro(i) => i.ident.as_ref(),
            Item::Mod(i) => Some(&i.ident),
            Item::Static(i) => Some(&i.ident),
            Item::Struct(i) => Some(&i.ident),
            Item::Trait(i) => Some(&i.ident),
            Item::TraitAlias(i) => Some(&i.ident),
            Item::Type(i) => Some(&i.ident),
            Item::Union(i) => Some(&i.ident),
            _ => None,
        };
        if let Some(ident) = ident {
            self.take(ident);
        }
        visit::visit_item(self, item);
    }

    fn visit_use_tree(&mut self, tree: &'ast syn::UseTree) {
        match tree {
            syn::UseTree::Name(name) => self.take(&name.ident),
            syn::UseTree::Rename(rename) => self.take(&rename.rename),
            syn::UseTree::Glob(_) => self.glob = true,
            // `use module::{self}` imports `module`.
            syn::UseTree::Path(path) => {
                if let syn::UseTree::Group(group) = &*path.tree {
                    let has_self = group.items.iter().any(
                        |item| matches!(item, syn::UseTree::Name(name) if name.ident == "self"),
                    );
                    if has_self {
                        self.take(&path.ident);
                    }
                }
            }
            syn::UseTree::Group(_) => {}
        }
        visit::visit_use_tree(self, tree);
    }

    fn visit_type_param(&mut self, param: &'ast syn::TypeParam) {
        self.take(&param.ident);
        visit::visit_type_param(self, param);
    }
}

struct Shorten {
    taken: HashSet<String>,
    /// Set by `fold_qself`: the next path folded is the one that `qself` qualifies.
    after_qself: bool,
}

impl Shorten {
    /// How many leading segments of an absolute path to drop, given its first segments
    /// (up to four) and how many of them come without generic arguments; `None` keeps it.
    fn drop_count(&self, segments: &[String], plain: usize) -> Option<usize> {
        let [root, module, name, rest @ ..] = segments else {
            return None;
        };
        if plain < 2 || !ROOTS.contains(&root.as_str()) {
            return None;
        }
        if !PRELUDE.contains(&(module.as_str(), name.as_str())) {
            return None;
        }
        let free = |name: &str| !self.taken.contains(name);
        if let (Some(variant), true) = (rest.first(), plain >= 3) {
            let is_variant = VARIANTS
                .iter()
                .any(|(e, variants)| e == name && variants.contains(&variant.as_str()));
            if is_variant && free(variant) {
                return Some(3);
            }
        }
        free(name).then_some(2)
    }

    /// `path` shortened; under a `qself` (`<T as ::std::convert::From<U>>::from`) only the
    /// trait's own segments may go, and the position of the `>` moves with them.
    fn path(
        &self,
        qself: Option<syn::QSelf>,
        mut path: syn::Path,
    ) -> (Option<syn::QSelf>, syn::Path) {
        if path.leading_colon.is_none() {
            return (qself, path);
        }
        let segments: Vec<String> = path
            .segments
            .iter()
            .take(4)
            .map(|s| s.ident.to_string())
            .collect();
        let plain = path
            .segments
            .iter()
            .take_while(|s| s.arguments.is_none())
            .count();
        let Some(drop) = self.drop_count(&segments, plain) else {
            return (qself, path);
        };
        let qself = match qself {
            Some(q) if q.position <= drop => return (Some(q), path),
            Some(mut q) => {
                q.position -= drop;
                Some(q)
            }
            None => None,
        };
        path.leading_colon = None;
        path.segments = path.segments.into_iter().skip(drop).collect();
        (qself, path)
    }

    /// [`Shorten::path`] after the path's own parts (its generic arguments, the `qself`).
    fn fold_qualified(
        &mut self,
        qself: Option<syn::QSelf>,
        path: syn::Path,
    ) -> (Option<syn::QSelf>, syn::Path) {
        let qself = qself.map(|q| fold::fold_qself(self, q));
        let path = fold::fold_path(self, path);
        self.path(qself, path)
    }

    /// The same rewrite on tokens (a macro's arguments, an attribute's), where a path is
    /// `::` and identifiers in turn; string literals that hold a whole absolute path are
    /// rewritten too when `literals` is set.
    fn tokens(&self, tokens: TokenStream, literals: bool) -> TokenStream {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        let mut out = Vec::with_capacity(tokens.len());
        let mut i = 0;
        while i < tokens.len() {
            // After an identifier, `::` continues a relative path (`crate::std::...`).
            let after_ident = matches!(out.last(), Some(TokenTree::Ident(_)));
            let path = absolute_path(&tokens[i..]).filter(|_| !after_ident);
            if let Some((segments, end)) = path {
                if let Some(drop) = self.drop_count(&segments, segments.len()) {
                    for (n, ident) in segments[drop..].iter().enumerate() {
                        if n > 0 {
                            out.push(TokenTree::Punct(Punct::new(':', Spacing::Joint)));
                            out.push(TokenTree::Punct(Punct::new(':', Spacing::Alone)));
                        }
                        let span = tokens[i + 3 * (drop + n) + 2].span();
                        out.push(TokenTree::Ident(Ident::new(ident, span)));
                    }
                    i += end;
                    continue;
                }
            }
            out.push(match &tokens[i] {
                TokenTree::Group(group) => {
                    let mut new =
                        Group::new(group.delimiter(), self.tokens(group.stream(), literals));
                    new.set_span(group.span());
                    TokenTree::Group(new)
                }
                TokenTree::Literal(lit) if literals => TokenTree::Literal(self.literal(lit)),
                other => other.clone(),
            });
            i += 1;
        }
        out.into_iter().collect()
    }

    /// A string literal holding an absolute path without generic arguments, shortened.
    fn literal(&self, lit: &Literal) -> Literal {
        let syn::Lit::Str(text) = syn::Lit::new(lit.clone()) else {
            return lit.clone();
        };
        let Ok(path) = syn::parse_str::<syn::Path>(&text.value()) else {
            return lit.clone();
        };
        if path.leading_colon.is_none() || path.segments.iter().any(|s| !s.arguments.is_none()) {
            return lit.clone();
        }
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        match self.drop_count(&segments, segments.len()) {
            Some(drop) => {
                let mut new = Literal::string(&segments[drop..].join("::"));
                new.set_span(lit.span());
                new
            }
            None => lit.clone(),
        }
    }
}

/// The identifiers of the absolute path `tokens` start with (`::a::b::c`), and how many
/// tokens it takes.
fn absolute_path(tokens: &[TokenTree]) -> Option<(Vec<String>, usize)> {
    let mut segments = Vec::new();
    let mut i = 0;
    while let [
        TokenTree::Punct(first),
        TokenTree::Punct(second),
        TokenTree::Ident(ident),
        ..,
    ] = &tokens[i..]
    {
        let colons =
            first.as_char() == ':' && first.spacing() == Spacing::Joint && second.as_char() == ':';
        if !colons {
            break;
        }
        segments.push(ident.to_string());
        i += 3;
    }
    (!segments.is_empty()).then_some((segments, i))
}

/// Paths are shortened where they stand with their `qself`: `TypePath` and `ExprPath`
/// adjust it; in the rarer nodes with one (a struct literal or pattern with a `qself`) the
/// path after a `qself` is left whole.
impl Fold for Shorten {
    fn fold_path(&mut self, path: syn::Path) -> syn::Path {
        let qualified = std::mem::take(&mut self.after_qself);
        let path = fold::fold_path(self, path);
        if qualified {
            return path;
        }
        self.path(None, path).1
    }

    fn fold_qself(&mut self, qself: syn::QSelf) -> syn::QSelf {
        let qself = fold::fold_qself(self, qself);
        // The default folds take the node's path right after its `qself`.
        self.after_qself = true;
        qself
    }

    fn fold_type_path(&mut self, node: syn::TypePath) -> syn::TypePath {
        let (qself, path) = self.fold_qualified(node.qself, node.path);
        syn::TypePath { qself, path }
    }

    fn fold_expr_path(&mut self, node: syn::ExprPath) -> syn::ExprPath {
        let attrs = self.fold_attributes(node.attrs);
        let (qself, path) = self.fold_qualified(node.qself, node.path);
        syn::ExprPath { attrs, qself, path }
    }

    fn fold_macro(&mut self, mac: syn::Macro) -> syn::Macro {
        let mut mac = fold::fold_macro(self, mac);
        mac.tokens = self.tokens(mac.tokens, false);
        mac
    }

    fn fold_meta_list(&mut self, list: syn::MetaList) -> syn::MetaList {
        let mut list = fold::fold_meta_list(self, list);
        if !matches!(list.delimiter, syn::MacroDelimiter::Paren(_)) {
            return list;
        }
        list.tokens = self.tokens(list.tokens, true);
        list
    }
}

#[cfg(test)]
mod tests {
    use quote::{ToTokens, quote};

    fn shorten(tokens: proc_macro2::TokenStream) -> String {
        let file: syn::File = syn::parse2(tokens).expect("test input parses");
        super::apply(file).to_token_stream().to_string()
    }

    fn same(tokens: proc_macro2::TokenStream) -> String {
        let file: syn::File = syn::parse2(tokens).expect("test input parses");
        file.to_token_stream().to_string()
    }

    #[test]
    fn types_values_and_patterns_take_prelude_names() {
        let out = shorten(quote! {
            fn f(x: ::std::option::Option<::std::vec::Vec<::std::string::String>>)
                -> ::std::result::Result<::std::boxed::Box<u8>, ()> {
                match x {
                    ::std::option::Option::Some(v) => ::std::result::Result::Ok(::std::boxed::Box::new(0)),
                    ::core::option::Option::None => ::std::result::Result::Err(()),
                }
            }
            impl ::std::convert::From<A> for ::std::string::String {
                fn from(a: A) -> Self { <::std::string::String as ::std::default::Default>::default() }
            }
        });
        assert_eq!(
            out,
            same(quote! {
                fn f(x: Option<Vec<String>>) -> Result<Box<u8>, ()> {
                    match x {
                        Some(v) => Ok(Box::new(0)),
                        None => Err(()),
                    }
                }
                impl From<A> for String {
                    fn from(a: A) -> Self { <String as Default>::default() }
                }
            })
        );
    }

    #[test]
    fn other_std_paths_and_relative_paths_stay() {
        let input = quote! {
            fn f(x: ::std::borrow::Cow<'static, str>, y: ::std::fmt::Result, z: crate::std::option::Option) {}
            fn g() -> ::serde::option::Option {}
        };
        assert_eq!(shorten(input.clone()), same(input));
    }

    #[test]
    fn a_name_the_file_defines_keeps_its_path() {
        // A schema named `Option` (and a function named `Ok`): their paths stay absolute,
        // the other prelude names are still shortened.
        let out = shorten(quote! {
            pub struct Option { pub value: ::std::option::Option<::std::string::String> }
            fn Ok() -> ::std::result::Result<(), ()> { ::std::result::Result::Ok(()) }
            fn g() -> ::std::option::Option<()> { ::std::option::Option::None }
        });
        assert_eq!(
            out,
            same(quote! {
                pub struct Option { pub value: ::std::option::Option<String> }
                fn Ok() -> Result<(), ()> { Result::Ok(()) }
                fn g() -> ::std::option::Option<()> { None }
            })
        );
    }

    #[test]
    fn an_imported_name_keeps_its_path() {
        let out = shorten(quote! {
            use super::String;
            use crate::models::{Kind as Vec, self};
            fn f(a: ::std::string::String, b: ::std::vec::Vec<u8>, c: ::std::boxed::Box<u8>) {}
        });
        assert_eq!(
            out,
            same(quote! {
                use super::String;
                use crate::models::{Kind as Vec, self};
                fn f(a: ::std::string::String, b: ::std::vec::Vec<u8>, c: Box<u8>) {}
            })
        );
    }

    #[test]
    fn a_glob_import_keeps_every_path() {
        let input = quote! {
            use crate::models::*;
            fn f(a: ::std::string::String) {}
        };
        assert_eq!(shorten(input.clone()), same(input));
    }

    #[test]
    fn associated_types_do_not_shadow() {
        // `type Err` inside an impl is `Self::Err`, not a name of the module.
        let out = shorten(quote! {
            impl ::std::str::FromStr for A {
                type Err = E;
                fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> { ::std::result::Result::Err(E) }
            }
        });
        assert_eq!(
            out,
            same(quote! {
                impl ::std::str::FromStr for A {
                    type Err = E;
                    fn from_str(s: &str) -> Result<Self, Self::Err> { Err(E) }
                }
            })
        );
    }

    #[test]
    fn macro_arguments_and_attribute_paths_are_shortened() {
        let out = shorten(quote! {
            #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
            struct A;
            fn f(x: u8) -> bool { matches!(x, ::std::option::Option::Some(_)) && g!(::std::vec::Vec::<u8>::new()) }
        });
        assert_eq!(
            out,
            same(quote! {
                #[serde(default, skip_serializing_if = "Option::is_none")]
                struct A;
                fn f(x: u8) -> bool { matches!(x, Some(_)) && g!(Vec::<u8>::new()) }
            })
        );
    }

    #[test]
    fn attribute_text_that_is_not_a_path_stays() {
        let input = quote! {
            #[deprecated(note = "::std::option::Option is not a path here")]
            #[doc = "::std::option::Option::None"]
            struct A;
        };
        assert_eq!(shorten(input.clone()), same(input));
    }
}
