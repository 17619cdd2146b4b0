"""Districts and their counties, derived from the ONS boundaries in the shared data."""

import pytest

from innovation_fund.places.loaders import load_authorities, load_districts
from innovation_fund.places.loaders.districts import decoded_arcs, outline_of
from innovation_fund.places.models import District

pytestmark = pytest.mark.django_db


def test_every_district_gets_the_county_it_was_in():
    load_authorities()
    report = load_districts()
    assert report.problems == []
    assert District.objects.count() == 204
    counties = dict(District.objects.values_list("gss_code", "county__gss_code"))
    assert counties["E07000178"] == "E10000025"  # Oxford, in Oxfordshire
    assert counties["E07000237"] == "E10000034"  # Worcester, in Worcestershire
    # Abolished with their county, they keep the county they were in.
    assert counties["E07000004"] == "E10000002"  # Aylesbury Vale, Buckinghamshire until 2020
    assert counties["E07000048"] == "E10000009"  # Christchurch, Dorset until 2019
    assert District.objects.get(gss_code="E07000004").last_year == 2019
    again = load_districts()
    assert again.tallies["districts"].unchanged == 204


def test_topojson_arcs_are_decoded_and_joined_reversed_where_named_so():
    topology = {
        "transform": {"scale": [0.5, 2], "translate": [10, 20]},
        # Two arcs: along the bottom and up the right side, then back along the top and down.
        "arcs": [[[0, 0], [4, 0], [0, 2]], [[0, 0], [0, 2], [4, 0]]],
    }
    arcs = decoded_arcs(topology)
    assert arcs[0] == [(10.0, 20.0), (12.0, 20.0), (12.0, 24.0)]
    square = outline_of({"type": "Polygon", "arcs": [[0, ~1]]}, arcs)
    assert list(square.geoms[0].exterior.coords) == [
        (10.0, 20.0),
        (12.0, 20.0),
        (12.0, 24.0),
        (10.0, 24.0),
        (10.0, 20.0),
    ]
    assert square.area == 8.0
