"""Registry test fixtures (shared with tests/predictions)."""

from tests.registry.fixtures import dataset_id, make_dataset, mlflow_dir, settings

__all__ = ["dataset_id", "make_dataset", "mlflow_dir", "settings"]
