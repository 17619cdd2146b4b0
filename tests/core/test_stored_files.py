"""Files stored in a transaction that rolls back are deleted; committed ones are kept."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import transaction

from innovation_fund.core.stored_files import atomic_with_files, save_file
from innovation_fund.opendata.models import PublishedFile

pytestmark = pytest.mark.django_db


@pytest.fixture
def storage(tmp_path, monkeypatch):
    storage = FileSystemStorage(location=tmp_path)
    monkeypatch.setattr(PublishedFile._meta.get_field("file"), "storage", storage)
    return storage


def stored(text: str = "data") -> str:
    """Store a file the way a service does and return its name."""
    field_file = PublishedFile().file
    save_file(field_file, "grants.json", ContentFile(text.encode()))
    return field_file.name


def test_a_committed_file_is_kept(storage):
    with atomic_with_files():
        name = stored()
    assert storage.exists(name)


def test_a_file_stored_before_an_error_is_deleted_and_the_error_kept(storage):
    names = []
    with pytest.raises(ValueError, match="audit failed"), atomic_with_files():
        names.append(stored())
        assert storage.exists(names[0])
        raise ValueError("audit failed")
    assert not storage.exists(names[0])


def test_a_block_marked_for_rollback_deletes_its_files(storage):
    with atomic_with_files():
        name = stored()
        transaction.set_rollback(True)
    assert not storage.exists(name)


def test_an_inner_block_that_committed_is_undone_with_the_outer_one(storage):
    names = []
    with pytest.raises(RuntimeError), atomic_with_files():
        with atomic_with_files():
            names.append(stored("inner"))
        assert storage.exists(names[0])
        raise RuntimeError("later step failed")
    assert not storage.exists(names[0])


def test_an_inner_rollback_deletes_only_the_inner_blocks_files(storage):
    with atomic_with_files():
        outer = stored("outer")
        try:
            with atomic_with_files():
                inner = stored("inner")
                raise ValueError("inner step failed")
        except ValueError:
            pass
    assert storage.exists(outer)
    assert not storage.exists(inner)


def test_a_file_cannot_be_stored_outside_such_a_block(storage, tmp_path):
    with pytest.raises(RuntimeError, match="atomic_with_files"):
        stored()
    assert not any(tmp_path.rglob("*.json"))
