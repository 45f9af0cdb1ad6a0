"""Every API router, mounted under /api/v1 by the app factory. Add a feature's router here."""

from __future__ import annotations

from fastapi import APIRouter

from csv_analyzer import health
from csv_analyzer.auth.router import router as auth_router
from csv_analyzer.auth.router import users_router
from csv_analyzer.datasets.router import router as datasets_router
from csv_analyzer.datasets.uploads_router import router as uploads_router
from csv_analyzer.monitoring.router import router as monitoring_router
from csv_analyzer.predictions.router import router as predictions_router
from csv_analyzer.registry.router import router as registry_router
from csv_analyzer.tokens.router import router as tokens_router
from csv_analyzer.training.router import options_router as training_options_router
from csv_analyzer.training.router import router as training_router


def api_routers() -> list[APIRouter]:
    return [
        health.router,
        auth_router,
        users_router,
        tokens_router,
        datasets_router,
        uploads_router,
        training_router,
        training_options_router,
        registry_router,
        predictions_router,
        monitoring_router,
    ]
