"""Model monitoring: data drift against the training reference, usage, scheduled retraining."""
