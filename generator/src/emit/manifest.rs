//! The generated crate's `Cargo.toml`, built as a TOML table. Dependencies are only those the
//! emitted code uses: a spec without dates does not pull in a date library.

use toml::{Table, Value};

use crate::model::Api;

/// Dependencies of the generated crate: (name, version, features). A crate of models alone (a
/// spec without operations) has only these and the formats' crates.
const ALWAYS: &[(&str, &str, &[&str])] = &[("serde", "1", &[]), ("serde_json", "1", &[])];
/// Building requests and decoding responses, for a crate with operations.
const REQUESTS: &[(&str, &str, &[&str])] =
    &[("http", "1", &[]), ("serde_path_to_error", "0.1", &[])];
/// The client, behind the `client` feature, for a crate with operations: HTTP/1.1 on hyper with
/// the support code's own connector (TCP, TLS, proxies), so no `reqwest` and none of `url`'s
/// internationalised-domain tables; of tokio the timers, TCP and the runtime hyper's pool needs,
/// of futures only the combinators.
const CLIENT: &[(&str, &str, &[&str])] = &[
    ("hyper", "1", &["client", "http1"]),
    ("hyper-util", "0.1", &["client-legacy", "http1", "tokio"]),
    ("tower-service", "0.3", &[]),
    ("tokio", "1", &["time", "net", "io-util"]),
    // rustls with the `ring` provider and the platform's certificate store: no OpenSSL, and no
    // C build of aws-lc (the default provider of rustls and tokio-rustls).
    ("tokio-rustls", "0.26", &["tls12"]),
    ("rustls", "0.23", &["ring", "std", "tls12"]),
    ("rustls-platform-verifier", "0.7", &[]),
    // Digest authentication's SHA-2 hashes and its client nonces, from the crate TLS uses.
    ("ring", "0.17", &[]),
    ("futures-core", "0.3", &[]),
    ("futures-util", "0.3", &["std"]),
];
/// The command-line tool's parser: the builder API only (no derive macros to build), help text
/// wrapped to the terminal, and suggestions for mistyped names.
const CLI: (&str, &str, &[&str]) = (
    "clap",
    "4",
    &[
        "std",
        "help",
        "usage",
        "error-context",
        "suggestions",
        "wrap_help",
    ],
);
/// Spans and events of each request, behind the `tracing` feature.
const TRACING: (&str, &str, &[&str]) = ("tracing", "0.1", &["std"]);
/// The rest of the command-line tool: shell completions and the profile file's TOML (parsing
/// only).
const CLI_SUPPORT: &[(&str, &str, &[&str])] = &[
    ("clap_complete", "4", &[]),
    ("toml", "1", &["std", "parse", "serde"]),
];
/// Parsing and printing instants and dates only: no time zone database.
const TIMESTAMPS: (&str, &str, &[&str]) = ("jiff", "0.2", &["std"]);
const UUIDS: (&str, &str, &[&str]) = ("uuid", "1", &[]);

fn dependency(version: &str, features: &[&str], optional: bool, no_defaults: bool) -> Value {
    let mut table = Table::new();
    table.insert("version".into(), version.into());
    if no_defaults {
        table.insert("default-features".into(), false.into());
    }
    if !features.is_empty() {
        table.insert(
            "features".into(),
            Value::Array(features.iter().map(|f| Value::from(*f)).collect()),
        );
    }
    if optional {
        table.insert("optional".into(), true.into());
    }
    Value::Table(table)
}

pub fn manifest(
    api: &Api,
    crate_name: &str,
    version: &str,
    standalone: bool,
    examples: &[String],
    bin: Option<&(String, String)>,
) -> Table {
    let mut package = Table::new();
    package.insert("name".into(), crate_name.into());
    package.insert("version".into(), version.into());
    package.insert("edition".into(), "2024".into());
    package.insert("rust-version".into(), "1.85".into());
    package.insert(
        "description".into(),
        format!(
            "Rust client for {}, generated from its OpenAPI spec.",
            api.title_and_version()
        )
        .into(),
    );
    package.insert("publish".into(), false.into());

    let requests = api.support.requests;
    let mut deps = Table::new();
    for (name, version, features) in ALWAYS {
        let features: Vec<&str> = if *name == "serde" {
            vec!["derive"]
        } else {
            features.to_vec()
        };
        deps.insert((*name).into(), dependency(version, &features, false, false));
    }
    if requests {
        for (name, version, features) in REQUESTS {
            deps.insert((*name).into(), dependency(version, features, false, false));
        }
    }
    if api.support.date_times || api.support.dates {
        let (name, version, features) = TIMESTAMPS;
        deps.insert(name.into(), dependency(version, features, false, true));
    }
    if api.support.uuids {
        let (name, version, features) = UUIDS;
        deps.insert(name.into(), dependency(version, features, false, false));
    }
    let mut root = Table::new();
    root.insert("package".into(), Value::Table(package));
    if requests {
        let features = client(&mut deps, bin);
        root.insert("features".into(), Value::Table(features));
    }
    root.insert("dependencies".into(), Value::Table(deps));
    if !examples.is_empty() {
        // The examples run the async client on tokio's runtime.
        let mut dev = Table::new();
        dev.insert(
            "tokio".into(),
            dependency("1", &["macros", "rt-multi-thread"], false, false),
        );
        root.insert("dev-dependencies".into(), Value::Table(dev));
    }
    // Examples use the client, so they only build with its feature.
    let examples: Vec<Value> = examples
        .iter()
        .map(|name| {
            let mut table = Table::new();
            table.insert("name".into(), name.as_str().into());
            table.insert(
                "required-features".into(),
                Value::Array(vec!["client".into()]),
            );
            Value::Table(table)
        })
        .collect();
    if !examples.is_empty() {
        root.insert("example".into(), Value::Array(examples));
    }
    if let Some((name, path)) = bin {
        let mut table = Table::new();
        table.insert("name".into(), name.as_str().into());
        table.insert("path".into(), path.as_str().into());
        table.insert("required-features".into(), Value::Array(vec!["cli".into()]));
        root.insert("bin".into(), Value::Array(vec![Value::Table(table)]));
    }
    if standalone {
        // Outside the project's workspace the crate is its own workspace, so `cargo build`
        // works wherever it was written.
        root.insert("workspace".into(), Value::Table(Table::new()));
    }
    root
}

/// The client's optional dependencies (added to `deps`) and the features that turn them on.
fn client(deps: &mut Table, bin: Option<&(String, String)>) -> Table {
    let mut client_feature = Vec::new();
    for (name, version, features) in CLIENT {
        // Only the features named above: the defaults of rustls and tokio-rustls bring aws-lc,
        // futures' its macros.
        let no_defaults = matches!(
            *name,
            "hyper" | "hyper-util" | "tokio-rustls" | "rustls" | "futures-util"
        );
        deps.insert(
            (*name).into(),
            dependency(version, features, true, no_defaults),
        );
        client_feature.push(Value::from(format!("dep:{name}")));
    }

    let mut features = Table::new();
    features.insert("default".into(), Value::Array(vec!["client".into()]));
    features.insert("client".into(), Value::Array(client_feature));
    // Spans and events of each request, for applications that collect them.
    let (name, version, tracing_features) = TRACING;
    deps.insert(
        name.into(),
        dependency(version, tracing_features, true, true),
    );
    features.insert(
        "tracing".into(),
        Value::Array(vec!["client".into(), "dep:tracing".into()]),
    );
    if bin.is_some() {
        let (name, version, clap_features) = CLI;
        deps.insert(name.into(), dependency(version, clap_features, true, true));
        // One command is one request at a time: tokio's single-threaded runtime is enough.
        let mut cli_feature = vec![
            Value::from("client"),
            Value::from(format!("dep:{name}")),
            Value::from("tokio/rt"),
        ];
        for (name, version, crate_features) in CLI_SUPPORT {
            deps.insert(
                (*name).into(),
                dependency(version, crate_features, true, true),
            );
            cli_feature.push(Value::from(format!("dep:{name}")));
        }
        features.insert("cli".into(), Value::Array(cli_feature));
    }
    features
}
