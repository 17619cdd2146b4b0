"""Loaded by pytest with `-p` before Django starts, so tests get test-safe settings however run."""

import os

os.environ.setdefault("DJANGO_TESTING", "1")
os.environ.pop("DJANGO_DEBUG", None)
