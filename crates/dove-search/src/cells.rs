//! Grid cells, so that a search in a circle or a map box reads only the
//! listings near it instead of checking every point.
//!
//! Each listing is indexed under the cell holding its point at each of a
//! few sizes. A box becomes an OR over the cells that cover it, at the
//! finest size that needs few of them; the exact box and circle checks then
//! run on those candidates only (see `admit`).

/// Cell sizes in degrees, coarse to fine: about 220, 55, 11 and 2 km.
const SIZES: [f64; 4] = [2.0, 0.5, 0.1, 0.02];

/// More cells than this and the OR costs more than it saves.
const MAX_CELLS: i64 = 36;

fn index(v: f64, size: f64) -> i64 {
    (v / size).floor() as i64
}

fn name(level: usize, lat: i64, lng: i64) -> String {
    format!("{level}:{lat}:{lng}")
}

/// The cells a point is indexed under, one per size.
pub fn of_point(lat: f64, lng: f64) -> Vec<String> {
    SIZES.iter().enumerate().map(|(level, size)| name(level, index(lat, *size), index(lng, *size))).collect()
}

/// The cells covering a box (south, west, north, east), at the finest size
/// that needs at most `MAX_CELLS`; `None` when even the coarsest needs more.
pub fn covering(s: f64, w: f64, n: f64, e: f64) -> Option<Vec<String>> {
    SIZES.iter().enumerate().rev().find_map(|(level, size)| {
        let (la0, la1, ln0, ln1) = (index(s, *size), index(n, *size), index(w, *size), index(e, *size));
        let count = (la1 - la0 + 1) * (ln1 - ln0 + 1);
        (count > 0 && count <= MAX_CELLS)
            .then(|| (la0..=la1).flat_map(|la| (ln0..=ln1).map(move |ln| name(level, la, ln))).collect())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_is_in_the_cells_covering_a_box_around_it() {
        let (lat, lng) = (-1.2921, 36.8219);
        for km in [0.5, 5.0, 50.0] {
            let d = km / 111.0;
            let cover = covering(lat - d, lng - d, lat + d, lng + d).expect("a small box is covered");
            assert!(of_point(lat, lng).iter().any(|c| cover.contains(c)), "{km} km");
            assert!(cover.len() as i64 <= MAX_CELLS);
        }
    }

    #[test]
    fn small_boxes_use_fine_cells_and_huge_ones_none() {
        let cover = covering(-1.30, 36.80, -1.29, 36.81).expect("covered");
        assert!(cover.iter().all(|c| c.starts_with("3:")), "{cover:?}");
        assert_eq!(covering(-60.0, -100.0, 60.0, 100.0), None);
    }
}
