"""Cleaning suggestions through the HTTP API: each is applicable as is."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from csv_analyzer.auth.models import User
from csv_analyzer.db import utcnow
from csv_analyzer.jobs.models import Job
from csv_analyzer.training.models import TrainingRun
from tests.conftest import SignedIn
from tests.datasets.api_support import API, upload_ok

MESSY = (
    b"id,age,city,empty\n"
    + b"".join(
        b"%d,%s,%s,\n"
        % (i, b"" if i % 3 == 0 else str(20 + i % 40).encode(), b"  Paris" if i % 2 else b"Rome")
        for i in range(60)
    )
    + b"1,21,  Paris,\n" * 3
)


class TestSuggestions:
    def test_suggestions_have_reasons_and_apply_cleanly(
        self, client: TestClient, alice: SignedIn
    ) -> None:
        created = upload_ok(client, alice, MESSY)
        r = client.get(f"{API}/{created['id']}/suggestions", headers=alice.headers)
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["version"] == 1
        items = body["items"]
        assert items
        kinds = {s["kind"] for s in items}
        assert "duplicate_rows" in kinds
        for s in items:
            assert s["reason"]
            assert s["severity"] in ("high", "medium", "low")
        # Every suggested operation is accepted by the versions endpoint.
        for s in items:
            r = client.post(
                f"{API}/{created['id']}/versions",
                headers=alice.headers,
                json={"base_version": 1, "operations": [s["operation"]]},
            )
            assert r.status_code == 201, (s, r.text)

    def test_clean_dataset_may_have_no_suggestions(
        self, client: TestClient, alice: SignedIn
    ) -> None:
        created = upload_ok(client, alice, b"a,b\n1,x\n2,y\n3,z\n4,x\n")
        r = client.get(f"{API}/{created['id']}/suggestions", headers=alice.headers)
        assert r.status_code == 200
        assert isinstance(r.json()["items"], list)


# "price" has missing values and extreme values: on its own it draws an impute and a clip.
PRICED = b"price,rooms\n" + b"".join(
    b"%s,%d\n" % (b"" if i % 6 == 0 else b"%d" % (10**7 if i < 3 else 1000 + i), i % 40)
    for i in range(120)
)


def _training_run(session: Session, user: SignedIn, dataset_id: str, *, status: str) -> None:
    """The rows a finished training job leaves behind, for `user`'s model on `price`."""
    owner = session.scalars(select(User.id).where(User.email == user.email)).one()
    job = Job(owner_id=owner, kind="training.run", status=status, payload={}, finished_at=utcnow())
    session.add(job)
    session.flush()
    session.add(
        TrainingRun(
            id=job.id,
            owner_id=owner,
            dataset_id=dataset_id,
            dataset_version=1,
            target="price",
            task="auto",
            model_name="prices",
            mlflow_model_name=f"{owner}.prices",
        )
    )
    session.commit()


class TestSuggestionsSpareTrainedTargets:
    def test_target_of_a_trained_model_is_never_suggested(
        self, client: TestClient, alice: SignedIn, db_session: Session
    ) -> None:
        created = upload_ok(client, alice, PRICED)
        url = f"{API}/{created['id']}/suggestions"
        before = client.get(url, headers=alice.headers).json()
        assert "price" in {s["column"] for s in before["items"]}
        assert before["protected_columns"] == []

        _training_run(db_session, alice, created["id"], status="failed")
        after_failure = client.get(url, headers=alice.headers).json()
        assert "price" in {s["column"] for s in after_failure["items"]}

        _training_run(db_session, alice, created["id"], status="succeeded")
        after = client.get(url, headers=alice.headers).json()
        assert "price" not in {s["column"] for s in after["items"]}
        assert after["protected_columns"] == ["price"]
        for s in after["items"]:
            assert s["evidence"]
            assert s["reason"].startswith(s["evidence"])
