"""Timeline imports that read more than one file: whole Slack workspace exports."""
