"""Load the boundary files in geo/ as boundary sets, projected and simplified once into SVG path
data (`places.outlines`)."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from innovation_fund.core.loading import sync_rows

from ..models import Boundary, BoundarySet, LocalAuthority
from ..outlines import outline, svg_paths
from ..projection import VIEW_BOX
from .imports import record_import
from .report import LoadReport

DATASET = "places.boundaries"

LICENCE = "Source: Office for National Statistics, licensed under the Open Government Licence v3.0."


@dataclass(frozen=True)
class BoundaryFile:
    key: str
    file_name: str
    title: str
    resolution: str
    precedence: int
    copyright_year: int

    @property
    def path(self) -> Path:
        return Path("geo") / self.file_name

    @property
    def attribution(self) -> str:
        return (
            f"{LICENCE} Contains National Statistics data © Crown copyright and database right "
            f"{self.copyright_year}. Contains OS data © Crown copyright and database right "
            f"{self.copyright_year}."
        )


# The ultra-generalised (BUC) files are preferred when one matches a date exactly; the
# 2014–2025 file covers every year, with first_year/last_year on the areas that changed.
BOUNDARY_FILES = (
    BoundaryFile(
        key="ctyua-2023-may-buc",
        file_name="ctyua_2023_may_buc_england.geojson",
        title="Counties and Unitary Authorities (May 2023) Boundaries UK BUC",
        resolution="Ultra generalised (500 m)",
        precedence=10,
        copyright_year=2023,
    ),
    BoundaryFile(
        key="ctyua-2021-dec-buc",
        file_name="ctyua_2021_dec_buc_england.geojson",
        title="Counties and Unitary Authorities (December 2021) Boundaries UK BUC",
        resolution="Ultra generalised (500 m)",
        precedence=10,
        copyright_year=2021,
    ),
    BoundaryFile(
        key="ctyua-2019-apr-buc",
        file_name="ctyua_2019_apr_buc_england.geojson",
        title="Counties and Unitary Authorities (April 2019) Boundaries EW BUC",
        resolution="Ultra generalised (500 m)",
        precedence=10,
        copyright_year=2019,
    ),
    BoundaryFile(
        key="utla-2014-2025-bsc",
        file_name="utla_2014_2025_bsc_england.geojson",
        title="Upper-tier local authorities 2014 to 2025, from 2016 super generalised boundaries",
        resolution="Super generalised (200 m), 2016 base",
        precedence=100,
        copyright_year=2016,
    ),
)


def load_boundaries(data_dir: Path | None = None) -> LoadReport:
    data_dir = Path(data_dir or settings.SHARED_DATA_DIR)
    report = LoadReport(DATASET)
    authorities = {a.gss_code: a for a in LocalAuthority.objects.only("gss_code", "name")}
    if not authorities:
        report.problems.append("No local authorities: load them before their boundaries.")
        return report
    features = {
        spec.key: _read_features(data_dir / spec.path, authorities, report.problems)
        for spec in BOUNDARY_FILES
    }
    with transaction.atomic():
        report.tallies["boundary sets"] = sync_rows(
            BoundarySet,
            key=("key",),
            wanted={
                (spec.key,): {
                    "title": spec.title,
                    "file_name": spec.file_name,
                    "resolution": spec.resolution,
                    "precedence": spec.precedence,
                    "attribution": spec.attribution,
                    "view_box": VIEW_BOX,
                }
                for spec in BOUNDARY_FILES
            },
            existing=BoundarySet.objects.all(),
        )
        set_ids = dict(BoundarySet.objects.values_list("key", "id"))
        wanted = {
            (set_ids[key], authorities[code].pk): values
            for key, by_code in features.items()
            for code, values in by_code.items()
        }
        # Each file is the whole set: an outline the file no longer has is removed.
        report.tallies["boundaries"] = sync_rows(
            Boundary,
            key=("boundary_set_id", "authority_id"),
            wanted=wanted,
            existing=Boundary.objects.filter(boundary_set_id__in=set_ids.values()),
            delete_missing=True,
        )
        record_import(
            report, data_dir=data_dir, files=[data_dir / spec.path for spec in BOUNDARY_FILES]
        )
    return report


def _read_features(
    path: Path, authorities: dict[str, LocalAuthority], problems: list[str]
) -> dict[str, dict]:
    """Each feature's fields by GSS code; features that cannot be used go to `problems`. The
    file's outlines are simplified together, so neighbours keep their shared borders."""
    read = {}
    for index, feature in enumerate(json.loads(path.read_text(encoding="utf-8"))["features"]):
        properties = feature.get("properties") or {}
        code = properties.get("gss_code")
        where = f"{path.name} feature {index} ({code})"
        authority = authorities.get(code)
        if authority is None:
            problems.append(f"{where}: no local authority has this code")
            continue
        if code in read:
            problems.append(f"{where}: the code appears twice; kept the first")
            continue
        if properties.get("name") != authority.name:
            problems.append(f"{where}: named {properties.get('name')!r}, not {authority.name!r}")
        try:
            shape = outline(feature["geometry"])
        except (KeyError, TypeError, ValueError) as error:
            problems.append(f"{where}: {error}")
            continue
        if shape is None:
            problems.append(f"{where}: the outline is too small to draw")
            continue
        read[code] = (where, properties, shape)
    paths = svg_paths([shape for _, _, shape in read.values()])
    features = {}
    for (code, (where, properties, _)), path_data in zip(read.items(), paths, strict=True):
        if not path_data:
            problems.append(f"{where}: the outline is too small to draw")
            continue
        features[code] = {
            "first_year": properties.get("first_year"),
            "last_year": properties.get("last_year"),
            "svg_path": path_data,
        }
    return features
