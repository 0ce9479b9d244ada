//! Platform-wide, public figures (no tenant data).

use crate::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlatformFigures {
    pub organisations: i64,
    pub by_country: Vec<(String, i64)>,
    /// The anonymity threshold k: no figure is shown for fewer respondents.
    pub min_group_size: i64,
}

/// Public summary for the home page.
#[server(endpoint = "platform/summary")]
pub async fn platform_summary() -> Result<PlatformFigures, AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            let state = ctx::state()?;
            let by_country = crate::db::orgs::count_by_country(&state.db)
                .await
                .map_err(|e| AppError::internal("platform summary", &e))?;
            Ok(PlatformFigures {
                organisations: by_country.iter().map(|(_, n)| n).sum(),
                by_country,
                min_group_size: state.settings.min_group_size,
            })
        }
        .await,
    )
}
