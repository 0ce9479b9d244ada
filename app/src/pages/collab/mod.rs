//! Collaborations: the reader's list (create one, see invitations), the
//! collaboration dashboard (collective k-safe figures, coordinator tools) and
//! an organisation's collaborations (accept, decline, consent, leave).
//!
//! - `list`: `/collaborations`.
//! - `org`: `/orgs/:id/collaborations`.
//! - `dashboard`: `/collaborations/:id`, with its sections in `collective`
//!   (trend, spider, spread), `progress` (targets and what members share)
//!   and `manage` (the coordinator's tools).

mod collective;
mod dashboard;
mod list;
mod manage;
mod org;
mod progress;

pub use dashboard::CollabPage;
pub use list::CollabListPage;
pub use org::OrgCollabsPage;

use crate::AppError;
use crate::components::page::PageError;
use leptos::prelude::*;

/// Errors of the collaboration pages, in the reader's language.
#[component]
fn CollabError(error: AppError) -> impl IntoView {
    view! { <PageError error=error not_found_id="collab-not-found"/> }
}
