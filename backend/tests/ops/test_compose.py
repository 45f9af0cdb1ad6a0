"""docker-compose.yml resolves without an engine: schema, references, variables, health."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .support import REPO, load_yaml

COMPOSE = REPO / "docker-compose.yml"
ENV_EXAMPLE = REPO / ".env.example"
# Services that run once and exit: no healthcheck, restart "no", awaited by completion.
ONE_SHOT = {"migrate"}
VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml(COMPOSE)
    return data


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    result: dict[str, dict[str, Any]] = compose["services"]
    return result


def strings(node: Any) -> list[str]:
    """Every string in the parsed file (keys and values): what compose interpolates, no comments."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in (*strings(k), *strings(v))]
    if isinstance(node, list):
        return [s for item in node for s in strings(item)]
    return []


def variables(compose: dict[str, Any]) -> list[re.Match[str]]:
    # "$$" escapes a literal "$" for the container's shell.
    return [m for text in strings(compose) for m in VAR.finditer(text.replace("$$", ""))]


def env_example_names() -> set[str]:
    names = set()
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = re.match(r"^([A-Z_][A-Z0-9_]*)=", line)
        if match:
            names.add(match.group(1))
    return names


def test_compose_file_matches_the_compose_spec_schema() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.compose-spec",
            str(COMPOSE),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_expected_services_exist(services: dict[str, Any]) -> None:
    expected = {
        "nginx",
        "api",
        "worker",
        "scheduler",
        "postgres",
        "redis",
        "mlflow",
        "prometheus",
        "alertmanager",
        "grafana",
        "migrate",
    }
    assert expected <= set(services)


def test_every_depends_on_target_is_a_service(services: dict[str, Any]) -> None:
    for name, service in services.items():
        for target in service.get("depends_on", {}):
            assert target in services, f"{name} depends on unknown service {target}"


def test_depends_on_uses_conditions(services: dict[str, Any]) -> None:
    for name, service in services.items():
        deps = service.get("depends_on", {})
        assert isinstance(deps, dict), f"{name}: depends_on must be the long form with conditions"
        for target, spec in deps.items():
            expected = "service_completed_successfully" if target in ONE_SHOT else "service_healthy"
            assert spec.get("condition") == expected, f"{name} -> {target}"


def test_every_named_volume_is_declared(compose: dict[str, Any], services: dict[str, Any]) -> None:
    declared = set(compose.get("volumes") or {})
    used = set()
    for service in services.values():
        for volume in service.get("volumes", []):
            source = volume["source"] if isinstance(volume, dict) else volume.split(":", 1)[0]
            if not source.startswith(("/", ".", "$", "~")):
                used.add(source)
    assert used - declared == set(), "volumes used but not declared"
    assert declared - used == set(), "volumes declared but unused"


def test_every_config_is_declared(compose: dict[str, Any], services: dict[str, Any]) -> None:
    declared = set(compose.get("configs") or {})
    for name, service in services.items():
        for config in service.get("configs", []):
            source = config["source"] if isinstance(config, dict) else config
            assert source in declared, f"{name} uses undeclared config {source}"


def test_every_variable_is_documented_in_env_example(compose: dict[str, Any]) -> None:
    documented = env_example_names()
    used = {m.group(1) for m in variables(compose)}
    assert used, "no ${VAR} found: the regex is broken"
    assert used - documented == set(), "document these in .env.example"


def test_secrets_have_no_default(compose: dict[str, Any]) -> None:
    for secret in ("JWT_SECRET", "POSTGRES_PASSWORD", "GRAFANA_ADMIN_PASSWORD"):
        uses = [m for m in variables(compose) if m.group(1) == secret]
        assert uses, secret
        assert all(m.group(2) == ":?" for m in uses), f"{secret} must be ${{{secret}:?...}}"
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.startswith(("JWT_SECRET=", "POSTGRES_PASSWORD=", "GRAFANA_ADMIN_PASSWORD=")):
            assert line.endswith("="), f"no example value for a secret: {line}"


def test_every_long_running_service_has_healthcheck_and_restart(services: dict[str, Any]) -> None:
    for name, service in services.items():
        if name in ONE_SHOT:
            assert service.get("restart") == "no", name
            continue
        check = service.get("healthcheck")
        assert check, f"{name} has no healthcheck"
        assert not check.get("disable"), f"{name} disables its healthcheck"
        assert check.get("test"), f"{name} has an empty healthcheck"
        assert service.get("restart") in {"unless-stopped", "always", "on-failure"}, name


def test_services_built_here_run_as_non_root(services: dict[str, Any]) -> None:
    dockerfiles = {
        "./backend": REPO / "backend" / "Dockerfile",
        "./frontend": REPO / "frontend" / "Dockerfile",
    }
    built = [(n, s) for n, s in services.items() if "build" in s]
    assert built
    for name, service in built:
        assert service.get("user") is None, f"{name}: the image's USER must not be overridden"
        build = service["build"]
        stage_user = final_stage_user(dockerfiles[build["context"]], build.get("target"))
        assert stage_user, f"{name}: the image never sets USER"
        assert stage_user.split(":")[0] not in {"root", "0"}, f"{name} runs as {stage_user}"


def final_stage_user(dockerfile: Path, target: str | None) -> str | None:
    """The USER in effect at the end of `target` (or of the last stage)."""
    stages: dict[str, str | None] = {}
    current, user, last = None, None, None
    for raw in dockerfile.read_text().splitlines():
        line = raw.strip()
        if line.upper().startswith("FROM "):
            if current is not None:
                stages[current] = user
            words = line.split()
            current = (
                words[3] if len(words) >= 4 and words[2].upper() == "AS" else f"#{len(stages)}"
            )
            base = words[1]
            user = stages.get(base)
            last = current
        elif line.upper().startswith("USER "):
            user = line.split()[1]
    stages[str(current)] = user
    return stages[target or str(last)]


def test_app_services_share_the_settings(services: dict[str, Any]) -> None:
    required = {
        "DATABASE_URL",
        "REDIS_URL",
        "JWT_SECRET",
        "DATA_DIR",
        "STORAGE_BACKEND",
        "S3_BUCKET",
        "S3_ENDPOINT_URL",
        "MLFLOW_TRACKING_URI",
        "MLFLOW_REGISTRY_URI",
        "MAX_UPLOAD_BYTES",
        "PROMETHEUS_MULTIPROC_DIR",
        "LOG_LEVEL",
        "CORS_ORIGINS",
        "MLFLOW_DISABLE_TELEMETRY",
    }
    for name in ("api", "worker", "scheduler", "migrate"):
        env = services[name]["environment"]
        assert required <= set(env), f"{name} misses {required - set(env)}"
        assert env["DATABASE_URL"].startswith("postgresql+psycopg://")
        assert env["MLFLOW_DISABLE_TELEMETRY"] == "true"
    assert "1073741824" in services["api"]["environment"]["MAX_UPLOAD_BYTES"]


def test_mlflow_uses_its_own_database_and_allowed_hosts(
    compose: dict[str, Any], services: dict[str, Any]
) -> None:
    command = " ".join(services["mlflow"]["command"])
    assert re.search(
        r"--backend-store-uri=postgresql\+psycopg://.+@postgres:5432/mlflow\b", command
    )
    assert "--allowed-hosts=" in command
    assert "--artifacts-destination=/mlartifacts" in command
    assert "CREATE DATABASE mlflow" in compose["configs"]["postgres-init-mlflow"]["content"]


def test_only_the_edge_and_loopback_ports_are_published(services: dict[str, Any]) -> None:
    for name, service in services.items():
        for port in service.get("ports", []):
            if name == "nginx":
                continue
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} beyond loopback"
