//! One module per route group.
pub mod account;
pub mod auth;
pub mod home;
pub mod members;
pub mod not_found;
pub mod operator;
pub mod org;
