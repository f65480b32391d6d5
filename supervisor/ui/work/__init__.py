"""Long work off the GUI thread (jobs, workers) and the undo command over service calls."""
