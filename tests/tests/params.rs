//! Validated parameters: the only ways in check the spec's constraints, and errors name the
//! parameter, the rule and the value.

use atlas_admin::params::{BatchId, ClusterName, GroupId, ItemsPerPage, PageNum};
use atlas_admin::{Rule, ValidationError};

const GROUP: GroupId = GroupId::from_static("32b6e34b3d91647abb20e7b8");
const PAGE_SIZE: ItemsPerPage = ItemsPerPage::from_static(500);

#[test]
fn ids_must_be_24_lowercase_hex_digits() {
    assert_eq!(GROUP.as_str(), "32b6e34b3d91647abb20e7b8");
    assert_eq!(
        "32b6e34b3d91647abb20e7b8".parse::<GroupId>().unwrap(),
        GROUP
    );
    let err = "32B6E34B3D91647ABB20E7B8".parse::<GroupId>().unwrap_err();
    assert_eq!(err.parameter(), "groupId");
    assert_eq!(err.rule(), Rule::Pattern("^([a-f0-9]{24})$"));
    assert_eq!(
        err.to_string(),
        r#"groupId: "32B6E34B3D91647ABB20E7B8" does not match ^([a-f0-9]{24})$"#
    );
    for bad in [
        "",
        "32b6e34b3d91647abb20e7b",
        "32b6e34b3d91647abb20e7b8a",
        "32b6e34b3d91647abb20e7b8\n",
    ] {
        assert!(GroupId::new(bad).is_err(), "{bad:?}");
        assert!(BatchId::new(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn cluster_names() {
    assert_eq!(
        "my-cluster".parse::<ClusterName>().unwrap().as_str(),
        "my-cluster"
    );
    assert!("Cluster0".parse::<ClusterName>().is_ok());
    for bad in ["-x", "", "a b", "a/b", "é", "a_b"] {
        let err = bad.parse::<ClusterName>().unwrap_err();
        assert_eq!(err.parameter(), "clusterName", "{bad:?}");
    }
}

#[test]
fn integer_bounds_and_defaults() {
    assert_eq!(ItemsPerPage::DEFAULT.get(), 100);
    assert_eq!(PageNum::DEFAULT.get(), 1);
    assert_eq!(PAGE_SIZE.get(), 500);
    assert_eq!(ItemsPerPage::new(1).unwrap().get(), 1);
    assert_eq!(
        ItemsPerPage::new(501).unwrap_err().to_string(),
        "itemsPerPage: 501 is above the maximum 500"
    );
    assert_eq!(
        ItemsPerPage::try_from(0).unwrap_err().to_string(),
        "itemsPerPage: 0 is below the minimum 1"
    );
    assert_eq!(PageNum::new(0).unwrap_err().rule(), Rule::Minimum(1));
    assert!(PageNum::new(1_000_000).is_ok());
    assert_eq!(
        "abc".parse::<PageNum>().unwrap_err().to_string(),
        r#"pageNum: "abc" is not an integer"#
    );
}

#[test]
fn deserialize_runs_the_same_check() {
    let ok: GroupId = serde_json::from_str(r#""32b6e34b3d91647abb20e7b8""#).unwrap();
    assert_eq!(ok, GROUP);
    let err = serde_json::from_str::<GroupId>(r#""nope""#).unwrap_err();
    assert!(err.to_string().contains("groupId"), "{err}");
    assert!(serde_json::from_str::<ItemsPerPage>("900").is_err());
    assert_eq!(
        serde_json::to_string(&GROUP).unwrap(),
        r#""32b6e34b3d91647abb20e7b8""#
    );
}

#[test]
fn long_values_are_shortened_in_errors() {
    let long = "x".repeat(10_000);
    let err: ValidationError = GroupId::new(long).unwrap_err();
    assert!(err.value().chars().count() <= 65, "{}", err.value().len());
    assert!(err.to_string().len() < 200);
}

#[test]
#[should_panic(expected = "groupId: the literal does not match")]
fn from_static_panics_at_run_time_on_a_bad_literal() {
    let value = std::hint::black_box("not-an-id");
    // Not a `const`, so the check runs (and fails) at run time.
    let _ = GroupId::from_static(value);
}

#[test]
fn every_rule_constant_exists_set_or_not() {
    // A rule the spec drops later keeps its constant (as `None`): loosening a parameter is a
    // minor change, and removing a constant would not be.
    assert_eq!(GroupId::PATTERN, Some("^([a-f0-9]{24})$"));
    assert_eq!(GroupId::MIN_LENGTH, None);
    assert_eq!(GroupId::MAX_LENGTH, None);
    assert_eq!(ItemsPerPage::MINIMUM, Some(1));
    assert_eq!(ItemsPerPage::MAXIMUM, Some(500));
    assert_eq!(PageNum::MINIMUM, Some(1));
    assert_eq!(PageNum::MAXIMUM, None);
    assert!(PageNum::new(i64::from(i32::MAX)).is_ok());
}
