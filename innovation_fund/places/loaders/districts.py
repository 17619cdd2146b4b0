"""Load England's lower-tier districts (E07…) and the county that holds children's services for
each, so that a grant naming only a district is matched to its county.

No lookup of districts to counties is held in the shared data, so each is derived from ONS
boundaries: a district's county is the county (E10…) whose outline, in the 2014–2025 file,
holds a point inside the district's outline (from the districts layer of ONS's topology file),
among the counties that existed while the district did. Districts abolished in a
reorganisation (such as Aylesbury Vale, in Buckinghamshire until 2020) keep the county they
were in.
"""

import json
from pathlib import Path

import shapely
from django.conf import settings
from django.db import transaction
from shapely.geometry import MultiPolygon, Polygon, shape

from innovation_fund.core.loading import sync_rows

from ..models import District, LocalAuthority
from .imports import record_import
from .report import LoadReport

DATASET = "places.districts"
TOPOLOGY_FILE = Path("geo/ons_uk_topo_2014_2025.json")
COUNTIES_FILE = Path("geo/utla_2014_2025_bsc_england.geojson")
DISTRICT_PREFIX, COUNTY_PREFIX = "E07", "E10"
NEAREST_WITHIN = 0.05  # degrees: a district's point just off its county's simplified coast


def load_districts(data_dir: Path | None = None) -> LoadReport:
    data_dir = Path(data_dir or settings.SHARED_DATA_DIR)
    report = LoadReport(DATASET)
    counties = _counties(data_dir / COUNTIES_FILE)
    authority_ids = dict(LocalAuthority.objects.values_list("gss_code", "id"))
    wanted = {}
    for district in _districts(data_dir / TOPOLOGY_FILE):
        county = _county_of(district, counties)
        if county is None or county["gss_code"] not in authority_ids:
            report.problems.append(f"{district['name']} ({district['gss_code']}): no county found")
            continue
        wanted[(district["gss_code"],)] = {
            "name": district["name"],
            "county_id": authority_ids[county["gss_code"]],
            "last_year": district["last_year"],
        }
    with transaction.atomic():
        report.tallies["districts"] = sync_rows(
            District,
            key=("gss_code",),
            wanted=wanted,
            existing=District.objects.all(),
            delete_missing=True,
        )
        record_import(report, data_dir=data_dir, files=[data_dir / TOPOLOGY_FILE])
    return report


def _counties(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    return [
        {
            "gss_code": feature["properties"]["gss_code"],
            "first_year": feature["properties"].get("first_year"),
            "last_year": feature["properties"].get("last_year"),
            "outline": shapely.make_valid(shape(feature["geometry"])),
        }
        for feature in features
        if feature["properties"]["gss_code"].startswith(COUNTY_PREFIX)
    ]


def _districts(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        topology = json.load(handle)
    arcs = decoded_arcs(topology)
    found = []
    for geometry in topology["objects"]["ltla"]["geometries"]:
        properties = geometry["properties"]
        if not properties["areacd"].startswith(DISTRICT_PREFIX):
            continue
        outline = shapely.make_valid(outline_of(geometry, arcs))
        found.append(
            {
                "gss_code": properties["areacd"],
                "name": properties["areanm"],
                "first_year": properties.get("start"),
                "last_year": properties.get("end"),
                "point": outline.representative_point(),
            }
        )
    return found


def _county_of(district: dict, counties: list[dict]) -> dict | None:
    """The county holding the district's point while both existed (the latest, if several);
    failing that, the nearest such county within NEAREST_WITHIN."""
    alive = [county for county in counties if _overlap(district, county)]
    holding = [county for county in alive if county["outline"].contains(district["point"])]
    if holding:
        return max(holding, key=lambda county: county["last_year"] or 9999)
    nearest = min(alive, key=lambda county: county["outline"].distance(district["point"]))
    return nearest if nearest["outline"].distance(district["point"]) <= NEAREST_WITHIN else None


def _overlap(district: dict, county: dict) -> bool:
    starts = max(district["first_year"] or 0, county["first_year"] or 0)
    ends = min(district["last_year"] or 9999, county["last_year"] or 9999)
    return starts <= ends


# TopoJSON (https://github.com/topojson/topojson-specification): shared arcs, quantised and
# delta-encoded; a polygon's rings name their arcs by index (~index for an arc reversed).


def decoded_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (scale_x, scale_y) = topology["transform"]["scale"]
    (shift_x, shift_y) = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def outline_of(geometry: dict, arcs: list) -> MultiPolygon:
    polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
    return MultiPolygon(
        [
            Polygon(_ring(rings[0], arcs), [_ring(ring, arcs) for ring in rings[1:]])
            for rings in polygons
        ]
    )


def _ring(arc_indexes: list[int], arcs: list) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in arc_indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points
