"""Widgets of the main window: item delegates, the detail pane, the dashboard."""
