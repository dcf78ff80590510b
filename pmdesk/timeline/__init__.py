"""Timeline imports beyond timeline_io: one module per format, the defaults and the merging."""
