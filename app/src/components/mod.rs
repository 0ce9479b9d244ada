//! Reusable view components.
pub mod chart;
pub mod download;
pub mod figures;
pub mod layout;
pub mod messages;
pub mod page;
pub mod targets;
