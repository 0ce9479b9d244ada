//! One module per route group.
pub mod auth;
pub mod home;
pub mod not_found;
pub mod org;
