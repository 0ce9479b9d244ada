//! Descriptive statistics for one group of respondent scores.
//!
//! - `mean`: arithmetic mean.
//! - `sd`: sample standard deviation (divisor n − 1); 0 for n = 1.
//! - `median`, `q1`, `q3`: linear interpolation between order statistics
//!   (Hyndman & Fan type 7, the default of R and NumPy).
//! - 95 % confidence interval of the mean: mean ± t(0.975, n − 1) · sd / √n,
//!   with Student's t quantile; for n = 1 the interval collapses to the mean.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub n: i64,
    pub mean: f64,
    pub median: f64,
    pub sd: f64,
    pub q1: f64,
    pub q3: f64,
    pub ci_lo: f64,
    pub ci_hi: f64,
}

pub fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    Some(values.iter().sum::<f64>() / values.len() as f64)
}

/// Sample standard deviation (n − 1).
pub fn sd(values: &[f64]) -> Option<f64> {
    let m = mean(values)?;
    if values.len() < 2 {
        return Some(0.0);
    }
    let ss: f64 = values.iter().map(|v| (v - m) * (v - m)).sum();
    Some((ss / (values.len() - 1) as f64).sqrt())
}

/// Quantile `p` (0..=1) of already sorted values, type 7.
pub fn quantile_sorted(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

/// Quantile `p` of unsorted values.
pub fn quantile(values: &[f64], p: f64) -> Option<f64> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    quantile_sorted(&v, p)
}

/// Two-sided 95 % Student t critical value for `df` degrees of freedom.
pub fn t975(df: u64) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    match df {
        0 => f64::NAN,
        1..=30 => TABLE[df as usize - 1],
        _ => {
            // Cornish–Fisher expansion around the normal quantile: error < 1e-4 for df > 30.
            let z: f64 = 1.959_963_985;
            let d = df as f64;
            let z3 = z.powi(3);
            let z5 = z.powi(5);
            let z7 = z.powi(7);
            z + (z3 + z) / (4.0 * d)
                + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * d * d)
                + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * d * d * d)
        }
    }
}

/// All statistics of one group; `None` for an empty group.
pub fn summarize(values: &[f64]) -> Option<Summary> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let m = mean(&v)?;
    let s = sd(&v)?;
    let n = v.len();
    let half = if n > 1 {
        t975((n - 1) as u64) * s / (n as f64).sqrt()
    } else {
        0.0
    };
    Some(Summary {
        n: n as i64,
        mean: m,
        median: quantile_sorted(&v, 0.5)?,
        sd: s,
        q1: quantile_sorted(&v, 0.25)?,
        q3: quantile_sorted(&v, 0.75)?,
        ci_lo: m - half,
        ci_hi: m + half,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-3
    }

    #[test]
    fn hand_computed_summary() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, ss = 9+1+1+1+0+0+4+16 = 32, sd = √(32/7) = 2.138
        let s = summarize(&[9.0, 2.0, 4.0, 4.0, 5.0, 4.0, 5.0, 7.0]).unwrap();
        assert_eq!(s.n, 8);
        assert!(close(s.mean, 5.0));
        assert!(close(s.sd, 2.13809), "{}", s.sd);
        // type 7: h = 7p; median h=3.5 → 4 + .5·(5−4) = 4.5; q1 h=1.75 → 4; q3 h=5.25 → 5 + .25·2 = 5.5
        assert!(close(s.median, 4.5));
        assert!(close(s.q1, 4.0));
        assert!(close(s.q3, 5.5));
        // CI: t(7) = 2.365; 2.365 · 2.13809 / √8 = 1.78777
        assert!(close(s.ci_lo, 5.0 - 1.78777), "{}", s.ci_lo);
        assert!(close(s.ci_hi, 5.0 + 1.78777));
    }

    #[test]
    fn single_value_and_empty() {
        assert_eq!(summarize(&[]), None);
        let s = summarize(&[7.0]).unwrap();
        assert_eq!(
            (s.n, s.mean, s.sd, s.ci_lo, s.ci_hi),
            (1, 7.0, 0.0, 7.0, 7.0)
        );
        assert_eq!((s.median, s.q1, s.q3), (7.0, 7.0, 7.0));
    }

    #[test]
    fn quartiles_of_odd_count() {
        // 1,2,3,4,5: h(q1) = 1 → 2; median 3; q3 h=3 → 4
        let s = summarize(&[5.0, 1.0, 3.0, 2.0, 4.0]).unwrap();
        assert_eq!((s.q1, s.median, s.q3), (2.0, 3.0, 4.0));
        // sd = √2.5 = 1.5811; CI half = 2.776 · 1.5811 / √5 = 1.96299
        assert!(close(s.ci_hi - s.mean, 1.96299));
    }

    #[test]
    fn t_quantiles_match_tables() {
        assert!(close(t975(1), 12.706));
        assert!(close(t975(30), 2.042));
        // published values: df 40 → 2.021, 60 → 2.000, 120 → 1.980
        assert!((t975(40) - 2.021).abs() < 1e-3, "{}", t975(40));
        assert!((t975(60) - 2.000).abs() < 1e-3, "{}", t975(60));
        assert!((t975(120) - 1.980).abs() < 1e-3, "{}", t975(120));
        assert!(t975(100_000) > 1.959 && t975(100_000) < 1.961);
    }
}
