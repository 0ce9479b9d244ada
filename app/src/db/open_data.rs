//! What the open-data API reads: the stored results of closed campaigns of
//! organisations that opted in to named benchmarking and are not disabled.
//! Which of an organisation's campaigns of a year counts is decided by
//! [`crate::benchmark::counting`], as for the peer benchmark.

use super::Db;
use sqlx::FromRow;

/// One closed campaign's stored result, with its organisation's labels.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct PublishableCampaign {
    pub campaign_id: i64,
    pub org_id: i64,
    pub year: i64,
    /// Submitted responses.
    pub n: i64,
    pub name: String,
    pub country: String,
    pub kind: String,
    pub size_band: String,
}

/// Which campaigns to read: every year, or one year narrowed by the
/// organisation's country, kind and size band.
#[derive(Debug, Clone, Default)]
pub struct PublishableFilter<'a> {
    pub year: i64,
    pub country: Option<&'a str>,
    pub kind: Option<&'a str>,
    pub size_band: Option<&'a str>,
}

/// The closed campaigns of opted-in organisations (`filter`: of one year and
/// peer group; `None`: all years), in no particular order.
pub async fn publishable_campaigns(
    db: &Db,
    filter: Option<&PublishableFilter<'_>>,
) -> Result<Vec<PublishableCampaign>, sqlx::Error> {
    let mut sql = String::from(
        "SELECT r.campaign_id, r.org_id, r.year, r.n, o.name, o.country, o.kind, o.size_band
         FROM campaign_results r
         JOIN organisations o ON o.id = r.org_id
         JOIN campaigns c ON c.id = r.campaign_id AND c.org_id = r.org_id
         WHERE o.named_benchmarking = 1 AND o.disabled = 0 AND c.state = 'closed'",
    );
    let mut texts: Vec<&str> = Vec::new();
    if let Some(f) = filter {
        sql.push_str(" AND r.year = $1");
        for (column, value) in [
            ("o.country", f.country),
            ("o.kind", f.kind),
            ("o.size_band", f.size_band),
        ] {
            if let Some(v) = value {
                texts.push(v);
                sql.push_str(&format!(" AND {column} = ${}", texts.len() + 1));
            }
        }
    }
    let mut q = sqlx::query_as::<_, PublishableCampaign>(&sql);
    if let Some(f) = filter {
        q = q.bind(f.year);
        for t in texts {
            q = q.bind(t);
        }
    }
    q.fetch_all(db.pool()).await
}
