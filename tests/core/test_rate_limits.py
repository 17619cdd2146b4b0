"""The limiter (innovation_fund/core/rate_limits.py) on the database cache and on Redis."""

import shutil
import socket
import subprocess
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from innovation_fund.core import rate_limits

WINDOW_START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def uses_until_refused(who: str, tries: int) -> list[int | None]:
    return [rate_limits.seconds_to_wait("test", who) for _ in range(tries)]


def check_the_limiter(settings) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "test": (3, 600)}
    with time_machine.travel(WINDOW_START, tick=False) as traveller:
        assert uses_until_refused("a", 5) == [None, None, None, 600, 600]
        # Counted for each one separately.
        assert rate_limits.seconds_to_wait("test", "b") is None
        traveller.shift(timedelta(seconds=599))
        assert rate_limits.seconds_to_wait("test", "a") == 1
        traveller.shift(timedelta(seconds=1))
        assert uses_until_refused("a", 4) == [None, None, None, 600]


@pytest.mark.django_db
def test_on_the_database_cache(settings):
    assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
    check_the_limiter(settings)


def test_on_redis(settings, tmp_path):
    server_path = shutil.which("redis-server")
    if server_path is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(  # noqa: S603 - a local Redis of the test's own
        [server_path, "--port", str(port), "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": f"redis://127.0.0.1:{port}/0",
            }
        }
        check_the_limiter(settings)
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(1, "1 minute"), (60, "1 minute"), (61, "2 minutes"), (900, "15 minutes"), (7200, "2 hours")],
)
def test_the_wait_in_words(seconds, words):
    assert rate_limits.describe_wait(seconds) == words
