"""The terminal app. Importing this package loads Textual; the CLI imports it only for `foitui`."""
