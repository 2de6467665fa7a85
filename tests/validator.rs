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

/// (rule, ValuePath, the published message with its placeholders filled in), reproduced by the
/// rule's own invalid fixture (`fixtures/rules/<rule>/invalid`), which the fixture tests also
/// snapshot.
const PUBLISHED_IN_RULE_FIXTURES: &[(&str, &str, &str)] = &[
    (
        "sec-req-scopes",
        "/security/0/oauth2_auth",
        "The security requirement 'oauth2_auth' must have have a value. Provide an empty array if no OAuth scopes are required.",
    ),
    (
        "sec-req-scopes",
        "/paths/~1tasks/get/security/0/api_key",
        "The security requirement 'api_key' cannot specify any scopes, an empty array should be provided.",
    ),
    (
        "sec-req-scope-undefined",
        "/security/0/oauth2_auth/1",
        "The OAuth security requirement 'oauth2_auth' refers to scope name 'Read tasks', but this is not defined in the 'securityDefinitions' object.",
    ),
    (
        "sec-scheme-props",
        "/securityDefinitions/oauth2_auth/in",
        "The security definition property 'in' is not valid for definitions of type 'oauth2'.",
    ),
    (
        "sec-scheme-props",
        "/securityDefinitions/oauth2_auth",
        "The security definition property 'tokenUrl' is required for definitions of type 'oauth2'.",
    ),
    (
        "swg-dynamic-on-body-param",
        "/paths/~1tasks/post/parameters/0/x-ms-dynamic-schema",
        "Dynamic extensions are not allowed to be defined on the body parameter. It should be in the schema.",
    ),
    (
        "swg-dynamic-list-nonparam",
        "/paths/~1tasks/post/parameters/0/schema/properties/listId/x-ms-dynamic-values/parameters/boardId/parameter",
        "The 'x-ms-dynamic-values' extension references properties within parameters. You need to define the 'x-ms-dynamic-list' extension.",
    ),
    (
        "swg-dynamic-list-ambiguous",
        "/paths/~1tasks/post/parameters/1/schema/properties/listId/x-ms-dynamic-values/parameters/boardId/parameter",
        "The 'x-ms-dynamic-values' extension references ambiguous parameter references. You need to define the 'x-ms-dynamic-list' extension.",
    ),
    (
        "swg-dynamic-props-nonparam",
        "/paths/~1rows/post/parameters/0/schema/properties/row/x-ms-dynamic-schema/parameters/table/parameter",
        "The 'x-ms-dynamic-schema' extension references properties within parameters. You need to define the 'x-ms-dynamic-properties' extension.",
    ),
    (
        "swg-dynamic-props-ambiguous",
        "/paths/~1rows/post/parameters/1/schema/properties/row/x-ms-dynamic-schema/parameters/table/parameter",
        "The 'x-ms-dynamic-schema' extension references ambiguous parameter references. You need to define the 'x-ms-dynamic-properties' extension.",
    ),
    (
        "swg-dynamic-props-valuepath",
        "/paths/~1rows/post/parameters/1/schema/x-ms-dynamic-schema/value-path",
        "The 'x-ms-dynamic-schema' extension property 'value-path' points to schema properties. You need to define the 'x-ms-dynamic-properties' extension, which points to schema object.",
    ),
    (
        "swg-dynamic-props-itemvaluepath",
        "/paths/~1rows/post/parameters/1/schema/x-ms-dynamic-properties/itemValuePath",
        "The 'x-ms-dynamic-properties' extension should have the same item value path as 'x-ms-dynamic-schema' extension without 'properties' ending. The expected path is 'schema'.",
    ),
    (
        "swg-dynamic-tree-missing",
        "/paths/~1files~1{fileId}/get/parameters/0/x-ms-dynamic-values/capability",
        "The 'x-ms-dynamic-tree' extension must be defined to enable file picker support.",
    ),
    (
        "swg-selecteditemvaluepath",
        "/paths/~1files~1{fileId}/get/parameters/0/x-ms-dynamic-tree/open/parameters/parentId/selectedItemValuePath",
        "The 'selectedItemValuePath' property is not allowed in this position. It is allowed only in 'browse' operation of 'x-ms-dynamic-tree' extension.",
    ),
    (
        "swg-param-not-found",
        "/paths/~1tasks/post/parameters/1/x-ms-dynamic-values/parameters/boardID",
        "The parameter could not be found in operation 'ListLists' in the swagger document.",
    ),
    (
        "swg-param-name-ambiguous",
        "/paths/~1tasks/post/parameters/1/x-ms-dynamic-list/parameters/boardId",
        "The parameter name is ambiguous as it matches both a parameter name and a path to a body property.",
    ),
    (
        "swg-target-requires-param",
        "/paths/~1tasks/post/parameters/1/x-ms-dynamic-values/operationId",
        "The target operation requires parameter 'boardId'.",
    ),
    (
        "swg-param-required-mismatch",
        "/paths/~1tasks/post/parameters/1/x-ms-dynamic-values/parameters/boardId",
        "The parameter is required, but an optional value is provided by operation 'CreateTask'. The request cannot be made until a value for this parameter is provided.",
    ),
    (
        "swg-param-type-mismatch",
        "/paths/~1tasks/post/parameters/1/x-ms-dynamic-values/parameters/boardId",
        "The parameter has type 'string', but operation 'CreateTask' is providing a parameter of type 'integer'.",
    ),
    (
        "swg-param-static-type",
        "/paths/~1tasks/post/parameters/1/x-ms-dynamic-values/parameters/top",
        "The parameter has type 'integer', but a static value is provided of type 'string'.",
    ),
    (
        "swg-dynamic-op-array",
        "/paths/~1tasks/post/parameters/1/x-ms-dynamic-values/operationId",
        "The dynamic operation expects an array on the specified path '' which should be defined in the successful response of the invoked operation 'ListLists'.",
    ),
    (
        "swg-dynamic-op-property",
        "/paths/~1tasks/post/parameters/1/x-ms-dynamic-values/value-title",
        "The dynamic operation expects a property on the specified path 'title' which should be defined in the successful response of the invoked operation 'ListLists'.",
    ),
    (
        "swg-opid-not-found",
        "/paths/~1tasks~1{id}~1list/get/parameters/1/x-ms-dynamic-values/operationId",
        "The 'operationId' could not be found in this swagger document. (found 'ListLists')",
    ),
    (
        "swg-params-duplicate",
        "/paths/~1tasks/get/parameters/1",
        "The operation 'ListTasks' contains duplicate parameters with name 'top', location 'query'.",
    ),
    (
        "swg-params-not-unique",
        "/paths/~1tasks/get/parameters/1",
        "The parameters in the operation 'ListTasks' are not unique.",
    ),
    (
        "swg-path-params-duplicate",
        "/paths/~1tasks~1{id}/parameters/1",
        "The path '/tasks/{id}' contains duplicate parameters with name 'id', location 'path'.",
    ),
    (
        "swg-path-params-multi-body",
        "/paths/~1tasks/parameters/1",
        "The path '/tasks' contains multiple parameters in the location 'body', at most one is allowed.",
    ),
    (
        "swg-path-template",
        "/paths/~1tasks~1{id",
        "The path is not valid, each path template variable enclosed by '{' and '}' characters must be contained within a single URL segment. Individual '{' or '}' characters which are not enclosing a path template variable must be URL encoded.",
    ),
    (
        "swg-path-case-dup",
        "/paths/~1Tasks",
        "The path '/Tasks' is defined multiple times with different capitalization. Paths must be unique when compared case-insensitively.",
    ),
    (
        "swg-duplicate-path",
        "/paths/~1tasks~1{taskId}/get",
        "The operations 'GetTask' and 'GetTaskById' have the path templates '/tasks/{id}' and '/tasks/{taskId}' which are duplicate and indistinguishable. They need to have a difference in static path segments for a deterministic routing.",
    ),
    (
        "swg-partial-duplicate-path",
        "/paths/~1tasks~1count/get",
        "The operation 'CountTasks' has the path template '/tasks/count' which is similar to other operation path templates, this can lead to an unexpected routing to a different operation in case an input path parameter value matches to a static value segment. It is better to have unconditional routing in all cases. Partially duplicated paths are: /tasks/{id}",
    ),
    (
        "swg-consumes-missing",
        "/paths/~1files/post",
        "At least one supported MIME type must be provided in 'consumes' for operation 'UploadFile'.",
    ),
    (
        "swg-mime-incompatible",
        "/paths/~1files/post/consumes",
        "The MIME type(s) are not compatible with the request content type 'multipart/form-data' for operation 'UploadFile'.",
    ),
    (
        "swg-formurlencoded-binary",
        "/paths/~1files/post",
        "String/binary parameters are not supported for operation 'UploadFile' with 'application/x-www-form-urlencoded' consumes type.",
    ),
    (
        "swg-formdata-name-ascii",
        "/paths/~1files/post/parameters/0/name",
        "The form data parameter name 'pièce' is invalid. All characters must be part of the US-ASCII character set.",
    ),
    (
        "swg-type-format",
        "/paths/~1tasks~1{id}/get/responses/200/schema/properties/phone/format",
        "The type/format 'string/phone' is not recognized.",
    ),
    (
        "swg-nextlink-name",
        "/paths/~1tasks/get/x-ms-pageable/nextLinkName",
        "The nextLinkName value for operation 'ListTasks' is invalid. Supported values are 'nextLink' or '@odata.nextLink'.",
    ),
    (
        "swg-array-duplicate",
        "/paths/~1tasks/get/tags/1",
        "The array contains duplicate values, values must be unique.",
    ),
    (
        "swg-notif-url-internal",
        "/paths/~1hooks/post/parameters/0/schema/properties/callbackUrl/x-ms-notification-url",
        "The notification URL property itself or at least one of its parents must be internal.",
    ),
    (
        "swg-notif-url-required",
        "/paths/~1hooks/post/parameters/0/schema/properties/callbackUrl/x-ms-notification-url",
        "The notification URL property must be required all the way through the schema chain.",
    ),
    (
        "swg-notif-url-string",
        "/paths/~1hooks/post/parameters/0/schema/properties/callbackUrl/x-ms-notification-url",
        "The notification URL property must be of type string.",
    ),
    (
        "swg-notif-url-position",
        "/paths/~1hooks/post/parameters/0/x-ms-notification-url",
        "The notification URL property is not allowed in this position. It is allowed only in input body.",
    ),
    (
        "swg-notification-content-missing",
        "/paths/~1hooks/post",
        "The operation 'RegisterHook' is missing notification content extension as it has '1' properties marked as notification URL.",
    ),
    (
        "swg-webhook-notification-url",
        "/paths/~1hooks/post",
        "The webhook operation 'RegisterHook' is missing notification URL property.",
    ),
    (
        "swg-notification-trigger-only",
        "/paths/~1tasks~1new/get/x-ms-notification",
        "The 'x-ms-notification' is supported for trigger operations only.",
    ),
    (
        "swg-notification-in-webhook",
        "/paths/~1hooks/post/x-ms-notification",
        "The 'x-ms-notification' extension must not be defined in a webhook operation.",
    ),
    (
        "swg-notification-op-webhook",
        "/paths/~1tasks~1new/get/x-ms-notification",
        "The 'operationId' property in 'x-ms-notification' extension must be for a webhook operation.",
    ),
    (
        "swg-opid-revision-suffix",
        "/paths/~1v2~1tasks/get/operationId",
        "The operation Id 'ListTasksNew' should end with revision suffix 'V2'.",
    ),
    (
        "swg-exclusivemax",
        "/paths/~1tasks/get/parameters/0/exclusiveMaximum",
        "The 'exclusiveMaximum' keyword can only be specified if the 'maximum' keyword is also specified.",
    ),
    (
        "swg-exclusivemin",
        "/paths/~1tasks/get/parameters/0/exclusiveMinimum",
        "The 'exclusiveMinimum' keyword can only be specified if the 'minimum' keyword is also specified.",
    ),
    (
        "swg-min-le-max",
        "/paths/~1tasks/get/parameters/0/minimum",
        "The 'minimum' value should be less than or equal to the 'maximum' value.",
    ),
    (
        "swg-maxprops-neg",
        "/paths/~1tasks/post/parameters/0/schema/maxProperties",
        "The 'maxProperties' value must be greater than or equal to zero.",
    ),
    (
        "swg-minprops-neg",
        "/paths/~1tasks/post/parameters/0/schema/minProperties",
        "The 'minProperties' value must be greater than or equal to zero.",
    ),
    (
        "swg-maxitems-neg",
        "/paths/~1tasks/get/parameters/0/maxItems",
        "The 'maxItems' value must be greater than or equal to zero.",
    ),
    (
        "swg-minitems-neg",
        "/paths/~1tasks/get/parameters/0/minItems",
        "The 'minItems' value must be greater than or equal to zero.",
    ),
    (
        "swg-minitems-le-max",
        "/paths/~1tasks/get/parameters/0/minItems",
        "The 'minItems' value should be less than or equal to the 'maxItems' value.",
    ),
    (
        "swg-maxlength-neg",
        "/paths/~1tasks/get/parameters/0/maxLength",
        "The 'maxLength' value must be greater than or equal to zero.",
    ),
    (
        "swg-minlength-neg",
        "/paths/~1tasks/get/parameters/0/minLength",
        "The 'minLength' value must be greater than or equal to zero.",
    ),
    (
        "swg-minlength-le-max",
        "/paths/~1tasks/get/parameters/0/minLength",
        "The 'minLength' value should be less than or equal to the 'maxLength' value.",
    ),
    (
        "swg-allowemptyvalue",
        "/paths/~1tasks~1{id}/get/parameters/0/allowEmptyValue",
        "The parameter cannot use the 'allowEmptyValue' keyword as it is not in the 'query' or 'formData' location.",
    ),
    (
        "swg-array-items",
        "/paths/~1tasks/get/parameters/0",
        "The array should have items specified.",
    ),
    (
        "swg-required-empty",
        "/paths/~1tasks/get/responses/200/schema/items/required",
        "The 'required' array requires at least one value. If no properties are required in the schema, remove the 'required' property.",
    ),
    (
        "swg-required-non-object",
        "/paths/~1tasks/get/responses/200/schema/required",
        "The property 'required' is applicable to schemas with 'object' type only and should be removed.",
    ),
    (
        "swg-required-undefined",
        "/paths/~1tasks/get/responses/200/schema/items/required/0",
        "The required property 'Id' is not defined in the object schema.",
    ),
    (
        "swg-enum-empty",
        "/paths/~1tasks/get/parameters/0/enum",
        "The 'enum' array requires at least one value.",
    ),
    (
        "swg-multipleof",
        "/paths/~1tasks/get/parameters/0/multipleOf",
        "The 'multipleOf' value must be greater than zero.",
    ),
    (
        "swg-pattern-regex",
        "/paths/~1tasks/get/parameters/0/pattern",
        "The 'pattern' value should be a valid regular expression (a '(' is never closed).",
    ),
    (
        "swg-default-type",
        "/paths/~1tasks/get/parameters/0/default",
        "The 'default' value is of type 'string', but should match the given type 'integer'.",
    ),
    (
        "enum-value-type",
        "/paths/~1tasks/get/parameters/0/enum/0",
        "The type of the enum value is 'string' but it should be 'integer' as specified in the schema.",
    ),
    (
        "swg-ref-siblings",
        "/paths/~1tasks/get/responses/200/schema/items",
        "When '$ref' is defined, no other properties may be specified (found 'description').",
    ),
    (
        "swg-discriminator",
        "/definitions/Task/discriminator",
        "The 'discriminator' value must be the name of a required string property.",
    ),
    (
        "swg-collectionformat",
        "/paths/~1tasks/get/parameters/0/collectionFormat",
        "The 'collectionFormat' keyword value 'comma' is not supported.",
    ),
    (
        "swg-editor-dictionary",
        "/paths/~1tasks/get/responses/200/schema/items/properties/labels/x-ms-editor",
        "The 'x-ms-editor' extension can be specified as 'dictionary' only for schema with type object and additional properties allowed.",
    ),
    (
        "swg-keyword-unsupported",
        "/paths/~1tasks/get/responses/200/schema/items/properties/name/oneOf",
        "The 'oneOf' keyword is not supported.",
    ),
    (
        "swg-mime-invalid",
        "/produces/0",
        "The MIME type 'json' is not valid.",
    ),
    (
        "swg-json-pointer",
        "/paths/~1tasks/get/responses/200/schema/items/$ref",
        "The JSON Pointer path is not valid (after '#' it must start with '/').",
    ),
    (
        "swg-schema-file",
        "/paths/~1tasks/get/responses/200/schema/items/properties/content/type",
        "The schema type 'file' is not valid. Only parameters in 'formData' and the root response schema may be of type 'file'.",
    ),
    (
        "swg-file-formdata",
        "/paths/~1tasks/get/parameters/0/type",
        "Parameters of type 'file' are not valid in locations other than 'formData'.",
    ),
    (
        "swg-string-binary-position",
        "/paths/~1tasks/get/responses/200/schema/items/properties/content/format",
        "A schema with type/format 'string/binary' can only be at the top level of a body or formData parameter.",
    ),
    (
        "swg-body-param-props",
        "/paths/~1tasks/post/parameters/0/type",
        "The 'body' parameter cannot use property 'type', instead, the 'schema' property should be used to define the type used by the parameter.",
    ),
    (
        "swg-filterfunctions-empty",
        "/paths/~1tasks/get/responses/200/schema/items/properties/name/x-ms-capabilities/filterFunctions",
        "The 'filterFunctions' property must have at least one element.",
    ),
    (
        "swg-filterfunctions-dup",
        "/paths/~1tasks/get/responses/200/schema/items/properties/name/x-ms-capabilities/filterFunctions/1",
        "The 'filterFunctions' property cannot contain duplicates.",
    ),
    (
        "swg-filterfunctions-input",
        "/paths/~1tasks/post/parameters/0/schema/properties/title/x-ms-capabilities/filterFunctions",
        "The 'filterFunctions' property has to be in the response schema.",
    ),
    (
        "swg-readonly-required-input",
        "/paths/~1tasks/post/parameters/0/schema/properties/id/readOnly",
        "An input property cannot be 'readonly' and required.",
    ),
    (
        "swg-pathitem-ref",
        "/paths/~1todo/$ref",
        "The '$ref' property in a path is not supported.",
    ),
    (
        "swg-tag-dup",
        "/tags/1/name",
        "The 'tags' property defines tag 'Tasks' multiple times.",
    ),
    (
        "swg-url",
        "/info/license/url",
        "The 'url' property must be a valid absolute URL.",
    ),
    (
        "swg-resp-headers-unique",
        "/paths/~1tasks/get/responses/200/headers/etag",
        "The response headers are not unique.",
    ),
    (
        "swg-example-mime",
        "/paths/~1tasks/get/responses/200/examples/text~1xml",
        "The response example 'text/xml' is not produced by the operation 'ListTasks'.",
    ),
    (
        "resp-schema-200-201",
        "/paths/~1tasks/get/responses/202",
        "The operation 'ListTasks' should define an output schema on the 200 or 201 response code or in 'x-ms-notification-content' extension for a webhook to be visible in the designer.",
    ),
    (
        "param-x-ms-summary-max-length",
        "/paths/~1tasks/get/parameters/0/x-ms-summary",
        "The 'x-ms-summary' value goes over the character limit '80' (88 characters).",
    ),
    (
        "swg-required-loop",
        "/definitions/Node/required/0",
        "Loops of required schema properties are not allowed.",
    ),
    (
        "swg-fetch-subscribe-param-mismatch",
        "/paths/~1tasks/get/parameters/0",
        "Parameters of the same name in fetch and subscribe operations must be of the same type and visibility.",
    ),
    (
        "swg-required-missing",
        "/paths/~1tasks/get/parameters/0",
        "The 'name' property is required.",
    ),
    (
        "swg-required-value-empty",
        "/paths/~1tasks/get/parameters/0/name",
        "The 'name' property must have not empty value.",
    ),
    (
        "swg-source-internal",
        "/paths/~1tasks/get/parameters/0/x-ms-dynamic-values/parameters/owner",
        "The parameter reference 'owner' in the source operation 'ListTasks' is internal or one of its parent(s) are internal. Either make the property visible or update the parameter reference to a static value.",
    ),
    (
        "swg-json-type",
        "/paths/~1tasks/get/parameters/0/required",
        "The type of the property is incorrect. Expected type 'boolean', but value is of type 'string'.",
    ),
    (
        "swg-json-enum",
        "/paths/~1tasks/get/parameters/0/in",
        "The property value must be one of the following: query, header, path, formData, body.",
    ),
    (
        "swg-additional-property",
        "/paths/~1tasks/get/x-ms-pageable/nextLink",
        "The property 'nextLink' is not allowed and must be removed.",
    ),
    (
        "swg-oneof-required",
        "/paths/~1tasks/get/parameters/0/x-ms-dynamic-values",
        "At least one of the properties is required: [operationId, builtInOperation, capability].",
    ),
    (
        "swg-param-ref-missing",
        "/paths/~1tasks/get/parameters/2/$ref",
        "The parameter reference '#/definitions/Skip' is not valid. Parameter references must start with '#/parameters/' and be valid JSON Pointers.",
    ),
    (
        "swg-param-ref-missing",
        "/parameters/Alias/$ref",
        "The parameter definition may not use a '$ref' to point to another definition.",
    ),
    (
        "swg-resp-ref-missing",
        "/paths/~1tasks/get/responses/404/$ref",
        "The response reference '#/definitions/Error' is not valid. Response references must start with '#/responses/' and be valid JSON Pointers.",
    ),
    (
        "swg-resp-ref-missing",
        "/responses/Alias/$ref",
        "The response definition may not use a '$ref' to point to another definition.",
    ),
    (
        "swg-schema-ref-missing",
        "/paths/~1tasks/post/responses/201/schema/$ref",
        "The schema reference '#/parameters/Task' is not valid. Schema references must start with '#/definitions/' and be valid JSON Pointers.",
    ),
    (
        "swg-schema-ref-missing",
        "/definitions/TaskAlias/$ref",
        "The schema definition may not use a '$ref' to point to another definition.",
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

#[test]
fn rule_fixtures_give_the_published_messages() {
    for &(rule, value_path, message) in PUBLISHED_IN_RULE_FIXTURES {
        let dir = Path::new("fixtures/rules").join(rule).join("invalid");
        let overrides = Overrides {
            select: Some(vec![rule.to_string()]),
            ..Overrides::default()
        };
        let settings = Settings::load(None, &overrides).unwrap();
        let report = lint::run(&[(dir.clone(), &settings)], lint::RunOptions::default());
        let found: Vec<(String, String)> = report
            .iter()
            .filter(|(_, d)| d.rule.id == rule)
            .map(|(_, d)| (d.pointer.to_string(), d.message.to_string()))
            .collect();
        assert!(
            found.iter().any(|(p, m)| p == value_path && m == message),
            "{rule} did not say {message:?} at {value_path} in {}: {found:#?}",
            dir.display()
        );
    }
}
