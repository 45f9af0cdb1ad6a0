"""Versions: cleaning, type changes and restores each make a new immutable version."""
