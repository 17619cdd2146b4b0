from datetime import date

import pytest
from django.conf import settings

from innovation_fund.places import selectors
from innovation_fund.places.maps import render_authority_map, render_key
from innovation_fund.places.models import LocalAuthority
from tests.places.markup import SVG, parse

LABELS = {
    "lead": "Led a project",
    "partner": "Partner",
    "area": "Work here",
    "none": "Not involved",
}


def _authority(pk: int, name: str) -> LocalAuthority:
    return LocalAuthority(pk=pk, name=name, slug=f"authority-{pk}")


def _render(boundaries, categories=None, link_for=lambda a: f"/places/{a.slug}/", **options):
    return render_authority_map(
        boundaries=boundaries,
        categories=categories or {},
        labels=LABELS,
        link_for=link_for,
        title=options.pop("title", "Where projects were"),
        description=options.pop("description", "A map."),
        **options,
    )


def test_each_area_is_a_named_link_shaded_by_its_category():
    boundaries = [
        (_authority(1, "Camden"), "M0 0L1 0 1 1Z"),
        (_authority(2, "Kent"), "M2 2L3 2 3 3Z"),
    ]

    svg = parse(_render(boundaries, {1: "lead"}))

    links = svg.findall(f"{SVG}a")
    assert [link.get("href") for link in links] == ["/places/authority-1/", "/places/authority-2/"]
    # The title, the link's first child, names it (and is its tooltip): no aria-label repeats it.
    assert [link[0].tag for link in links] == [f"{SVG}title"] * 2
    assert [link[0].text for link in links] == ["Camden: Led a project", "Kent: Not involved"]
    assert [link.get("aria-label") for link in links] == [None, None]
    paths = [link.find(f"{SVG}path") for link in links]
    # "none" is how the stylesheet draws a path with no class.
    assert [p.get("class") for p in paths] == ["app-map__area--lead", None]
    assert paths[0].get("d") == "M0 0L1 0 1 1Z"
    # Holes are cut by fill-rule evenodd, set once for every area in the stylesheet.
    stylesheet = (settings.BASE_DIR / "frontend/scss/components/_map.scss").read_text()
    every_path = stylesheet.split(":where(.app-map) path {")[1].split("}")[0]
    assert "fill-rule: evenodd" in every_path
    assert "fill: #e5e6e7" in every_path  # as .app-map__area--none


def test_the_map_is_a_group_named_by_its_title_with_prefixed_ids():
    svg = parse(_render([], title="Spread by 2020", description="Two areas.", id_prefix="spread"))
    assert svg.get("role") == "group"
    assert svg.get("aria-labelledby") == "spread-title"
    assert svg.get("aria-describedby") == "spread-desc"
    assert svg.find(f"{SVG}title").get("id") == "spread-title"
    assert svg.find(f"{SVG}title").text == "Spread by 2020"
    assert svg.find(f"{SVG}desc").get("id") == "spread-desc"
    assert svg.get("class") == "app-map"


def test_names_and_text_are_escaped():
    boundaries = [(_authority(1, 'Brighton & "Hove" <b>'), "M0 0L1 0 1 1Z")]

    markup = _render(boundaries, title="<script>x</script>", description="a & b")

    assert "<b>" not in markup and "<script>" not in markup
    assert "Brighton &amp; &quot;Hove&quot; &lt;b&gt;: Not involved" in markup
    link = parse(markup).find(f"{SVG}a")
    assert link.find(f"{SVG}title").text == 'Brighton & "Hove" <b>: Not involved'


def test_an_area_without_a_link_is_still_named():
    svg = parse(_render([(_authority(1, "Kent"), "M0 0L1 0 1 1Z")], link_for=lambda a: None))
    assert svg.find(f"{SVG}a") is None
    group = svg.find(f"{SVG}g")
    assert group.get("role") == "img"
    assert (group[0].tag, group[0].text) == (f"{SVG}title", "Kent: Not involved")


def test_an_unknown_category_is_refused():
    with pytest.raises(ValueError, match="purple"):
        _render([(_authority(1, "Kent"), "M0 0Z")], {1: "purple"})


def test_the_key_shows_each_category_in_its_colour():
    key = parse(render_key([("origin", "Where it began"), ("none", "Not yet")]))
    items = key.findall("li")
    assert [item.get("class") for item in items] == ["app-map-key__item"] * 2
    assert [item.find("svg/rect").get("class") for item in items] == [
        "app-map__area--origin",
        "app-map__area--none",
    ]
    assert ["".join(item.itertext()) for item in items] == ["Where it began", "Not yet"]


@pytest.mark.django_db
def test_a_real_map_has_one_link_per_authority_of_the_day(places_data):
    day = date(2024, 6, 1)
    boundaries = selectors.boundaries_for(day)

    svg = parse(_render(boundaries))

    links = svg.findall(f"{SVG}a")
    assert len(links) == len(boundaries) == 153
    assert len({link.get("href") for link in links}) == 153
    assert "Bristol, City of: Not involved" in {link.find(f"{SVG}title").text for link in links}
