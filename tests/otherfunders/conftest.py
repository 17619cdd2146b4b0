from tests.programmes.conftest import loaded  # noqa: F401
