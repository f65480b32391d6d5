"""Forms and dialogs; they take data and callbacks and never import a workflow."""
