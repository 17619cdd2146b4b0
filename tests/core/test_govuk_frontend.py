from django.template import Context, Template
from govuk_frontend_django.components import base as components

from innovation_fund.core.govuk_frontend import shared_environment

SKIP_LINK = Template(
    '{% load govuk_frontend_django %}{% gds_component "skip-link" text="Skip" href="#main" %}'
)


def test_components_render_with_one_environment_that_keeps_compiled_macros():
    assert components.Environment is shared_environment
    first = SKIP_LINK.render(Context())
    environment = shared_environment()
    second = SKIP_LINK.render(Context())
    assert first == second
    assert 'href="#main"' in first
    assert shared_environment() is environment
    compiled = [name for _, name in environment.cache]
    assert "govuk_frontend_jinja/components/skip-link/macro.html" in compiled
