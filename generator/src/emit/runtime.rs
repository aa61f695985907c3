//! The spec-independent support code every generated crate carries, embedded from
//! `generator/runtime/`. Which files ship depends on what the emitted code uses.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Api, Support};

/// One support file: its path in the generated crate and its source.
pub struct RuntimeFile {
    pub path: &'static str,
    pub source: &'static str,
}

macro_rules! runtime {
    ($path:literal) => {
        RuntimeFile {
            path: concat!("src/", $path),
            source: {
                const SOURCE: &str = include_str!(concat!("../../runtime/", $path));
                // Found when the generator is built: searching every file for its tests on
                // every run was 2% of a small spec's instructions.
                const SHIPPED: usize = shipped_len(SOURCE);
                &SOURCE[..SHIPPED]
            },
        }
    };
}

/// A support file as it ships (its first `shipped_len` bytes), for the tests.
#[cfg(test)]
fn without_unit_tests(source: &str) -> &str {
    &source[..shipped_len(source)]
}

/// How much of a support file ships: all but its unit tests, which run once in the runtime
/// crate (`generator/runtime/lib.rs`) rather than in every generated crate. They are the
/// file's last item, `#[cfg(test)] mod tests { .. }`; the text before it ends with one
/// newline. A `const fn`, so byte by byte (`str::find` and `trim_end` are not `const`).
const fn shipped_len(source: &str) -> usize {
    const TESTS: &[u8] = b"\n#[cfg(test)]\nmod tests {";
    let bytes = source.as_bytes();
    let mut at = 0;
    while at + TESTS.len() <= bytes.len() {
        let mut same = 0;
        while same < TESTS.len() && bytes[at + same] == TESTS[same] {
            same += 1;
        }
        if same == TESTS.len() {
            // The code before the tests, its trailing whitespace cut, and one newline.
            let mut end = at;
            while end > 0 && bytes[end - 1].is_ascii_whitespace() {
                end -= 1;
            }
            return end + 1;
        }
        at += 1;
    }
    bytes.len()
}

/// The support files `api` needs.
pub fn files(api: &Api) -> Vec<RuntimeFile> {
    let support = &api.support;
    let mut files = vec![runtime!("secret.rs")];
    if support.requests {
        files.extend(request_files());
    }
    if support.cli {
        files.extend(cli_files());
    }
    for (needed, file) in needs(support) {
        if needed {
            files.push(file);
        }
    }
    files.sort_by_key(|f| f.path);
    files
}

/// Building requests, decoding responses, and the client that sends them.
fn request_files() -> [RuntimeFile; 20] {
    [
        runtime!("error.rs"),
        runtime!("operation.rs"),
        runtime!("request.rs"),
        runtime!("response.rs"),
        runtime!("client/mod.rs"),
        runtime!("client/auth.rs"),
        runtime!("client/builder.rs"),
        runtime!("client/connect.rs"),
        runtime!("client/digest.rs"),
        runtime!("client/download.rs"),
        runtime!("client/keys.rs"),
        runtime!("client/md5.rs"),
        runtime!("client/oauth.rs"),
        runtime!("client/observe.rs"),
        runtime!("client/origin.rs"),
        runtime!("client/proxy.rs"),
        runtime!("client/retry.rs"),
        runtime!("client/trace.rs"),
        runtime!("client/transport.rs"),
        runtime!("pagination.rs"),
    ]
}

/// The names `Client` answers to as methods: its own, public or not (a second inherent
/// method of one name does not compile), and those of the traits it implements or derives (an
/// inherent method would shadow them); `resolve::operation` reserves them.
///
/// A table rather than a parse of the support code at run time, which took half of a small
/// spec's run; the test `the_client_methods_are_those_of_the_support_code` reads them from the
/// support code with `syn`, so a method added there fails it until it is named here. Sorted.
pub(crate) const CLIENT_METHODS: &[&str] = &[
    "attempt",
    "attempt_ended",
    "base_url",
    "builder",
    "clone",
    "clone_from",
    "download",
    "exchange",
    "execute",
    "execute_as",
    "fmt",
    "send",
];

/// The command-line tool's support modules, under `src/cli/` beside the generated commands.
pub fn cli_files() -> [RuntimeFile; 11] {
    [
        runtime!("cli/completions.rs"),
        runtime!("cli/credentials.rs"),
        runtime!("cli/debug_log.rs"),
        runtime!("cli/folders.rs"),
        runtime!("cli/options.rs"),
        runtime!("cli/output_file.rs"),
        runtime!("cli/profile.rs"),
        runtime!("cli/progress.rs"),
        runtime!("cli/run.rs"),
        runtime!("cli/sunset.rs"),
        runtime!("cli/token_cache.rs"),
    ]
}

/// The module names of [`cli_files`].
pub fn cli_modules() -> impl Iterator<Item = &'static str> {
    cli_files().into_iter().map(|file| {
        let name = file.path.rsplit('/').next().unwrap_or(file.path);
        name.strip_suffix(".rs").unwrap_or(name)
    })
}

/// The support files that only some crates use, each with whether this one does.
fn needs(support: &Support) -> [(bool, RuntimeFile); 7] {
    [
        (support.lenient(), runtime!("lenient.rs")),
        (support.open_enums, runtime!("open_enum.rs")),
        (support.nullable, runtime!("nullable.rs")),
        (support.lengths, runtime!("validate.rs")),
        (support.object_only, runtime!("object_only.rs")),
        (support.form, runtime!("form.rs")),
        (support.multipart, runtime!("multipart.rs")),
    ]
}

/// Module declarations for the support files, for `lib.rs`.
pub fn module_decls(support: &Support) -> TokenStream {
    let [
        lenient,
        open_enum,
        nullable,
        validate,
        object_only,
        form,
        multipart,
    ] = needs(support).map(|(n, _)| n);
    let form = form.then(|| {
        quote!(
            mod form;
        )
    });
    let multipart = multipart.then(|| {
        quote!(
            pub mod multipart;
        )
    });
    let object_only = object_only.then(|| {
        quote!(
            mod object_only;
        )
    });
    let lenient = lenient.then(|| {
        quote!(
            pub mod lenient;
        )
    });
    let open_enum = open_enum.then(|| {
        quote!(
            mod open_enum;
        )
    });
    let nullable = nullable.then(|| {
        quote!(
            mod nullable;
        )
    });
    let validate = validate.then(|| {
        quote!(
            mod validate;
        )
    });
    let requests = support.requests;
    let plumbing = requests.then(|| {
        quote! {
            pub mod error;
            pub mod operation;
            pub mod request;
            pub mod response;
        }
    });
    let client = requests.then(|| {
        quote! {
            #[cfg(feature = "client")]
            mod client;
            #[cfg(feature = "client")]
            pub mod pagination;
        }
    });
    quote! {
        #plumbing
        pub mod secret;
        #client
        #lenient
        #open_enum
        #nullable
        #validate
        #object_only
        #form
        #multipart
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    /// [`super::CLIENT_METHODS`] is what the support code gives `Client`, no more, no less.
    #[test]
    fn the_client_methods_are_those_of_the_support_code() {
        let mut methods = BTreeSet::new();
        for file in super::request_files() {
            let source = syn::parse_file(file.source)
                .unwrap_or_else(|e| panic!("{}: does not parse: {e}", file.path));
            methods.extend(client_methods_in(&source.items));
        }
        let table: BTreeSet<String> = super::CLIENT_METHODS
            .iter()
            .map(|m| (*m).to_owned())
            .collect();
        assert_eq!(
            table, methods,
            "CLIENT_METHODS (left) must list the methods the support code gives `Client` (right)"
        );
        assert!(
            super::CLIENT_METHODS.is_sorted(),
            "CLIENT_METHODS is kept sorted"
        );
    }

    /// The methods of `Client` that `items` declare or derive, in nested modules too.
    fn client_methods_in(items: &[syn::Item]) -> Vec<String> {
        let is_client = |ty: &syn::Type| matches!(ty, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Client"));
        let mut methods = Vec::new();
        for item in items {
            match item {
                syn::Item::Impl(block) if is_client(&block.self_ty) => {
                    methods.extend(block.items.iter().filter_map(|item| match item {
                        syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                        _ => None,
                    }));
                }
                syn::Item::Struct(s) if s.ident == "Client" => {
                    for attr in s.attrs.iter().filter(|a| a.path().is_ident("derive")) {
                        let _ = attr.parse_nested_meta(|meta| {
                            let derived = meta.path.segments.last().map(|s| s.ident.to_string());
                            methods.extend(
                                derived_methods(derived.as_deref().unwrap_or_default())
                                    .iter()
                                    .map(|m| (*m).to_owned()),
                            );
                            Ok(())
                        });
                    }
                }
                syn::Item::Mod(m) => {
                    if let Some((_, items)) = &m.content {
                        methods.extend(client_methods_in(items));
                    }
                }
                _ => {}
            }
        }
        methods
    }

    /// The methods a derived standard trait gives.
    fn derived_methods(derive: &str) -> &'static [&'static str] {
        match derive {
            "Clone" => &["clone", "clone_from"],
            "Debug" => &["fmt"],
            "Default" => &["default"],
            "PartialEq" => &["eq", "ne"],
            "PartialOrd" => &["partial_cmp", "lt", "le", "gt", "ge"],
            "Ord" => &["cmp", "max", "min", "clamp"],
            "Hash" => &["hash"],
            _ => &[],
        }
    }

    /// What the runtime crate tests stays there: every support file ships without a test
    /// module, ending after its last item with one newline, as rustfmt leaves it.
    #[test]
    fn unit_tests_do_not_ship() {
        fn walk(dir: &Path, files: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).expect("runtime/ is readable") {
                let path = entry.expect("an entry").path();
                if path.is_dir() {
                    walk(&path, files);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && !path.ends_with("runtime/lib.rs")
                {
                    let source = std::fs::read_to_string(&path).expect("readable");
                    files.push((path.display().to_string(), source));
                }
            }
        }
        let mut files = Vec::new();
        walk(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime"),
            &mut files,
        );
        let mut with_tests = 0;
        for (path, source) in &files {
            let shipped = super::without_unit_tests(source);
            if shipped.len() < source.len() {
                with_tests += 1;
            }
            assert!(!shipped.contains("#[cfg(test)]"), "{path} ships its tests");
            let last_item = shipped.trim_end();
            assert_eq!(
                &shipped[last_item.len()..],
                "\n",
                "{path}: not one final newline"
            );
        }
        assert!(
            with_tests >= 5,
            "only {with_tests} support files have unit tests"
        );
    }
}
