"""pmdesk: a desktop app for facilitating blameless postmortems."""

__version__ = "0.1.0"
