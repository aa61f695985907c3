//! `tests/constructs/specs/schemas.yaml`: documented references, nullable items, `null` as an
//! enum, number schemas, unions of scalars, empty enums, and what is kept as JSON.

use construct_schemas::models::{
    Account, Count, Handle, HealthCheck, IdOrCode, Loudness, Mixed, Mode, Nothing, Owner,
    OwnerAlias, Ratio, Status, Tags, TextOrNumberOrNull, Unused,
};
use serde_json::json;

/// `allOf: [$ref: X]` is X itself, not a copy: these only compile when the types are the same.
#[test]
fn documented_references_are_the_referenced_types() {
    fn alias(owner: Owner) -> OwnerAlias {
        owner
    }
    type Documented = (
        Status,
        Option<Handle>,
        Option<Count>,
        Option<Option<Tags>>,
        Option<Owner>,
    );
    fn fields(account: Account) -> Documented {
        let Account {
            status,
            handle,
            seats,
            tags,
            owner,
            ..
        } = account;
        (status, handle, seats, tags, owner)
    }
    let account: Account = serde_json::from_value(json!({
        "id": "a1",
        "status": "paused",
        "handle": "ann",
        "seats": 3,
        "tags": null,
        "owner": {"name": "Ann"},
    }))
    .unwrap();
    let (status, handle, seats, tags, owner) = fields(account.clone());
    assert_eq!(status, Status::Paused);
    assert_eq!(handle.as_deref(), Some("ann"));
    assert_eq!(seats, Some(3));
    assert_eq!(tags, Some(None), "`nullable` beside the `allOf` is kept");
    assert_eq!(alias(owner.unwrap()).name.as_deref(), Some("Ann"));
    assert_eq!(account.previous_status, None);

    let changed: Account =
        serde_json::from_value(json!({"id": "a2", "status": "active", "previousStatus": null}))
            .unwrap();
    assert_eq!(changed.previous_status, Some(None));
}

#[test]
fn nullable_items_values_and_variants_hold_options_of_the_referenced_type() {
    let value = json!({
        "id": "a3",
        "status": "active",
        "delegate": null,
        "members": [{"name": "Bo"}, null],
        "scores": [1.5, null],
        "limits": {"cpu": 2, "disk": null},
    });
    let account: Account = serde_json::from_value(value.clone()).unwrap();
    let members: Vec<Option<Owner>> = account.members.clone().unwrap();
    assert_eq!(members[0].as_ref().unwrap().name.as_deref(), Some("Bo"));
    assert_eq!(members[1], None);
    assert_eq!(account.scores, Some(vec![Some(1.5), None]));
    let limits = account.limits.clone().unwrap();
    assert_eq!(limits["cpu"], Some(2));
    assert_eq!(limits["disk"], None);
    // `oneOf: [Owner, {enum: [null]}]` is a nullable Owner.
    let delegate: Option<Option<Owner>> = account.delegate.clone();
    assert_eq!(delegate, Some(None));
    assert_eq!(serde_json::to_value(&account).unwrap(), value);
}

#[test]
fn numbers_with_and_without_enums_are_floats() {
    let ratio: Ratio = 0.25;
    let loudness: Loudness = -0.5;
    let mode: Mode = 1.0;
    let account: Account = serde_json::from_value(json!({
        "id": "a4", "status": "active", "balance": 12.75, "ratio": ratio, "loudness": loudness,
    }))
    .unwrap();
    assert_eq!(account.balance, Some(12.75));
    assert_eq!(account.ratio, Some(0.25));
    assert_eq!(account.loudness, Some(-0.5));
    assert_eq!(serde_json::to_value(mode).unwrap(), json!(1.0));
}

#[test]
fn unions_of_scalars_and_null_decode_in_order() {
    assert_eq!(
        serde_json::from_value::<IdOrCode>(json!(7)).unwrap(),
        IdOrCode::Integer(7)
    );
    assert_eq!(
        serde_json::from_value::<IdOrCode>(json!("x7")).unwrap(),
        IdOrCode::String("x7".into())
    );
    assert!(serde_json::from_value::<IdOrCode>(json!(true)).is_err());
    assert_eq!(
        serde_json::from_value::<TextOrNumberOrNull>(json!(null)).unwrap(),
        TextOrNumberOrNull::Null(())
    );
    assert_eq!(
        serde_json::from_value::<TextOrNumberOrNull>(json!(2.5)).unwrap(),
        TextOrNumberOrNull::Number(2.5)
    );
    assert_eq!(
        serde_json::to_value(TextOrNumberOrNull::Null(())).unwrap(),
        json!(null)
    );
}

#[test]
fn null_only_and_empty_enums() {
    serde_json::from_value::<Nothing>(json!(null)).unwrap();
    let nothing: Nothing = ();
    assert_eq!(serde_json::to_value(nothing).unwrap(), json!(null));
    assert!(serde_json::from_value::<Nothing>(json!("x")).is_err());
    // A property that is only ever `null` is set with `()` and sent as `null`.
    let account = Account::new("a6", Status::Active).with_cleared(());
    assert_eq!(
        serde_json::to_value(&account).unwrap(),
        json!({"id": "a6", "status": "active", "cleared": null})
    );
    let unused: Unused = serde_json::from_value(json!("anything")).unwrap();
    assert_eq!(unused, "anything");
}

#[test]
fn a_later_all_of_part_can_require_an_earlier_part_s_property() {
    let check: HealthCheck = serde_json::from_value(json!({"port": 80})).unwrap();
    assert_eq!(check.port, 80);
    assert!(serde_json::from_value::<HealthCheck>(json!({"interval": 5})).is_err());
}

#[test]
fn unsupported_schemas_are_kept_as_json_and_undeclared_requirements_ignored() {
    // `region` is in `required` but declared nowhere: an account without it decodes.
    let account: Account = serde_json::from_value(json!({
        "id": "a5", "status": "active", "notAString": {"any": ["json"]},
    }))
    .unwrap();
    let kept: Option<serde_json::Value> = account.not_a_string;
    assert_eq!(kept, Some(json!({"any": ["json"]})));
    let mixed: Mixed = serde_json::from_value(json!([1, "two"])).unwrap();
    assert_eq!(mixed, json!([1, "two"]));
}
