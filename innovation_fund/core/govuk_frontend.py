"""Make govuk-frontend-django render components with one shared Jinja environment.

govuk-frontend-django 0.22 builds a new Jinja environment for every component it renders, so
GOV.UK Frontend's macros are loaded and compiled again on every request: about 170 ms of a
page's time. One environment, built the way the library builds it, keeps the compiled macros
and cuts that to a few milliseconds. Remove this when the library shares its environment.
"""

from govuk_frontend_django.components import base as components

_build_environment = components.Environment
_shared = {}


def shared_environment(**options):
    """The library's Environment(...) call, answered with one environment built once."""
    if "environment" not in _shared:
        _shared["environment"] = _build_environment(**options)
    return _shared["environment"]


def share_one_environment() -> None:
    components.Environment = shared_environment
