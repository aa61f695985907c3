//! The authored spec fragment says what FACTS.md says: parameters with their locations,
//! requirements and constraints, responses with their statuses and media types.

use atlas_admin_tests::fixtures::ATLAS_SPEC;
use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, StatusCode, Type,
};

const PATH: &str = "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/restoreJobs";

fn spec() -> OpenAPI {
    serde_yaml::from_str(ATLAS_SPEC).expect("the fragment parses as OpenAPI 3.0")
}

fn param<'a>(spec: &'a OpenAPI, item: &'a ReferenceOr<Parameter>) -> &'a Parameter {
    match item {
        ReferenceOr::Item(p) => p,
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/parameters/").unwrap();
            match &spec.components.as_ref().unwrap().parameters[name] {
                ReferenceOr::Item(p) => p,
                ReferenceOr::Reference { .. } => panic!("no double references"),
            }
        }
    }
}

fn schema(p: &Parameter) -> &Schema {
    match &p.parameter_data_ref().format {
        ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) => s,
        _ => panic!("inline schema expected"),
    }
}

#[test]
fn operation_has_every_parameter_in_upstream_order() {
    let spec = spec();
    let op = spec.paths.paths[PATH]
        .as_item()
        .unwrap()
        .get
        .as_ref()
        .unwrap();
    assert_eq!(op.operation_id.as_deref(), Some("listClusterRestoreJobs"));
    assert!(op.deprecated);
    assert_eq!(op.tags, ["Legacy Backup"]);
    let refs: Vec<_> = op
        .parameters
        .iter()
        .filter_map(|p| match p {
            ReferenceOr::Reference { reference } => Some(reference.as_str()),
            ReferenceOr::Item(_) => None,
        })
        .collect();
    assert_eq!(refs.len(), 6, "six shared parameters by $ref");
    let summary: Vec<(String, &str, bool)> = op
        .parameters
        .iter()
        .map(|p| {
            let p = param(&spec, p);
            let location = match p {
                Parameter::Path { .. } => "path",
                Parameter::Query { .. } => "query",
                _ => "other",
            };
            (
                p.parameter_data_ref().name.clone(),
                location,
                p.parameter_data_ref().required,
            )
        })
        .collect();
    let expected = [
        ("envelope", "query", false),
        ("groupId", "path", true),
        ("includeCount", "query", false),
        ("itemsPerPage", "query", false),
        ("pageNum", "query", false),
        ("pretty", "query", false),
        ("batchId", "query", false),
        ("clusterName", "path", true),
    ];
    let expected: Vec<(String, &str, bool)> = expected
        .iter()
        .map(|(n, l, r)| (n.to_string(), *l, *r))
        .collect();
    assert_eq!(summary, expected);
}

#[test]
fn parameter_constraints_and_defaults() {
    let spec = spec();
    let op = spec.paths.paths[PATH]
        .as_item()
        .unwrap()
        .get
        .as_ref()
        .unwrap();
    let find = |name: &str| {
        op.parameters
            .iter()
            .map(|p| param(&spec, p))
            .find(|p| p.parameter_data_ref().name == name)
            .unwrap()
    };
    let pattern = |name: &str| match &schema(find(name)).schema_kind {
        SchemaKind::Type(Type::String(s)) => s.pattern.clone().unwrap(),
        _ => panic!("{name} is a string"),
    };
    assert_eq!(pattern("groupId"), "^([a-f0-9]{24})$");
    assert_eq!(pattern("batchId"), "^([a-f0-9]{24})$");
    assert_eq!(pattern("clusterName"), "^[a-zA-Z0-9][a-zA-Z0-9-]*$");
    let int = |name: &str| match &schema(find(name)).schema_kind {
        SchemaKind::Type(Type::Integer(i)) => (i.minimum, i.maximum),
        _ => panic!("{name} is an integer"),
    };
    assert_eq!(int("itemsPerPage"), (Some(1), Some(500)));
    assert_eq!(int("pageNum"), (Some(1), None));
    let default = |name: &str| schema(find(name)).schema_data.default.clone().unwrap();
    assert_eq!(default("itemsPerPage"), 100);
    assert_eq!(default("pageNum"), 1);
    assert_eq!(default("envelope"), false);
    assert_eq!(default("includeCount"), true);
    assert_eq!(default("pretty"), false);
}

#[test]
fn responses_statuses_and_media_types() {
    let spec = spec();
    let op = spec.paths.paths[PATH]
        .as_item()
        .unwrap()
        .get
        .as_ref()
        .unwrap();
    let statuses: Vec<String> = op
        .responses
        .responses
        .keys()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(statuses, ["200", "400", "401", "403", "404", "500"]);
    let ok = op.responses.responses[&StatusCode::Code(200)]
        .as_item()
        .unwrap();
    let media: Vec<&String> = ok.content.keys().collect();
    assert_eq!(media, ["application/vnd.atlas.2023-01-01+json"]);
    let components = spec.components.as_ref().unwrap();
    for name in [
        "badRequest",
        "unauthorized",
        "forbidden",
        "notFound",
        "internalServerError",
    ] {
        let response = components.responses[name].as_item().unwrap();
        assert_eq!(
            response.content.keys().collect::<Vec<_>>(),
            ["application/json"],
            "{name}"
        );
    }
    let schemes: Vec<&String> = components.security_schemes.keys().collect();
    assert_eq!(schemes, ["DigestAuth", "ServiceAccounts"]);
    assert_eq!(spec.servers[0].url, "https://cloud.mongodb.com");
}

#[test]
fn every_schema_of_the_facts_is_there() {
    let spec = spec();
    let names: Vec<&String> = spec.components.as_ref().unwrap().schemas.keys().collect();
    for expected in [
        "PaginatedRestoreJobView",
        "BackupRestoreJob",
        "BackupRestoreJobDelivery",
        "RestoreJobFileHash",
        "ApiBSONTimestampView",
        "Link",
        "ApiError",
        "BadRequestDetail",
        "FieldViolation",
    ] {
        assert!(names.iter().any(|n| *n == expected), "{expected} missing");
    }
}
