"""Request and response bodies of the auth and user routes."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, model_validator

PASSWORD_RULES = "at least 8 characters, not only digits, and not your email address"  # noqa: S105


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    email: EmailStr
    password: str = Field(min_length=1, max_length=256)
    full_name: str | None = Field(default=None, max_length=200)

    @model_validator(mode="after")
    def _password_policy(self) -> UserCreate:
        problems = password_problems(self.password, str(self.email))
        if problems:
            raise ValueError(f"Password must be {PASSWORD_RULES}: {'; '.join(problems)}")
        return self


def password_problems(password: str, email: str) -> list[str]:
    problems = []
    if len(password) < 8:
        problems.append("it is shorter than 8 characters")
    if password.isdigit():
        problems.append("it contains only digits")
    if password.lower() in {email.lower(), email.split("@")[0].lower()}:
        problems.append("it matches your email address")
    return problems


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    email: str
    full_name: str | None
    role: Literal["user", "admin"]
    created_at: datetime


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str | None = Field(
        description=(
            "The new refresh token; null when the refresh token came from (and went back to) "
            "the httpOnly session cookie, which scripts cannot read."
        )
    )
    token_type: Literal["bearer"] = "bearer"  # noqa: S105
    expires_in: int = Field(description="Seconds until the access token expires.")


class RefreshRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refresh_token: str = Field(min_length=1, max_length=512)
