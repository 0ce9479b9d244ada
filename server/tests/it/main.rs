//! Integration tests, linked into one binary (each Leptos-linked test binary
//! is large). The backend comes from SPINDEL_TEST_BACKEND (sqlite | postgres).

mod accounts;
mod action_plan;
mod collab;
mod common;
mod foundation;
mod lifecycle;
mod mail;
mod members;
mod open_data;
mod plan;
mod results;
mod survey;
