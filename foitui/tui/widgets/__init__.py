"""Widgets, one per module, each with its messages nested inside it."""
