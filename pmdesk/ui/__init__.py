"""Qt glue shared by every screen: session, models, undo commands, theme, settings."""
