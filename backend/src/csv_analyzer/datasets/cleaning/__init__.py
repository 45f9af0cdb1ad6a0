"""Cleaning: the operations, how they are applied, and the suggestions."""
