//! Bad specs get one line per problem, naming the file, the JSON pointer and the reason; the
//! generator never panics and never writes partial output. Constructs it does not support are
//! warnings that say what was done instead, and cost only what depends on them. The messages
//! are under snapshot.

use codegen::{Config, Options};

fn errors(spec: &str) -> String {
    errors_with(spec, Config::default())
}

fn options(config: Config) -> Options {
    Options {
        crate_name: "bad".into(),
        spec_label: "bad.yaml".into(),
        command: "cargo xtask codegen".into(),
        crate_version: "0.1.0".into(),
        standalone: true,
        config,
        today: None,
    }
}

fn errors_with(spec: &str, config: Config) -> String {
    match codegen::generate(spec, &options(config)) {
        Ok(_) => panic!("the spec should be rejected"),
        Err(diagnostics) => diagnostics.render("bad.yaml"),
    }
}

/// The crate of a spec that generates, with its warnings rendered.
fn generated(spec: &str) -> (codegen::GeneratedCrate, String) {
    match codegen::generate(spec, &options(Config::default())) {
        Ok(krate) => {
            let warnings = codegen::diagnostics::render(&krate.warnings, "odd.yaml");
            (krate, warnings)
        }
        Err(diagnostics) => panic!("the spec should generate:\n{diagnostics}"),
    }
}

/// A minimal valid document around `paths` and `components`.
fn doc(paths: &str, components: &str) -> String {
    format!(
        "openapi: 3.0.1\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}\ncomponents:\n{components}\n"
    )
}

const OK_RESPONSES: &str = "      responses:\n        '200': {description: ok}\n";

#[test]
fn invalid_yaml() {
    insta::assert_snapshot!(errors("openapi: [3.0.1\n"), @"bad.yaml: #: invalid YAML at line 2 column 1: did not find expected ',' or ']'");
}

#[test]
fn not_openapi_3_0() {
    insta::assert_snapshot!(errors("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"), @"bad.yaml: #/openapi: unsupported OpenAPI version `3.1.0`: only 3.0.x is supported (3.1 schemas are JSON Schema 2020-12, with `type` lists instead of `nullable`, which 3.0 tools read wrongly); convert the document to 3.0 first");
    insta::assert_snapshot!(errors("swagger: '2.0'\n"), @"bad.yaml: #: Swagger 2.0 documents are not supported; convert to OpenAPI 3.0 first");
    insta::assert_snapshot!(errors("- a list\n"), @"bad.yaml: #: the document is not a YAML mapping");
}

#[test]
fn dangling_refs() {
    let paths = format!(
        "  /a/{{id}}:\n    get:\n      operationId: getA\n      parameters:\n        - $ref: '#/components/parameters/missing'\n{OK_RESPONSES}"
    );
    let components = "  schemas:\n    A:\n      type: object\n      properties:\n        b: {$ref: '#/components/schemas/Nowhere'}\n";
    insta::assert_snapshot!(errors(&doc(&paths, components)), @r"
    bad.yaml: #/components/schemas/A/properties/b: `$ref: #/components/schemas/Nowhere` points at nothing
    bad.yaml: #/paths/~1a~1{id}/get/parameters: path parameter `id` is in the path but not declared
    bad.yaml: #/paths/~1a~1{id}/get/parameters/0: `$ref: #/components/parameters/missing` points at nothing
    ");
}

#[test]
fn cyclic_refs() {
    let paths = format!(
        "  /a:\n    get:\n      operationId: getA\n      parameters:\n        - $ref: '#/components/parameters/p'\n{OK_RESPONSES}"
    );
    let components = "  parameters:\n    p: {$ref: '#/components/parameters/q'}\n    q: {$ref: '#/components/parameters/p'}\n  schemas:\n    X: {$ref: '#/components/schemas/Y'}\n    Y: {$ref: '#/components/schemas/X'}\n";
    insta::assert_snapshot!(errors(&doc(&paths, components)));
}

#[test]
fn operations_without_an_operation_id_are_named_after_method_and_path() {
    let paths = format!(
        "  /a/{{id}}/b:\n    get:\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{type: string}}}}\n{OK_RESPONSES}  /a:\n    get:\n      operationId: get_a_id_b\n{OK_RESPONSES}"
    );
    let (krate, warnings) = generated(&doc(&paths, "  schemas: {}"));
    assert_eq!(warnings, "");
    // The explicit id keeps its name; the derived one gets a number rather than take it.
    assert!(krate.files.contains_key("src/operations/get_a_id_b.rs"));
    let derived = &krate.files["src/operations/get_a_id_b_2.rs"];
    assert!(derived.contains("pub struct GetAIdB2"), "{derived}");
    assert!(derived.contains("no `operationId`"), "{derived}");
}

#[test]
fn names_that_collide_after_case_conversion() {
    let paths = format!(
        "  /a:\n    get:\n      operationId: getThing\n{OK_RESPONSES}  /b:\n    get:\n      operationId: get_thing\n{OK_RESPONSES}"
    );
    let components = "  schemas:\n    Foo_bar: {type: object, properties: {a: {type: string}}}\n    FooBar: {type: object, properties: {a: {type: string}}}\n";
    insta::assert_snapshot!(errors(&doc(&paths, components)), @r"
    bad.yaml: #/components/schemas/FooBar: schema `FooBar` and schema `Foo_bar` both become the Rust type `FooBar`
    bad.yaml: #/paths/~1b/get/operationId: operation `get_thing` would be the client method `get_thing`, which is already the client method of operation `getThing`
    ");
}

/// Two operations, `first` then `second`, each on its own path.
fn two_operations(first: &str, second: &str) -> String {
    let paths = format!(
        "  /a:\n    get:\n      operationId: {first}\n{OK_RESPONSES}  /b:\n    get:\n      operationId: {second}\n{OK_RESPONSES}"
    );
    doc(&paths, "  schemas: {}")
}

#[test]
fn an_operation_named_like_the_request_type_of_another_is_an_error() {
    // `listThings` is `ListThings` with the request type `ListThingsRequest`, which is the type
    // of `listThingsRequest`: two items of one name, a crate that would not compile.
    insta::assert_snapshot!(errors(&two_operations("listThings", "listThingsRequest")), @"bad.yaml: #/paths/~1b/get/operationId: operation `listThingsRequest` would be the type `ListThingsRequest`, which is already the request type of operation `listThings`");
    insta::assert_snapshot!(errors(&two_operations("listThingsRequest", "listThings")), @"bad.yaml: #/paths/~1b/get/operationId: operation `listThings` would be the request type `ListThingsRequest`, which is already the type of operation `listThingsRequest`");
}

#[test]
fn an_operation_named_like_a_method_of_the_client_is_an_error() {
    // `Client::send` is the support code's; a second inherent `send` would not compile.
    insta::assert_snapshot!(errors(&two_operations("getA", "send")), @"bad.yaml: #/paths/~1b/get/operationId: operation `send` would be the client method `send`, which is already a method `Client` has in the support code");
    // `Error` is the crate root's; the operation's type would hide behind it.
    insta::assert_snapshot!(errors(&two_operations("getA", "error")), @"bad.yaml: #/paths/~1b/get/operationId: operation `error` would be the type `Error`, which is already a type the crate root exports");
}

#[test]
fn an_alias_named_like_a_method_of_the_client_is_left_out_with_a_warning() {
    // The override names the operation `getThing`; its `operationId` would be an alias, whose
    // client method `send` the client already has.
    let paths = format!(
        "  /a:\n    get:\n      operationId: send\n      x-xgen-operation-id-override: getThing\n{OK_RESPONSES}"
    );
    let (krate, warnings) = generated(&doc(&paths, "  schemas: {}"));
    insta::assert_snapshot!(warnings, @"odd.yaml: warning: #/paths/~1a/get/operationId: the alias `send` of operation `getThing` is not offered: it would be the client method `send`, which is already a method `Client` has in the support code");
    let operations = &krate.files["src/operations/mod.rs"];
    assert!(
        operations.contains("pub use get_thing::GetThing;"),
        "{operations}"
    );
    assert!(!operations.contains("SendRequest"), "{operations}");
}

/// Every method `Client` has, read from the support code's source as written: the functions
/// of each `impl` block for `Client` (inherent or of a trait, public or not) and those of the
/// traits it derives.
fn client_methods() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../generator/runtime/client");
    let block = regex::Regex::new(r"^impl(<[^>]*>)? ([\w:<>]+ for )?Client\b").unwrap();
    let function = regex::Regex::new(r"^\s+(pub(\([a-z]+\))? )?(async )?fn (\w+)").unwrap();
    let mut methods = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let source = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let mut inside = false;
        let mut derives = "";
        for line in source.lines() {
            if line.starts_with("#[derive(") {
                derives = line;
            } else if line.starts_with("pub struct Client ") {
                if derives.contains("Clone") {
                    methods.extend(["clone".to_owned(), "clone_from".to_owned()]);
                }
                if derives.contains("Debug") {
                    methods.push("fmt".to_owned());
                }
            } else if !line.starts_with("#[") {
                derives = "";
            }
            if block.is_match(line) {
                inside = true;
            } else if line == "}" {
                inside = false;
            } else if inside && let Some(f) = function.captures(line) {
                methods.push(f[4].to_owned());
            }
        }
    }
    methods.sort();
    methods.dedup();
    methods
}

#[test]
fn every_method_of_the_client_is_reserved() {
    let methods = client_methods();
    for expected in ["builder", "send", "download", "base_url", "clone", "fmt"] {
        assert!(
            methods.iter().any(|m| m == expected),
            "{expected} in {methods:?}"
        );
    }
    for method in &methods {
        let errors = errors(&two_operations("getA", method));
        assert_eq!(
            errors,
            format!(
                "bad.yaml: #/paths/~1b/get/operationId: operation `{method}` would be the client method `{method}`, which is already a method `Client` has in the support code\n"
            )
        );
    }
}

#[test]
fn every_type_the_crate_root_exports_is_reserved() {
    // The root re-exports the operations with a glob, which any type the root names itself
    // would hide: each of those names, read from the committed crate's `lib.rs`, is an error.
    let lib = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/src/lib.rs"),
    )
    .unwrap();
    let export = regex::Regex::new(r"(?m)^pub use [\w:]+::(\{([^}]*)\}|(\w+));").unwrap();
    let mut types = Vec::new();
    for found in export.captures_iter(&lib) {
        let names = found.get(2).or(found.get(3)).unwrap().as_str();
        types.extend(names.split(',').map(str::trim).filter(|n| {
            n.starts_with(|c: char| c.is_ascii_uppercase())
                && n.contains(|c: char| c.is_ascii_lowercase())
        }));
    }
    for expected in ["Client", "Error", "BaseUrl", "ErrorBody"] {
        assert!(types.contains(&expected), "{expected} in {types:?}");
    }
    for name in types {
        // `Download` is also `Client::download`, which is claimed first and named instead.
        let errors = errors(&two_operations("getA", name));
        let type_taken = format!(
            "operation `{name}` would be the type `{name}`, which is already a type the crate root exports"
        );
        let method_taken = "which is already a method `Client` has in the support code";
        assert!(
            errors.starts_with("bad.yaml: #/paths/~1b/get/operationId: ")
                && (errors.contains(&type_taken) || errors.contains(method_taken)),
            "{name}: {errors}"
        );
    }
}

#[test]
fn command_line_options_that_collide() {
    // `output` is an option every command has, so the parameter becomes `--query-output`,
    // which another parameter already is.
    let paths = format!(
        "  /a:\n    get:\n      operationId: getA\n      parameters:\n        - {{name: query-output, in: query, schema: {{type: string}}}}\n        - {{name: output, in: query, schema: {{type: string}}}}\n{OK_RESPONSES}"
    );
    let config = Config::from_toml("[cli]\nenv_prefix = \"BAD_\"\n").unwrap();
    insta::assert_snapshot!(errors_with(&doc(&paths, "  schemas: {}\n"), config), @"bad.yaml: #/paths/~1a/get: src/cli/other.rs: parameter `output` of `getA` becomes the option `--query-output`, which another option has");
}

#[test]
fn unsupported_constructs_degrade_with_warnings() {
    let paths = format!(
        "  /a:\n    get:\n      operationId: getA\n      parameters:\n        - {{name: q, in: query, schema: {{type: string, pattern: '(a)\\1'}}}}\n{OK_RESPONSES}"
    );
    let components = "  schemas:\n    N:\n      not: {type: string}\n    A:\n      type: object\n      required: [b, gone]\n      allOf:\n        - {type: object, properties: {b: {type: string}}}\n    M:\n      allOf:\n        - {type: object, properties: {b: {type: string}}}\n        - {type: array, items: {type: string}}\n";
    let (krate, warnings) = generated(&doc(&paths, components));
    insta::assert_snapshot!(warnings);
    assert_eq!((krate.operations, krate.skipped_operations), (1, 0));
    assert!(krate.files["src/models/n.rs"].contains("pub type N = ::serde_json::Value;"));
}

#[test]
fn an_operation_that_cannot_be_sent_is_skipped_and_the_rest_generated() {
    // The union parameter comes from a shared schema; the warning names the parameter.
    let paths = format!(
        "  /a:\n    get:\n      operationId: getA\n      parameters:\n        - {{name: q, in: query, schema: {{$ref: '#/components/schemas/Q'}}}}\n        - {{name: h, in: header, schema: {{type: object}}}}\n      requestBody:\n        content:\n          multipart/form-data:\n            schema: {{type: string}}\n{OK_RESPONSES}  /b:\n    get:\n      operationId: getB\n{OK_RESPONSES}"
    );
    let components = "  schemas:\n    Q:\n      oneOf:\n        - {type: string}\n        - {type: object, properties: {x: {type: string}}}\n";
    let (krate, warnings) = generated(&doc(&paths, components));
    insta::assert_snapshot!(warnings);
    assert_eq!((krate.operations, krate.skipped_operations), (1, 1));
    assert!(krate.files.contains_key("src/operations/get_b.rs"));
    assert!(!krate.files.contains_key("src/operations/get_a.rs"));
    // What only the skipped operation made is gone too.
    assert!(
        !krate
            .files
            .keys()
            .any(|f| f.starts_with("src/models/get_a")),
        "{:?}",
        krate.files.keys()
    );
}

#[test]
fn security_schemes_the_client_cannot_run_are_named_in_warnings() {
    let components = "  securitySchemes:\n    login:\n      type: oauth2\n      flows:\n        implicit: {authorizationUrl: 'https://a.test/auth', scopes: {}}\n        password: {tokenUrl: 'https://a.test/token', scopes: {}}\n    sso: {type: openIdConnect, openIdConnectUrl: 'https://a.test/.well-known'}\n    hoba: {type: http, scheme: HOBA}\n";
    // One operation, so the crate has a client whose credentials to look at.
    let paths = format!("  /a:\n    get:\n      operationId: getA\n{OK_RESPONSES}");
    let (krate, warnings) = generated(&doc(&paths, components));
    insta::assert_snapshot!(warnings);
    // The crate is generated; none of the three becomes a credential it offers.
    assert!(
        krate.files["src/spec.rs"].contains("pub const API_KEY_SCHEMES: &[ApiKeyScheme] = &[];"),
        "{}",
        krate.files["src/spec.rs"]
    );
}

#[test]
fn status_ranges_are_documented_responses() {
    let paths = "  /a:\n    get:\n      operationId: getA\n      responses:\n        '200': {description: ok}\n        4XX: {description: client}\n        5XX: {description: server}\n        6XX: {description: odd}\n";
    let (krate, warnings) = generated(&doc(paths, "  schemas: {}"));
    // Each range is named as the spec writes it; only the one that is no HTTP class is left out.
    assert_eq!(
        warnings,
        "odd.yaml: warning: #/paths/~1a/get/responses/6XX: `6XX` is not a range of HTTP statuses; the response is ignored\n"
    );
    let operation = &krate.files["src/operations/get_a.rs"];
    assert!(operation.contains("error_ranges: &[4, 5]"), "{operation}");
}

#[test]
fn unreadable_spec_file() {
    let missing = std::path::Path::new("/nonexistent/spec.yaml");
    let err = xtask::codegen::generate(
        missing,
        std::path::Path::new("/tmp/x"),
        "x",
        Config::default(),
    )
    .unwrap_err();
    assert!(
        err.starts_with("/nonexistent/spec.yaml: cannot read the spec: "),
        "{err}"
    );
}

#[test]
fn header_names_that_are_not_http_tokens_are_errors_with_their_pointer() {
    // Today's crate would panic in `HeaderName::from_static` when building the request.
    let paths = format!(
        "  /a:\n    get:\n      operationId: getA\n      parameters:\n        - {{name: 'X Bad:1', in: header, schema: {{type: string}}}}\n        - {{name: X-Good, in: header, schema: {{type: string}}}}\n{OK_RESPONSES}"
    );
    let errors = errors(&doc(&paths, "  schemas: {}\n"));
    assert_eq!(
        errors,
        "bad.yaml: #/paths/~1a/get/parameters/0/name: `X Bad:1` is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_`|~)\n"
    );
}

#[test]
fn settings_that_would_leave_the_output_folder_or_panic_are_errors() {
    let spec = doc("  {}", "  schemas: {}\n");
    let config = Config::from_toml("").unwrap();
    let mut bad_example = config.clone();
    bad_example.examples.push(codegen::config::ExampleConfig {
        name: "../../x".into(),
        operation: "getA".into(),
        env_prefix: "P_".into(),
    });
    let errors = errors_with(&spec, bad_example);
    assert!(
        errors.contains("`examples[0].name` = \"../../x\": must be"),
        "{errors}"
    );
    let options = |crate_name: &str| Options {
        crate_name: crate_name.into(),
        spec_label: "bad.yaml".into(),
        command: "cargo xtask codegen".into(),
        crate_version: "0.1.0".into(),
        standalone: true,
        config: Config::default(),
        today: None,
    };
    // Today these panic in `Ident::new` or write outside the output folder.
    for name in ["self", "my crate", "../x", "9lives"] {
        let error = codegen::generate(&spec, &options(name)).unwrap_err();
        assert!(
            error
                .render("bad.yaml")
                .contains(&format!("the crate name {name:?}")),
            "{name}: {error}"
        );
    }
}
