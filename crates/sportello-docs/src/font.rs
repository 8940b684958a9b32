//! The typeface of every document: Titillium Web (assets/fonts, OFL), parsed once per
//! process and measured here, since printpdf places text where it is told and never
//! wraps it.

use std::sync::OnceLock;

use printpdf::ParsedFont;

const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/TitilliumWeb-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../../assets/fonts/TitilliumWeb-Bold.ttf");
const ITALIC: &[u8] = include_bytes!("../../../assets/fonts/TitilliumWeb-Italic.ttf");

/// The three faces the documents use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Face {
    Regular,
    Bold,
    Italic,
}

impl Face {
    pub(crate) const ALL: [Face; 3] = [Face::Regular, Face::Bold, Face::Italic];

    pub(crate) fn index(self) -> usize {
        match self {
            Face::Regular => 0,
            Face::Bold => 1,
            Face::Italic => 2,
        }
    }
}

#[derive(Debug)]
pub(crate) struct Fonts {
    faces: [ParsedFont; 3],
    units_per_em: [f32; 3],
}

/// Parsed on first use (about 0.2 ms a face), shared by every document and thread.
pub(crate) fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let parse = |bytes: &[u8]| {
            ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
                .expect("the shipped Titillium Web fonts parse (checked by a test)")
        };
        let faces = [parse(REGULAR), parse(BOLD), parse(ITALIC)];
        let units_per_em = faces
            .each_ref()
            .map(|f| f32::from(f.font_metrics.units_per_em.max(1)));
        Fonts {
            faces,
            units_per_em,
        }
    })
}

impl Fonts {
    pub(crate) fn parsed(&self, face: Face) -> &ParsedFont {
        &self.faces[face.index()]
    }

    /// The width of `text` in points at `size`; characters the font lacks count as the
    /// width of a question mark (what a reader shows in their place is close to it).
    pub(crate) fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        let font = &self.faces[face.index()];
        let fallback = font.lookup_glyph_index(u32::from('?')).unwrap_or(0);
        let units: u32 = text
            .chars()
            .map(|c| {
                let gid = font.lookup_glyph_index(u32::from(c)).unwrap_or(fallback);
                u32::from(font.get_horizontal_advance(gid))
            })
            .sum();
        units as f32 * size / self.units_per_em[face.index()]
    }

    /// Whether every character of `text` has a glyph in `face`.
    #[cfg(test)]
    pub(crate) fn covers(&self, face: Face, text: &str) -> bool {
        let font = &self.faces[face.index()];
        text.chars()
            .filter(|c| !c.is_whitespace())
            .all(|c| font.lookup_glyph_index(u32::from(c)).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_faces_cover_italian_and_latin_extended() {
        let fonts = fonts();
        for face in Face::ALL {
            assert!(
                fonts.covers(face, "àèéìíòóùÀÈÉÌÒÙ «»€’ Łukasz Ștefan Čapek ñç°"),
                "{face:?} must cover every Italian accent and Latin Extended-A"
            );
        }
    }

    #[test]
    fn widths_grow_with_text_and_size() {
        let f = fonts();
        let a = f.width(Face::Regular, 10.0, "Mario");
        assert!(a > 15.0 && a < 40.0, "five letters at 10 pt: {a}");
        assert!(f.width(Face::Regular, 20.0, "Mario") > a * 1.99);
        assert!(f.width(Face::Bold, 10.0, "Mario") > a, "bold is wider");
    }
}
