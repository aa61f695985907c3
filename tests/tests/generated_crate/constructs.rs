//! The construct specs (`tests/constructs/specs/`) generate crates that behave as their
//! schemas say: optionality and null, maps, recursion, odd names, enums and unions, and
//! requests with every kind of parameter, and `allOf` compositions of unions; bodies and
//! responses that are not JSON and the schemas real specs write (`media`, `schemas`), and
//! binary responses downloaded piece by piece (`downloads`).

mod downloads;
mod media;
mod schemas;

use construct_compositions::models::{
    Card, Contact, EmailContact, Endpoint, LocalPipeEndpoint, Order, Payment, PhoneContact,
    PipeEndpoint, Reading, ReadingPart1, SocketEndpoint, Subscriber,
};
use construct_objects::models::{
    Extensible, Holder, HolderPriority, Option as OptionModel, TreeNode,
};
use construct_requests::models::Mode;
use construct_requests::params::Label;
use construct_requests::{DeleteFile, Error, GetFile};
use construct_unions::models::{IdOrName, Pet, Shape};
use serde_json::json;

#[test]
fn absent_null_and_present_stay_distinct() {
    let base = json!({ "id": "not-a-uuid", "maybe": null });
    let holder: Holder = serde_json::from_value(base.clone()).unwrap();
    assert_eq!(holder.maybe, None);
    assert_eq!(holder.optional_nullable, None, "absent");
    assert_eq!(holder.id.as_str(), "not-a-uuid");
    assert_eq!(serde_json::to_value(&holder).unwrap(), base);

    let mut with_null = base.clone();
    with_null["optionalNullable"] = json!(null);
    let holder: Holder = serde_json::from_value(with_null.clone()).unwrap();
    assert_eq!(holder.optional_nullable, Some(None), "present and null");
    assert_eq!(serde_json::to_value(&holder).unwrap(), with_null);

    let mut with_value = base;
    with_value["optionalNullable"] = json!(7);
    let holder: Holder = serde_json::from_value(with_value).unwrap();
    assert_eq!(holder.optional_nullable, Some(Some(7)));
}

#[test]
fn odd_names_maps_grids_and_enums() {
    let value = json!({
        "id": "6f1c2a5e-8d3b-4c7a-9e2f-0a1b2c3d4e5f",
        "maybe": "x",
        "type": "t", "self": true, "match": 3,
        "fooBar": "camel", "foo_bar": "snake", "2fa": false,
        "grid": [[1.5, 2.0], []],
        "labels": { "a": "b" },
        "nested": { "inner": { "depth": 2 } },
        "priority": 2,
        "mixed": "two",
        "password": "hunter2",
    });
    let holder: Holder = serde_json::from_value(value.clone()).unwrap();
    assert!(holder.id.get().is_some());
    assert_eq!(holder.r#type.as_deref(), Some("t"));
    assert_eq!(holder.self_, Some(true));
    assert_eq!(holder.r#match, Some(3));
    assert_eq!(holder.foo_bar.as_deref(), Some("camel"));
    assert_eq!(holder.foo_bar_2.as_deref(), Some("snake"));
    assert_eq!(holder.n2fa, Some(false));
    assert_eq!(holder.grid.as_ref().unwrap()[0], [1.5, 2.0]);
    assert_eq!(holder.labels.as_ref().unwrap()["a"], "b");
    assert_eq!(
        holder
            .nested
            .as_ref()
            .unwrap()
            .inner
            .as_ref()
            .unwrap()
            .depth,
        Some(2)
    );
    assert_eq!(holder.priority, Some(HolderPriority::V2));
    assert_eq!(holder.mixed, Some(json!("two")));
    assert_eq!(serde_json::to_value(&holder).unwrap(), value);
    let printed = format!("{holder:?}");
    assert!(
        !printed.contains("hunter2"),
        "format: password is redacted: {printed}"
    );

    let unknown: HolderPriority = serde_json::from_value(json!(9)).unwrap();
    assert_eq!(unknown, HolderPriority::Unknown(9));
    assert_eq!(serde_json::to_value(unknown).unwrap(), json!(9));
}

#[test]
fn std_names_recursion_and_additional_properties() {
    let wrapped: construct_objects::models::Result =
        serde_json::from_value(json!({ "ok": { "value": "v" } })).unwrap();
    let inner: &OptionModel = wrapped.ok.as_ref().unwrap();
    assert_eq!(inner.value.as_deref(), Some("v"));
    assert_eq!(construct_objects::models::String::A.as_str(), "a");

    let tree = json!({ "name": "leaf", "parent": { "name": "root", "children": [{ "name": "sibling" }] } });
    let node: TreeNode = serde_json::from_value(tree.clone()).unwrap();
    assert_eq!(node.parent.as_ref().unwrap().name.as_deref(), Some("root"));
    assert_eq!(serde_json::to_value(&node).unwrap(), tree);

    let extensible: Extensible =
        serde_json::from_value(json!({ "name": "n", "x": 1, "y": 2 })).unwrap();
    assert_eq!(extensible.additional_properties.len(), 2);
    assert_eq!(extensible.additional_properties["y"], 2);
}

#[test]
fn unions() {
    let dog: Pet =
        serde_json::from_value(json!({ "kind": "dog", "good": true, "name": "Rex" })).unwrap();
    match &dog {
        Pet::Dog(d) => {
            assert!(d.good);
            assert_eq!(d.kind, "dog", "the tag stays in the variant");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        serde_json::to_value(&dog).unwrap(),
        json!({ "kind": "dog", "good": true, "name": "Rex" })
    );
    let cat: Pet = serde_json::from_value(json!({ "kind": "cat", "lives": 9 })).unwrap();
    assert!(matches!(cat, Pet::Cat(ref c) if c.lives == Some(9)));
    let bird: Pet = serde_json::from_value(json!({ "kind": "bird" })).unwrap();
    assert!(matches!(bird, Pet::Unknown(_)), "unknown tags are kept");
    assert!(
        serde_json::from_value::<Pet>(json!({ "kind": "dog" })).is_err(),
        "a dog needs `good`"
    );

    assert!(matches!(
        serde_json::from_value::<IdOrName>(json!(5)).unwrap(),
        IdOrName::Integer(5)
    ));
    assert!(matches!(
        serde_json::from_value::<IdOrName>(json!("x")).unwrap(),
        IdOrName::String(_)
    ));
    assert!(matches!(
        serde_json::from_value::<Shape>(json!(["a"])).unwrap(),
        Shape::Array(_)
    ));
}

#[test]
fn path_values_land_in_one_percent_encoded_segment() {
    let request = GetFile::new("a b/c?d#e%")
        .to_http(&"https://h.test/v1".parse().unwrap())
        .unwrap();
    assert_eq!(
        request.uri().to_string(),
        "https://h.test/v1/files/a%20b%2Fc%3Fd%23e%25"
    );
    let request = DeleteFile::new("ünï")
        .to_http(&construct_requests::BaseUrl::DEFAULT)
        .unwrap();
    assert_eq!(request.method(), http::Method::DELETE);
    assert_eq!(
        request.uri().to_string(),
        "https://api.example.test/v1/files/%C3%BCn%C3%AF"
    );
}

#[test]
fn lengths_count_code_points_and_other_parameter_kinds() {
    assert!(Label::new("éé").is_ok(), "two code points, four bytes");
    assert!(Label::new("é").is_err());
    assert_eq!(
        Label::new("abcdef").unwrap_err().to_string(),
        r#"label: "abcdef" is longer than 5 characters"#
    );
    let request = GetFile::new("f")
        .label(Label::from_static("ab"))
        .mode(Mode::Safe)
        .limit(-3)
        .x_trace("trace-1")
        .to_http(&"https://h.test".parse().unwrap())
        .unwrap();
    assert_eq!(request.uri().query(), Some("label=ab&mode=safe&limit=-3"));
    assert_eq!(request.headers()["x-trace"], "trace-1");
}

#[test]
fn empty_success_and_default_errors() {
    let no_content = http::Response::builder()
        .status(204)
        .body(Vec::new())
        .unwrap();
    DeleteFile::parse_response(no_content).unwrap();
    let problem = http::Response::builder()
        .status(409)
        .header("content-type", "application/problem+json")
        .body(br#"{"title": "conflict"}"#.to_vec())
        .unwrap();
    match GetFile::parse_response(problem) {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status, 409);
            assert_eq!(body.title.as_deref(), Some("conflict"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn same_parameter_name_with_other_rules_gets_the_operation_prefix() {
    use construct_requests::params::ListThingsLabel;
    assert!(
        ListThingsLabel::new("abcdefghij").is_ok(),
        "its own rules: up to 10"
    );
    assert!(
        Label::new("abcdefghij").is_err(),
        "getFile's rules: up to 5"
    );
    let request = construct_requests::ListThings::new()
        .label(ListThingsLabel::from_static("x"))
        .to_http(&"https://h.test".parse().unwrap())
        .unwrap();
    assert_eq!(request.uri().to_string(), "https://h.test/things?label=x");
}

#[test]
fn a_union_of_string_enums_is_one_enum_parameter() {
    use construct_requests::models::Kind;
    assert_eq!(Kind::KNOWN, [Kind::Red, Kind::Green, Kind::Blue]);
    let request = construct_requests::ListThings::new()
        .kind(Kind::Blue)
        .to_http(&"https://h.test".parse().unwrap())
        .unwrap();
    assert_eq!(request.uri().query(), Some("kind=blue"));
}

#[test]
fn a_named_union_of_string_enums_is_one_open_enum_in_models_and_parameters() {
    use construct_requests::models::{Problem, Shade};
    assert_eq!(Shade::KNOWN, [Shade::Light, Shade::Dark, Shade::Dim]);
    let problem: Problem = serde_json::from_value(json!({ "shade": "dim" })).unwrap();
    assert_eq!(problem.shade, Some(Shade::Dim));
    let odd: Problem = serde_json::from_value(json!({ "shade": "neon" })).unwrap();
    assert_eq!(odd.shade, Some(Shade::Unknown("neon".into())));
    let request = construct_requests::ListThings::new()
        .shade(vec![Shade::Dark, Shade::Dim])
        .to_http(&"https://h.test".parse().unwrap())
        .unwrap();
    assert_eq!(request.uri().query(), Some("shade=dark&shade=dim"));
}

#[test]
fn int32_parameters_with_bounds_check_them() {
    use construct_requests::params::Page;
    assert_eq!(Page::new(1).unwrap().get(), 1);
    assert_eq!(Page::new(1000).unwrap().get(), 1000);
    assert_eq!(
        Page::new(0).unwrap_err().to_string(),
        "page: 0 is below the minimum 1"
    );
    assert!(Page::new(1001).is_err());
    assert!(serde_json::from_value::<Page>(json!(5_000_000_000_i64)).is_err());
    assert_eq!(
        serde_json::to_value(Page::new(7).unwrap()).unwrap(),
        json!(7)
    );
}

#[test]
fn request_bodies_are_sent_as_json_with_the_spec_media_type() {
    use construct_requests::CreateFile;
    use construct_requests::models::NewFile;
    let body = NewFile::new("a.txt").with_size(3);
    let request = CreateFile::new(body.clone())
        .to_http(&"https://h.test".parse().unwrap())
        .unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(
        request.headers()["content-type"],
        "application/vnd.example.v1+json"
    );
    let sent: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
    assert_eq!(sent, json!({ "name": "a.txt", "size": 3 }));
    let created = http::Response::builder()
        .status(201)
        .header("content-type", "application/json")
        .body(serde_json::to_vec(&sent).unwrap())
        .unwrap();
    assert_eq!(
        CreateFile::parse_response(created).unwrap().into_body(),
        body
    );
}

#[test]
fn list_parameters_explode_or_join_as_the_spec_says() {
    let request = GetFile::new("f")
        .tags(vec!["a b".to_owned(), "c".to_owned()])
        .ids(vec![1, 2, 3])
        .to_http(&"https://h.test".parse().unwrap())
        .unwrap();
    assert_eq!(request.uri().query(), Some("tags=a%20b&tags=c&ids=1,2,3"));
}

/// Decodes `value` as `T`, checks it encodes back to the same JSON, and returns it.
fn round_trip<T>(value: serde_json::Value) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let decoded: T = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(serde_json::to_value(&decoded).unwrap(), value);
    decoded
}

#[test]
fn an_all_of_with_a_union_part_flattens_the_union_beside_the_other_fields() {
    let email: Subscriber = round_trip(json!({ "email": "a@b.test", "name": "Ann" }));
    assert_eq!(
        email,
        Subscriber::new(Contact::EmailContact(EmailContact::new("a@b.test")), "Ann")
    );
    let phone: Subscriber = round_trip(json!({
        "phone": "555", "extension": "12", "name": "Bo", "active": true
    }));
    assert_eq!(
        phone.contact,
        Contact::PhoneContact(PhoneContact::new("555").with_extension("12"))
    );
    assert_eq!(phone.active, Some(true));

    // `required` beside the `allOf` applies to the parts' properties.
    assert!(serde_json::from_value::<Subscriber>(json!({ "email": "a@b.test" })).is_err());
    // The union part must match one of its variants.
    assert!(serde_json::from_value::<Subscriber>(json!({ "name": "Ann" })).is_err());
}

#[test]
fn a_flattened_tagged_union_keeps_its_tag_and_unknown_variants() {
    let order: Order = round_trip(json!({ "amount": 12, "method": "card", "number": "4111" }));
    assert_eq!(order.amount, 12);
    assert_eq!(order.payment, Payment::Card(Card::new("card", "4111")));
    let unknown: Order = round_trip(json!({ "amount": 3, "method": "cash", "coins": 7 }));
    assert_eq!(
        unknown.payment,
        Payment::Unknown(json!({ "method": "cash", "coins": 7 }))
    );
    assert!(serde_json::from_value::<Order>(json!({ "method": "card", "number": "1" })).is_err());
}

#[test]
fn an_inline_union_part_gets_a_type_of_its_own() {
    let reading: Reading = round_trip(json!({ "at": "noon", "kelvin": 300.5 }));
    assert_eq!(reading.at.as_deref(), Some("noon"));
    match reading.reading_part1 {
        ReadingPart1::ReadingPart1Variant1(v) => assert_eq!(v.kelvin, 300.5),
        other => panic!("expected the kelvin variant, got {other:?}"),
    }
    let celsius: Reading = round_trip(json!({ "celsius": -4.0 }));
    assert!(matches!(
        celsius.reading_part1,
        ReadingPart1::ReadingPart1Variant0(_)
    ));
}

#[test]
fn a_union_that_is_its_variants_parent_is_not_composed_into_them() {
    // Each variant holds only its own properties: no field refers back to the union.
    let socket: SocketEndpoint = round_trip(json!({ "port": 27017 }));
    assert_eq!(socket, SocketEndpoint::new(27017));
    let pipe: Endpoint = round_trip(json!({ "path": "/tmp/s" }));
    assert_eq!(pipe, Endpoint::PipeEndpoint(PipeEndpoint::new("/tmp/s")));
    let endpoint: Endpoint = round_trip(json!({ "port": 1 }));
    assert_eq!(endpoint, Endpoint::SocketEndpoint(SocketEndpoint::new(1)));
    // A schema composing one of the variants skips the union too, and keeps that variant's
    // `required`.
    let local: LocalPipeEndpoint = round_trip(json!({ "path": "/p", "owner": "me" }));
    assert_eq!(local.owner.as_deref(), Some("me"));
    assert!(serde_json::from_value::<LocalPipeEndpoint>(json!({ "owner": "me" })).is_err());
    assert!(serde_json::from_value::<SocketEndpoint>(json!({})).is_err());
}

#[test]
fn operations_take_every_required_parameter_however_many() {
    use construct_requests::params::{A, G, Ref};
    let cell = |g: &'static str| {
        construct_requests::GetCell::new(
            A::from_static("1"),
            "2",
            "3",
            "4",
            "5",
            "6",
            G::new(g).unwrap(),
            "8 9",
        )
    };
    let base = "https://h.test".parse().unwrap();
    let request = cell("7.x").to_http(&base).unwrap();
    assert_eq!(request.uri().path(), "/grid/1/2/3/4/5/6/7.x/8%209");
    // Values whose pattern admits only unreserved characters are written as they are, but a
    // `.` or `..` segment is still refused; names are encoded like values.
    for dots in [".", ".."] {
        let error = cell(dots).to_http(&base).unwrap_err();
        assert!(error.to_string().starts_with("g: "), "{error}");
    }
    let request = cell("7")
        .filter_state("a&b=c")
        .r#ref(Ref::from_static("c0ffee1"))
        .to_http(&base)
        .unwrap();
    assert_eq!(
        request.uri().query(),
        Some("filter%5Bstate%5D=a%26b%3Dc&ref=c0ffee1")
    );
}

#[test]
#[allow(deprecated)]
fn sunset_dates_are_constants_of_their_operations() {
    use construct_requests::{GetFile, GetReport, ListReports};
    assert_eq!(ListReports::SUNSET, Some("2020-01-31"));
    assert_eq!(GetReport::SUNSET, Some("2099-12-31"));
    assert_eq!(GetFile::SUNSET, None);
}

#[test]
fn dot_and_empty_path_values_are_refused() {
    // The URL parser would collapse `..` and send `DELETE /` instead of `/files/..`.
    for value in ["", ".", ".."] {
        let error = DeleteFile::new(value)
            .to_http(&construct_requests::BaseUrl::DEFAULT)
            .unwrap_err();
        let Error::Validation(validation) = &error else {
            panic!("{value:?}: expected a validation error, got {error:?}");
        };
        assert_eq!(validation.parameter(), "name");
        assert_eq!(validation.rule(), construct_requests::Rule::PathSegment);
        assert_eq!(validation.value(), value);
    }
    // Dots inside a value are data, sent encoded in one segment.
    let request = DeleteFile::new("...")
        .to_http(&construct_requests::BaseUrl::DEFAULT)
        .unwrap();
    assert_eq!(request.uri().path(), "/v1/files/...");
}

#[test]
fn names_that_collide_with_module_files_and_keywords_compile() {
    // Schemas `Mod` and `Self`, operations `mod`, `self`, `crate` and `super`: the crate
    // compiles (this test would not build otherwise) and each is reachable.
    use construct_hostile::models::{Kind, Mod, Self_};
    let model: Mod = serde_json::from_value(json!({"kind": "a`b", "self": "x"})).unwrap();
    assert_eq!(model.kind, Some(Kind::AB));
    let _: Self_ = serde_json::from_value(json!({"crate": "c"})).unwrap();
    let base = &construct_hostile::BaseUrl::DEFAULT;
    let request = construct_hostile::Mod::new("n").to_http(base).unwrap();
    assert_eq!(request.uri().path(), "/v1/mod/n");
    assert_eq!(
        construct_hostile::Self_::new()
            .to_http(base)
            .unwrap()
            .uri()
            .path(),
        "/v1/self"
    );
    assert_eq!(
        construct_hostile::Crate::new()
            .to_http(base)
            .unwrap()
            .method(),
        http::Method::POST
    );
    assert_eq!(
        construct_hostile::Super::new()
            .to_http(base)
            .unwrap()
            .method(),
        http::Method::DELETE
    );
    let client = construct_hostile::Client::builder().build().unwrap();
    let _ = (
        client.r#mod("n"),
        client.self_(),
        client.crate_(),
        client.super_(),
    );
}

#[tokio::test]
async fn hostile_spec_text_reaches_the_help_inert() {
    // The tool's tag commands are named like keywords; spec text with escape sequences and
    // fences is printed as text.
    let mut out = Vec::new();
    let mut err = Vec::new();
    let env = |_: &str| -> Option<String> { None };
    let code = construct_hostile::cli::run(
        ["construct-hostile", "mod", "mod", "--help"],
        &env,
        &mut out,
        &mut err,
    )
    .await;
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    let help = String::from_utf8(out).unwrap();
    assert!(help.contains("```text"), "{help}");
    for tag in ["self", "crate", "super"] {
        let mut out = Vec::new();
        let code = construct_hostile::cli::run(
            ["construct-hostile", tag, "--help"],
            &env,
            &mut out,
            &mut err,
        )
        .await;
        assert_eq!(code, 0, "{tag}");
    }
}
