//! Agreement with Microsoft's Swagger Validator: for each message the validator gave on a real
//! pull request (spec/RULES.md, evidence level V), a fixture reproduces the case and our rule fires
//! at the same ValuePath (our JSON pointer), with the validator's words where we keep them. The
//! messages the validator's page publishes (S-VAL, RULES.md §10) for rules we check are reproduced
//! the same way in `fixtures/validator/published`, with their placeholders filled in.

use std::path::Path;

use connector_lint::config::{Overrides, Settings};
use connector_lint::lint;

/// (rule, the validator's ValuePath, the start of the validator's message when ours keeps it)
const CASES: &[(&str, &str, Option<&str>)] = &[
    // PR #3407, #3841: "The 'title' value goes over the character limit '30' ValuePath: /info/title"
    (
        "title-max-length",
        "/info/title",
        Some("The 'title' value goes over the character limit '30'"),
    ),
    // PR #3407: "The value 'title' contains at least one of the restricted words: 'api, connector'."
    (
        "title-restricted-words",
        "/info/title",
        Some("The value 'title' contains at least one of the restricted words: 'api, connector'"),
    ),
    // PR #550, #3407: "The value 'description' contains at least one of the restricted words: …"
    ("desc-no-product-names", "/info/description", None),
    // PR #1095: "Summary string contains any of the restricted characters [/\<>*%&?]"
    (
        "op-summary-restricted-chars",
        "/paths/~1connector~1list-items/post/summary",
        Some("Summary string contains any of the restricted characters [/\\<>*%&?]"),
    ),
    // PR #4181: "The 'default' response should not have schema definition. …
    // ValuePath: /paths/~1connector~1list-items/post/responses/default"
    // PR #1095: "The 'contact' property is required. ValuePath: /info"
    (
        "meta-contact-required",
        "/info",
        Some("The 'contact' property is required."),
    ),
    // PR #1003, #2637, #3407, #3841: "The 'x-ms-summary' property is required.
    // ValuePath: /paths/~1operators~1id~1{id}~1permissiongroups/get/parameters/0"
    (
        "param-x-ms-summary-required",
        "/paths/~1operators~1id~1{id}~1permissiongroups/get/parameters/0",
        Some("The 'x-ms-summary' property is required."),
    ),
    // PR #2637, #3407, #4160: "The 'description' property is required.
    // ValuePath: /paths/~1matters~1{matterId}/get/parameters/0"
    (
        "param-description-required",
        "/paths/~1matters~1{matterId}/get/parameters/0",
        Some("The 'description' property is required."),
    ),
    // PR #609: "The 'summary' property is required.
    // ValuePath: /paths/~1instances~1{instanceId}~1manage~1hooks~1dataflow_refresh_fail/post"
    (
        "op-summary-required",
        "/paths/~1instances~1{instanceId}~1manage~1hooks~1dataflow_refresh_fail/post",
        Some("The 'summary' property is required."),
    ),
    (
        "resp-default-no-schema",
        "/paths/~1connector~1list-items/post/responses/default",
        Some("The 'default' response should not have schema definition. Schemas should be defined on expected responses only."),
    ),
];

/// (rule, ValuePath, the published message with its placeholders filled in)
const PUBLISHED: &[(&str, &str, &str)] = &[
    (
        "swg-family-too-many-active",
        "/paths/~1a~1v3~1{id}/get/x-ms-api-annotation/family",
        "The operation family 'GetA' has more than two active operations. Extra operations must be deprecated.",
    ),
    (
        "swg-family-dup-revisions",
        "/paths/~1b~1v2~1{id}/get/x-ms-api-annotation/revision",
        "The operation family 'GetB' has operations with duplicate revision.",
    ),
    (
        "swg-family-empty-revisions",
        "/paths/~1c~1v2~1{id}/get/x-ms-api-annotation/family",
        "The operation family 'GetC' has several operations with empty revision. Only one operation can have empty revision.",
    ),
    (
        "swg-family-many-production",
        "/paths/~1d~1v2~1{id}/get/x-ms-api-annotation/status",
        "The operation family 'GetD' has several active operations in Production status. Previous revisions should be deprecated.",
    ),
    (
        "swg-revision-empty",
        "/paths/~1e~1{id}/get/x-ms-api-annotation/family",
        "The operation 'GetE' does not specify a revision in api annotation.",
    ),
    (
        "swg-annotation-replacement-nondeprecated",
        "/paths/~1f~1v1~1{id}/get/x-ms-api-annotation/replacement",
        "The 'x-ms-api-annotation' extension for operation 'GetF' is invalid. The replacement property should be specified for deprecated operations only.",
    ),
    (
        "swg-annotation-replacement-api",
        "/paths/~1g~1v1~1{id}/get/x-ms-api-annotation/replacement",
        "The 'x-ms-api-annotation' extension for operation 'GetG' is invalid. The replacement property must specify 'api' property.",
    ),
    (
        "swg-annotation-replacement-opid",
        "/paths/~1h~1v1~1{id}/get/x-ms-api-annotation/replacement",
        "The 'x-ms-api-annotation' extension for operation 'GetH' is invalid. The replacement property must specify 'operationId' property.",
    ),
    (
        "op-visibility-valid",
        "/paths/~1v~1{id}/get/x-ms-visibility",
        "The property value must be one of the following: important, advanced, internal, none. ('hidden' is not.)",
    ),
];

/// The findings (rule, pointer, message) of the fixture folder `dir`, with its config.
fn findings_of(dir: &Path) -> Vec<(&'static str, String, String)> {
    // The fixtures are certified connectors: submission rules apply.
    let settings = Settings::load(
        Some(&dir.join("connector-lint.toml")),
        &Overrides::default(),
    )
    .unwrap();
    let report = lint::run(
        &[(dir.to_path_buf(), &settings)],
        lint::RunOptions::default(),
    );
    report
        .iter()
        .map(|(_, d)| (d.rule.id, d.pointer.to_string(), d.message.to_string()))
        .collect()
}

#[test]
fn rules_fire_where_the_published_messages_say() {
    let findings = findings_of(Path::new("fixtures/validator/published"));
    for &(rule, value_path, message) in PUBLISHED {
        let of_rule: Vec<_> = findings.iter().filter(|(r, _, _)| *r == rule).collect();
        assert!(
            of_rule
                .iter()
                .any(|(_, p, m)| p == value_path && m == message),
            "{rule} did not say {message:?} at {value_path}: {of_rule:#?}"
        );
    }
}

#[test]
fn rules_fire_where_the_validator_did() {
    let findings = findings_of(Path::new("fixtures/validator/pull-requests"));
    for &(rule, value_path, message) in CASES {
        let hit = findings
            .iter()
            .find(|(r, p, _)| *r == rule && p == value_path);
        let Some((_, _, got)) = hit else {
            panic!("{rule} did not fire at {value_path}; findings: {findings:#?}");
        };
        if let Some(m) = message {
            assert!(
                got.starts_with(m),
                "{rule}: {got:?} does not start with {m:?}"
            );
        }
    }
}
