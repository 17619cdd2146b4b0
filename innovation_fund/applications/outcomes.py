"""What an applicant is told of their bid's outcome, provided by the app that decides it.

Applications sits below assessment in the layers (docs/decisions/0014-app-layers.md), so the bid
page cannot ask assessment directly. Assessment registers the one function that answers, in its
`AppConfig.ready`; until it has (in a project without assessment), there is nothing to tell.
"""

from collections.abc import Callable

_provider: Callable | None = None


def register(provider: Callable) -> None:
    """`provider(application)` returns what the lead organisation may be told."""
    global _provider
    _provider = provider


def applicant_outcome(application):
    return _provider(application) if _provider is not None else None
