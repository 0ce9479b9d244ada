//! Demo data: `server demo --orgs N --years Y --seed S`, and the default demo
//! loaded into an empty database when the server runs with `SPINDEL_DEMO=true`.
//!
//! Fictional organisations in Sweden, Denmark and the Netherlands with size
//! bands, departments, 8–400 respondents per campaign (a few campaigns below
//! k, and many small breakdown groups, so suppression shows), trends that
//! mostly improve, some organisations opting in to named benchmarking,
//! targets, and regional collaborations. Responses are written as submitted
//! answers; every campaign is then closed through the real service, which
//! computes its aggregates. The same seed gives the same data.
//!
//! Demo accounts (operator, org admin, leader, collaboration coordinator) are
//! created only in demo mode, with generated passwords printed at start;
//! without demo mode they are removed at start.

use app::AppError;
use app::auth::password;
use app::db::orgs::{self, NewOrg};
use app::db::{Db, DbError, now_unix, users};
use app::domain::org::{Ambition, Country, OrgKind};
use app::domain::questionnaire::{self, Answer, ItemKind, Questionnaire};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;

/// E-mail domain of demo accounts (reserved TLD: never deliverable).
pub const DEMO_DOMAIN: &str = "demo.spindel.invalid";

#[derive(Debug, Clone, Copy)]
pub struct DemoSpec {
    pub orgs: usize,
    pub years: usize,
    pub seed: u64,
    /// The most recent campaign year.
    pub last_year: i64,
}

#[derive(Debug, Clone, Default)]
pub struct DemoReport {
    pub organisations: usize,
    pub campaigns: usize,
    pub responses: usize,
    pub collaborations: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the database already holds organisations; demo data goes into an empty database")]
    NotEmpty,
    #[error("database error")]
    Db(#[from] DbError),
    #[error("{0}")]
    App(String),
    #[error("database error")]
    Sqlx(#[from] sqlx::Error),
}

impl From<AppError> for DemoError {
    fn from(e: AppError) -> Self {
        DemoError::App(format!("{e:?}"))
    }
}

struct Normal;
impl Normal {
    /// Box–Muller: one standard normal draw.
    fn draw(rng: &mut ChaCha8Rng) -> f64 {
        let u1: f64 = rng.random::<f64>().max(1e-12);
        let u2: f64 = rng.random();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }
}

const SE_A: &[&str] = &[
    "Älv", "Norr", "Sjö", "Gran", "Björk", "Ek", "Lind", "Sten", "Berg", "Hav", "Mal", "Vik", "Ås",
    "Fjäll", "Ros", "Lunda", "Öster", "Väster", "Söder", "Hög",
];
const SE_B: &[&str] = &[
    "by", "sjö", "vik", "dal", "holm", "köping", "torp", "ås", "näs", "hamn", "berga", "ryd",
];
const DK_A: &[&str] = &[
    "Skov", "Hav", "Lyng", "Sø", "Bjerg", "Strand", "Eg", "Fjord", "Mose", "Holm", "Vester",
    "Øster", "Nør", "Sønder", "Rosen", "Birke", "Lunde", "Kilde",
];
const DK_B: &[&str] = &[
    "lunde", "bjerg", "by", "rup", "sted", "holm", "høj", "vig", "løse", "borg", "bæk",
];
const NL_A: &[&str] = &[
    "Water", "Linde", "Beek", "Heide", "Zand", "Brug", "Oost", "West", "Noord", "Zuid", "Molen",
    "Dijk", "Veen", "Hoog", "Eiken", "Berken", "Wilg", "Klaver",
];
const NL_B: &[&str] = &[
    "dam", "dijk", "veen", "hoven", "wijk", "burg", "dorp", "stede", "horst", "broek", "recht",
];

const SE_DEPTS: &[&str] = &[
    "Kommunledningskontoret",
    "Socialförvaltningen",
    "Utbildningsförvaltningen",
    "Samhällsbyggnadsförvaltningen",
    "Kultur och fritid",
    "Miljö- och hälsoskydd",
    "IT-avdelningen",
    "Vård och omsorg",
];
const DK_DEPTS: &[&str] = &[
    "Borgerservice",
    "Børn og Unge",
    "Social og Sundhed",
    "Teknik og Miljø",
    "Kultur og Fritid",
    "Økonomi og Personale",
    "Digitalisering og IT",
    "Beskæftigelse",
];
const NL_DEPTS: &[&str] = &[
    "Publiekszaken",
    "Sociaal Domein",
    "Ruimte en Wonen",
    "Bedrijfsvoering",
    "Informatievoorziening",
    "Openbare Ruimte",
    "Economie en Cultuur",
    "Dienstverlening",
];

const TEXTS: &[(&str, &[&str])] = &[
    (
        "sv",
        &[
            "För många system som inte pratar med varandra.",
            "Mer tid för utbildning i de nya verktygen.",
            "Tydligare mål från ledningen.",
            "Vi skriver fortfarande ut och skannar in papper.",
        ],
    ),
    (
        "da",
        &[
            "For mange systemer, der ikke taler sammen.",
            "Mere tid til oplæring i de nye værktøjer.",
            "Klarere mål fra ledelsen.",
            "Vi printer stadig og scanner papir ind.",
        ],
    ),
    (
        "nl",
        &[
            "Te veel systemen die niet met elkaar praten.",
            "Meer tijd voor training in de nieuwe middelen.",
            "Duidelijkere doelen van het management.",
            "We printen en scannen nog steeds papier.",
        ],
    ),
];

fn pick<'a>(rng: &mut ChaCha8Rng, xs: &'a [&'a str]) -> &'a str {
    xs[rng.random_range(0..xs.len())]
}

struct DemoOrg {
    id: i64,
    country: &'static str,
    lang: &'static str,
    departments: Vec<String>,
    /// Latent level per strategy S1–S6 and leadership (index 6), first year.
    level: [f64; 7],
    /// Yearly change of the latent levels.
    trend: f64,
    /// Typical respondents per campaign.
    size: f64,
}

/// Generate demo data into an empty database. Returns what was made.
pub async fn generate(db: &Db, spec: DemoSpec, actor_id: i64) -> Result<DemoReport, DemoError> {
    if orgs::count(db).await? > 0 {
        return Err(DemoError::NotEmpty);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let q = questionnaire::parse(app::survey::service::STANDARD_V1)
        .map_err(|p| DemoError::App(p.to_string()))?;
    let (version_id,): (i64,) =
        sqlx::query_as("SELECT id FROM questionnaire_versions WHERE version = $1")
            .bind(&q.version)
            .fetch_one(db.pool())
            .await?;
    let mut report = DemoReport::default();
    let mut made: Vec<DemoOrg> = Vec::with_capacity(spec.orgs);
    let mut names = std::collections::BTreeSet::new();
    for i in 0..spec.orgs {
        let (country, lang) = match i % 10 {
            0..=3 => ("SE", "sv"),
            4..=6 => ("DK", "da"),
            _ => ("NL", "nl"),
        };
        let roll: f64 = rng.random();
        let kind = if i == 0 || roll < 0.86 {
            OrgKind::Municipality
        } else if roll < 0.95 {
            OrgKind::Region
        } else {
            OrgKind::Agency
        };
        // Log-normal populations: municipalities around 25k, regions around 600k.
        let (median, spread) = match kind {
            OrgKind::Region => (600_000.0, 0.6),
            OrgKind::Agency => (40_000.0, 1.0),
            _ => (25_000.0, 1.0),
        };
        let population = if i == 0 {
            38_900
        } else {
            ((median * (spread * Normal::draw(&mut rng)).exp()) as i64).clamp(1_500, 2_500_000)
        };
        let mut stem = match country {
            "SE" => format!("{}{}", pick(&mut rng, SE_A), pick(&mut rng, SE_B)),
            "DK" => format!("{}{}", pick(&mut rng, DK_A), pick(&mut rng, DK_B)),
            _ => format!("{}{}", pick(&mut rng, NL_A), pick(&mut rng, NL_B)),
        };
        if i == 0 {
            stem = "Norrsjö".into();
        }
        let mut n = 2;
        let base = stem.clone();
        while !names.insert((country, stem.clone())) {
            stem = format!("{base} {n}");
            n += 1;
        }
        let name = match (country, kind) {
            ("SE", OrgKind::Municipality) => format!("{stem} kommun"),
            ("SE", OrgKind::Region) => format!("Region {stem}"),
            ("SE", _) => format!("{stem}verket"),
            ("DK", OrgKind::Municipality) => format!("{stem} Kommune"),
            ("DK", OrgKind::Region) => format!("Region {stem}"),
            ("DK", _) => format!("{stem}styrelsen"),
            (_, OrgKind::Municipality) => format!("Gemeente {stem}"),
            (_, OrgKind::Region) => format!("Provincie {stem}"),
            _ => format!("Dienst {stem}"),
        };
        let ambition = match rng.random_range(0..10) {
            0..=2 => Ambition::Frontrunner,
            3..=7 => Ambition::FastFollower,
            _ => Ambition::LateFollower,
        };
        let named = i == 0 || rng.random::<f64>() < 0.5;
        let id = orgs::insert(
            db.pool(),
            &NewOrg {
                name,
                country: Country::parse(country).ok_or(DemoError::App("country".into()))?,
                kind,
                population,
                ambition: if i == 0 {
                    Ambition::FastFollower
                } else {
                    ambition
                },
                named_benchmarking: named,
            },
        )
        .await?;
        let depts_all = match country {
            "SE" => SE_DEPTS,
            "DK" => DK_DEPTS,
            _ => NL_DEPTS,
        };
        let n_depts = rng.random_range(3..=6usize);
        let departments: Vec<String> = depts_all
            .iter()
            .take(n_depts)
            .map(|s| s.to_string())
            .collect();
        let org_level = 4.6 + 1.1 * Normal::draw(&mut rng);
        let mut level = [0.0; 7];
        for l in level.iter_mut() {
            *l = org_level + 0.8 * Normal::draw(&mut rng);
        }
        let size = if i == 0 {
            120.0
        } else {
            (25.0 * ((population as f64) / 8_000.0).sqrt() * (0.4 * Normal::draw(&mut rng)).exp())
                .clamp(8.0, 400.0)
        };
        made.push(DemoOrg {
            id,
            country,
            lang,
            departments,
            level,
            trend: 0.25 + 0.2 * Normal::draw(&mut rng),
            size,
        });
        report.organisations += 1;
    }

    let first_year = spec.last_year - spec.years as i64 + 1;
    for year in first_year..=spec.last_year {
        let t = (year - first_year) as f64;
        for o in &made {
            // Not every organisation runs the survey every year.
            if o.id != made[0].id && rng.random::<f64>() < 0.08 {
                continue;
            }
            let cid = app::survey::service::create_campaign(
                db,
                o.id,
                actor_id,
                year,
                &format!("Digital maturity {year}"),
                version_id,
                &o.departments.join("\n"),
            )
            .await?;
            app::survey::service::transition(db, o.id, actor_id, cid, "open").await?;
            let n = if o.id != made[0].id && rng.random::<f64>() < 0.03 {
                rng.random_range(2..5usize) // below k: suppressed everywhere
            } else {
                (o.size * (0.2 * Normal::draw(&mut rng)).exp())
                    .round()
                    .clamp(8.0, 400.0) as usize
            };
            let mut rows = Vec::with_capacity(n);
            for _ in 0..n {
                rows.push(respondent(&mut rng, &q, o, t, year));
            }
            insert_responses(db, cid, &rows).await?;
            // The org admin gave the staff per department (about two in
            // three answered): the campaign page shows them, and the padding
            // rule has headcounts to check against.
            let mut headcounts = std::collections::BTreeMap::new();
            for d in &o.departments {
                let answered = rows.iter().filter(|r| r.dept.as_deref() == Some(d)).count() as i64;
                headcounts.insert(d.clone(), answered + answered / 2 + 1);
            }
            app::db::intake::set_headcounts(db.pool(), cid, &headcounts).await?;
            sqlx::query("UPDATE campaigns SET tokens_issued = $1 WHERE id = $2")
                .bind((n as f64 * 1.6).round() as i64)
                .bind(cid)
                .execute(db.pool())
                .await?;
            app::survey::service::transition(db, o.id, actor_id, cid, "closed").await?;
            report.campaigns += 1;
            report.responses += n;
        }
    }

    // Targets: most organisations set a target picture above their level.
    for o in &made {
        if o.id != made[0].id && rng.random::<f64>() < 0.35 {
            continue;
        }
        let target_year = spec.last_year + rng.random_range(2..=4i64);
        for (s, strategy) in ["S1", "S2", "S3", "S4", "S5", "S6"].iter().enumerate() {
            let now = o.level[s] + o.trend * (spec.years as f64 - 1.0);
            let level = (now + 1.0 + 2.0 * rng.random::<f64>())
                .round()
                .clamp(2.0, 10.0);
            sqlx::query(
                "INSERT INTO targets (org_id, strategy, level, target_year, set_by, set_at)
                 VALUES ($1, $2, $3, $4, NULL, $5)",
            )
            .bind(o.id)
            .bind(*strategy)
            .bind(level)
            .bind(target_year)
            .bind(now_unix())
            .execute(db.pool())
            .await?;
        }
    }

    // Regional collaborations of 3–6 organisations of one country.
    let mut by_country: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for o in &made {
        by_country.entry(o.country).or_default().push(o.id);
    }
    let regions = [
        ("SE", "Digitalt samarbete"),
        ("DK", "Digitalt samarbejde"),
        ("NL", "Digitale samenwerking"),
    ];
    for (country, label) in regions {
        let Some(ids) = by_country.get(country) else {
            continue;
        };
        let mut chunk_no = 1;
        for chunk in ids.chunks(5).take((spec.orgs / 25).max(1)) {
            if chunk.len() < 3 {
                continue;
            }
            let (cid,): (i64,) = sqlx::query_as(
                "INSERT INTO collaborations (name, created_at) VALUES ($1, $2) RETURNING id",
            )
            .bind(format!("{label} {chunk_no}"))
            .bind(now_unix())
            .fetch_one(db.pool())
            .await?;
            for org in chunk {
                sqlx::query(
                    "INSERT INTO collaboration_members (collaboration_id, org_id, status, named, created_at)
                     VALUES ($1, $2, 'member', $3, $4)",
                )
                .bind(cid)
                .bind(*org)
                .bind(i64::from(rng.random::<f64>() < 0.6))
                .bind(now_unix())
                .execute(db.pool())
                .await?;
            }
            chunk_no += 1;
            report.collaborations += 1;
        }
    }
    Ok(report)
}

struct Row {
    id: String,
    language: &'static str,
    answers: String,
    role: Option<String>,
    dept: Option<String>,
    tenure: Option<String>,
    date: String,
}

fn options(q: &Questionnaire, profile: &str) -> Vec<String> {
    q.items()
        .find(|i| i.profile.as_deref() == Some(profile))
        .map(|i| match &i.kind {
            ItemKind::SingleChoice { options } => options.iter().map(|o| o.id.clone()).collect(),
            _ => vec![],
        })
        .unwrap_or_default()
}

fn respondent(rng: &mut ChaCha8Rng, q: &Questionnaire, o: &DemoOrg, t: f64, year: i64) -> Row {
    let roles = options(q, "role_group");
    let tenures = options(q, "tenure_band");
    let offset = 0.8 * Normal::draw(rng);
    let role = (rng.random::<f64>() < 0.93).then(|| {
        // most respondents are specialists; few politicians
        let r: f64 = rng.random();
        let i = if r < 0.08 {
            0
        } else if r < 0.3 {
            1
        } else if r < 0.85 {
            2
        } else {
            3
        };
        roles.get(i).cloned().unwrap_or_default()
    });
    let bonus = match role.as_deref() {
        Some("manager") => 0.3,
        Some("it_digital") => 0.5,
        Some("politician") => 0.2,
        _ => 0.0,
    };
    let dept = (rng.random::<f64>() < 0.9).then(|| {
        // uneven department sizes: the first ones are bigger
        let k = o.departments.len();
        let i = ((rng.random::<f64>().powf(1.6)) * k as f64) as usize;
        o.departments[i.min(k - 1)].clone()
    });
    let tenure =
        (rng.random::<f64>() < 0.9).then(|| tenures[rng.random_range(0..tenures.len())].clone());
    let mut answers: BTreeMap<String, Answer> = BTreeMap::new();
    if let Some(r) = &role {
        answers.insert("role_group".into(), Answer::Text(r.clone()));
    }
    if let Some(d) = &dept {
        answers.insert("department".into(), Answer::Text(d.clone()));
    }
    if let Some(tb) = &tenure {
        answers.insert("tenure_band".into(), Answer::Text(tb.clone()));
    }
    let strat = |d: &str| -> Option<usize> {
        ["S1", "S2", "S3", "S4", "S5", "S6", "TMI"]
            .iter()
            .position(|x| *x == d)
    };
    for item in q.items() {
        match &item.kind {
            ItemKind::Scale {
                dimension,
                min,
                max,
                ..
            } => {
                if rng.random::<f64>() < 0.03 {
                    continue; // unanswered: skipped by scoring
                }
                let latent = match strat(dimension) {
                    Some(i) => o.level[i],
                    None => {
                        (o.level[1] + o.level[2] + o.level[3] + o.level[4] + o.level[5]) / 5.0 + 0.6
                    }
                };
                let v = latent + o.trend * t + offset + bonus + 1.2 * Normal::draw(rng);
                let v = v.round().clamp(*min as f64, *max as f64);
                answers.insert(item.id.clone(), Answer::Number(v));
            }
            ItemKind::FreeText { .. } if rng.random::<f64>() < 0.12 => {
                let texts = TEXTS
                    .iter()
                    .find(|(l, _)| *l == o.lang)
                    .map(|(_, t)| *t)
                    .unwrap_or(TEXTS[0].1);
                answers.insert(item.id.clone(), Answer::Text(pick(rng, texts).to_owned()));
            }
            _ => {}
        }
    }
    let id: String = (0..16)
        .map(|_| format!("{:02x}", rng.random::<u8>()))
        .collect();
    Row {
        id,
        language: o.lang,
        answers: serde_json::to_string(&answers).unwrap_or_else(|_| "{}".into()),
        role,
        dept,
        tenure,
        date: format!("{year}-10-{:02}", rng.random_range(1..=28)),
    }
}

async fn insert_responses(db: &Db, campaign_id: i64, rows: &[Row]) -> Result<(), DemoError> {
    let mut tx = db.begin_write().await?;
    for chunk in rows.chunks(200) {
        let mut sql = String::from(
            "INSERT INTO responses (id, campaign_id, status, resume_hash, language, answers,
             role_group, department, tenure_band, started_on, submitted_on) VALUES ",
        );
        for (r, _) in chunk.iter().enumerate() {
            let b = r * 8;
            if r > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!(
                "(${}, ${}, 'submitted', NULL, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7,
                b + 8,
                b + 8
            ));
        }
        let mut qy = sqlx::query(&sql);
        for r in chunk {
            qy = qy
                .bind(&r.id)
                .bind(campaign_id)
                .bind(r.language)
                .bind(&r.answers)
                .bind(r.role.clone())
                .bind(r.dept.clone())
                .bind(r.tenure.clone())
                .bind(&r.date);
        }
        qy.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A demo account's sign-in details (printed at start, never logged).
#[derive(Debug, Clone, serde::Serialize)]
pub struct DemoAccount {
    pub role: &'static str,
    pub email: String,
    pub password: String,
    pub context: String,
}

fn generated_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..20)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

async fn upsert_account(
    db: &Db,
    email: &str,
    name: &str,
    operator: bool,
) -> Result<(i64, String), DemoError> {
    let pw = generated_password();
    let hash = password::hash(pw.clone())
        .await
        .map_err(|_| DemoError::App("hashing a demo password failed".into()))?;
    let id = match users::by_email(db.pool(), email).await? {
        Some(u) => {
            users::set_password_hash(db.pool(), u.id, &hash).await?;
            u.id
        }
        None => {
            users::insert(
                db.pool(),
                &users::NewUser {
                    email,
                    display_name: name,
                    password_hash: &hash,
                    language: "en",
                    is_operator: operator,
                },
            )
            .await?
        }
    };
    Ok((id, pw))
}

/// Create (or give new passwords to) the demo accounts. The org admin and the
/// leader belong to the first organisation; the coordinator coordinates the
/// first collaboration (if any).
pub async fn ensure_demo_accounts(db: &Db) -> Result<Vec<DemoAccount>, DemoError> {
    let mut out = Vec::new();
    let (op_id, pw) = upsert_account(
        db,
        &format!("operator@{DEMO_DOMAIN}"),
        "Demo operator",
        true,
    )
    .await?;
    let _ = op_id;
    out.push(DemoAccount {
        role: "operator",
        email: format!("operator@{DEMO_DOMAIN}"),
        password: pw,
        context: "platform operator".into(),
    });
    let org: Option<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM organisations ORDER BY id LIMIT 1")
            .fetch_optional(db.pool())
            .await?;
    if let Some((org_id, org_name)) = org {
        for (role, local, name) in [
            ("org_admin", "admin", "Demo org admin"),
            ("leader", "leader", "Demo leader"),
        ] {
            let email = format!("{local}@{DEMO_DOMAIN}");
            let (uid, pw) = upsert_account(db, &email, name, false).await?;
            if users::role_in(db, uid, org_id).await?.is_none() {
                users::add_membership(db.pool(), uid, org_id, role).await?;
            }
            out.push(DemoAccount {
                role,
                email,
                password: pw,
                context: org_name.clone(),
            });
        }
    }
    let collab: Option<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM collaborations ORDER BY id LIMIT 1")
            .fetch_optional(db.pool())
            .await?;
    if let Some((cid, cname)) = collab {
        let email = format!("coordinator@{DEMO_DOMAIN}");
        let (uid, pw) = upsert_account(db, &email, "Demo coordinator", false).await?;
        sqlx::query(
            "DELETE FROM collaboration_coordinators WHERE collaboration_id = $1 AND user_id = $2",
        )
        .bind(cid)
        .bind(uid)
        .execute(db.pool())
        .await?;
        sqlx::query(
            "INSERT INTO collaboration_coordinators (collaboration_id, user_id) VALUES ($1, $2)",
        )
        .bind(cid)
        .bind(uid)
        .execute(db.pool())
        .await?;
        out.push(DemoAccount {
            role: "coordinator",
            email,
            password: pw,
            context: cname,
        });
    }
    // Admins of two more organisations that share no collaboration with the
    // first one nor with each other (for trying out a new collaboration).
    for (i, (org_id, org_name)) in unrelated_orgs(db).await?.into_iter().enumerate() {
        let (role, local, name) = match i {
            0 => ("org_admin2", "admin2", "Demo org admin 2"),
            _ => ("org_admin3", "admin3", "Demo org admin 3"),
        };
        let email = format!("{local}@{DEMO_DOMAIN}");
        let (uid, pw) = upsert_account(db, &email, name, false).await?;
        if users::role_in(db, uid, org_id).await?.is_none() {
            users::add_membership(db.pool(), uid, org_id, "org_admin").await?;
        }
        out.push(DemoAccount {
            role,
            email,
            password: pw,
            context: org_name,
        });
    }
    Ok(out)
}

/// The 2nd and 3rd organisations (by id) such that none of the first three
/// shares a collaboration with another; at most two.
async fn unrelated_orgs(db: &Db) -> Result<Vec<(i64, String)>, DemoError> {
    let orgs: Vec<(i64, String)> = sqlx::query_as("SELECT id, name FROM organisations ORDER BY id")
        .fetch_all(db.pool())
        .await?;
    let links: Vec<(i64, i64)> =
        sqlx::query_as("SELECT collaboration_id, org_id FROM collaboration_members")
            .fetch_all(db.pool())
            .await?;
    let collabs = |o: i64| -> Vec<i64> {
        links
            .iter()
            .filter(|(_, m)| *m == o)
            .map(|(c, _)| *c)
            .collect()
    };
    let mut chosen: Vec<(i64, String)> = Vec::new();
    let Some(first) = orgs.first() else {
        return Ok(chosen);
    };
    let mut taken: Vec<i64> = collabs(first.0);
    for (id, name) in orgs.iter().skip(1) {
        let mine = collabs(*id);
        if mine.iter().any(|c| taken.contains(c)) {
            continue;
        }
        taken.extend(mine);
        chosen.push((*id, name.clone()));
        if chosen.len() == 2 {
            break;
        }
    }
    Ok(chosen)
}

/// Outside demo mode no demo account may exist: remove them (and their sessions).
pub async fn remove_demo_accounts(db: &Db) -> Result<u64, DbError> {
    let pattern = format!("%@{DEMO_DOMAIN}");
    sqlx::query("DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE email LIKE $1)")
        .bind(&pattern)
        .execute(db.pool())
        .await?;
    let res = sqlx::query("DELETE FROM users WHERE email LIKE $1")
        .bind(&pattern)
        .execute(db.pool())
        .await?;
    Ok(res.rows_affected())
}

/// Print demo sign-in details on standard output (not the log).
pub fn print_accounts(accounts: &[DemoAccount]) {
    println!("\nDemo accounts (passwords are new at every start):");
    for a in accounts {
        println!(
            "  {:<12} {:<36} {}   ({})",
            a.role, a.email, a.password, a.context
        );
    }
    println!();
}
