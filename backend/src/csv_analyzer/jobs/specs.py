"""Reading a job's payload as its typed spec (a pydantic model) in the worker."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError

from csv_analyzer.jobs.context import JobFailed

Spec = TypeVar("Spec", bound=BaseModel)


def read_spec(spec: type[Spec], payload: object, what: str) -> Spec:
    """The payload validated as `spec`; a payload that does not fit fails the job readably.

    Args:
        spec: The job kind's spec model.
        payload: The job's stored payload.
        what: How the job is named in the message, e.g. "training job".
    """
    try:
        return spec.model_validate(payload)
    except ValidationError as e:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'payload'}: {err['msg']}"
            for err in e.errors()
        )
        raise JobFailed(f"the {what}'s settings are invalid ({problems})") from e
