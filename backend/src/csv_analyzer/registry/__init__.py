"""The model registry: registered models, their versions, champion/challenger aliases, the gate."""
