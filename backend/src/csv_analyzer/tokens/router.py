"""Personal API tokens for machine clients (shown once, stored hashed)."""

from __future__ import annotations

from fastapi import APIRouter, status

from csv_analyzer.deps import CurrentUser, SessionDep
from csv_analyzer.tokens import service
from csv_analyzer.tokens.schemas import ApiTokenCreate, ApiTokenCreated, ApiTokenRead

router = APIRouter(prefix="/tokens", tags=["tokens"])


@router.post("", status_code=status.HTTP_201_CREATED)
def create_token(
    token_in: ApiTokenCreate, user: CurrentUser, session: SessionDep
) -> ApiTokenCreated:
    """Create an API token; the secret is in this answer only."""
    return service.create_token(session, user, token_in)


@router.get("")
def list_tokens(user: CurrentUser, session: SessionDep) -> list[ApiTokenRead]:
    """Your API tokens (without their secrets)."""
    return [ApiTokenRead.model_validate(t) for t in service.list_tokens(session, user)]


@router.delete("/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_token(token_id: str, user: CurrentUser, session: SessionDep) -> None:
    """Revoke an API token: it stops working at once."""
    service.revoke_token(session, user, token_id)
