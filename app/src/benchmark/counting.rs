//! Which campaign of an organisation counts for a year, wherever a year's
//! figure of an organisation is used (peer benchmark, dashboard comparison,
//! open data): its latest closed campaign of that year with at least k
//! responses. A campaign below k is not used at all (SPEC §5, rule 1), so an
//! earlier campaign of the same year with k or more counts instead.
//!
//! The callers read the closed campaigns' stored results (only a close stores
//! them) and pass them through [`counting_campaigns`].

use crate::scoring::anonymity::total_disclosed;
use std::collections::BTreeMap;

/// What the rule needs of one stored campaign result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CampaignKey {
    pub org_id: i64,
    pub year: i64,
    pub campaign_id: i64,
    /// Submitted responses.
    pub n: i64,
}

/// The campaigns that count, one per organisation and year, in
/// (organisation, year) order: of each organisation's campaigns of a year
/// with n ≥ k, the latest (the highest id; ids grow with creation).
pub fn counting_campaigns<T>(
    rows: impl IntoIterator<Item = T>,
    k: i64,
    key: impl Fn(&T) -> CampaignKey,
) -> Vec<T> {
    let mut chosen: BTreeMap<(i64, i64), (i64, T)> = BTreeMap::new();
    for row in rows {
        let c = key(&row);
        if !total_disclosed(c.n, k) {
            continue;
        }
        if chosen
            .get(&(c.org_id, c.year))
            .is_some_and(|(id, _)| *id > c.campaign_id)
        {
            continue;
        }
        chosen.insert((c.org_id, c.year), (c.campaign_id, row));
    }
    chosen.into_values().map(|(_, row)| row).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(&(org_id, year, campaign_id, n): &(i64, i64, i64, i64)) -> CampaignKey {
        CampaignKey {
            org_id,
            year,
            campaign_id,
            n,
        }
    }

    #[test]
    fn the_latest_campaign_of_the_year_with_k_responses_counts() {
        // (org, year, campaign, n), k = 5.
        let rows = [
            (1, 2025, 10, 8),
            (1, 2025, 12, 6), // later, counts
            (1, 2025, 14, 4), // latest but below k: not used at all
            (1, 2026, 20, 9),
            (2, 2025, 11, 5), // exactly k
            (3, 2025, 13, 4), // only campaign below k: the organisation is absent
        ];
        let got = counting_campaigns(rows, 5, key);
        assert_eq!(
            got,
            vec![(1, 2025, 12, 6), (1, 2026, 20, 9), (2, 2025, 11, 5)]
        );
    }

    #[test]
    fn order_of_the_rows_does_not_matter() {
        let mut rows = vec![
            (7, 2025, 3, 9),
            (7, 2025, 9, 9),
            (7, 2025, 5, 9),
            (4, 2025, 1, 9),
        ];
        let a = counting_campaigns(rows.clone(), 5, key);
        rows.reverse();
        let b = counting_campaigns(rows, 5, key);
        assert_eq!(a, b);
        assert_eq!(a, vec![(4, 2025, 1, 9), (7, 2025, 9, 9)]);
    }

    #[test]
    fn k_below_one_acts_as_one() {
        let rows = [(1, 2025, 1, 0), (1, 2025, 2, 1)];
        assert_eq!(counting_campaigns(rows, 0, key), vec![(1, 2025, 2, 1)]);
    }
}
