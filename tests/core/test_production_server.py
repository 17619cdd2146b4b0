"""The service as the README runs it in production: DEBUG off, static files collected and
compressed, gunicorn with several workers. Started once, on a database of its own, and asked for
a page, a static file and the health check."""

import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("production")
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DJANGO_TESTING", "DJANGO_DEBUG", "DATABASE_URL", "TASK_BACKEND")
    }
    environment |= {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "SQLITE_PATH": str(folder / "db.sqlite3"),
        "STATIC_ROOT": str(folder / "static"),
    }

    def manage(*arguments):
        subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env=environment,
            check=True,
            capture_output=True,
        )

    manage("migrate", "--noinput")
    manage("createcachetable")
    manage("collectstatic", "--noinput")
    port = free_port()
    log = (folder / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--workers=2",
            f"--bind=127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{url}/health/", timeout=5)
                break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


# As the proxy in front that ends TLS tells the service.
HTTPS = {"X-Forwarded-Proto": "https"}


def test_a_page_a_static_file_and_the_health_check_with_debug_off(production_server):
    page = requests.get(f"{production_server}/", headers=HTTPS, timeout=10)
    assert page.status_code == 200
    assert "Social Care Innovation Programme" in page.text
    # Static files under their hashed names (the manifest), served compressed, cached for good.
    stylesheet = re.search(r'href="(/static/css/application\.[0-9a-f]{12}\.css)"', page.text)
    assert stylesheet, "the stylesheet is not linked by its hashed name"
    css = requests.get(
        f"{production_server}{stylesheet.group(1)}",
        headers={"Accept-Encoding": "gzip", **HTTPS},
        timeout=10,
    )
    assert css.status_code == 200
    assert css.headers["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in css.headers["Cache-Control"]
    health = requests.get(f"{production_server}/health/", timeout=10)
    assert health.status_code == 200
    assert health.json()["database"] == "ok"
    # DEBUG is off: an unknown address gets the service's own 404 page, not Django's debug page.
    missing = requests.get(f"{production_server}/no-such-page/", headers=HTTPS, timeout=10)
    assert missing.status_code == 404
    assert "Page not found" in missing.text and "URLconf" not in missing.text


def test_https_headers_behind_the_proxy_with_debug_off(production_server):
    page = requests.get(f"{production_server}/", headers=HTTPS, timeout=10)
    assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy and "unsafe-inline" not in policy
    form = requests.get(f"{production_server}/sign-in/", headers=HTTPS, timeout=10)
    assert "csrftoken" in form.headers["Set-Cookie"] and "Secure" in form.headers["Set-Cookie"]
    # Plain HTTP is sent to HTTPS, except the health check (load balancers ask over HTTP).
    plain = requests.get(f"{production_server}/", allow_redirects=False, timeout=10)
    assert plain.status_code == 301
    assert plain.headers["Location"] == production_server.replace("http://", "https://") + "/"
