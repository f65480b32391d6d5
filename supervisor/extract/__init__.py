"""Pure text → task outline, indicators, deadlines and suggested departments (no DB, no Qt)."""
