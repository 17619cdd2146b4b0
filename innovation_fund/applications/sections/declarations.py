"""Declarations. PLACEHOLDER: being built; replace this whole module."""

from .base import Section


class _Placeholder(Section):
    def is_started(self, application):
        return False

    def problems(self, application):
        return ["This section is not built yet"]

    def summary_rows(self, application):
        return []


DECLARATIONS = _Placeholder(slug="declarations", title="Declarations")
