"""Rate limits on what a person or a client may ask for, counted in Django's cache (the database
cache by default, Redis when REDIS_URL is set; decision 0026).

Each limit is a number of uses in a fixed window of time (settings.RATE_LIMITS). A use claims
one numbered slot of the window with cache.add, which is atomic on every cache backend: two
requests at once can never take the same slot, so no more than the limit ever gets through,
even on the database cache whose incr is a read then a write.
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from .errors import DomainError

# Slots outlive their window by a little, so a clock a second out never reopens one.
_KEPT_AFTER_WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Limit:
    uses: int
    seconds: int


class RateLimited(DomainError):
    """Over a limit: the message says when to try again; views answer 429."""

    def __init__(self, message: str, *, field: str | None, retry_after_seconds: int):
        super().__init__(message, field=field)
        self.retry_after_seconds = retry_after_seconds


def limit_named(name: str) -> Limit:
    uses, seconds = settings.RATE_LIMITS[name]
    return Limit(uses=int(uses), seconds=int(seconds))


def spend(name: str, who: str, *, message: str, field: str | None = None) -> None:
    """Count one use of the limit `name` by `who` (a client's address, a person's id), or raise
    RateLimited if they have used it up. `message` is a sentence before "Try again in ..."."""
    wait = seconds_to_wait(name, who)
    if wait is not None:
        raise RateLimited(
            f"{message} Try again in {describe_wait(wait)}.",
            field=field,
            retry_after_seconds=wait,
        )


def spend_invitation(person) -> None:
    """Count one invitation emailed by this signed-in person."""
    spend(
        "invitations_per_person",
        f"person:{person.pk}",
        message="You have sent too many invitations.",
        field="email",
    )


def status_for(error: DomainError | None) -> int:
    """The status of a form page shown again with this error: 429 when over a rate limit."""
    return 429 if isinstance(error, RateLimited) else 200


def seconds_to_wait(name: str, who: str) -> int | None:
    """Claim a slot in the current window: None if one was free, else the seconds until the
    window ends."""
    limit = limit_named(name)
    now = time.time()
    window = int(now // limit.seconds)
    key = f"rate-limit:{name}:{hashlib.sha256(who.encode()).hexdigest()[:32]}:{window}"
    timeout = limit.seconds + _KEPT_AFTER_WINDOW_SECONDS
    # The count is only a hint of where free slots start; the slots themselves decide.
    first_maybe_free = int(cache.get(key, 0)) + 1
    for slot in range(first_maybe_free, limit.uses + 1):
        if cache.add(f"{key}:{slot}", True, timeout=timeout):
            cache.set(key, slot, timeout=timeout)
            return None
    return max(1, math.ceil((window + 1) * limit.seconds - now))


def describe_wait(seconds: int) -> str:
    minutes = math.ceil(seconds / 60)
    if minutes <= 90:
        return "1 minute" if minutes == 1 else f"{minutes} minutes"
    hours = math.ceil(minutes / 60)
    return f"{hours} hours"


def client_address(request: HttpRequest) -> str:
    """The address a request came from: REMOTE_ADDR, or, behind TRUSTED_PROXY_COUNT proxies
    that each append to X-Forwarded-For, the entry the outermost of them added (entries to its
    left were written by the client and may be anything)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if proxies > 0 and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
