"""The local object store: atomic puts, reads, prefix deletes, and keys that cannot escape."""

from __future__ import annotations

from pathlib import Path

import pytest

from csv_analyzer.storage import LocalStore, StorageKeyError


def test_put_read_and_delete_prefix(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "store")
    src = tmp_path / "upload.csv"
    src.write_bytes(b"a,b\n1,2\n")
    store.put_file("datasets/d1/raw.csv", src)
    assert not src.exists()
    assert store.exists("datasets/d1/raw.csv")
    assert store.size("datasets/d1/raw.csv") == 8
    with store.open_read("datasets/d1/raw.csv") as f:
        assert f.read() == b"a,b\n1,2\n"
    with store.local_path("datasets/d1/raw.csv") as p:
        assert p.read_bytes().startswith(b"a,b")
    store.delete_prefix("datasets/d1")
    assert not store.exists("datasets/d1/raw.csv")


@pytest.mark.parametrize("key", ["../escape", "/etc/passwd", "", "a/../../b"])
def test_keys_cannot_escape_the_store(tmp_path: Path, key: str) -> None:
    store = LocalStore(tmp_path)
    with pytest.raises(StorageKeyError, match="invalid storage key"):
        store.path(key)


def test_missing_object_is_file_not_found(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    with pytest.raises(FileNotFoundError), store.local_path("nope.parquet"):
        pass
