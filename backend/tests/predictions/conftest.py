"""Prediction test fixtures: the same as the registry tests' (one MLflow DB per module)."""

from tests.registry.fixtures import dataset_id, make_dataset, mlflow_dir, settings

__all__ = ["dataset_id", "make_dataset", "mlflow_dir", "settings"]
