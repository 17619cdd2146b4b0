"""The real programme, loaded once per test module (the same fixture the programmes tests use)."""

from tests.programmes.conftest import loaded  # noqa: F401
