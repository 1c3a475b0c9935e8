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
                user_bubble: Color32::from_rgb(0x1C, 0x66, 0xE5),
                user_text: Color32::WHITE,
                service_bubble: Color32::WHITE,
                service_text: Color32::from_rgb(0x1F, 0x23, 0x29),
                card_stroke: Color32::from_rgb(0xE1, 0xE4, 0xEA),
                muted: Color32::from_rgb(0x86, 0x8C, 0x96),
                accent: Color32::from_rgb(0x1C, 0x66, 0xE5),
                accent_soft: Color32::from_rgb(0xE8, 0xF0, 0xFD),
                chosen: Color32::from_rgb(0x1C, 0x66, 0xE5),
                chosen_text: Color32::WHITE,
                warning: Color32::from_rgb(0xB2, 0x6B, 0x00),
                warning_soft: Color32::from_rgb(0xFF, 0xF4, 0xE0),
                error: Color32::from_rgb(0xC6, 0x28, 0x28),
                error_soft: Color32::from_rgb(0xFD, 0xEC, 0xEC),
                success: Color32::from_rgb(0x1E, 0x88, 0x4B),
                banner_bg: Color32::from_rgb(0xE4, 0xE8, 0xEE),
                star: Color32::from_rgb(0xF5, 0xA6, 0x23),
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
                star_empty: Color32::from_rgb(0x6B, 0x72, 0x7D),
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
    visuals.selection.bg_fill = palette.accent;
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

/// The bundled CJK font, as a fallback after egui's own fonts: Latin keeps
/// egui's look, Chinese never falls back to boxes.
pub static CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/wqy-microhei.ttc");

pub fn fonts() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "wqy-microhei".to_owned(),
        Arc::new(FontData::from_static(CJK_FONT)),
    );
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("wqy-microhei".to_owned());
    }
    fonts
}

pub fn install_fonts(ctx: &egui::Context) {
    ctx.set_fonts(fonts());
}
