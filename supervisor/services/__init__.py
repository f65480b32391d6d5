"""Use cases on a Session: one transaction per use case; no Qt."""
