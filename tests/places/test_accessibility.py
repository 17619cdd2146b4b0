"""The map and chart SVGs on a bare page pass axe-core's WCAG 2.2 AA rules."""

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from innovation_fund.places import selectors
from innovation_fund.places.maps import render_authority_map, render_key
from innovation_fund.places.models import LocalAuthority
from tests.browser.axe import assert_accessible

STYLESHEET = Path(settings.BASE_DIR) / "build" / "static" / "css" / "application.css"

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_two_maps_and_the_charts_on_one_page_are_accessible(statistics_data, page):
    day = date(2015, 6, 1)
    boundaries = selectors.boundaries_for(day)
    lead = {boundaries[0][0].pk: "lead", boundaries[1][0].pk: "partner"}
    labels = {"lead": "Led a project", "partner": "Partner", "none": "Not involved"}
    maps = [
        render_authority_map(
            boundaries=boundaries,
            categories=lead,
            labels=labels,
            link_for=lambda authority: f"/places/{authority.slug}/",
            title=f"Involvement, map {number}",
            description="Two areas involved.",
            id_prefix=f"map-{number}",
        )
        for number in (1, 2)
    ]
    hackney = LocalAuthority.objects.get(gss_code="E09000012")
    charts = selectors.statistics_charts(hackney, selectors.statistics_table(hackney))
    style = STYLESHEET.read_text() if STYLESHEET.exists() else ""
    html = (
        f'<!DOCTYPE html><html lang="en"><head><title>Maps</title><style>{style}</style></head>'
        f"<body><main><h1>Maps</h1>{render_key(list(labels.items()))}{''.join(maps)}"
        f"{''.join(chart.svg for chart in charts)}</main></body></html>"
    )

    page.set_content(html)
    assert_accessible(page)
    # Each area is named by its title alone, as the browser computes it.
    first = boundaries[0][0].name
    assert page.get_by_role("link", name=f"{first}: Led a project", exact=True).count() == 2
