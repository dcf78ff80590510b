"""Helpers that the tests and the benchmarks share: a throw-away PostgreSQL server and the
generated postmortem libraries. Nothing here is a test; pmdesk itself never imports it."""
