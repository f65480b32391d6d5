"""xlsx and PDF writers/readers over plain data (no DB, no Qt)."""
