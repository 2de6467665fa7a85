//! Icon and brand colour (RULES.md §3): `icon.png` and `iconBrandColor` of apiProperties.

use std::ops::Range;

use super::{declare_rule, report_file, report_missing_file, Ctx, Rule, RuleMeta};
use crate::connector::PublisherKind;
use crate::diagnostic::{Diagnostic, FileId};
use crate::icon::{color_distance, hex, parse_hex_color, Border, Icon};
use crate::json::{as_obj, prop, Value};
use crate::rules::Level;

/// The icon's expected side, in pixels.
pub const ICON_SIDE: u32 = 230;
/// Above this size the maker portal refuses an icon.
pub const ICON_MAX_BYTES: usize = 1024 * 1024;
/// The default blue a new connector gets.
pub const DEFAULT_BLUE: [u8; 3] = [0x00, 0x7e, 0xe5];
pub const WHITE: [u8; 3] = [0xff, 0xff, 0xff];
/// The colour every independent-publisher connector uses.
pub const IP_BRAND: &str = "#da3b01";
/// Colours closer than this to white or the default blue count as them.
const SAME_COLOR: u32 = 8;

/// Run `f` on the decoded icon and its border, and report what it says.
fn check_border(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    f: impl Fn(&Ctx<'_, '_>, &Icon, Border) -> Option<String>,
) {
    let Some(icon) = cx.connector.icon() else {
        return;
    };
    let Ok(image) = &icon.image else { return };
    let Some(border) = image.border() else { return };
    if let Some(message) = f(cx, image, border) {
        report_file(cx, meta, icon.file, message);
    }
}

/// `iconBrandColor`: its span and value, or (`Err`) the span of `properties` when it is missing.
type BrandColor<'c> = Result<(Range<usize>, &'c str), Range<usize>>;

/// `iconBrandColor` of apiProperties, with the file.
fn brand_color<'c>(cx: &Ctx<'c, '_>) -> Option<(FileId, BrandColor<'c>)> {
    let doc = cx.connector.api_properties?;
    let props_prop = prop(as_obj(&doc.root)?, "properties")?;
    let props = as_obj(&props_prop.value)?;
    let found = match prop(props, "iconBrandColor").map(|p| &p.value) {
        Some(Value::StringLit(s)) => Ok((s.range(), s.value.as_ref())),
        Some(v) => Ok((v.range(), "")),
        None => Err(props_prop.name.range()),
    };
    Some((doc.file, found))
}

/// Report `f`'s message about a present `iconBrandColor` value.
fn check_brand_color(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    f: impl Fn(&str) -> Option<(Level, String)>,
) {
    let Some((file, Ok((span, value)))) = brand_color(cx) else {
        return;
    };
    if let Some((level, message)) = f(value) {
        cx.report(
            Diagnostic::new(meta, file, span, "/properties/iconBrandColor", message)
                .with_level(level),
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `icon.png` that is not a PNG image (checked by its signature, not its name), is
    /// damaged, or declares more than 4096 × 4096 pixels. Such a file is never decoded further,
    /// so a decompression bomb costs nothing.
    ///
    /// ## Why is this bad?
    /// Certification requires the icon "in PNG format as icon.png"; a renamed JPEG or a broken
    /// file is rejected.
    ///
    /// ## Example
    /// A JPEG saved as `icon.png`.
    ///
    /// Use instead: export the logo as a real PNG.
    pub IconFormatPng {
        id: "icon-format-png",
        category: Icon,
        level: Error,
        summary: "icon.png is not a valid PNG image",
        submission_only: true,
    }
}

impl Rule for IconFormatPng {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some(icon) = cx.connector.icon() else {
            return;
        };
        if let Err(e) = &icon.image {
            let (file, message) = (icon.file, format!("icon.png cannot be used: {e}."));
            report_file(cx, &Self::META, file, message);
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `icon.png` of more than 1 MB.
    ///
    /// ## Why is this bad?
    /// The maker portal accepts icons under 1 MB only; a 230 × 230 PNG needs far less.
    ///
    /// ## Example
    /// A 2.4 MB `icon.png` exported at print resolution.
    ///
    /// Use instead: a 230 × 230 PNG (usually a few kilobytes).
    pub IconFileSize {
        id: "icon-file-size",
        category: Icon,
        level: Error,
        summary: "icon.png is larger than 1 MB",
        submission_only: true,
    }
}

impl Rule for IconFileSize {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some(icon) = cx.connector.icon() else {
            return;
        };
        if icon.size > ICON_MAX_BYTES {
            let (file, size) = (icon.file, icon.size);
            report_file(
                cx,
                &Self::META,
                file,
                format!("icon.png has {size} bytes, more than 1 MB (1,048,576 bytes)."),
            );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an icon that is not square, or whose sides are not about 230 pixels. The tolerance
    /// is `[icon] size-tolerance` in `connector-lint.toml` (10 pixels by default).
    ///
    /// ## Why is this bad?
    /// The icon must be "a square of about 230 × 230 px"; reviewers ask for exactly that size.
    ///
    /// ## Example
    /// A 512 × 256 `icon.png`.
    ///
    /// Use instead: a 230 × 230 PNG with the logo (about 160 × 160) in the middle.
    pub IconDimensions {
        id: "icon-dimensions",
        category: Icon,
        level: Warning,
        summary: "icon.png is not a square of about 230 × 230 pixels",
        submission_only: true,
    }
}

impl Rule for IconDimensions {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_border(cx, &Self::META, |cx, image, _| {
            let tol = cx.connector.config.icon.size_tolerance;
            let off = |side: u32| side.abs_diff(ICON_SIDE) > tol;
            (image.width != image.height || off(image.width) || off(image.height)).then(|| {
                format!(
                    "icon.png is {} × {} pixels: make it a square of 230 × 230 (± {tol}).",
                    image.width, image.height
                )
            })
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an icon whose background, the outermost ring of pixels, is not fully opaque.
    ///
    /// ## Why is this bad?
    /// "The background must be non-transparent": the icon sits on tiles of its brand colour, and
    /// a transparent border shows the tile instead of the logo's background.
    ///
    /// ## Example
    /// A logo on a transparent canvas.
    ///
    /// Use instead: fill the background with the brand colour.
    pub IconBackgroundOpaque {
        id: "icon-background-opaque",
        category: Icon,
        level: Error,
        summary: "icon.png has a transparent background",
        submission_only: true,
    }
}

impl Rule for IconBackgroundOpaque {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_border(cx, &Self::META, |_, _, border| {
            (border.min_alpha < 255).then(|| {
                format!(
                    "The icon's background is not opaque (alpha {} on its border): fill it with the brand colour.",
                    border.min_alpha
                )
            })
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an icon whose background (its most frequent border colour) is white.
    ///
    /// ## Why is this bad?
    /// "The background must not be white": the icon would vanish on white pages and tiles.
    ///
    /// ## Example
    /// A dark logo on a white square.
    ///
    /// Use instead: the brand colour as background, and a white or light logo on it.
    pub IconBackgroundNotWhite {
        id: "icon-background-not-white",
        category: Icon,
        level: Error,
        summary: "icon.png has a white background",
        submission_only: true,
    }
}

impl Rule for IconBackgroundNotWhite {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_border(cx, &Self::META, |_, _, border| {
            (border.min_alpha == 255 && color_distance(border.color, WHITE) <= SAME_COLOR).then(
                || {
                    format!(
                        "The icon's background is white ({}): use the brand colour instead.",
                        hex(border.color)
                    )
                },
            )
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an icon whose background is the default blue `#007ee5`.
    ///
    /// ## Why is this bad?
    /// The default blue is what every unbranded custom connector shows; a certified connector must
    /// show its own brand.
    ///
    /// ## Example
    /// A logo on `#007ee5`.
    ///
    /// Use instead: the brand's own colour.
    pub IconBackgroundNotDefault {
        id: "icon-background-not-default",
        category: Icon,
        level: Error,
        summary: "icon.png has the default blue background #007ee5",
        submission_only: true,
    }
}

impl Rule for IconBackgroundNotDefault {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_border(cx, &Self::META, |_, _, border| {
            (color_distance(border.color, DEFAULT_BLUE) <= SAME_COLOR).then(|| {
                format!(
                    "The icon's background is the default blue ({}): use the brand's own colour.",
                    hex(border.color)
                )
            })
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an icon whose background (its most frequent border colour) is far from
    /// `iconBrandColor`: further than `[icon] color-tolerance` (48 by default, as the Euclidean
    /// distance in RGB).
    ///
    /// ## Why is this bad?
    /// The background colour "must match iconBrandColor": the designer draws the connector's tiles
    /// in the brand colour around the icon.
    ///
    /// ## Example
    /// A red background with `"iconBrandColor": "#0f6cbd"`.
    ///
    /// Use instead: the same colour in both.
    pub IconBackgroundMatchesBrand {
        id: "icon-background-matches-brand",
        category: Icon,
        level: Warning,
        summary: "icon.png background does not match iconBrandColor",
        submission_only: true,
    }
}

impl Rule for IconBackgroundMatchesBrand {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some((_, Ok((_, value)))) = brand_color(cx) else {
            return;
        };
        let Some(brand) = parse_hex_color(value) else {
            return; // brand-color-format
        };
        check_border(cx, &Self::META, |cx, _, border| {
            let tol = cx.connector.config.icon.color_tolerance;
            let d = color_distance(border.color, brand);
            (border.min_alpha == 255 && d > tol).then(|| {
                format!(
                    "The icon's background ({}) does not match iconBrandColor ({}): they are {d} apart, more than {tol}.",
                    hex(border.color),
                    hex(brand)
                )
            })
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `apiProperties.json` without `properties.iconBrandColor`.
    ///
    /// ## Why is this bad?
    /// The repository's schema requires it: it is the colour of the connector's tiles.
    ///
    /// ## Example
    /// ```json
    /// { "properties": { "publisher": "Contoso Corporation" } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "properties": { "publisher": "Contoso Corporation", "iconBrandColor": "#0f6cbd" } }
    /// ```
    pub BrandColorRequired {
        id: "brand-color-required",
        category: Icon,
        level: Error,
        summary: "iconBrandColor is missing",
        submission_only: true,
    }
}

impl Rule for BrandColorRequired {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        if let Some((file, Err(span))) = brand_color(cx) {
            cx.report(Diagnostic::new(
                &Self::META,
                file,
                span,
                "/properties",
                "The 'iconBrandColor' property is required.",
            ));
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `iconBrandColor` that is not an HTML colour `#RRGGBB`.
    ///
    /// ## Why is this bad?
    /// The platform reads it as a six-digit hex colour; `blue`, `#fff` or `0f6cbd` are not.
    ///
    /// ## Example
    /// ```json
    /// { "iconBrandColor": "0f6cbd" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "iconBrandColor": "#0f6cbd" }
    /// ```
    pub BrandColorFormat {
        id: "brand-color-format",
        category: Icon,
        level: Error,
        summary: "iconBrandColor is not #RRGGBB",
    }
}

impl Rule for BrandColorFormat {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_brand_color(cx, &Self::META, |v| {
            parse_hex_color(v).is_none().then(|| {
                (
                    Level::Error,
                    format!("The iconBrandColor '{v}' is not an HTML colour of the form #RRGGBB."),
                )
            })
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a certified connector whose `iconBrandColor` is the default blue `#007ee5` or white
    /// `#ffffff` (in any case), and, as a note, a near-white colour such as `#fefefe`.
    ///
    /// ## Why is this bad?
    /// Both are forbidden for certified connectors; near-white values (15 certified connectors use
    /// `#fefefe`) get around the letter of the rule, not its purpose.
    ///
    /// ## Example
    /// ```json
    /// { "iconBrandColor": "#007EE5" }
    /// ```
    ///
    /// Use instead: the brand's own colour, `"#0f6cbd"`.
    pub BrandColorInvalidValues {
        id: "brand-color-invalid-values",
        category: Icon,
        level: Error,
        summary: "Certified iconBrandColor is #007ee5, white or near-white",
        submission_only: true,
    }
}

impl Rule for BrandColorInvalidValues {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        if cx.connector.publisher != PublisherKind::Certified {
            return;
        }
        check_brand_color(cx, &Self::META, |v| {
            let c = parse_hex_color(v)?;
            if c == DEFAULT_BLUE || c == WHITE {
                Some((
                    Level::Error,
                    format!("The iconBrandColor '{v}' is not allowed for certified connectors: use the brand's own colour."),
                ))
            } else if color_distance(c, WHITE) <= SAME_COLOR {
                Some((
                    Level::Note,
                    format!("The iconBrandColor '{v}' is nearly white, which certified connectors must not use."),
                ))
            } else {
                None
            }
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an independent-publisher connector whose `iconBrandColor` is not `#da3b01`.
    ///
    /// ## Why is this bad?
    /// Every independent-publisher connector gets the same generic icon on `#da3b01`; all 394 in
    /// the repository comply.
    ///
    /// ## Example
    /// ```json
    /// { "iconBrandColor": "#0f6cbd" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "iconBrandColor": "#da3b01" }
    /// ```
    pub BrandColorIp {
        id: "brand-color-ip",
        category: Icon,
        level: Error,
        summary: "Independent publisher iconBrandColor is not #da3b01",
        submission_only: true,
    }
}

impl Rule for BrandColorIp {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        if cx.connector.publisher != PublisherKind::IndependentPublisher {
            return;
        }
        check_brand_color(cx, &Self::META, |v| {
            (!v.eq_ignore_ascii_case(IP_BRAND)).then(|| {
                (
                    Level::Error,
                    format!("Independent publishers must use the iconBrandColor \"{IP_BRAND}\", not '{v}'."),
                )
            })
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `icon.png` in an independent-publisher connector.
    ///
    /// ## Why is this bad?
    /// "I confirm that I am not submitting a connector icon": independent publishers get a generic
    /// icon, and a submitted one is rejected.
    ///
    /// ## Example
    /// `independent-publisher-connectors/Contoso/icon.png`.
    ///
    /// Use instead: remove the file.
    pub IconIpMustNotSubmit {
        id: "icon-ip-must-not-submit",
        category: Icon,
        level: Error,
        summary: "Independent publisher submits an icon.png",
        submission_only: true,
    }
}

impl Rule for IconIpMustNotSubmit {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        if cx.connector.publisher != PublisherKind::IndependentPublisher {
            return;
        }
        if let Some((file, _)) = cx.connector.file(crate::source::FileKind::Icon) {
            report_file(
                cx,
                &Self::META,
                file,
                "Independent publishers must not submit an icon: a generic icon is applied. Remove icon.png.".to_string(),
            );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a certified connector without `icon.png`.
    ///
    /// Off by default: the public repository keeps icons elsewhere (11 of 619 certified folders
    /// hold one). Turn it on when checking a submission package: `--extend-select
    /// icon-required-verified`.
    ///
    /// ## Why is this bad?
    /// Verified publishers "must submit an icon, in PNG format as icon.png".
    ///
    /// ## Example
    /// A certified connector folder with only `apiDefinition.swagger.json` and
    /// `apiProperties.json`.
    ///
    /// Use instead: add the 230 × 230 `icon.png`.
    pub IconRequiredVerified {
        id: "icon-required-verified",
        category: Icon,
        level: Error,
        summary: "Certified connector has no icon.png",
        default_enabled: false,
        submission_only: true,
    }
}

impl Rule for IconRequiredVerified {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        if cx.connector.publisher == PublisherKind::Certified
            && cx.connector.file(crate::source::FileKind::Icon).is_none()
        {
            report_missing_file(
                cx,
                &Self::META,
                "A certified connector must submit its icon as icon.png (230 × 230 PNG).",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brand_color_helpers() {
        assert!(color_distance([0xfe, 0xfe, 0xfe], WHITE) <= SAME_COLOR);
        assert!(color_distance([0xf0, 0xf0, 0xf0], WHITE) > SAME_COLOR);
    }
}
