//! Reports (the daily cross-branch report of issue 17): titled fields, tables of
//! counts and bar charts of a daily trend, on the SAP's pages (header, footer
//! "Pagina X di Y", embedded font).

use crate::font::Face;
use crate::layout::{CONTENT_W, Flow, INK, MARGIN_X, MUTED, fill_rect, hline, rgb, text};
use crate::pdf::{Chrome, Issuer, Meta, Part, assemble};
use crate::receipt::{CountTable, count_tables};

/// Two series of daily counts over the same days, drawn as paired bars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrendChart {
    pub title: String,
    /// One label per day ("05/12"); every seventh is printed.
    pub days: Vec<String>,
    pub series: [(String, Vec<u32>); 2],
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportDoc {
    /// In every page's header ("Report", "Documento da firmare").
    pub kind: String,
    pub title: String,
    /// Top right under the title ("Giorno 05/12/2026").
    pub reference: String,
    pub fields: Vec<(String, String)>,
    pub tables: Vec<CountTable>,
    /// Under the heading "Andamento".
    pub charts: Vec<TrendChart>,
}

const COLORS: [(f32, f32, f32); 2] = [(0.0, 0.4, 0.8), (0.85, 0.45, 0.0)];
const CHART_H: f32 = 110.0;

pub fn report_pdf(r: &ReportDoc, printed: &Issuer) -> Vec<u8> {
    let meta = Meta {
        title: r.title.clone(),
        author: printed.operator.clone(),
        subject: r.title.clone(),
        created: printed.at,
    };
    let mut flow = Flow::new();
    flow.paragraph(Face::Bold, 15.0, INK, &r.title);
    if !r.fields.is_empty() {
        let items: Vec<(&str, String)> = r
            .fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        flow.fields(3, &items);
    }
    // The first column names the row: give it room.
    count_tables(&mut flow, &r.tables, 3.0);
    if !r.charts.is_empty() {
        flow.section("Andamento");
        for c in &r.charts {
            chart(&mut flow, c);
        }
    }
    let part = Part {
        chrome: Chrome {
            agency: printed.agency.clone(),
            title: r.kind.clone(),
            reference: r.reference.clone(),
            footer: printed.footer(),
        },
        pages: flow.into_pages(),
    };
    assemble(&meta, vec![part])
}

/// Title and legend, paired bars scaled to the highest value, the scale's top and
/// every seventh day's label.
fn chart(flow: &mut Flow, c: &TrendChart) {
    let days = c.days.len().max(1);
    let max = c
        .series
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    flow.block(CHART_H + 40.0, |ops, top| {
        text(ops, Face::Bold, 10.0, INK, MARGIN_X, top - 12.0, &c.title);
        let mut x = MARGIN_X + CONTENT_W - 220.0;
        for (i, (name, _)) in c.series.iter().enumerate() {
            fill_rect(ops, rgb(COLORS[i]), x, top - 12.0, 8.0, 8.0);
            text(ops, Face::Regular, 8.0, MUTED, x + 11.0, top - 11.5, name);
            x += 110.0;
        }
        let base = top - 22.0 - CHART_H;
        let left = MARGIN_X + 24.0;
        let width = CONTENT_W - 24.0;
        text(
            ops,
            Face::Regular,
            7.0,
            MUTED,
            MARGIN_X,
            base + CHART_H - 6.0,
            &max.to_string(),
        );
        text(ops, Face::Regular, 7.0, MUTED, MARGIN_X, base, "0");
        hline(ops, rgb(MUTED), 0.5, left, left + width, base);
        let slot = width / days as f32;
        let bar = (slot * 0.4).max(0.5);
        for (i, (_, values)) in c.series.iter().enumerate() {
            for (d, v) in values.iter().enumerate() {
                let h = CHART_H * (*v as f32) / (max as f32);
                if h > 0.0 {
                    let x = left + d as f32 * slot + slot * 0.1 + i as f32 * bar;
                    fill_rect(ops, rgb(COLORS[i]), x, base, bar, h);
                }
            }
        }
        for (d, label) in c.days.iter().enumerate().rev().step_by(7) {
            text(
                ops,
                Face::Regular,
                7.0,
                MUTED,
                left + d as f32 * slot,
                base - 10.0,
                label,
            );
        }
    });
}
