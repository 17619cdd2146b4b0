"""Small helpers shared by tests."""

from html.parser import HTMLParser

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from innovation_fund.accounts.middleware import SIGNED_IN_AT


def sign_in(client, user):
    """Sign a test client in as `user`, as the email link would (with the sign-in time noted)."""
    client.force_login(user)
    session = client.session
    session[SIGNED_IN_AT] = timezone.now().timestamp()
    session.save()
    return client


def act_for(client, organisation):
    """Choose which organisation a signed-in test client acts for."""
    from innovation_fund.organisations.middleware import SESSION_KEY

    session = client.session
    session[SESSION_KEY] = organisation.pk
    session.save()
    return client


def signed_in(page, live_server, user):
    """Give a browser page a session for `user`, as following the email link would."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SIGNED_IN_AT] = timezone.now().timestamp()
    session.save()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            }
        ]
    )
    return page


def tables_outside_scroll_regions(html: str) -> list[str]:
    """The captions of tables not inside a keyboard-focusable, labelled scrolling region.

    A wide table must scroll in its own box so the page never scrolls sideways at 320 px
    (WCAG 1.4.10), and that box must be reachable by keyboard and named.
    """

    class Tables(HTMLParser):
        def __init__(self):
            super().__init__()
            self.open: list[bool] = []  # for each open div: is it a scroll region?
            self.in_region = 0
            self.bare: list[str] = []
            self.caption: str | None = None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "div":
                region = (
                    "app-table-scroll" in (attrs.get("class") or "").split()
                    and attrs.get("role") == "region"
                    and attrs.get("tabindex") == "0"
                    and bool(attrs.get("aria-label") or attrs.get("aria-labelledby"))
                )
                self.open.append(region)
                self.in_region += region
            elif tag == "table" and not self.in_region:
                self.caption = ""
            elif tag == "table":
                self.caption = None

        def handle_endtag(self, tag):
            if tag == "div" and self.open:
                self.in_region -= self.open.pop()
            elif tag == "table" and self.caption is not None:
                self.bare.append(" ".join(self.caption.split()) or "a table")
                self.caption = None

        def handle_data(self, data):
            if self.caption is not None:
                self.caption += data

    parser = Tables()
    parser.feed(html)
    return parser.bare


def way_back_links(html: str) -> list[str]:
    """The addresses a page's breadcrumbs or back link lead to (empty if it has neither)."""
    import re

    hrefs = []
    for nav in re.findall(r'<nav class="govuk-breadcrumbs".*?</nav>', html, re.S):
        hrefs += re.findall(r'href="([^"]+)"', nav)
    hrefs += re.findall(r'<a href="([^"]+)" class="govuk-back-link"', html)
    hrefs += re.findall(r'<a class="govuk-back-link" href="([^"]+)"', html)
    return hrefs
