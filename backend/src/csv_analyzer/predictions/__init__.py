"""Serving: validated predictions, the prediction log and batch scoring."""
