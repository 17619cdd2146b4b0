"""`make bench`'s export floor beside the real programme: it writes the very grants the export
publishes (the real programme's skipped ones too), in the same shape. In a module of its own, as
the real programme stays loaded for the rest of a module once a test asks for it."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest

from bench.exports import floor
from innovation_fund.core.dates import london_today
from innovation_fund.programmes.models import Round
from tests.bench.test_exports import a_grant, a_project, exported
from tests.factories import LocalAuthorityFactory, ProjectAreaFactory
from tests.programmes.conftest import loaded  # noqa: F401 - the real programme, once


def the_same_shape(floor_grant: dict, grant: dict) -> None:
    assert floor_grant["id"] == grant["id"]
    assert floor_grant.keys() == grant.keys()
    assert Decimal(str(floor_grant["amountAwarded"])) == grant["amountAwarded"]
    assert floor_grant["awardDate"][:4] == grant["awardDate"][:4]
    assert floor_grant["recipientOrganization"][0]["id"] == grant["recipientOrganization"][0]["id"]
    assert [place["geoCode"] for place in floor_grant.get("beneficiaryLocation", [])] == [
        place["geoCode"] for place in grant.get("beneficiaryLocation", [])
    ]


@pytest.mark.django_db
def test_the_floor_writes_the_grants_the_export_publishes_as_valid_json(loaded, tmp_path):  # noqa: F811
    # Beside the real programme (whose skipped grants have no amount or no award date), a grant
    # for each other reason a grant is left out, and a publishable one in two places.
    a_grant(a_project(is_published=False))
    a_grant(a_project({"state": Round.State.DRAFT}))
    a_grant(a_project({"is_demonstration": True}))
    a_grant(awarded_on=london_today() + timedelta(days=30))
    shown = a_grant(a_project(slug="bench-export-two-places"))
    # GSS codes no real authority has (the real programme's places are loaded).
    for code in ("E09000999", "E06000999"):
        ProjectAreaFactory(project=shown.project, authority=LocalAuthorityFactory(gss_code=code))
    package, summary = exported()
    assert summary.skipped["project not published"] == 3
    assert summary.skipped["award date still to come"] == 1
    assert summary.skipped["unknown amount"] and summary.skipped["no award date"]  # the real ones

    seconds, grants = floor(tmp_path / "floor.json")

    assert seconds > 0
    written = json.loads((tmp_path / "floor.json").read_text(encoding="utf-8"))
    assert grants == summary.written == len(written["grants"]) == len(package["grants"])
    for floor_grant, grant in zip(written["grants"], package["grants"], strict=True):
        the_same_shape(floor_grant, grant)
    two_places = next(g for g in written["grants"] if g["id"].endswith("two-places"))
    assert [place.get("geoCodeType") for place in two_places["beneficiaryLocation"]] == [
        "LONB",
        "UA",
    ]
