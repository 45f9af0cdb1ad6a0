"""Auth routes: register, OAuth2 password login, refresh rotation, logout; and the current user."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Request, Response, status
from fastapi.security import OAuth2PasswordRequestForm

from csv_analyzer.auth import service
from csv_analyzer.auth.schemas import RefreshRequest, TokenPair, UserCreate, UserRead
from csv_analyzer.auth.service import InvalidRefreshToken
from csv_analyzer.config import Settings
from csv_analyzer.deps import CurrentUser, SessionDep, SettingsDep
from csv_analyzer.error_handlers import ErrorResponse

router = APIRouter(prefix="/auth", tags=["auth"])
users_router = APIRouter(prefix="/users", tags=["users"])


REFRESH_COOKIE = "csv_analyzer_refresh"
REFRESH_COOKIE_PATH = "/api/v1/auth"  # sent only to refresh and logout, never to other routes


def set_refresh_cookie(
    response: Response, request: Request, settings: Settings, pair: TokenPair
) -> None:
    if pair.refresh_token is None:
        return
    response.set_cookie(
        REFRESH_COOKIE,
        pair.refresh_token,
        max_age=settings.refresh_token_ttl_s,
        path=REFRESH_COOKIE_PATH,
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    responses={
        409: {"model": ErrorResponse, "description": "Email already registered"},
        429: {"model": ErrorResponse, "description": "Too many taken addresses from this client"},
    },
)
def register(
    user_in: UserCreate, request: Request, session: SessionDep, settings: SettingsDep
) -> UserRead:
    """Create an account with an email address and a password."""
    user = service.register(session, user_in, throttled=(settings, client_ip(request)))
    return UserRead.model_validate(user)


@router.post(
    "/login",
    responses={429: {"model": ErrorResponse, "description": "Too many failed attempts"}},
)
def login(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
) -> TokenPair:
    """Sign in with the OAuth2 password form (username = email); returns access and refresh tokens.

    The refresh token is also set as an httpOnly, SameSite=Strict cookie scoped to `/api/v1/auth`
    (Secure under https): the web app refreshes with it and never stores a token itself."""
    pair = service.login(
        session,
        settings,
        email=form.username,
        password=form.password,
        client_ip=client_ip(request),
    )
    set_refresh_cookie(response, request, settings, pair)
    return pair


@router.post("/refresh")
def refresh(
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    body: Annotated[RefreshRequest | None, Body()] = None,
) -> TokenPair:
    """Exchange a refresh token (in the body, or the session cookie) for a new pair; the old one
    stops working. From the cookie, the new refresh token goes back to the cookie only."""
    token = body.refresh_token if body is not None else request.cookies.get(REFRESH_COOKIE)
    if not token:
        raise InvalidRefreshToken("No refresh token: sign in again")
    pair = service.refresh(session, settings, refresh_token=token, from_cookie=body is None)
    set_refresh_cookie(response, request, settings, pair)
    return pair if body is not None else pair.model_copy(update={"refresh_token": None})


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(
    request: Request,
    response: Response,
    user: CurrentUser,
    session: SessionDep,
    body: Annotated[RefreshRequest | None, Body()] = None,
) -> None:
    """End this sign-in (the refresh token in the body, or the session cookie): its refresh
    tokens are revoked and the cookie is cleared."""
    token = body.refresh_token if body is not None else request.cookies.get(REFRESH_COOKIE)
    if token:
        service.logout(session, user, refresh_token=token)
    response.delete_cookie(
        REFRESH_COOKIE, path=REFRESH_COOKIE_PATH, httponly=True, samesite="strict"
    )


@users_router.get("/me")
def read_me(user: CurrentUser) -> UserRead:
    """The signed-in user."""
    return UserRead.model_validate(user)
