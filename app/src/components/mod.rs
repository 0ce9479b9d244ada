//! Reusable view components.
pub mod chart;
pub mod download;
pub mod layout;
pub mod messages;
