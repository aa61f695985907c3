//! The generated crate's files as the emitters hand them over: each formatted (on several
//! threads when there are many), a failure recorded as a diagnostic against the spec
//! location the file came from, and the whole returned at the end.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;

use super::{Header, threads};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::pointer::Pointer;

/// The files made so far, by path relative to the crate root, and what went wrong.
pub struct Files {
    header: Header,
    out: BTreeMap<String, String>,
    diags: Diagnostics,
}

impl Files {
    pub fn new(header: Header) -> Self {
        Self {
            header,
            out: BTreeMap::new(),
            diags: Diagnostics::default(),
        }
    }

    /// A Rust file per item (none when `file` gives `None`) from its tokens or the emitter's
    /// reason it has none, emitted and formatted on several threads when there are many;
    /// they are added in the items' order, so the output and the order of diagnostics do
    /// not depend on the threads.
    pub fn rust_each<'a, T: Sync>(
        &mut self,
        items: &'a [T],
        file: impl Fn(&'a T) -> Option<(String, Pointer, Result<TokenStream, String>)> + Sync,
    ) {
        let header = &self.header;
        let made = threads::map_in_order(items, |item| {
            let (path, source, tokens) = file(item)?;
            let text = tokens.and_then(|t| super::rust_file(header, t));
            Some((path, source, text))
        });
        for (path, source, text) in made.into_iter().flatten() {
            self.add(&path, &source, text);
        }
    }

    /// A support file, shipped as written (see [`super::runtime_file`]).
    pub fn verbatim(&mut self, path: &str, source: &str) {
        let text = super::runtime_file(&self.header, source);
        self.out.insert(path.to_owned(), text);
    }

    /// A TOML file from its value.
    pub fn toml(&mut self, path: &str, value: &toml::Table) {
        let text = super::toml_file(&self.header, value);
        self.add(path, &Pointer::root(), text);
    }

    /// Every file, or every diagnostic if any file failed.
    pub fn finish(self) -> Result<BTreeMap<String, String>, Diagnostics> {
        self.diags.into_result(self.out)
    }

    fn add(&mut self, path: &str, source: &Pointer, text: Result<String, String>) {
        match text {
            Ok(text) => {
                self.out.insert(path.to_owned(), text);
            }
            Err(reason) => self
                .diags
                .push(Diagnostic::new(source, format!("{path}: {reason}"))),
        }
    }
}
