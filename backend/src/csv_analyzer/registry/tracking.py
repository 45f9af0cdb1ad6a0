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


def artifact_location(client: MlflowClient, source_uri: str) -> str:
    """Where a version's files are, resolved with this explicit client.

    `models:/m-<id>` (an MLflow 3 logged model) and `models:/<name>/<version>` are looked up
    here rather than inside `download_artifacts`, which would resolve them with the fluent API's
    global tracking URI instead of ours.
    """
    if not source_uri.startswith("models:/"):
        return source_uri
    rest = source_uri.removeprefix("models:/").strip("/")
    if "/" not in rest:
        location: str = client.get_logged_model(rest).artifact_location
        return location
    name, _, version = rest.rpartition("/")
    uri: str = client.get_model_version_download_uri(name, version)
    return uri
