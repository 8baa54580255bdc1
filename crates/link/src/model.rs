//! From pair features to SemEval-2022 Task 8 scores.
//!
//! Five linear models (one per output, order [`OUTPUTS`]) fitted by ridge
//! regression in closed form on standardized features: for each output,
//! `(ZᵀZ + λI) w = Zᵀ(y − ȳ)`, intercept `ȳ` (not penalized), solved by
//! Cholesky. The system is `d × d` with `d` = [`crate::NUM_FEATURES`], so a
//! hand-written solver is a few lines and needs no linear-algebra crate.
//!
//! Scores are on the task's scale, 1 = very similar … 4 = very dissimilar,
//! clamped to `[1, 4]`. `same_event` = overall ≤ 1.5 (the raters' "very
//! similar"), `same_story` = overall ≤ 2.5 (at least "somewhat similar").
//!
//! Text format (see [`PairModel::to_text`]): `#` comment lines, then
//! tab-separated `lambda`, `mean`, `std` rows and one row per output:
//! name, intercept, then one weight per standardized feature. A file with
//! no data rows (empty, or comments only) parses to [`PairModel::baseline`].

// Index loops over small dense matrices read more clearly than iterator chains.
#![allow(clippy::needless_range_loop)]

use crate::features::{FEATURE_NAMES, NUM_FEATURES};
use crate::minhash::splitmix64;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The outputs, in the order of every `[f64; 5]` here.
pub const OUTPUTS: [&str; 5] = ["geography", "entities", "time", "narrative", "overall"];

/// The features each output is fitted on, by name (others get weight 0),
/// when rows are full [`crate::features_similarity`] vectors.
/// Chosen a priori by the facet each output rates, plus term similarity and
/// the length ratio everywhere: 120 training pairs do not carry all 17
/// features (cross-validated Pearson on `overall` fell from 0.72 to 0.66
/// with all of them).
pub const OUTPUT_FEATURES: [&[&str]; 5] = [
    &[
        "words_cosine",
        "countries_jaccard",
        "countries_overlap",
        "places_jaccard",
        "length_ratio",
    ],
    &[
        "words_cosine",
        "words_overlap",
        "entities_jaccard",
        "entity_names_overlap",
        "length_ratio",
    ],
    &[
        "words_cosine",
        "published_week",
        "published_year",
        "dates_closeness",
        "length_ratio",
    ],
    &[
        "words_cosine",
        "words_overlap",
        "event_roots_jaccard",
        "event_triples_jaccard",
        "length_ratio",
    ],
    &[
        "words_cosine",
        "words_overlap",
        "entity_names_overlap",
        "places_jaccard",
        "length_ratio",
    ],
];

/// The ridge penalty of [`PairModel::fit`] and [`cross_validate`].
pub const DEFAULT_LAMBDA: f64 = 3.0;

#[derive(Debug, Error, PartialEq)]
pub enum ModelError {
    #[error("pair model line {line}: {msg}")]
    Line { line: usize, msg: String },
    #[error("pair model: missing `{0}` row")]
    Missing(&'static str),
}

/// Predicted similarity of a pair (1 = very similar, 4 = very dissimilar).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    pub geography: f64,
    pub entities: f64,
    pub time: f64,
    pub narrative: f64,
    pub overall: f64,
    /// overall ≤ 1.5
    pub same_event: bool,
    /// overall ≤ 2.5
    pub same_story: bool,
}

impl Scores {
    /// From the five outputs in [`OUTPUTS`] order (clamped to `[1, 4]`).
    pub fn from_array(v: [f64; 5]) -> Scores {
        let c = |x: f64| if x.is_nan() { 4.0 } else { x.clamp(1.0, 4.0) };
        let overall = c(v[4]);
        Scores {
            geography: c(v[0]),
            entities: c(v[1]),
            time: c(v[2]),
            narrative: c(v[3]),
            overall,
            same_event: overall <= 1.5,
            same_story: overall <= 2.5,
        }
    }

    /// The five scores in [`OUTPUTS`] order.
    pub fn to_array(&self) -> [f64; 5] {
        [
            self.geography,
            self.entities,
            self.time,
            self.narrative,
            self.overall,
        ]
    }
}

/// Ridge-regression weights per output.
#[derive(Debug, Clone, PartialEq)]
pub struct PairModel {
    lambda: f64,
    mean: Vec<f64>,
    std: Vec<f64>,
    intercept: [f64; 5],
    /// per output, one weight per standardized feature
    weights: [Vec<f64>; 5],
}

impl Default for PairModel {
    fn default() -> Self {
        PairModel::baseline()
    }
}

impl PairModel {
    /// A hand-set model for when no fitted weights ship: term similarity for
    /// every output, helped by entity, place and date overlap where they
    /// belong. Roughly the plain TF-IDF baseline.
    pub fn baseline() -> PairModel {
        let d = NUM_FEATURES;
        let idx = |name: &str| FEATURE_NAMES.iter().position(|n| *n == name).unwrap_or(0);
        let mut weights: [Vec<f64>; 5] = Default::default();
        for w in weights.iter_mut() {
            *w = vec![0.0; d];
        }
        let cos = idx("words_cosine_sqrt");
        // geography
        weights[0][cos] = -1.5;
        weights[0][idx("countries_jaccard")] = -0.8;
        weights[0][idx("places_jaccard")] = -0.7;
        // entities
        weights[1][cos] = -1.8;
        weights[1][idx("entities_jaccard")] = -1.2;
        // time
        weights[2][cos] = -1.5;
        weights[2][idx("published_week")] = -1.5;
        // narrative, overall
        weights[3][cos] = -3.0;
        weights[4][cos] = -3.0;
        PairModel {
            lambda: 0.0,
            mean: vec![0.0; d],
            std: vec![1.0; d],
            intercept: [3.9, 3.9, 4.2, 4.0, 4.0],
            weights,
        }
    }

    /// Fits with [`DEFAULT_LAMBDA`].
    pub fn fit(x: &[Vec<f64>], y: &[[f64; 5]]) -> PairModel {
        Self::fit_with(x, y, DEFAULT_LAMBDA)
    }

    /// Fits on rows `x` (the feature count is the longest row's; shorter
    /// rows and non-finite values count as the feature's mean) and targets
    /// `y` (extra rows on either side are ignored). With no rows, every
    /// output is the constant 2.5. `lambda` is clamped to ≥ 1e-9.
    pub fn fit_with(x: &[Vec<f64>], y: &[[f64; 5]], lambda: f64) -> PairModel {
        let n = x.len().min(y.len());
        let (x, y) = (&x[..n], &y[..n]);
        let d = x.iter().map(Vec::len).max().unwrap_or(0);
        let lambda = if lambda.is_finite() {
            lambda.max(1e-9)
        } else {
            DEFAULT_LAMBDA
        };

        // column means and standard deviations over finite values
        let mut mean = vec![0.0; d];
        let mut std = vec![1.0; d];
        for j in 0..d {
            let vals: Vec<f64> = x
                .iter()
                .filter_map(|r| r.get(j).copied().filter(|v| v.is_finite()))
                .collect();
            if vals.is_empty() {
                continue;
            }
            let m = vals.iter().sum::<f64>() / vals.len() as f64;
            let var = vals.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / vals.len() as f64;
            mean[j] = m;
            std[j] = if var.sqrt() > 1e-12 { var.sqrt() } else { 1.0 };
        }
        let z: Vec<Vec<f64>> = x.iter().map(|r| standardize(r, &mean, &std)).collect();

        // A = ZᵀZ + λI
        let mut a = vec![vec![0.0; d]; d];
        for r in &z {
            for i in 0..d {
                if r[i] == 0.0 {
                    continue;
                }
                for j in i..d {
                    a[i][j] += r[i] * r[j];
                }
            }
        }
        for i in 0..d {
            for j in 0..i {
                a[i][j] = a[j][i];
            }
            a[i][i] += lambda;
        }

        let mut intercept = [2.5; 5];
        let mut weights: [Vec<f64>; 5] = Default::default();
        for k in 0..5 {
            let targets: Vec<f64> = y.iter().map(|t| t[k]).collect();
            if n > 0 {
                intercept[k] = targets.iter().sum::<f64>() / n as f64;
            }
            let mut rhs = vec![0.0; d];
            for (r, t) in z.iter().zip(&targets) {
                for j in 0..d {
                    rhs[j] += r[j] * (t - intercept[k]);
                }
            }
            // restrict the system to this output's features (when the rows
            // are full feature vectors; other shapes fit on every column)
            let keep: Vec<usize> = (0..d)
                .filter(|&j| d != NUM_FEATURES || OUTPUT_FEATURES[k].contains(&FEATURE_NAMES[j]))
                .collect();
            let sub: Vec<Vec<f64>> = keep
                .iter()
                .map(|&i| keep.iter().map(|&j| a[i][j]).collect())
                .collect();
            let sub_rhs: Vec<f64> = keep.iter().map(|&j| rhs[j]).collect();
            let mut w = vec![0.0; d];
            if let Some(l) = cholesky(&sub) {
                for (&j, v) in keep.iter().zip(cholesky_solve(&l, &sub_rhs)) {
                    w[j] = v;
                }
            }
            weights[k] = w;
        }
        PairModel {
            lambda,
            mean,
            std,
            intercept,
            weights,
        }
    }

    pub fn lambda(&self) -> f64 {
        self.lambda
    }

    pub fn num_features(&self) -> usize {
        self.mean.len()
    }

    /// The five raw (unclamped) outputs for feature vector `x`.
    pub fn predict_raw(&self, x: &[f64]) -> [f64; 5] {
        let z = standardize(x, &self.mean, &self.std);
        let mut out = self.intercept;
        for (k, o) in out.iter_mut().enumerate() {
            *o += self.weights[k]
                .iter()
                .zip(&z)
                .map(|(w, v)| w * v)
                .sum::<f64>();
        }
        out
    }

    /// Scores for a feature vector from [`crate::features_similarity`]
    /// (missing trailing features count as their training mean).
    pub fn predict(&self, x: &[f64]) -> Scores {
        Scores::from_array(self.predict_raw(x))
    }

    /// The plain-text form (round-trips exactly through
    /// [`PairModel::from_text`]). Callers may prepend `#` lines, e.g. the
    /// training file's name.
    pub fn to_text(&self) -> String {
        let d = self.mean.len();
        let names: Vec<&str> = (0..d)
            .map(|j| FEATURE_NAMES.get(j).copied().unwrap_or("?"))
            .collect();
        let row = |label: &str, vals: &[f64]| {
            let mut s = label.to_string();
            for v in vals {
                s.push('\t');
                s.push_str(&format!("{v:?}"));
            }
            s.push('\n');
            s
        };
        let mut out = String::new();
        out.push_str("# khabar pair model: ridge regression on standardized features; ");
        out.push_str("SemEval-2022 Task 8 scale, 1 = very similar, 4 = very dissimilar\n");
        out.push_str(&format!("# features: {}\n", names.join(" ")));
        out.push_str("# rows: lambda; mean and std per feature; per output: intercept, weights\n");
        out.push_str(&row("lambda", &[self.lambda]));
        out.push_str(&row("mean", &self.mean));
        out.push_str(&row("std", &self.std));
        for (k, name) in OUTPUTS.iter().enumerate() {
            let mut vals = vec![self.intercept[k]];
            vals.extend_from_slice(&self.weights[k]);
            out.push_str(&row(name, &vals));
        }
        out
    }

    /// Parses [`PairModel::to_text`]; a text with no data rows is
    /// [`PairModel::baseline`].
    pub fn from_text(text: &str) -> Result<PairModel, ModelError> {
        let mut lambda = None;
        let mut mean = None;
        let mut std = None;
        let mut outs: [Option<(f64, Vec<f64>)>; 5] = Default::default();
        let mut any = false;
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            any = true;
            let mut cols = line.split('\t');
            let label = cols.next().unwrap_or("");
            let vals = cols
                .map(|c| {
                    c.trim().parse::<f64>().map_err(|_| ModelError::Line {
                        line: line_no,
                        msg: format!("bad number {c:?}"),
                    })
                })
                .collect::<Result<Vec<f64>, _>>()?;
            let bad = |msg: &str| ModelError::Line {
                line: line_no,
                msg: msg.to_string(),
            };
            match label {
                "lambda" => lambda = Some(*vals.first().ok_or_else(|| bad("no value"))?),
                "mean" => mean = Some(vals),
                "std" => std = Some(vals),
                other => {
                    let k = OUTPUTS
                        .iter()
                        .position(|o| *o == other)
                        .ok_or_else(|| bad(&format!("unknown row {other:?}")))?;
                    let (b, w) = vals.split_first().ok_or_else(|| bad("no intercept"))?;
                    outs[k] = Some((*b, w.to_vec()));
                }
            }
        }
        if !any {
            return Ok(PairModel::baseline());
        }
        let lambda = lambda.ok_or(ModelError::Missing("lambda"))?;
        let mean = mean.ok_or(ModelError::Missing("mean"))?;
        let std = std.ok_or(ModelError::Missing("std"))?;
        let d = mean.len();
        if std.len() != d {
            return Err(ModelError::Line {
                line: 0,
                msg: format!("std has {} values, mean {d}", std.len()),
            });
        }
        let mut intercept = [0.0; 5];
        let mut weights: [Vec<f64>; 5] = Default::default();
        for k in 0..5 {
            let (b, w) = outs[k].take().ok_or(ModelError::Missing(OUTPUTS[k]))?;
            if w.len() != d {
                return Err(ModelError::Line {
                    line: 0,
                    msg: format!("{} has {} weights, expected {d}", OUTPUTS[k], w.len()),
                });
            }
            intercept[k] = b;
            weights[k] = w;
        }
        Ok(PairModel {
            lambda,
            mean,
            std,
            intercept,
            weights,
        })
    }
}

/// `(x − mean) / std` per feature; missing or non-finite values → 0.
fn standardize(x: &[f64], mean: &[f64], std: &[f64]) -> Vec<f64> {
    (0..mean.len())
        .map(|j| match x.get(j) {
            Some(v) if v.is_finite() => (v - mean[j]) / std[j],
            _ => 0.0,
        })
        .collect()
}

/// Lower-triangular `L` with `L Lᵀ = a`, or `None` if `a` is not positive
/// definite.
fn cholesky(a: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let d = a.len();
    let mut l = vec![vec![0.0; d]; d];
    for i in 0..d {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                let v = a[i][i] - s;
                if v <= 0.0 || !v.is_finite() {
                    return None;
                }
                l[i][j] = v.sqrt();
            } else {
                l[i][j] = (a[i][j] - s) / l[j][j];
            }
        }
    }
    Some(l)
}

/// Solves `L Lᵀ w = b`.
fn cholesky_solve(l: &[Vec<f64>], b: &[f64]) -> Vec<f64> {
    let d = l.len();
    let mut y = vec![0.0; d];
    for i in 0..d {
        let s: f64 = (0..i).map(|k| l[i][k] * y[k]).sum();
        y[i] = (b[i] - s) / l[i][i];
    }
    let mut w = vec![0.0; d];
    for i in (0..d).rev() {
        let s: f64 = (i + 1..d).map(|k| l[k][i] * w[k]).sum();
        w[i] = (y[i] - s) / l[i][i];
    }
    w
}

/// Pearson correlation; 0 when either side is constant or shorter than 2.
pub fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    if n < 2 {
        return 0.0;
    }
    let (a, b) = (&a[..n], &b[..n]);
    let ma = a.iter().sum::<f64>() / n as f64;
    let mb = b.iter().sum::<f64>() / n as f64;
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma) * (x - ma);
        sbb += (y - mb) * (y - mb);
    }
    if saa <= 0.0 || sbb <= 0.0 {
        return 0.0;
    }
    (sab / (saa.sqrt() * sbb.sqrt())).clamp(-1.0, 1.0)
}

/// [`cross_validate_with`] at [`DEFAULT_LAMBDA`].
pub fn cross_validate(x: &[Vec<f64>], y: &[[f64; 5]], folds: usize, seed: u64) -> [f64; 5] {
    cross_validate_with(x, y, folds, seed, DEFAULT_LAMBDA)
}

/// K-fold cross-validation: rows shuffled with `seed`, split into `folds`
/// (clamped to `2..=n`) folds; each fold predicted (clamped to `[1, 4]`) by
/// a model fitted on the others; returns the Pearson correlation of the
/// pooled out-of-fold predictions with the targets, per output in
/// [`OUTPUTS`] order. Fewer than 2 rows → all 0.
pub fn cross_validate_with(
    x: &[Vec<f64>],
    y: &[[f64; 5]],
    folds: usize,
    seed: u64,
    lambda: f64,
) -> [f64; 5] {
    let n = x.len().min(y.len());
    if n < 2 {
        return [0.0; 5];
    }
    let folds = folds.clamp(2, n);
    let mut order: Vec<usize> = (0..n).collect();
    let mut state = seed;
    for i in (1..n).rev() {
        let j = (splitmix64(&mut state) % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    let mut fold_of = vec![0; n];
    for (pos, &i) in order.iter().enumerate() {
        fold_of[i] = pos % folds;
    }
    let mut pred = vec![[0.0; 5]; n];
    for f in 0..folds {
        let (mut tx, mut ty) = (Vec::new(), Vec::new());
        for i in 0..n {
            if fold_of[i] != f {
                tx.push(x[i].clone());
                ty.push(y[i]);
            }
        }
        let m = PairModel::fit_with(&tx, &ty, lambda);
        for i in 0..n {
            if fold_of[i] == f {
                pred[i] = m.predict(&x[i]).to_array();
            }
        }
    }
    let mut out = [0.0; 5];
    for (k, o) in out.iter_mut().enumerate() {
        let p: Vec<f64> = pred.iter().map(|r| r[k]).collect();
        let t: Vec<f64> = y[..n].iter().map(|r| r[k]).collect();
        *o = pearson(&p, &t);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// rows of 3 features in [0,1] and targets that are exact linear functions
    fn linear_data(n: usize) -> (Vec<Vec<f64>>, Vec<[f64; 5]>) {
        let mut s = 99u64;
        let mut r = || (splitmix64(&mut s) % 10_000) as f64 / 10_000.0;
        let mut x = Vec::new();
        let mut y = Vec::new();
        for _ in 0..n {
            let v = vec![r(), r(), r()];
            let base = 3.5 - 1.0 * v[0] - 0.5 * v[1] + 0.25 * v[2];
            y.push([base, base - 0.5, 2.0 + v[2], 3.0 - 2.0 * v[0], 1.5 + v[1]]);
            x.push(v);
        }
        (x, y)
    }

    #[test]
    fn ridge_recovers_linear_function() {
        let (x, y) = linear_data(200);
        let m = PairModel::fit_with(&x, &y, 1e-6);
        for probe in [[0.1, 0.2, 0.3], [0.9, 0.5, 0.0], [0.5, 0.5, 0.5]] {
            let got = m.predict_raw(&probe);
            let base = 3.5 - probe[0] - 0.5 * probe[1] + 0.25 * probe[2];
            let want = [
                base,
                base - 0.5,
                2.0 + probe[2],
                3.0 - 2.0 * probe[0],
                1.5 + probe[1],
            ];
            for k in 0..5 {
                assert!((got[k] - want[k]).abs() < 1e-4, "{k}: {got:?} vs {want:?}");
            }
        }
        let cv = cross_validate_with(&x, &y, 5, 1, 1e-6);
        assert!(cv.iter().all(|&r| r > 0.999), "{cv:?}");
    }

    #[test]
    fn pearson_cases() {
        let a = [1.0, 2.0, 3.0, 4.0];
        assert!((pearson(&a, &[2.0, 4.0, 6.0, 8.0]) - 1.0).abs() < 1e-12);
        assert!((pearson(&a, &[4.0, 3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
        assert_eq!(pearson(&a, &[1.0, 1.0, 1.0, 1.0]), 0.0);
        assert_eq!(pearson(&[], &[]), 0.0);
    }

    #[test]
    fn text_round_trip_and_clamp() {
        let (x, y) = linear_data(50);
        let m = PairModel::fit(&x, &y);
        let back = PairModel::from_text(&format!("# trained on test\n{}", m.to_text())).unwrap();
        assert_eq!(back, m);
        let s = m.predict(&[100.0, -100.0, 0.0]);
        assert!(s.to_array().iter().all(|v| (1.0..=4.0).contains(v)));
        assert_eq!(
            PairModel::from_text("# empty\n").unwrap(),
            PairModel::baseline()
        );
        assert!(matches!(
            PairModel::from_text("lambda\t1\nmean\t0\nstd\t1\n"),
            Err(ModelError::Missing("geography"))
        ));
        assert!(PairModel::from_text("lambda\tx\n").is_err());
    }

    #[test]
    fn thresholds_and_degenerate_fits() {
        let s = Scores::from_array([1.0, 1.0, 1.0, 1.0, 1.4]);
        assert!(s.same_event && s.same_story);
        let s = Scores::from_array([1.0, 1.0, 1.0, 1.0, 2.5]);
        assert!(!s.same_event && s.same_story);
        let s = Scores::from_array([9.0, -3.0, f64::NAN, 2.0, 3.0]);
        assert_eq!((s.geography, s.entities, s.time), (4.0, 1.0, 4.0));
        assert!(!s.same_story);
        let m = PairModel::fit(&[], &[]);
        assert_eq!(m.predict(&[0.3]).overall, 2.5);
        let m = PairModel::fit(&[vec![1.0], vec![1.0]], &[[2.0; 5], [3.0; 5]]);
        assert_eq!(m.predict(&[1.0]).overall, 2.5);
        assert_eq!(cross_validate(&[vec![1.0]], &[[1.0; 5]], 5, 0), [0.0; 5]);
        let b = PairModel::baseline();
        assert_eq!(b.num_features(), NUM_FEATURES);
        let close = b.predict(&[1.0; NUM_FEATURES]);
        let far = b.predict(&[0.0; NUM_FEATURES]);
        assert!(close.overall < far.overall && close.same_event && !far.same_story);
    }
}
