//! Compiles every pattern of `patterns/corpus.txt` with the generator's pattern compiler and
//! writes the matchers to `$OUT_DIR/compiled_patterns.rs`, which `src/lib.rs` includes: the
//! differential tests and the benchmark then run exactly the code the generator emits.

use std::{env, fs, path::Path};

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// Matchers with stable names, for the const-context test and the benchmark.
const NAMED: &[(&str, &str)] = &[
    ("object_id", "^([a-f0-9]{24})$"),
    ("cluster_name", "^[a-zA-Z0-9][a-zA-Z0-9-]*$"),
];

fn main() {
    let corpus_path = Path::new("patterns/corpus.txt");
    println!("cargo::rerun-if-changed={}", corpus_path.display());
    println!("cargo::rerun-if-changed=build.rs");
    let corpus = fs::read_to_string(corpus_path).expect("read patterns/corpus.txt");
    let patterns: Vec<&str> = corpus
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with("# "))
        .collect();

    let mut items = TokenStream::new();
    let mut table = Vec::new();
    for (i, pattern) in patterns.iter().enumerate() {
        let name = Ident::new(&format!("pattern_{i}"), Span::call_site());
        items.extend(matcher(pattern, &name));
        table.push(quote!((#pattern, #name)));
    }
    for (name, pattern) in NAMED {
        items.extend(matcher(pattern, &Ident::new(name, Span::call_site())));
    }
    let tokens = quote! {
        #items
        /// A compiled matcher.
        pub type Matcher = fn(&str) -> bool;
        /// Every corpus pattern, in corpus order, with its compiled matcher.
        pub static PATTERNS: &[(&str, Matcher)] = &[#(#table),*];
    };
    let header = codegen::format::Header {
        spec_label: "tests/patterns/corpus.txt".to_owned(),
        command: "tests/build.rs".to_owned(),
    };
    let text = codegen::format::rust_file(&header, tokens).expect("emitted matchers print");
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("compiled_patterns.rs");
    fs::write(out, text).expect("write compiled_patterns.rs");
}

fn matcher(pattern: &str, name: &Ident) -> TokenStream {
    match codegen::pattern::compile(pattern) {
        Ok(compiled) => compiled.matcher_fn(quote!(pub), name),
        Err(e) => panic!("corpus pattern `{pattern}` does not compile: {e}"),
    }
}
