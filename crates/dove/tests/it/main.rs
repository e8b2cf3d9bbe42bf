//! Dove's integration tests: one binary (see kanidm's DO_NOT_ADD_MORE_TESTS_HERE
//! for why), every storage test run against SQLite and against PostgreSQL.
//!
//! PostgreSQL comes from `DOVE_TEST_DATABASE_URL`; each test gets its own
//! schema, so tests run in parallel without seeing each other. The tests
//! fail, rather than skip, when PostgreSQL is unreachable.
mod helpers;

mod accounts_api;
mod accounts_pages;
mod bookings;
mod hardening_accounts;
mod hardening_edges;
mod hardening_orders;
mod hardening_payouts;
mod hardening_surfaces;
mod leads;
mod listings;
mod matrix;
mod messages;
mod money;
mod operations;
mod orders;
mod phone_codes;
mod photos_fixture;
mod reviews;
mod saved;
mod search;
mod security;
mod storage;
mod trust;
mod viewings;
