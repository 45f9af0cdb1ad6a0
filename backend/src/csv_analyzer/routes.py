"""Every API router, mounted under /api/v1 by the app factory. Add a feature's router here."""

from __future__ import annotations

from fastapi import APIRouter

from csv_analyzer import health
from csv_analyzer.auth.router import router as auth_router
from csv_analyzer.auth.router import users_router
from csv_analyzer.tokens.router import router as tokens_router
from csv_analyzer.training.router import router as training_router


def api_routers() -> list[APIRouter]:
    return [health.router, auth_router, users_router, tokens_router, training_router]
