"""Auth routes: register, OAuth2 password login, refresh rotation, logout; and the current user."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, status
from fastapi.security import OAuth2PasswordRequestForm

from csv_analyzer.auth import service
from csv_analyzer.auth.schemas import RefreshRequest, TokenPair, UserCreate, UserRead
from csv_analyzer.deps import CurrentUser, SessionDep, SettingsDep
from csv_analyzer.error_handlers import ErrorResponse

router = APIRouter(prefix="/auth", tags=["auth"])
users_router = APIRouter(prefix="/users", tags=["users"])


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    responses={409: {"model": ErrorResponse, "description": "Email already registered"}},
)
def register(user_in: UserCreate, session: SessionDep) -> UserRead:
    """Create an account with an email address and a password."""
    return UserRead.model_validate(service.register(session, user_in))


@router.post(
    "/login",
    responses={429: {"model": ErrorResponse, "description": "Too many failed attempts"}},
)
def login(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
) -> TokenPair:
    """Sign in with the OAuth2 password form (username = email); returns access and refresh tokens."""
    return service.login(
        session,
        settings,
        email=form.username,
        password=form.password,
        client_ip=client_ip(request),
    )


@router.post("/refresh")
def refresh(body: RefreshRequest, session: SessionDep, settings: SettingsDep) -> TokenPair:
    """Exchange a refresh token for a new pair; the old refresh token stops working."""
    return service.refresh(session, settings, refresh_token=body.refresh_token)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(body: RefreshRequest, user: CurrentUser, session: SessionDep) -> None:
    """End this sign-in: its refresh tokens are revoked."""
    service.logout(session, user, refresh_token=body.refresh_token)


@users_router.get("/me")
def read_me(user: CurrentUser) -> UserRead:
    """The signed-in user."""
    return UserRead.model_validate(user)
