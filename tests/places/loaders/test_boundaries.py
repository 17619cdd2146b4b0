import json

import pytest
from django.conf import settings

from innovation_fund.core.models import AuditEvent, DataImport
from innovation_fund.places.loaders import load_boundaries
from innovation_fund.places.loaders.boundaries import BOUNDARY_FILES, DATASET
from innovation_fund.places.models import Boundary, BoundarySet
from innovation_fund.places.outlines import points_of
from innovation_fund.places.projection import HEIGHT, WIDTH

pytestmark = pytest.mark.django_db

# Feature counts from data/geo/SOURCE.md.
FEATURES = {
    "utla_2014_2025_bsc_england.geojson": 163,
    "ctyua_2019_apr_buc_england.geojson": 151,
    "ctyua_2021_dec_buc_england.geojson": 152,
    "ctyua_2023_may_buc_england.geojson": 153,
}


def _bounding_box(path_data: str) -> tuple[float, float, float, float]:
    points = [point for ring in points_of(path_data) for point in ring]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def test_each_file_is_a_set_with_one_outline_per_feature(places_data):
    assert places_data["boundaries"].problems == []
    for boundary_set in BoundarySet.objects.all():
        features = json.loads(
            (settings.SHARED_DATA_DIR / "geo" / boundary_set.file_name).read_text()
        )
        assert boundary_set.boundaries.count() == FEATURES[boundary_set.file_name]
        assert set(boundary_set.boundaries.values_list("authority__gss_code", flat=True)) == {
            feature["properties"]["gss_code"] for feature in features["features"]
        }
    assert BoundarySet.objects.count() == 4


def test_sets_carry_the_licence_and_copyright_lines(places_data):
    for boundary_set in BoundarySet.objects.all():
        assert "Open Government Licence v3.0" in boundary_set.attribution
        assert "Contains National Statistics data © Crown copyright and database right" in (
            boundary_set.attribution
        )
    april_2019 = BoundarySet.objects.get(file_name="ctyua_2019_apr_buc_england.geojson")
    assert "Contains OS data © Crown copyright and database right 2019." in april_2019.attribution


def test_the_ultra_generalised_files_are_preferred(places_data):
    precedence = dict(BoundarySet.objects.values_list("file_name", "precedence"))
    utla = precedence.pop("utla_2014_2025_bsc_england.geojson")
    assert all(value < utla for value in precedence.values())


def test_years_of_the_2014_to_2025_file_are_kept(places_data):
    utla = Boundary.objects.filter(boundary_set__file_name__startswith="utla")
    bournemouth = utla.get(authority__gss_code="E06000028")
    bcp = utla.get(authority__gss_code="E06000058")
    hartlepool = utla.get(authority__gss_code="E06000001")
    assert (bournemouth.first_year, bournemouth.last_year) == (None, 2018)
    assert (bcp.first_year, bcp.last_year) == (2019, None)
    assert (hartlepool.first_year, hartlepool.last_year) == (None, None)


def test_every_outline_is_drawn_on_the_same_canvas(places_data):
    assert set(BoundarySet.objects.values_list("view_box", flat=True)) == {f"0 0 {WIDTH} {HEIGHT}"}
    for path_data in Boundary.objects.values_list("svg_path", flat=True):
        assert path_data.startswith("M") and path_data.endswith("z")
        left, top, right, bottom = _bounding_box(path_data)
        assert 0 <= left < right <= WIDTH and 0 <= top < bottom <= HEIGHT


def test_vintages_line_up(places_data):
    """Hertfordshire, unchanged throughout, sits in the same place in every set."""
    boxes = [
        _bounding_box(b.svg_path) for b in Boundary.objects.filter(authority__gss_code="E10000015")
    ]
    assert len(boxes) == 4
    for box in boxes[1:]:
        assert box == pytest.approx(boxes[0], abs=3)


def test_the_first_load_records_one_import_naming_every_file(places_data):
    data_import = DataImport.objects.get(dataset=DATASET)
    assert set(data_import.summary["files"]) == {str(spec.path) for spec in BOUNDARY_FILES}
    assert AuditEvent.objects.filter(object_id=str(data_import.pk)).count() == 1


def test_running_again_changes_nothing(places_data):
    before = sorted(
        Boundary.objects.values_list(
            "boundary_set__key", "authority__gss_code", "first_year", "last_year", "svg_path"
        )
    )
    imports, events = DataImport.objects.count(), AuditEvent.objects.count()

    report = load_boundaries()

    assert not report.changed
    assert report.unchanged == 4 + 619
    after = sorted(
        Boundary.objects.values_list(
            "boundary_set__key", "authority__gss_code", "first_year", "last_year", "svg_path"
        )
    )
    assert after == before
    assert (DataImport.objects.count(), AuditEvent.objects.count()) == (imports, events)


def test_an_outline_no_longer_in_its_file_is_removed(places_data):
    boundary_set = BoundarySet.objects.get(key="ctyua-2019-apr-buc")
    stray = Boundary.objects.get(
        boundary_set__key="ctyua-2021-dec-buc", authority__gss_code="E06000061"
    )
    Boundary.objects.create(boundary_set=boundary_set, authority=stray.authority, svg_path="M0 0Z")

    report = load_boundaries()

    assert report.tallies["boundaries"].deleted == 1
    assert boundary_set.boundaries.count() == 151
