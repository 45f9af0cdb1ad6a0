"""Browsing a version: rows, filters, sorting, profiles, downloads and exports."""
