"""The reviewed facts and mappings kept in this repository (see demo_data/README.md).

These files are written by people, so a mistake in them stops the load with a clear message,
unlike a name in the shared data that the name map does not know, which is only reported.
"""

from dataclasses import dataclass
from pathlib import Path

from innovation_fund.core.input_files import InputFile, read_csv, read_json, split_list
from innovation_fund.organisations.models import OrganisationType

DEMO_DATA_DIR = Path(__file__).resolve().parent.parent / "demo_data"

NAME_MAP_FIELDS = {
    "organisation",
    "focus_area",
    "scale_of",
    "project_innovation",
    "finding_project",
    "finding_innovation",
    "report_project",
}


class ReviewedDataError(ValueError):
    """A reviewed file in demo_data is inconsistent; fix the file, not the loader."""


@dataclass(frozen=True)
class Mapping:
    """What one free-text name stands for. An empty target is a reviewed 'nothing'."""

    target: str
    description_only: bool
    area_gss: tuple[str, ...]

    @property
    def targets(self) -> list[str]:
        return split_list(self.target)


@dataclass(frozen=True)
class ReviewedFiles:
    programme: InputFile
    organisations: InputFile
    name_map: InputFile
    innovations: InputFile
    mappings: dict[tuple[str, str], Mapping]

    def mapping(self, field: str, text: str) -> Mapping | None:
        return self.mappings.get((field, text))

    @property
    def organisation_rows(self) -> list[dict]:
        return self.organisations.content

    @property
    def innovation_rows(self) -> list[dict]:
        return self.innovations.content

    def all_files(self) -> list[InputFile]:
        return [self.programme, self.organisations, self.name_map, self.innovations]


def read_reviewed(directory: Path = DEMO_DATA_DIR) -> ReviewedFiles:
    files = ReviewedFiles(
        programme=read_json(directory / "programme.json"),
        organisations=read_csv(directory / "organisations.csv"),
        name_map=read_csv(directory / "name_map.csv"),
        innovations=read_csv(directory / "innovations.csv"),
        mappings=_read_mappings(read_csv(directory / "name_map.csv")),
    )
    _check(files)
    return files


def _read_mappings(name_map: InputFile) -> dict[tuple[str, str], Mapping]:
    mappings = {}
    for number, row in enumerate(name_map.content, start=1):
        key = (row["field"], row["text"])
        if row["field"] not in NAME_MAP_FIELDS:
            raise ReviewedDataError(f"name_map.csv row {number}: unknown field {row['field']!r}")
        if key in mappings:
            raise ReviewedDataError(f"name_map.csv row {number}: {key} is mapped twice")
        if not row["reviewed_note"]:
            raise ReviewedDataError(f"name_map.csv row {number}: reviewed_note is empty")
        mappings[key] = Mapping(
            target=row["target"],
            description_only=row["description_only"] == "yes",
            area_gss=tuple(split_list(row["area_gss"])),
        )
    return mappings


def _check(files: ReviewedFiles) -> None:
    org_keys = _unique_keys(files.organisation_rows, "key", "organisations.csv")
    innovation_slugs = _unique_keys(files.innovation_rows, "slug", "innovations.csv")
    for number, row in enumerate(files.organisation_rows, start=1):
        if row["organisation_type"] not in OrganisationType.values:
            raise ReviewedDataError(
                f"organisations.csv row {number}: unknown type {row['organisation_type']!r}"
            )
    for number, row in enumerate(files.innovation_rows, start=1):
        if row["originator"] and row["originator"] not in org_keys:
            raise ReviewedDataError(
                f"innovations.csv row {number}: unknown originator {row['originator']!r}"
            )
    for (field, text), mapping in files.mappings.items():
        if field == "organisation":
            _check_organisation_mapping(text, mapping, org_keys)
        if field in {"project_innovation", "finding_innovation"}:
            unknown = set(mapping.targets) - innovation_slugs
            if unknown:
                raise ReviewedDataError(f"name_map.csv {text!r}: unknown innovations {unknown}")


def _check_organisation_mapping(text: str, mapping: Mapping, org_keys: set[str]) -> None:
    if mapping.description_only == bool(mapping.target):
        raise ReviewedDataError(
            f"name_map.csv {text!r}: give an organisation key or description_only=yes, not both"
        )
    if mapping.target and mapping.target not in org_keys:
        raise ReviewedDataError(f"name_map.csv {text!r}: unknown organisation {mapping.target!r}")


def _unique_keys(rows: list[dict], column: str, file_name: str) -> set[str]:
    keys = [row[column] for row in rows]
    duplicates = {key for key in keys if keys.count(key) > 1}
    if duplicates or "" in keys:
        raise ReviewedDataError(f"{file_name}: missing or repeated {column}: {duplicates or ''}")
    return set(keys)
