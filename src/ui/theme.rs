//! Colours, spacing and fonts: light and dark, and a bundled CJK font so
//! Chinese renders the same everywhere.

use std::sync::Arc;

use egui::{Color32, FontData, FontDefinitions, FontFamily};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ThemeChoice {
    #[default]
    Light,
    Dark,
}

/// The chat's palette.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub chat_bg: Color32,
    pub panel_bg: Color32,
    pub user_bubble: Color32,
    pub user_text: Color32,
    pub service_bubble: Color32,
    pub service_text: Color32,
    pub card_stroke: Color32,
    pub muted: Color32,
    pub accent: Color32,
    pub accent_soft: Color32,
    pub chosen: Color32,
    pub chosen_text: Color32,
    pub warning: Color32,
    pub warning_soft: Color32,
    pub error: Color32,
    pub error_soft: Color32,
    pub success: Color32,
    pub banner_bg: Color32,
    pub star: Color32,
    /// A star under the pointer, before it is chosen.
    pub star_hover: Color32,
    /// A star not chosen: still a visible control.
    pub star_empty: Color32,
    pub placeholder: Color32,
}

impl Palette {
    pub fn of(theme: ThemeChoice) -> Self {
        match theme {
            ThemeChoice::Light => Palette {
                chat_bg: Color32::from_rgb(0xF2, 0xF4, 0xF7),
                panel_bg: Color32::from_rgb(0xFB, 0xFB, 0xFC),
                user_bubble: Color32::from_rgb(0x1A, 0x5F, 0xD6),
                user_text: Color32::WHITE,
                service_bubble: Color32::WHITE,
                service_text: Color32::from_rgb(0x1F, 0x23, 0x29),
                card_stroke: Color32::from_rgb(0xE1, 0xE4, 0xEA),
                muted: Color32::from_rgb(0x5F, 0x66, 0x70),
                accent: Color32::from_rgb(0x1A, 0x5F, 0xD6),
                accent_soft: Color32::from_rgb(0xE8, 0xF0, 0xFD),
                chosen: Color32::from_rgb(0x1A, 0x5F, 0xD6),
                chosen_text: Color32::WHITE,
                warning: Color32::from_rgb(0x8F, 0x56, 0x00),
                warning_soft: Color32::from_rgb(0xFF, 0xF4, 0xE0),
                error: Color32::from_rgb(0xC6, 0x28, 0x28),
                error_soft: Color32::from_rgb(0xFD, 0xEC, 0xEC),
                success: Color32::from_rgb(0x1A, 0x7A, 0x43),
                banner_bg: Color32::from_rgb(0xE4, 0xE8, 0xEE),
                star: Color32::from_rgb(0xBF, 0x7A, 0x00),
                star_hover: Color32::from_rgb(0xF8, 0xCB, 0x7A),
                star_empty: Color32::from_rgb(0x8A, 0x90, 0x9A),
                placeholder: Color32::from_rgb(0xE9, 0xEC, 0xF1),
            },
            ThemeChoice::Dark => Palette {
                chat_bg: Color32::from_rgb(0x16, 0x18, 0x1C),
                panel_bg: Color32::from_rgb(0x1E, 0x21, 0x26),
                user_bubble: Color32::from_rgb(0x2F, 0x6F, 0xE0),
                user_text: Color32::WHITE,
                service_bubble: Color32::from_rgb(0x2A, 0x2E, 0x35),
                service_text: Color32::from_rgb(0xE6, 0xE8, 0xEB),
                card_stroke: Color32::from_rgb(0x3A, 0x3F, 0x47),
                muted: Color32::from_rgb(0x9A, 0xA1, 0xAC),
                accent: Color32::from_rgb(0x6C, 0x9E, 0xF8),
                accent_soft: Color32::from_rgb(0x24, 0x33, 0x4D),
                chosen: Color32::from_rgb(0x2F, 0x6F, 0xE0),
                chosen_text: Color32::WHITE,
                warning: Color32::from_rgb(0xF0, 0xB4, 0x50),
                warning_soft: Color32::from_rgb(0x3D, 0x31, 0x1C),
                error: Color32::from_rgb(0xF2, 0x7A, 0x7A),
                error_soft: Color32::from_rgb(0x42, 0x24, 0x24),
                success: Color32::from_rgb(0x5C, 0xC8, 0x8A),
                banner_bg: Color32::from_rgb(0x2A, 0x2E, 0x35),
                star: Color32::from_rgb(0xF5, 0xB0, 0x3A),
                star_hover: Color32::from_rgb(0x9C, 0x76, 0x33),
                star_empty: Color32::from_rgb(0x7D, 0x85, 0x91),
                placeholder: Color32::from_rgb(0x2C, 0x30, 0x37),
            },
        }
    }
}

/// egui's own widgets in the theme's colours.
pub fn visuals(theme: ThemeChoice) -> egui::Visuals {
    let palette = Palette::of(theme);
    let mut visuals = match theme {
        ThemeChoice::Light => egui::Visuals::light(),
        ThemeChoice::Dark => egui::Visuals::dark(),
    };
    visuals.panel_fill = palette.panel_bg;
    // White on the strong blue: readable in both themes (the light blue
    // accent of the dark theme is for text, not for fills under text).
    visuals.selection.bg_fill = palette.chosen;
    visuals.selection.stroke = egui::Stroke::new(1.0, egui::Color32::WHITE);
    visuals.hyperlink_color = palette.accent;
    visuals
}

/// Applies the theme to egui's own widgets.
pub fn apply(ctx: &egui::Context, theme: ThemeChoice) {
    let visuals = visuals(theme);
    // Pinned, so the system's dark or light mode cannot swap egui's own
    // widgets out from under desksim's palette.
    let egui_theme = match theme {
        ThemeChoice::Light => egui::Theme::Light,
        ThemeChoice::Dark => egui::Theme::Dark,
    };
    ctx.set_theme(egui_theme);
    ctx.set_visuals_of(egui_theme, visuals);
    ctx.all_styles_mut(|style| {
        use egui::{FontFamily::*, FontId, TextStyle};
        // egui's 9 px small text is too small for times, captions and
        // descriptions a person reads at a glance.
        style.text_styles = [
            (TextStyle::Small, FontId::new(11.5, Proportional)),
            (TextStyle::Body, FontId::new(14.0, Proportional)),
            (TextStyle::Button, FontId::new(14.0, Proportional)),
            (TextStyle::Heading, FontId::new(18.0, Proportional)),
            (TextStyle::Monospace, FontId::new(12.5, Monospace)),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(10.0, 5.0);
        style.spacing.interact_size.y = 26.0;
    });
}

/// The bundled CJK font: Chinese and its full-width punctuation.
pub static CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/wqy-microhei.ttc");
/// The bundled emoji font of last resort: monochrome outlines egui can
/// draw (see `assets/fonts/README.md`).
pub static EMOJI_FONT: &[u8] = include_bytes!("../../assets/fonts/Symbola.ttf");

/// egui's fonts with the bundled ones placed so that Latin keeps egui's
/// look, Chinese (punctuation included) comes from one font, and no
/// character falls back to boxes or to a system font.
pub fn fonts() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "wqy-microhei".to_owned(),
        Arc::new(FontData::from_static(CJK_FONT)),
    );
    fonts.font_data.insert(
        "symbola".to_owned(),
        Arc::new(FontData::from_static(EMOJI_FONT)),
    );
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        let list = fonts.families.entry(family).or_default();
        // Right after the Latin font: before egui's icon font, whose
        // full-width punctuation is heavier than the text around it.
        let at = list.len().min(1);
        list.insert(at, "wqy-microhei".to_owned());
        list.push("symbola".to_owned());
    }
    fonts
}

pub fn install_fonts(ctx: &egui::Context) {
    ctx.set_fonts(fonts());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG 2.1 relative luminance of an sRGB colour.
    fn luminance(c: Color32) -> f64 {
        let channel = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
    }

    fn contrast(a: Color32, b: Color32) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn chinese_and_its_punctuation_come_from_the_cjk_font_before_any_other_but_latin() {
        let fonts = fonts();
        for family in [FontFamily::Proportional, FontFamily::Monospace] {
            let list = &fonts.families[&family];
            let cjk = list.iter().position(|f| f == "wqy-microhei").unwrap();
            assert_eq!(cjk, 1, "{family:?}: right after the Latin font: {list:?}");
            assert_eq!(
                list.last().map(String::as_str),
                Some("symbola"),
                "{family:?}: the emoji of last resort comes last: {list:?}"
            );
        }
    }

    #[test]
    fn every_text_and_control_meets_wcag_aa_in_both_themes() {
        for theme in [ThemeChoice::Light, ThemeChoice::Dark] {
            let p = Palette::of(theme);
            let v = visuals(theme);
            // (what, foreground, background, needed): text 4.5:1, the
            // boundary of a control 3:1, as each pair is drawn.
            let pairs = [
                ("service text", p.service_text, p.service_bubble, 4.5),
                ("user text", p.user_text, p.user_bubble, 4.5),
                ("times and captions", p.muted, p.chat_bg, 4.5),
                ("card captions", p.muted, p.service_bubble, 4.5),
                ("panel captions", p.muted, p.panel_bg, 4.5),
                ("banner text", p.muted, p.banner_bg, 4.5),
                ("an option", p.accent, p.accent_soft, 4.5),
                ("a link on a card", p.accent, p.service_bubble, 4.5),
                ("the chosen option", p.chosen_text, p.chosen, 4.5),
                ("a locked option", p.muted, p.placeholder, 4.5),
                ("a warning", p.warning, p.warning_soft, 4.5),
                ("a warning in a panel", p.warning, p.panel_bg, 4.5),
                ("an error", p.error, p.error_soft, 4.5),
                ("an error in the chat", p.error, p.chat_bg, 4.5),
                ("the tail after a rating", p.success, p.service_bubble, 4.5),
                (
                    "a selected segmented button",
                    v.selection.stroke.color,
                    v.selection.bg_fill,
                    4.5,
                ),
                ("an empty star", p.star_empty, p.service_bubble, 3.0),
                ("a chosen star", p.star, p.service_bubble, 3.0),
            ];
            let failing: Vec<String> = pairs
                .iter()
                .filter(|(_, fg, bg, need)| contrast(*fg, *bg) < *need)
                .map(|(what, fg, bg, need)| {
                    format!("{theme:?} {what}: {:.2} < {need}", contrast(*fg, *bg))
                })
                .collect();
            assert!(failing.is_empty(), "{failing:#?}");
        }
    }
}
