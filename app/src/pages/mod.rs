//! One module per route group.
pub mod account;
pub mod auth;
pub mod campaigns;
pub mod collab;
pub mod home;
pub mod lazy;
pub mod members;
pub mod not_found;
pub mod operator;
pub mod org;
pub mod plan;
pub mod results;
pub mod survey;
pub mod targets;
