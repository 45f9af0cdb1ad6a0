"""Training: jobs, tracking and the pure AutoML engine (``automl``)."""
