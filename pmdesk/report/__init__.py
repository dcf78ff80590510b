"""Reports: PDF, Markdown and JSON exports built from domain objects only."""
