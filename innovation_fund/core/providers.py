"""One function a higher app provides to a lower one, so the lower one never imports it.

The apps import only downwards (docs/decisions/0014-app-layers.md). Where a lower app needs an
answer only a higher one can give (programmes asking assessment what is committed, the bid page
asking assessment what the applicant may be told), the lower app declares a `Provider` and asks
it; the higher app registers its function in its `AppConfig.ready`. Until one has registered (a
project without that app), the provider gives the lower app's own fallback.
"""

from collections.abc import Callable
from typing import Any


class Provider:
    def __init__(self, description: str, *, fallback: Callable[..., Any]):
        self.description = description
        self._fallback = fallback
        self._function: Callable[..., Any] | None = None

    def register(self, function: Callable[..., Any]) -> None:
        """Provide the function (registering again replaces it, so a reload is harmless)."""
        self._function = function

    def __call__(self, *args, **kwargs):
        function = self._function or self._fallback
        return function(*args, **kwargs)
