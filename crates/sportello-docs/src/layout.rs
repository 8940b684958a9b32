//! A small flow layout on A4 pages: headings, label/value grids, notes and tables whose
//! rows never straddle a page and whose header is repeated on every page they reach.
//! Coordinates are PDF points from the bottom-left corner; `y` is the top of what comes
//! next and decreases down the page.

use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Pt, Rect, Rgb,
    TextItem,
};

use crate::font::{Face, fonts};

pub(crate) const PAGE_W: f32 = 595.28;
pub(crate) const PAGE_H: f32 = 841.89;
pub(crate) const MARGIN_X: f32 = 42.0;
/// Content stays below the header band and above the footer band.
pub(crate) const CONTENT_TOP: f32 = PAGE_H - 84.0;
pub(crate) const CONTENT_BOTTOM: f32 = 54.0;
pub(crate) const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;

const LABEL_SIZE: f32 = 7.0;
const VALUE_SIZE: f32 = 9.0;
const VALUE_LEAD: f32 = 11.0;
const TABLE_SIZE: f32 = 7.5;
const TABLE_LEAD: f32 = 9.2;
const CELL_PAD: f32 = 3.0;

/// The blue of the Italian public administration's design system (#0066CC).
pub(crate) const ACCENT: (f32, f32, f32) = (0.0, 0.4, 0.8);
pub(crate) const INK: (f32, f32, f32) = (0.1, 0.1, 0.1);
pub(crate) const MUTED: (f32, f32, f32) = (0.36, 0.40, 0.44);

/// The font ids every page refers to; the document maps them to the embedded faces.
/// printpdf takes the first six characters as the subset tag ("SPTWRG+TitilliumWeb"),
/// which PDF readers expect to be six capital letters.
pub(crate) fn font_id(face: Face) -> FontId {
    FontId(
        match face {
            Face::Regular => "SPTWRG",
            Face::Bold => "SPTWBD",
            Face::Italic => "SPTWIT",
        }
        .into(),
    )
}

pub(crate) fn rgb((r, g, b): (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

fn grey(percent: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent,
        icc_profile: None,
    })
}

/// One line of text at (x, y baseline).
pub(crate) fn text(
    ops: &mut Vec<Op>,
    face: Face,
    size: f32,
    color: (f32, f32, f32),
    x: f32,
    y: f32,
    s: &str,
) {
    if s.is_empty() {
        return;
    }
    ops.extend([
        Op::SetFillColor { col: rgb(color) },
        Op::StartTextSection,
        Op::SetFont {
            font: PdfFontHandle::External(font_id(face)),
            size: Pt(size),
        },
        Op::SetTextCursor {
            pos: Point { x: Pt(x), y: Pt(y) },
        },
        Op::ShowText {
            items: vec![TextItem::Text(s.to_string())],
        },
        Op::EndTextSection,
    ]);
}

/// Text ending at `right`.
pub(crate) fn text_right(
    ops: &mut Vec<Op>,
    face: Face,
    size: f32,
    color: (f32, f32, f32),
    right: f32,
    y: f32,
    s: &str,
) {
    let w = fonts().width(face, size, s);
    text(ops, face, size, color, right - w, y, s);
}

pub(crate) fn fill_rect(ops: &mut Vec<Op>, color: Color, x: f32, y: f32, w: f32, h: f32) {
    ops.extend([
        Op::SetFillColor { col: color },
        Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(y),
                width: Pt(w),
                height: Pt(h),
                mode: Some(PaintMode::Fill),
                winding_order: None,
            },
        },
    ]);
}

pub(crate) fn hline(ops: &mut Vec<Op>, color: Color, thickness: f32, x0: f32, x1: f32, y: f32) {
    let p = |x: f32| LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: false,
    };
    ops.extend([
        Op::SetOutlineColor { col: color },
        Op::SetOutlineThickness { pt: Pt(thickness) },
        Op::DrawLine {
            line: Line {
                points: vec![p(x0), p(x1)],
                is_closed: false,
            },
        },
    ]);
}

/// Greedy word wrap to `width` points; a word wider than the line is cut between
/// characters; explicit newlines are kept. Always at least one line.
pub(crate) fn wrap(face: Face, size: f32, s: &str, width: f32) -> Vec<String> {
    let f = fonts();
    let space = f.width(face, size, " ");
    let mut lines = Vec::new();
    for paragraph in s.split('\n') {
        let mut line = String::new();
        let mut line_w = 0.0;
        for word in paragraph.split_whitespace() {
            let w = f.width(face, size, word);
            let needed = if line.is_empty() {
                w
            } else {
                line_w + space + w
            };
            if needed <= width {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                line_w = needed;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line_w = 0.0;
            if w <= width {
                line.push_str(word);
                line_w = w;
                continue;
            }
            for c in word.chars() {
                let cw = f.width(face, size, c.encode_utf8(&mut [0; 4]));
                if line_w + cw > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_w = 0.0;
                }
                line.push(c);
                line_w += cw;
            }
        }
        lines.push(line);
    }
    lines
}

/// A table column: its title and its share of the width.
#[derive(Debug, Clone)]
pub(crate) struct Col {
    pub title: String,
    pub weight: f32,
}

/// The table whose header is repeated when a page breaks inside it.
#[derive(Debug, Clone)]
struct OpenTable {
    title: String,
    cols: Vec<Col>,
}

/// Content laid out on pages, without header and footer (added once the page count is
/// known, see [`crate::pdf`]).
#[derive(Debug)]
pub(crate) struct Flow {
    pages: Vec<Vec<Op>>,
    y: f32,
    open_table: Option<OpenTable>,
}

impl Flow {
    pub(crate) fn new() -> Flow {
        Flow {
            pages: vec![Vec::new()],
            y: CONTENT_TOP,
            open_table: None,
        }
    }

    pub(crate) fn into_pages(self) -> Vec<Vec<Op>> {
        self.pages
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a flow always has a page")
    }

    pub(crate) fn space(&mut self, h: f32) {
        self.y -= h;
    }

    /// Starts a new page unless `h` points fit below `y`.
    fn ensure(&mut self, h: f32) {
        if self.y - h < CONTENT_BOTTOM && self.y < CONTENT_TOP {
            self.new_page();
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = CONTENT_TOP;
        if let Some(table) = self.open_table.clone() {
            self.table_header(&table, true);
        }
    }

    /// A numbered section ("Sezione 4 - Esperienze di lavoro"): a tinted band; kept
    /// with what follows.
    pub(crate) fn section(&mut self, title: &str) {
        let h = 20.0;
        self.ensure(h + 60.0);
        if self.y < CONTENT_TOP {
            self.space(6.0);
        }
        let y = self.y;
        let ops = self.ops();
        fill_rect(ops, rgb(ACCENT), MARGIN_X, y - h, CONTENT_W, h);
        text(
            ops,
            Face::Bold,
            11.0,
            (1.0, 1.0, 1.0),
            MARGIN_X + 6.0,
            y - 14.0,
            title,
        );
        self.y -= h + 6.0;
    }

    /// A subsection ("Sezione 1.3.1 - Residenza"): bold, underlined; kept with what
    /// follows.
    pub(crate) fn subsection(&mut self, title: &str) {
        let h = 16.0;
        self.ensure(h + 36.0);
        let y = self.y;
        let ops = self.ops();
        text(ops, Face::Bold, 9.5, ACCENT, MARGIN_X, y - 11.0, title);
        hline(
            ops,
            grey(0.75),
            0.5,
            MARGIN_X,
            MARGIN_X + CONTENT_W,
            y - 14.5,
        );
        self.y -= h + 3.0;
    }

    /// A sentence in italics, for empty sections ("Nessuna esperienza lavorativa").
    pub(crate) fn note(&mut self, s: &str) {
        self.paragraph(Face::Italic, VALUE_SIZE, MUTED, s);
    }

    pub(crate) fn paragraph(&mut self, face: Face, size: f32, color: (f32, f32, f32), s: &str) {
        let lead = size * 1.25;
        for line in wrap(face, size, s, CONTENT_W) {
            self.ensure(lead);
            let y = self.y - size;
            text(self.ops(), face, size, color, MARGIN_X, y, &line);
            self.y -= lead;
        }
        self.y -= 4.0;
    }

    /// Labels and values in `columns` columns, row by row; a row is never split. An
    /// absent value prints as a dash, so the reader sees it was considered.
    pub(crate) fn fields(&mut self, columns: usize, items: &[(&str, String)]) {
        let col_w = CONTENT_W / columns as f32;
        for row in items.chunks(columns) {
            let cells: Vec<(Vec<String>, Vec<String>)> = row
                .iter()
                .map(|(label, value)| {
                    let value = if value.trim().is_empty() {
                        "—"
                    } else {
                        value
                    };
                    (
                        wrap(Face::Regular, LABEL_SIZE, label, col_w - 8.0),
                        wrap(Face::Regular, VALUE_SIZE, value, col_w - 8.0),
                    )
                })
                .collect();
            let label_lines = cells.iter().map(|c| c.0.len()).max().unwrap_or(1);
            let value_lines = cells.iter().map(|c| c.1.len()).max().unwrap_or(1);
            let label_h = label_lines as f32 * (LABEL_SIZE + 1.5);
            let h = label_h + 2.0 + value_lines as f32 * VALUE_LEAD + 5.0;
            self.ensure(h);
            let top = self.y;
            let ops = self.ops();
            for (i, (label, value)) in cells.iter().enumerate() {
                let x = MARGIN_X + i as f32 * col_w;
                for (j, l) in label.iter().enumerate() {
                    let y = top - LABEL_SIZE - j as f32 * (LABEL_SIZE + 1.5);
                    text(ops, Face::Regular, LABEL_SIZE, MUTED, x, y, l);
                }
                for (j, l) in value.iter().enumerate() {
                    let y = top - label_h - 2.0 - VALUE_SIZE - j as f32 * VALUE_LEAD + 1.0;
                    text(ops, Face::Regular, VALUE_SIZE, INK, x, y, l);
                }
            }
            self.y -= h;
        }
        self.y -= 2.0;
    }

    /// A drawing of height `h` (kept on one page): `draw` gets the page's operations and
    /// the top of the block.
    pub(crate) fn block(&mut self, h: f32, draw: impl FnOnce(&mut Vec<Op>, f32)) {
        self.ensure(h);
        let top = self.y;
        draw(self.ops(), top);
        self.y -= h;
    }

    /// A table: header, then rows; a row moves to the next page whole (unless it is
    /// taller than a page, then it continues line by line), and the header comes again
    /// on each new page, marked "(segue)".
    pub(crate) fn table(&mut self, title: &str, cols: &[Col], rows: &[Vec<String>]) {
        let total: f32 = cols.iter().map(|c| c.weight).sum();
        let widths: Vec<f32> = cols.iter().map(|c| c.weight / total * CONTENT_W).collect();
        let table = OpenTable {
            title: title.to_string(),
            cols: cols.to_vec(),
        };
        let first_row_h = rows.first().map_or(0.0, |r| {
            self.row_lines(r, &widths).len() as f32 * TABLE_LEAD
        });
        self.ensure(header_height(&table) + first_row_h + 2.0 * CELL_PAD);
        self.table_header(&table, false);
        self.open_table = Some(table);
        for row in rows {
            self.table_row(row, &widths);
        }
        self.open_table = None;
        self.y -= 6.0;
    }

    /// Each cell's wrapped lines, padded to the row's line count.
    fn row_lines(&self, row: &[String], widths: &[f32]) -> Vec<Vec<String>> {
        let cells: Vec<Vec<String>> = row
            .iter()
            .zip(widths)
            .map(|(v, w)| wrap(Face::Regular, TABLE_SIZE, v, w - 2.0 * CELL_PAD))
            .collect();
        let n = cells.iter().map(Vec::len).max().unwrap_or(1);
        (0..n)
            .map(|i| {
                cells
                    .iter()
                    .map(|c| c.get(i).cloned().unwrap_or_default())
                    .collect()
            })
            .collect()
    }

    fn table_header(&mut self, table: &OpenTable, continued: bool) {
        let total: f32 = table.cols.iter().map(|c| c.weight).sum();
        let h = header_height(table);
        let top = self.y;
        let ops = self.ops();
        if continued && !table.title.is_empty() {
            let label = format!("{} (segue)", table.title);
            text(ops, Face::Italic, 7.5, MUTED, MARGIN_X, top - 8.0, &label);
        }
        let band_top = if continued && !table.title.is_empty() {
            top - 12.0
        } else {
            top
        };
        let lines = header_lines(table);
        fill_rect(ops, grey(0.92), MARGIN_X, band_top - h, CONTENT_W, h);
        let mut x = MARGIN_X;
        for (i, col) in table.cols.iter().enumerate() {
            let w = col.weight / total * CONTENT_W;
            for (j, l) in lines[i].iter().enumerate() {
                let y = band_top - CELL_PAD - TABLE_SIZE - j as f32 * TABLE_LEAD + 0.5;
                text(ops, Face::Bold, TABLE_SIZE, INK, x + CELL_PAD, y, l);
            }
            x += w;
        }
        self.y = band_top - h;
    }

    fn table_row(&mut self, row: &[String], widths: &[f32]) {
        let lines = self.row_lines(row, widths);
        let mut from = 0;
        while from < lines.len() {
            let room = ((self.y - CONTENT_BOTTOM - 2.0 * CELL_PAD) / TABLE_LEAD).floor();
            let remaining = lines.len() - from;
            // Rows that fit a fresh page (below a repeated header) are never split.
            let fresh_page = ((CONTENT_TOP - CONTENT_BOTTOM - 60.0) / TABLE_LEAD).floor();
            let must_move = from == 0 && room < remaining as f32 && remaining as f32 <= fresh_page;
            if must_move || room < 1.0 {
                self.new_page();
                continue;
            }
            let take = remaining.min(room as usize);
            let top = self.y;
            let ops = self.ops();
            for (k, line) in lines[from..from + take].iter().enumerate() {
                let mut x = MARGIN_X;
                for (cell, w) in line.iter().zip(widths) {
                    let y = top - CELL_PAD - TABLE_SIZE - k as f32 * TABLE_LEAD + 0.5;
                    text(ops, Face::Regular, TABLE_SIZE, INK, x + CELL_PAD, y, cell);
                    x += w;
                }
            }
            let h = take as f32 * TABLE_LEAD + 2.0 * CELL_PAD;
            hline(ops, grey(0.8), 0.4, MARGIN_X, MARGIN_X + CONTENT_W, top - h);
            self.y -= h;
            from += take;
        }
    }
}

fn header_lines(table: &OpenTable) -> Vec<Vec<String>> {
    let total: f32 = table.cols.iter().map(|c| c.weight).sum();
    table
        .cols
        .iter()
        .map(|c| {
            let w = c.weight / total * CONTENT_W;
            wrap(Face::Bold, TABLE_SIZE, &c.title, w - 2.0 * CELL_PAD)
        })
        .collect()
}

fn header_height(table: &OpenTable) -> f32 {
    let n = header_lines(table).iter().map(Vec::len).max().unwrap_or(1);
    n as f32 * TABLE_LEAD + 2.0 * CELL_PAD
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_wrap(s: &str, width: f32, expect: &[&str]) {
        assert_eq!(
            wrap(Face::Regular, 10.0, s, width),
            expect,
            "{s:?} in {width} pt"
        );
    }

    #[test]
    fn wrap_breaks_between_words_and_inside_overlong_ones() {
        check_wrap("", 100.0, &[""]);
        check_wrap("uno due tre", 1000.0, &["uno due tre"]);
        check_wrap("uno due tre", 40.0, &["uno due", "tre"]);
        check_wrap("a\nb", 100.0, &["a", "b"]);
        let long = wrap(Face::Regular, 10.0, "precipitevolissimevolmente", 50.0);
        assert!(long.len() > 1, "a word wider than the line is cut");
        assert_eq!(
            long.concat(),
            "precipitevolissimevolmente",
            "no character lost"
        );
        for l in &long {
            assert!(fonts().width(Face::Regular, 10.0, l) <= 50.0, "{l:?} fits");
        }
    }

    #[test]
    fn a_long_table_breaks_between_rows_and_repeats_its_header() {
        let mut flow = Flow::new();
        let cols = [
            Col {
                title: "Datore".into(),
                weight: 1.0,
            },
            Col {
                title: "Qualifica".into(),
                weight: 1.0,
            },
        ];
        let rows: Vec<Vec<String>> = (0..200)
            .map(|i| vec![format!("Ditta {i}"), "Magazziniere".to_string()])
            .collect();
        flow.table("Esperienze", &cols, &rows);
        let pages = flow.into_pages();
        assert!(pages.len() > 2, "200 rows take several pages");
        for (i, page) in pages.iter().enumerate().skip(1) {
            let texts: Vec<String> = page
                .iter()
                .filter_map(|op| match op {
                    Op::ShowText { items } => match &items[0] {
                        TextItem::Text(t) => Some(t.clone()),
                        _ => None,
                    },
                    _ => None,
                })
                .collect();
            assert_eq!(
                texts[0], "Esperienze (segue)",
                "page {i} says the table goes on"
            );
            assert_eq!(texts[1], "Datore", "page {i} repeats the header");
        }
    }
}
