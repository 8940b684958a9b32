//! Where the comuni are: one point per comune (the centroid of its boundary), by
//! Belfiore code, from `assets/comuni/coordinate.tsv` (Openpolis/ISTAT, CC BY 4.0),
//! embedded at compile time and indexed on first use.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::codice_fiscale::belfiore;
use crate::keywords::fold_place;

const TSV: &str = include_str!("../../../assets/comuni/coordinate.tsv");

/// A point in WGS84 degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub lat: f64,
    pub lon: f64,
}

impl Point {
    /// Great-circle distance in kilometres (haversine; the Earth as a sphere is closer
    /// than a road will ever be).
    pub fn km_to(self, other: Point) -> f64 {
        const EARTH_RADIUS_KM: f64 = 6371.0;
        let (la1, la2) = (self.lat.to_radians(), other.lat.to_radians());
        let dlat = la2 - la1;
        let dlon = (other.lon - self.lon).to_radians();
        let a = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * a.sqrt().asin()
    }
}

static POINTS: LazyLock<HashMap<&'static str, Point>> = LazyLock::new(|| {
    TSV.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("code\t"))
        .filter_map(|l| {
            let mut f = l.split('\t');
            let (code, lat, lon) = (f.next()?, f.next()?, f.next()?);
            Some((
                code,
                Point {
                    lat: lat.parse().ok()?,
                    lon: lon.parse().ok()?,
                },
            ))
        })
        .collect()
});

/// (folded name, province) → Belfiore code of the comuni that exist today.
static BY_NAME: LazyLock<HashMap<(String, String), &'static str>> = LazyLock::new(|| {
    belfiore::all()
        .iter()
        .filter(|b| b.province != "EE" && b.valid_to.is_none())
        .map(|b| ((fold_place(b.name), b.province.to_string()), b.code))
        .collect()
});

/// The point of a comune by Belfiore code.
pub fn point(belfiore_code: &str) -> Option<Point> {
    POINTS.get(belfiore_code).copied()
}

/// The Belfiore code of a comune that exists today, by name (any case, accents,
/// punctuation) and province sigla: how addresses name comuni.
pub fn belfiore_of(comune: &str, provincia: &str) -> Option<&'static str> {
    let key = (fold_place(comune), provincia.trim().to_uppercase());
    BY_NAME.get(&key).copied()
}

/// The point of a comune named as addresses name it.
pub fn point_of(comune: &str, provincia: &str) -> Option<Point> {
    belfiore_of(comune, provincia).and_then(point)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_between_known_comuni() {
        // Firenze–Prato ≈ 17 km, Roma–Milano ≈ 480 km as the crow flies.
        for (a, b, lo, hi) in [
            ("D612", "G999", 12.0, 22.0),
            ("H501", "F205", 460.0, 500.0),
            ("D612", "D612", 0.0, 0.001),
        ] {
            let d = point(a).unwrap().km_to(point(b).unwrap());
            assert!((lo..=hi).contains(&d), "{a}–{b}: {d} km");
        }
    }

    #[test]
    fn comuni_resolve_by_name_and_province() {
        for (name, prov, expect) in [
            ("Firenze", "FI", Some("D612")),
            ("  forlì ", "fc", Some("D704")),
            ("SANT'ANGELO LODIGIANO", "LO", Some("I274")),
            ("Firenze", "PO", None),
            ("Atlantide", "FI", None),
        ] {
            assert_eq!(belfiore_of(name, prov), expect, "{name} ({prov})");
        }
        assert!(point_of("Prato", "PO").is_some());
    }

    #[test]
    fn every_current_comune_has_a_point() {
        let missing: Vec<_> = BY_NAME.values().filter(|c| point(c).is_none()).collect();
        assert!(missing.len() < 10, "comuni without a point: {missing:?}");
    }
}
