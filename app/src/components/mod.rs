//! Reusable view components.
pub mod chart;
pub mod layout;
