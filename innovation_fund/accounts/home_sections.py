"""What the account home page says about a person's work, gathered from the apps above accounts.

Accounts sits near the bottom of the layers (docs/decisions/0014-app-layers.md): it cannot import
programmes or other funders to ask "does this person assess?" or "may they import files?".
Instead each of those apps registers a small function here in its `AppConfig.ready`; the home
page calls every registered function and adds what each returns to its context.
"""

from collections.abc import Callable

HomeSection = Callable[[object], dict]

_sections: dict[str, HomeSection] = {}


def register(name: str, section: HomeSection) -> None:
    """Add (or replace, so a reload is harmless) the function named `name`."""
    _sections[name] = section


def context_for(user) -> dict:
    context: dict = {}
    for section in _sections.values():
        context.update(section(user))
    return context
