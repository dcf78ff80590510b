"""The timeline's facts coming in: typed times, pasted lines and one module per file format."""
