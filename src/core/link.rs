//! Link rules (in progress).
