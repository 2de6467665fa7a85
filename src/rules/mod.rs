//! The rule registry. Each rule is a unit struct declared with [`declare_rule!`], whose doc comment
//! is its documentation: what `connector-lint explain RULE` prints and what SARIF carries.

use std::sync::OnceLock;

use crate::connector::Connector;
use crate::diagnostic::Diagnostic;
use crate::extract::TextItem;
use crate::language::{Text, Vocabulary};

pub mod breaking;
pub mod corpus;
pub mod description;
pub mod document;
pub mod dynamic;
pub mod file;
pub mod formatting;
pub mod forms;
pub mod icon;
pub mod keywords;
pub mod localization;
pub mod media;
pub mod metadata;
pub mod operation;
pub mod parameter;
pub mod paths;
pub mod product_names;
pub mod readme;
pub mod response;
pub mod schemas;
pub mod security;
pub mod sentence;
pub mod settings;
pub mod shape;
pub mod spelling;
pub mod structure;
pub mod title;
pub mod values;
pub mod webhook;

pub(crate) use crate::meta::declare_rule;
pub use crate::meta::{Category, FixKind, HasMeta, Level, RuleMeta};

/// What the registry and the publisher kinds add to a rule's metadata.
impl RuleMeta {
    /// Index in [`RULES`] (which is sorted by id).
    pub fn index(&self) -> usize {
        RULES
            .binary_search_by(|r| r.meta().id.cmp(self.id))
            .expect("every rule is registered")
    }

    /// Whether the rule applies to a connector of this publisher kind.
    pub fn applies_to(&self, kind: crate::connector::PublisherKind) -> bool {
        !self.submission_only || kind != crate::connector::PublisherKind::Custom
    }

    /// The level of a finding at `level` on a connector of `kind`. The errors of certification
    /// requirements (the title, description, summary, product-name, language, metadata, icon
    /// and readme rules, and the required parameter texts and response schemas) are warnings on
    /// a custom connector: Microsoft's pipeline validates `custom-connectors/` with
    /// `IsCertificationValidation=false`, and merged custom samples show it passes them (a
    /// 45-character title, no description, parameters without descriptions). Structural rules
    /// (file, settings, `swg-*`, parameter and response structure) keep their level.
    pub fn level_for(&self, level: Level, kind: crate::connector::PublisherKind) -> Level {
        let certification = (matches!(
            self.category,
            Category::Title
                | Category::Description
                | Category::Summary
                | Category::ProductName
                | Category::Localization
                | Category::Metadata
                | Category::Icon
                | Category::Readme
        ) || matches!(
            self.id,
            "param-x-ms-summary-required"
                | "param-description-required"
                | "resp-default-no-schema"
                | "resp-schema-required"
        )) && self.id != "meta-swagger2"; // the platform imports OpenAPI 2.0 only
        if certification && level == Level::Error && kind == crate::connector::PublisherKind::Custom
        {
            Level::Warning
        } else {
            level
        }
    }
}

/// The connector under check, as the rules see it: its model (through `Deref`) and what the run
/// knows of it beyond its files.
pub struct Subject<'c, 'a> {
    pub model: &'c Connector<'a>,
    /// The options the connector is checked with (config file and command line).
    pub config: &'c Options,
    /// Compute spelling suggestions (`--suggest`, or a single connector).
    pub suggest: bool,
    /// Words the connector itself establishes (see [`crate::language::vocabulary`]), built on
    /// first use: only words the dictionaries do not know are looked up in it.
    vocabulary: OnceLock<Vocabulary>,
    /// Where product names may start in each file (filled on first use).
    pub product_hints: product_names::Hints,
    /// The readme's headings and labels, read once for the six section rules.
    pub(crate) readme_markers: OnceLock<Vec<readme::Marker>>,
    /// The breaking changes from the previous version, found once for the `bc-*` rules.
    pub(crate) breaking_changes: OnceLock<Vec<Diagnostic>>,
    /// The notification URL properties each operation's request reaches, found once for the
    /// webhook rules.
    pub(crate) notification_urls: OnceLock<Vec<webhook::Reached<'a>>>,
    /// The objects that hold a numeric or keyword constraint, with their pointers, found once for
    /// the keyword rules.
    pub(crate) scan: OnceLock<keywords::Scan<'a>>,
    /// The swagger's `x-ms-dynamic-*` extensions, found once in the scan's objects.
    dynamics: OnceLock<Vec<crate::swagger::DynamicUse<'a, 'a>>>,
}

impl<'a> std::ops::Deref for Subject<'_, 'a> {
    type Target = Connector<'a>;

    fn deref(&self) -> &Connector<'a> {
        self.model
    }
}

impl<'c, 'a> Subject<'c, 'a> {
    pub fn new(model: &'c Connector<'a>, config: &'c Options, suggest: bool) -> Self {
        Subject {
            model,
            config,
            suggest,
            vocabulary: OnceLock::new(),
            product_hints: product_names::Hints::new(model.files.len()),
            readme_markers: OnceLock::new(),
            breaking_changes: OnceLock::new(),
            notification_urls: OnceLock::new(),
            scan: OnceLock::new(),
            dynamics: OnceLock::new(),
        }
    }

    /// The swagger's `x-ms-dynamic-*` extensions, in source order.
    pub fn dynamics(&self) -> &[crate::swagger::DynamicUse<'a, 'a>] {
        self.dynamics
            .get_or_init(|| match (self.swagger, self.model.structure()) {
                (Some(doc), Some(s)) => crate::swagger::dynamic_uses(
                    doc,
                    s,
                    keywords::constrained(self, &[keywords::DYNAMIC])
                        .into_iter()
                        .map(|h| (h.obj, h.path)),
                ),
                _ => Vec::new(),
            })
    }

    /// The words the connector establishes: known to the language rules.
    pub fn vocabulary(&self) -> &Vocabulary {
        self.vocabulary.get_or_init(|| {
            crate::language::vocabulary(self.model.swagger, self.model.api_properties)
        })
    }
}

/// What the config sets for the rules themselves.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `[language] words`, lower-cased.
    pub words: std::collections::HashSet<String>,
    /// `[language] check-internal`.
    pub check_internal: bool,
    /// `[icon]` tolerances.
    pub icon: IconConfig,
}

/// `[icon]`: the tolerances of the icon rules.
#[derive(Debug, Clone, Copy, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct IconConfig {
    /// How far (in pixels) each side may be from 230 (`icon-dimensions`).
    pub size_tolerance: u32,
    /// How far (Euclidean distance in RGB, 0–442) the icon's background may be from
    /// `iconBrandColor` (`icon-background-matches-brand`).
    pub color_tolerance: u32,
}

impl Default for IconConfig {
    fn default() -> Self {
        IconConfig {
            size_tolerance: 10,
            color_tolerance: 48,
        }
    }
}

/// Whether the language rules look at `item`: strings of `x-ms-visibility: internal` elements are
/// never shown to users and are skipped unless the config says `check-internal = true`.
pub fn shown(item: &TextItem<'_>, cx: &Ctx<'_, '_>) -> bool {
    !item.owner.internal || cx.connector.config.check_internal
}

/// Whether `word` is one the connector or the config establishes.
pub fn is_own_word(word: &str, cx: &Ctx<'_, '_>) -> bool {
    cx.connector.vocabulary().contains(word) || is_config_word(word, cx)
}

/// Whether `word` is a word of the connector's own names (title, publisher, host, …) or of the
/// config: evidence that outweighs a misspelling list ("Serwer" in "SerwerSMS"). The API's
/// identifiers do not count: a misspelled property name ("adress") is no reason to let the
/// label "Adress" pass.
pub fn is_own_name_word(word: &str, cx: &Ctx<'_, '_>) -> bool {
    cx.connector.vocabulary().contains_name(word) || is_config_word(word, cx)
}

fn is_config_word(word: &str, cx: &Ctx<'_, '_>) -> bool {
    !cx.connector.config.words.is_empty()
        && cx.connector.config.words.contains(&word.to_lowercase())
}

/// Where a rule writes its findings, with what it may read.
pub struct Ctx<'c, 'a> {
    pub connector: &'c Subject<'c, 'a>,
    pub out: &'c mut Vec<Diagnostic>,
    /// Set by the default [`Rule::check_text`]: the rule has no check per string, so the string
    /// loop leaves it out (127 rules times 272,350 strings would be 35 million empty calls).
    pub no_text_check: bool,
}

impl Ctx<'_, '_> {
    pub fn report(&mut self, d: Diagnostic) {
        self.out.push(d);
    }

    /// Report each (span, JSON pointer, message) of `found` as `meta` in `file`.
    pub fn report_all(
        &mut self,
        meta: &'static RuleMeta,
        file: crate::diagnostic::FileId,
        found: impl IntoIterator<Item = (std::ops::Range<usize>, String, String)>,
    ) {
        for (span, pointer, message) in found {
            self.report(Diagnostic::new(meta, file, span, pointer, message));
        }
    }
}

/// A lint rule. Rules hold no state and are `Sync`: connectors, and the strings of a connector, are
/// checked in parallel.
pub trait Rule: Sync + Send + HasMeta {
    /// Called once per user-facing string.
    fn check_text(&self, _item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        cx.no_text_check = true;
    }

    /// Called once per connector.
    fn check_connector(&self, _cx: &mut Ctx<'_, '_>) {}
}

/// Every rule, sorted by id.
pub static RULES: &[&dyn Rule] = &[
    &breaking::BcConnectionAuthChanged,
    &breaking::BcConnectionParameterRemoved,
    &breaking::BcConnectionParameterRequired,
    &breaking::BcDeprecateInstead,
    &breaking::BcInputOptionalToRequired,
    &breaking::BcInputRemoved,
    &breaking::BcInputTypeChanged,
    &breaking::BcOperationDeleted,
    &breaking::BcOutputFieldDeleted,
    &breaking::BcOutputTypeChanged,
    &breaking::BcPathOrVerbChanged,
    &breaking::BcRequiredInputAdded,
    &breaking::BcVisibilityInternal,
    &icon::BrandColorFormat,
    &icon::BrandColorInvalidValues,
    &icon::BrandColorIp,
    &icon::BrandColorRequired,
    &metadata::CatAllowed,
    &metadata::CatCase,
    &metadata::CatDelimiter,
    &metadata::CatMaxTwo,
    &security::ConnParamName,
    &security::ConnTenantClaim,
    &corpus::CorpusDuplicateTitle,
    &corpus::CorpusIdenticalIcon,
    &corpus::CorpusReusedDescription,
    &corpus::CorpusSimilarIcon,
    &description::DescLength,
    &description::DescNoApiWord,
    &description::DescNoProductNames,
    &description::DescPlainText,
    &description::DescRequired,
    &schemas::EnumValueType,
    &structure::EnumValuesDisplayname,
    &structure::EnumValuesDuplicate,
    &structure::EnumValuesMatch,
    &structure::ExtensionUnknown,
    &file::FileDuplicateKey,
    &file::FileEncoding,
    &formatting::FileIndent,
    &file::FileJsonValid,
    &formatting::FileOrder,
    &formatting::FileTrailingWs,
    &file::FileUnreadable,
    &icon::IconBackgroundMatchesBrand,
    &icon::IconBackgroundNotDefault,
    &icon::IconBackgroundNotWhite,
    &icon::IconBackgroundOpaque,
    &icon::IconDimensions,
    &icon::IconFileSize,
    &icon::IconFormatPng,
    &icon::IconIpMustNotSubmit,
    &icon::IconRequiredVerified,
    &product_names::LegacyProductNames,
    &localization::LocAbbreviationCaps,
    &spelling::LocBritishSpelling,
    &localization::LocCamelcaseUntranslatable,
    &sentence::LocCompleteSentence,
    &localization::LocCompositeStrings,
    &localization::LocDoubleSpace,
    &localization::LocEnglishOnly,
    &sentence::LocIdentifierAsText,
    &spelling::LocJoinedWords,
    &localization::LocLineBreak,
    &localization::LocNoEscapedMarkup,
    &localization::LocSpaceAroundBrackets,
    &spelling::LocSpelling,
    &localization::LocTrailingSpace,
    &localization::LocUnbalancedBrackets,
    &metadata::MetaApipropsSchema,
    &metadata::MetaContactEmail,
    &metadata::MetaContactRequired,
    &metadata::MetaContactUrl,
    &metadata::MetaHostProduction,
    &security::MetaNoSecrets,
    &metadata::MetaPublisherAlphanumeric,
    &metadata::MetaPublisherRequired,
    &metadata::MetaStackownerAlphanumeric,
    &metadata::MetaStackownerEqPublisher,
    &metadata::MetaStackownerRequired,
    &metadata::MetaSwaggerSize,
    &metadata::MetaSwagger2,
    &metadata::MetaXmsEntries,
    &metadata::MetaXmsRequired,
    &metadata::MetaXmsUrlValues,
    &security::OauthIdentityProvider,
    &security::OauthNoSecret,
    &security::OauthPerConnectorRedirect,
    &security::OauthRedirectUrlHost,
    &structure::OpDeprecatedLabels,
    &structure::OpDescriptionRequired,
    &operation::OpDescriptionSentence,
    &forms::OpOperationidPascal,
    &structure::OpOperationidSanitized,
    &operation::OpSummaryCharset,
    &operation::OpSummaryEndAlnum,
    &operation::OpSummaryMaxLength,
    &sentence::OpSummaryNeDescription,
    &operation::OpSummaryNoProductNames,
    &structure::OpSummaryRequired,
    &operation::OpSummaryRestrictedChars,
    &forms::OpSummarySentenceCase,
    &forms::OpSummaryTriggerForm,
    &structure::OpVisibilityValid,
    &forms::OpXMsSummaryOnOperation,
    &parameter::ParamDescriptionRequired,
    &operation::ParamDescriptionSentence,
    &parameter::ParamInternalRequiredDefault,
    &parameter::ParamPathEncoding,
    &parameter::ParamPathRequired,
    &parameter::ParamQueryEncoding,
    &parameter::ParamReservedConnectionid,
    &sentence::ParamSummaryNeDescription,
    &sentence::ParamXMsSummaryCharset,
    &shape::ParamXMsSummaryMaxLength,
    &parameter::ParamXMsSummaryRequired,
    &sentence::ParamXMsSummaryTitleCase,
    &readme::ReadmeConsistency,
    &readme::ReadmeDeployment,
    &readme::ReadmeKnownIssues,
    &security::ReadmeNoSecrets,
    &readme::ReadmeOauthAppSteps,
    &readme::ReadmeObtainingCredentials,
    &readme::ReadmeOptionalSections,
    &readme::ReadmePlaceholderText,
    &readme::ReadmePrerequisites,
    &readme::ReadmePublisher,
    &readme::ReadmeRequired,
    &readme::ReadmeSupportedOperations,
    &readme::ReadmeTitle,
    &response::RespAtLeastOne,
    &response::RespCodeValid,
    &response::RespDefaultNoSchema,
    &response::RespDescriptionMeaningful,
    &shape::RespNoEmptyProps,
    &shape::RespSchema200201,
    &response::RespSchemaRequired,
    &response::RespSingleSchema,
    &response::RespSuccessRequired,
    &shape::SchemaPropTitle,
    &security::SecReqDefined,
    &security::SecReqScopeUndefined,
    &security::SecReqScopes,
    &security::SecSchemeProps,
    &settings::SettingsApiVersion,
    &settings::SettingsEnvironmentGuid,
    &settings::SettingsFileRefs,
    &settings::SettingsKnownKeys,
    &settings::SettingsNoEnvIdsInPr,
    &settings::SettingsStackownerLimitation,
    &settings::SettingsUrls,
    &values::SwgAdditionalProperty,
    &keywords::SwgAllowemptyvalue,
    &structure::SwgAnnotationReplacementApi,
    &structure::SwgAnnotationReplacementNondeprecated,
    &structure::SwgAnnotationReplacementOpid,
    &media::SwgArrayDuplicate,
    &schemas::SwgArrayItems,
    &document::SwgBasepath,
    &schemas::SwgBodyParamProps,
    &document::SwgBodySchema,
    &schemas::SwgCollectionformat,
    &media::SwgConsumesMissing,
    &schemas::SwgDefaultType,
    &schemas::SwgDiscriminator,
    &paths::SwgDuplicatePath,
    &dynamic::SwgDynamicListAmbiguous,
    &dynamic::SwgDynamicListNonparam,
    &dynamic::SwgDynamicOnBodyParam,
    &dynamic::SwgDynamicOpArray,
    &dynamic::SwgDynamicOpProperty,
    &dynamic::SwgDynamicPropsAmbiguous,
    &dynamic::SwgDynamicPropsItemvaluepath,
    &dynamic::SwgDynamicPropsNonparam,
    &dynamic::SwgDynamicPropsValuepath,
    &dynamic::SwgDynamicTreeMissing,
    &schemas::SwgEditorDictionary,
    &schemas::SwgEnumEmpty,
    &shape::SwgExampleMime,
    &keywords::SwgExclusivemax,
    &keywords::SwgExclusivemin,
    &structure::SwgExtensionPrefix,
    &structure::SwgFamilyDupRevisions,
    &structure::SwgFamilyEmptyRevisions,
    &structure::SwgFamilyManyProduction,
    &structure::SwgFamilyTooManyActive,
    &shape::SwgFetchSubscribeParamMismatch,
    &schemas::SwgFileFormdata,
    &schemas::SwgFilterfunctionsDup,
    &schemas::SwgFilterfunctionsEmpty,
    &schemas::SwgFilterfunctionsInput,
    &media::SwgFormdataNameAscii,
    &media::SwgFormurlencodedBinary,
    &parameter::SwgGetNoBody,
    &document::SwgHost,
    &values::SwgJsonEnum,
    &schemas::SwgJsonPointer,
    &values::SwgJsonType,
    &schemas::SwgKeywordUnsupported,
    &keywords::SwgMaxitemsNeg,
    &keywords::SwgMaxlengthNeg,
    &keywords::SwgMaxpropsNeg,
    &media::SwgMimeIncompatible,
    &schemas::SwgMimeInvalid,
    &keywords::SwgMinLeMax,
    &keywords::SwgMinitemsLeMax,
    &keywords::SwgMinitemsNeg,
    &keywords::SwgMinlengthLeMax,
    &keywords::SwgMinlengthNeg,
    &keywords::SwgMinpropsNeg,
    &paths::SwgMissingPathParam,
    &schemas::SwgMultipleof,
    &media::SwgNextlinkName,
    &webhook::SwgNotifUrlInternal,
    &webhook::SwgNotifUrlPosition,
    &webhook::SwgNotifUrlRequired,
    &webhook::SwgNotifUrlString,
    &webhook::SwgNotificationContentMissing,
    &webhook::SwgNotificationInWebhook,
    &webhook::SwgNotificationOpWebhook,
    &webhook::SwgNotificationTriggerOnly,
    &values::SwgOneofRequired,
    &security::SwgOpidNotFound,
    &structure::SwgOpidRequired,
    &forms::SwgOpidRevisionSuffix,
    &structure::SwgOpidUnique,
    &dynamic::SwgParamNameAmbiguous,
    &dynamic::SwgParamNotFound,
    &parameter::SwgParamRefMissing,
    &dynamic::SwgParamRequiredMismatch,
    &dynamic::SwgParamStaticType,
    &dynamic::SwgParamTypeMismatch,
    &paths::SwgParamsDuplicate,
    &paths::SwgParamsMultiBody,
    &paths::SwgParamsNotUnique,
    &paths::SwgPartialDuplicatePath,
    &paths::SwgPathCaseDup,
    &paths::SwgPathLeadingSlash,
    &paths::SwgPathParamNotInTemplate,
    &paths::SwgPathParamsDuplicate,
    &paths::SwgPathParamsMultiBody,
    &paths::SwgPathQueryFragment,
    &paths::SwgPathTemplate,
    &paths::SwgPathVarDefaults,
    &paths::SwgPathWildcard,
    &shape::SwgPathitemRef,
    &schemas::SwgPatternRegex,
    &schemas::SwgReadonlyRequiredInput,
    &schemas::SwgRefSiblings,
    &schemas::SwgRequiredEmpty,
    &shape::SwgRequiredLoop,
    &shape::SwgRequiredMissing,
    &schemas::SwgRequiredNonObject,
    &schemas::SwgRequiredUndefined,
    &shape::SwgRequiredValueEmpty,
    &shape::SwgRespHeadersUnique,
    &response::SwgRespRefMissing,
    &structure::SwgRevisionEmpty,
    &schemas::SwgSchemaFile,
    &document::SwgSchemaRefMissing,
    &document::SwgSchemeValid,
    &dynamic::SwgSelecteditemvaluepath,
    &dynamic::SwgSourceInternal,
    &schemas::SwgStringBinaryPosition,
    &shape::SwgTagDup,
    &dynamic::SwgTargetRequiresParam,
    &media::SwgTypeFormat,
    &shape::SwgUrl,
    &webhook::SwgWebhookNotificationUrl,
    &product_names::TextNoProductNames,
    &title::TitleEndAlphanumeric,
    &title::TitleMaxLength,
    &title::TitleNoProductNames,
    &title::TitleNoTrailingWhitespace,
    &title::TitleRequired,
    &title::TitleRestrictedWords,
    &file::UnusedIgnore,
];

/// Look a rule up by id.
pub fn find(id: &str) -> Option<&'static dyn Rule> {
    RULES
        .binary_search_by(|r| r.meta().id.cmp(id))
        .ok()
        .map(|i| RULES[i])
}

/// " Did you mean 'x'?" for an unknown rule id (or, with `categories`, rule selector), naming the
/// closest rule id or category; empty when none is close.
pub fn did_you_mean(unknown: &str, categories: bool) -> String {
    let wanted = unknown.to_ascii_lowercase();
    let rule_ids = RULES.iter().map(|r| r.meta().id);
    let category_names = Category::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|_| categories);
    rule_ids
        .chain(category_names)
        .map(|id| (strsim::jaro_winkler(&wanted, id), id))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, id)| format!(" Did you mean '{id}'?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_sorted_unique_and_kebab_case() {
        for w in RULES.windows(2) {
            assert!(
                w[0].meta().id < w[1].meta().id,
                "{} before {}",
                w[0].meta().id,
                w[1].meta().id
            );
        }
        for r in RULES {
            let id = r.meta().id;
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    && !id.starts_with('-')
                    && !id.ends_with('-'),
                "{id} is not kebab-case"
            );
            assert!(
                Category::parse(id).is_none(),
                "{id} collides with a category name"
            );
        }
    }

    #[test]
    fn every_rule_is_documented() {
        for r in RULES {
            let m = r.meta();
            let docs = m.docs();
            for section in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(docs.contains(section), "{} lacks {section}", m.id);
            }
            assert!(
                !m.summary.is_empty() && !m.summary.ends_with('.'),
                "{}: summary is one line without a period",
                m.id
            );
        }
    }
}

/// Byte ranges of the words of `text`: runs of letters and digits (apostrophes inside a word, as in
/// "don't", belong to it).
pub fn find_words(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let inner_apostrophe = (c == '\'' || c == '’')
            && start.is_some()
            && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || inner_apostrophe {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push(s..i);
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// What a structural rule found: the span, the JSON pointer and the message.
pub(crate) type Finding = (std::ops::Range<usize>, String, String);

/// Report, as `meta`, what `f` finds in each operation of the swagger (with its responses, as
/// [`crate::swagger::Structure`] lists them once per connector).
pub(crate) fn check_operations(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    mut f: impl FnMut(&crate::json::Json<'_>, &crate::swagger::Operation<'_, '_>) -> Vec<Finding>,
) {
    check_operations_levelled(cx, meta, |doc, op| {
        f(doc, op)
            .into_iter()
            .map(|(span, pointer, message)| (span, pointer, message, meta.level))
            .collect()
    });
}

/// A finding with its own level: for a rule whose level depends on the shape it finds.
pub(crate) type LevelledFinding = (std::ops::Range<usize>, String, String, Level);

/// [`check_operations`] for a rule whose findings carry their own level.
pub(crate) fn check_operations_levelled(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    mut f: impl FnMut(
        &crate::json::Json<'_>,
        &crate::swagger::Operation<'_, '_>,
    ) -> Vec<LevelledFinding>,
) {
    check_operations_with(cx, |doc, op| {
        let file = doc.file;
        f(doc, op)
            .into_iter()
            .map(move |(span, pointer, message, level)| {
                Diagnostic::new(meta, file, span, pointer, message).with_level(level)
            })
    });
}

/// Report the diagnostics `f` makes of each operation of the swagger: for a rule whose findings
/// carry fixes or levels of their own.
pub(crate) fn check_operations_with<I: IntoIterator<Item = Diagnostic>>(
    cx: &mut Ctx<'_, '_>,
    mut f: impl FnMut(&crate::json::Json<'_>, &crate::swagger::Operation<'_, '_>) -> I,
) {
    let (Some(doc), Some(s)) = (cx.connector.swagger, cx.connector.structure()) else {
        return;
    };
    for op in &s.operations {
        for d in f(doc, op) {
            cx.report(d);
        }
    }
}

/// The name of `candidates` nearest to `word`, if one is at most two edits away (Damerau-
/// Levenshtein, after `key` normalises both; ties go to the smaller name).
pub(crate) fn nearest_name<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
    key: impl Fn(&str) -> String,
) -> Option<&'c str> {
    let w = key(word);
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&w, &key(c)), c))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, c)| c)
}

/// Report `message` about a file as a whole: at its start, with no pointer.
pub(crate) fn report_file(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    file: crate::diagnostic::FileId,
    message: impl Into<std::borrow::Cow<'static, str>>,
) {
    cx.report(Diagnostic::new(meta, file, 0..0, "", message));
}

/// Report `message` about a file the connector lacks, on its swagger (the file every connector
/// has).
pub(crate) fn report_missing_file(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    message: &'static str,
) {
    if let Some((file, _)) = cx.connector.file(crate::source::FileKind::Swagger) {
        report_file(cx, meta, file, message);
    }
}

/// Report white space at the start and at the end of `item`, each with a fix that removes it.
/// `what` names the string in the message ("The {what} starts with white space").
pub(crate) fn report_edge_whitespace(
    item: &TextItem<'_>,
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    what: &str,
) {
    if item.text.trim().is_empty() {
        return;
    }
    let lead = item.text.len() - item.text.trim_start().len();
    let trail = item.text.trim_end().len();
    for (range, where_) in [(0..lead, "starts"), (trail..item.text.len(), "ends")] {
        if range.is_empty() {
            continue;
        }
        let span = item.span_of(range);
        cx.report(
            Diagnostic::on(
                meta,
                item,
                span.clone(),
                format!("The {what} {where_} with white space"),
            )
            .with_fix(crate::diagnostic::Fix::replace(
                "Remove the white space",
                span,
                "",
            )),
        );
    }
}

/// Check that `/info/<key>` of the swagger exists and is a non-empty string. A missing value is
/// reported on the object that should hold it.
pub(crate) fn check_info_string_required(cx: &mut Ctx<'_, '_>, meta: &'static RuleMeta, key: &str) {
    use crate::json::{as_obj, get_obj, prop, span_of};
    let Some(doc) = cx.connector.swagger else {
        return;
    };
    let Some(root) = as_obj(&doc.root) else {
        return;
    };
    let Some(info_prop) = prop(root, "info") else {
        let r = root.range.start..root.range.start + 1;
        cx.report(Diagnostic::new(
            meta,
            doc.file,
            r,
            "",
            format!("The 'info' property is required, and with it '{key}'"),
        ));
        return;
    };
    let Some(info) = get_obj(root, "info") else {
        return;
    };
    match prop(info, key) {
        None => {
            let r = info_prop.name.range();
            cx.report(Diagnostic::new(
                meta,
                doc.file,
                r.start..r.end,
                "/info",
                format!("The '{key}' property is required."),
            ));
        }
        Some(p) => {
            let empty = match &p.value {
                crate::json::Value::StringLit(s) => s.value.trim().is_empty(),
                _ => true,
            };
            if empty {
                cx.report(Diagnostic::new(
                    meta,
                    doc.file,
                    span_of(&p.value),
                    format!("/info/{key}"),
                    format!("The '{key}' property must have not empty value."),
                ));
            }
        }
    }
}

#[cfg(test)]
mod word_tests {
    use super::find_words;

    #[test]
    fn words_keep_inner_apostrophes() {
        let t = "Don't use the API's v2 'quoted' words.";
        let w: Vec<&str> = find_words(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(w, ["Don't", "use", "the", "API's", "v2", "quoted", "words"]);
    }
}

/// A local `$ref` of a `kind` ("parameter", "response", "schema") that points outside the root
/// section it must point into (`prefix`, such as `#/parameters/`): found, but not valid
/// (ParameterReferenceNotValid, ResponseReferenceNotValid, SchemaReferenceNotValid).
pub(crate) fn misplaced_reference(
    reference: &crate::json::StringLit<'_>,
    pointer: &str,
    kind: &str,
    prefix: &str,
) -> Option<Finding> {
    let r = reference.value.as_ref();
    if !r.starts_with('#') || r.starts_with(prefix) {
        return None;
    }
    let mut upper = kind.to_string();
    upper[..1].make_ascii_uppercase();
    Some((
        reference.range(),
        format!("{pointer}/$ref"),
        format!("The {kind} reference '{r}' is not valid. {upper} references must start with '{prefix}' and be valid JSON Pointers."),
    ))
}

/// The entries of the root map `section` (`parameters`, `responses`, `definitions`) that are
/// themselves a `$ref` to another entry: the validator allows a definition, not a reference to
/// one (ParameterRefLoopNotAllowed, ResponseRefLoopNotAllowed, SchemaRefLoopNotAllowed).
pub(crate) fn root_references(
    doc: &crate::json::Json<'_>,
    section: &str,
    kind: &str,
) -> Vec<Finding> {
    use crate::json::{as_obj, get_obj, get_str, push_token};
    let Some(map) = as_obj(&doc.root).and_then(|r| get_obj(r, section)) else {
        return Vec::new();
    };
    doc.entries(map)
        .filter_map(|e| {
            let r = as_obj(&e.value).and_then(|o| get_str(o, "$ref"))?;
            let mut at = format!("/{section}");
            push_token(&mut at, e.name.as_str());
            push_token(&mut at, "$ref");
            Some((
                r.range(),
                at,
                format!(
                    "The {kind} definition may not use a '$ref' to point to another definition."
                ),
            ))
        })
        .collect()
}
