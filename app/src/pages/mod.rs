//! One module per route group.
pub mod home;
pub mod not_found;
