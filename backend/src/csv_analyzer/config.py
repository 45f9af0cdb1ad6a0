"""Application settings, read from the environment (and an optional `.env` file).

Every field is documented in the top-level `.env.example`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from csv_analyzer.duckdb_limits import DuckDBLimits

# The constant that earlier releases signed development sessions with. Anyone could read it, so
# it is refused everywhere; an unset JWT_SECRET now means a random key kept under the data dir.
PUBLISHED_SECRETS = frozenset({"dev-only-insecure-secret-change-me-0123456789"})


class Settings(BaseSettings):
    """All runtime configuration; flat environment variable names."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    environment: Literal["dev", "test", "production"] = "dev"
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"

    data_dir: Path = Path("var")
    database_url: str = ""
    redis_url: str = ""
    frontend_dist: Path = Path("frontend/dist")
    cors_origins: list[str] = Field(default_factory=list)
    # Peers whose X-Forwarded-For/-Proto are believed (comma-separated IPs or networks, e.g. the
    # nginx in front). "" = none: the TCP peer is the client, and a spoofed header changes nothing.
    forwarded_allow_ips: str = ""

    # "" = a random key generated on first start and kept in `<data_dir>/jwt_secret` (mode 0600).
    jwt_secret: SecretStr = SecretStr("")
    jwt_algorithm: Literal["HS256", "HS384", "HS512"] = "HS256"
    access_token_ttl_s: int = Field(default=900, ge=30)
    refresh_token_ttl_s: int = Field(default=14 * 24 * 3600, ge=60)

    login_max_failures: int = Field(default=5, ge=1)
    login_window_s: int = Field(default=300, ge=1)
    login_lockout_s: int = Field(default=300, ge=1)
    max_concurrent_hashes: int = Field(default=4, ge=1)
    password_hash_memory_kib: int = Field(default=65536, ge=1024)
    password_hash_time_cost: int = Field(default=3, ge=1)

    first_admin_email: str = ""
    first_admin_password: SecretStr = SecretStr("")

    storage_backend: Literal["local", "s3"] = "local"
    storage_dir: Path | None = None
    s3_bucket: str = ""
    s3_prefix: str = ""
    s3_endpoint_url: str = ""
    max_upload_bytes: int = Field(default=1024**3, ge=1)
    # JSON and form bodies are parsed in memory: capped per route with a 413 before parsing.
    max_predict_body_bytes: int = Field(default=32 * 1024**2, ge=1024)
    max_request_body_bytes: int = Field(default=4 * 1024**2, ge=1024)

    mlflow_tracking_uri: str = ""
    mlflow_registry_uri: str = ""
    # The MLflow UI as a browser reaches it (e.g. http://localhost:5000); "" = no run links.
    mlflow_ui_url: str = ""

    worker_processes: int = Field(default=1, ge=1)
    # Embedded queue: keep the next job's process started (libraries imported, ~300 MB idle) while
    # no job runs, so a job starts in well under a second instead of after seconds of imports.
    worker_standby: bool = True
    worker_metrics_port: int = Field(default=9100, ge=0, le=65535)
    worker_metrics_host: str = "0.0.0.0"  # noqa: S104 - a worker is scraped from the network
    job_heartbeat_s: int = Field(default=5, ge=1)
    job_stale_after_s: int = Field(default=45, ge=5)

    # Every DuckDB database the app opens (profiles, browsing, cleaning) is capped at this much
    # memory and this many threads; a query over a very wide or long file spills to
    # data_dir/tmp/duckdb or answers 422 instead of growing the process without bound.
    duckdb_memory_limit: str = Field(default="1GB", pattern=r"^\s*\d+(\.\d+)?\s*[KMGT]i?B\s*$")
    duckdb_threads: int = Field(default=2, ge=1, le=64)

    # Staging files (data_dir/tmp) older than this are leftovers of a crashed upload or job: they
    # are removed at start and every sweep interval (never a file of an upload still in flight).
    staging_max_age_s: float = Field(default=6 * 3600, ge=60)
    staging_sweep_interval_s: float = Field(default=900, gt=0)

    prediction_log_retention_days: int = Field(default=90, ge=1)
    drift_warning_psi: float = 0.1
    drift_alert_psi: float = 0.25

    @model_validator(mode="after")
    def _refuse_weak_secrets(self) -> Settings:
        secret = self.jwt_secret.get_secret_value()
        if not secret:
            if self.environment == "production":
                raise ValueError("JWT_SECRET must be set in production")
            return self
        if secret in PUBLISHED_SECRETS:
            raise ValueError("JWT_SECRET is a published example value: generate your own")
        if len(secret) < 32:
            raise ValueError("JWT_SECRET must be at least 32 characters")
        return self

    @property
    def jwt_secret_file(self) -> Path:
        """Where the generated signing key lives when JWT_SECRET is unset."""
        return (self.data_dir / "jwt_secret").resolve()

    @property
    def resolved_database_url(self) -> str:
        """The database URL; the embedded default is a SQLite file in the data directory."""
        if self.database_url:
            url = self.database_url
            if url.startswith("postgresql://"):
                url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
            return url
        return f"sqlite:///{(self.data_dir / 'csv_analyzer.db').resolve()}"

    @property
    def duckdb_limits(self) -> DuckDBLimits:
        """The DuckDB limits to install with ``csv_analyzer.datasets.sql.configure``."""
        return DuckDBLimits(
            memory_limit=self.duckdb_memory_limit.replace(" ", ""),
            threads=self.duckdb_threads,
            temp_directory=str((self.data_dir / "tmp" / "duckdb").resolve()),
        )

    @property
    def resolved_storage_dir(self) -> Path:
        return (self.storage_dir or self.data_dir / "storage").resolve()

    @property
    def resolved_mlflow_tracking_uri(self) -> str:
        if self.mlflow_tracking_uri:
            return self.mlflow_tracking_uri
        return f"sqlite:///{(self.data_dir / 'mlflow.db').resolve()}"

    @property
    def resolved_mlflow_registry_uri(self) -> str:
        return self.mlflow_registry_uri or self.resolved_mlflow_tracking_uri

    @property
    def mlflow_artifact_root(self) -> Path:
        return (self.data_dir / "mlartifacts").resolve()


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (cached; tests build their own)."""
    return Settings()
