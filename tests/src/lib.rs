//! Shared helpers for the golden and end-to-end tests.
