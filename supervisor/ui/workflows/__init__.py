"""One controller per workflow: each owns its slots, dialogs, undo steps and worker runs."""
