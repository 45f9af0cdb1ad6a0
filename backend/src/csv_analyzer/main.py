"""The app factory: middleware, error handlers, /api/v1 routers, metrics, docs and the SPA."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from csv_analyzer.body_limits import BodyLimitMiddleware, BodyLimits
from csv_analyzer.config import Settings, get_settings
from csv_analyzer.datasets import sql as duckdb_sql
from csv_analyzer.datasets.ingest.staging import StagingSweeper
from csv_analyzer.db import make_engine, make_sessionmaker
from csv_analyzer.error_handlers import ERROR_RESPONSES, install_error_handlers
from csv_analyzer.jobs.queue import make_queue
from csv_analyzer.monitoring.scheduler import start_scheduler
from csv_analyzer.observability import RequestIdMiddleware, instrument
from csv_analyzer.predictions.log_writer import PredictionLogWriter
from csv_analyzer.routes import api_routers
from csv_analyzer.security import configure_hashing
from csv_analyzer.security_headers import SecurityHeadersMiddleware
from csv_analyzer.signing_key import ensure_jwt_secret
from csv_analyzer.spa import install_docs, install_spa
from csv_analyzer.storage import make_store
from csv_analyzer.training import metrics as training_metrics

API_PREFIX = "/api/v1"


def operation_id(route: APIRoute) -> str:
    """Stable operation ids `{tag}-{name}` give the generated TypeScript client readable names."""
    tag = route.tags[0] if route.tags else "default"
    return f"{tag}-{route.name}"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    ensure_jwt_secret(settings)
    engine = make_engine(settings.resolved_database_url)
    sessions = make_sessionmaker(engine)
    job_queue = make_queue(settings, sessions)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        job_queue.start()  # reaps jobs a previous run left "running", then dispatches/reaps
        sweeper = StagingSweeper(settings, sessions)  # crash leftovers in data_dir/tmp
        sweeper.start()
        # Retraining schedules and the hourly drift check (embedded mode; Celery beat otherwise).
        scheduler = start_scheduler(settings, sessions, _app.state.store, job_queue)
        yield
        _app.state.prediction_log_writer.flush()  # what this process queued reaches the log
        scheduler.stop()
        sweeper.stop()
        job_queue.stop()
        engine.dispose()

    app = FastAPI(
        title="CSV Analyzer API",
        version="1.0.0",
        description="Upload CSVs, clean them as versions, train AutoML models, serve predictions.",
        docs_url=None,
        redoc_url=None,
        generate_unique_id_function=operation_id,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = sessions
    app.state.job_queue = job_queue
    # Per-process serving state, shared by every request (see predictions and tokens deps).
    app.state.prediction_log_writer = PredictionLogWriter(
        sessions, settings.prediction_log_retention_days
    )
    training_metrics.install(sessions)
    app.state.store = make_store(settings)
    duckdb_sql.configure(settings.duckdb_limits)
    configure_hashing(
        concurrency=settings.max_concurrent_hashes,
        memory_kib=settings.password_hash_memory_kib,
        time_cost=settings.password_hash_time_cost,
    )

    install_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
        )
    app.add_middleware(
        BodyLimitMiddleware,
        limits=BodyLimits(
            predict_bytes=settings.max_predict_body_bytes,
            default_bytes=settings.max_request_body_bytes,
        ),
    )
    app.add_middleware(SecurityHeadersMiddleware)
    if settings.forwarded_allow_ips:
        # Here, not as uvicorn's flag (which trusts loopback by default): one rule in every mode.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.forwarded_allow_ips)
    app.add_middleware(RequestIdMiddleware)  # added last = outermost: every answer has the id
    for router in api_routers():
        app.include_router(router, prefix=API_PREFIX, responses=ERROR_RESPONSES)
    instrument(app)
    install_docs(app, settings.frontend_dist)
    install_spa(app, settings.frontend_dist)
    return app
