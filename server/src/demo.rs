//! Demo data for a first look (`SPINDEL_DEMO=true`): fictional organisations
//! in Sweden, Denmark and the Netherlands, loaded only into an empty database.

use app::db::orgs::{self, NewOrg};
use app::db::{Db, DbError};
use app::domain::org::{Ambition, Country, OrgKind};

/// Fictional organisations: (name, country, kind, population, ambition, named).
const DEMO_ORGS: &[(&str, &str, OrgKind, i64, Ambition, bool)] = &[
    (
        "Älvby kommun",
        "SE",
        OrgKind::Municipality,
        14_200,
        Ambition::FastFollower,
        true,
    ),
    (
        "Norrsjö kommun",
        "SE",
        OrgKind::Municipality,
        38_900,
        Ambition::Frontrunner,
        false,
    ),
    (
        "Granvik kommun",
        "SE",
        OrgKind::Municipality,
        7_300,
        Ambition::LateFollower,
        false,
    ),
    (
        "Region Västerfjäll",
        "SE",
        OrgKind::Region,
        412_000,
        Ambition::FastFollower,
        true,
    ),
    (
        "Skovlunde Kommune",
        "DK",
        OrgKind::Municipality,
        52_400,
        Ambition::Frontrunner,
        true,
    ),
    (
        "Havbjerg Kommune",
        "DK",
        OrgKind::Municipality,
        23_100,
        Ambition::FastFollower,
        false,
    ),
    (
        "Lyngå Kommune",
        "DK",
        OrgKind::Municipality,
        96_800,
        Ambition::FastFollower,
        false,
    ),
    (
        "Gemeente Duinwijk",
        "NL",
        OrgKind::Municipality,
        61_300,
        Ambition::Frontrunner,
        true,
    ),
    (
        "Gemeente Polderveen",
        "NL",
        OrgKind::Municipality,
        18_700,
        Ambition::LateFollower,
        false,
    ),
    (
        "Gemeente Hoogmeer",
        "NL",
        OrgKind::Municipality,
        128_500,
        Ambition::FastFollower,
        false,
    ),
];

/// Insert the demo organisations when the database has none. Returns how many
/// were inserted.
pub async fn seed_if_empty(db: &Db) -> Result<usize, DbError> {
    if orgs::count(db).await? > 0 {
        return Ok(0);
    }
    for (name, country, kind, population, ambition, named) in DEMO_ORGS {
        let country = Country::parse(country)
            .ok_or_else(|| DbError::Corrupt(format!("bad demo country {country}")))?;
        orgs::insert(
            db.pool(),
            &NewOrg {
                name: (*name).to_owned(),
                country,
                kind: *kind,
                population: *population,
                ambition: *ambition,
                named_benchmarking: *named,
            },
        )
        .await?;
    }
    tracing::info!(organisations = DEMO_ORGS.len(), "demo data loaded");
    Ok(DEMO_ORGS.len())
}
