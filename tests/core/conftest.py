from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.files.storage import FileSystemStorage
from django.db import models


@pytest.fixture
def private_root(tmp_path, settings, monkeypatch) -> Path:
    """The private storage in a temporary folder: the setting, and every file field that
    resolved its storage from it when the models loaded."""
    original = Path(django_settings.STORAGES["private"]["OPTIONS"]["location"])
    root = tmp_path / "private"
    root.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root},
        },
    }
    storage = FileSystemStorage(location=root)
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField) and Path(field.storage.location) == original:
                monkeypatch.setattr(field, "storage", storage)
    return root
