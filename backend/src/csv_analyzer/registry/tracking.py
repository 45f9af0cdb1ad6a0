"""The registry's only MLflow importer: an explicit client (never the fluent API) for aliases."""

from __future__ import annotations

import os

from mlflow import MlflowClient

from csv_analyzer.config import Settings


def make_client(settings: Settings) -> MlflowClient:
    """A client bound to the configured tracking and registry URIs."""
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    return MlflowClient(
        tracking_uri=settings.resolved_mlflow_tracking_uri,
        registry_uri=settings.resolved_mlflow_registry_uri,
    )


def move_alias(client: MlflowClient, name: str, alias: str, version: int | None) -> None:
    """Point `alias` at `version` in MLflow's registry (None removes it)."""
    if version is None:
        try:
            client.delete_registered_model_alias(name, alias)
        except Exception as e:  # already absent is fine; anything else is reported
            if "RESOURCE_DOES_NOT_EXIST" not in str(getattr(e, "error_code", "")):
                raise
        return
    client.set_registered_model_alias(name, alias, str(version))


def delete_registered_model(client: MlflowClient, name: str) -> None:
    """Remove the registered model (all versions) from MLflow's registry."""
    client.delete_registered_model(name)
