//! Pure domain logic: no I/O, no HTTP, no SQL. Unit-tested.
pub mod dates;
pub mod language;
pub mod org;
pub mod questionnaire;
pub mod roles;
pub mod strategy;
