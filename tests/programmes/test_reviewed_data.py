"""The reviewed files in demo_data cover the shared files, and bad reviewed data is refused."""

import shutil

import pytest

from innovation_fund.core.input_files import split_list
from innovation_fund.demo.loaders.projects import project_slug
from innovation_fund.demo.loaders.reviewed import (
    DEMO_DATA_DIR,
    ReviewedDataError,
    read_reviewed,
)

from .conftest import read_rows


@pytest.fixture(scope="module")
def reviewed():
    return read_reviewed()


def test_every_organisation_name_in_projects_is_mapped(reviewed):
    for row in read_rows("projects.csv"):
        names = [row["lead_organisation"], *split_list(row["partner_organisations"])]
        for name in names:
            assert reviewed.mapping("organisation", name), name


def test_every_other_free_text_name_is_mapped(reviewed):
    for row in read_rows("projects.csv"):
        for field, text in [
            ("focus_area", row["focus_area"]),
            ("project_innovation", row["innovation"]),
        ]:
            assert not text or reviewed.mapping(field, text), text
        for text in split_list(row["scale_of"]):
            assert reviewed.mapping("scale_of", text), text
    for row in read_rows("evaluation_findings.csv"):
        assert reviewed.mapping("finding_project", row["project"]), row["project"]
        assert reviewed.mapping("finding_innovation", row["innovation"]), row["innovation"]


def test_project_slugs_are_unique_and_follow_the_rule():
    slugs = [project_slug(row) for row in read_rows("projects.csv")]
    assert len(set(slugs)) == len(slugs)
    assert "round-1-torbay-council" in slugs
    assert "family-safeguarding" in slugs


def test_a_mapping_to_an_unknown_organisation_is_refused(tmp_path):
    copy = tmp_path / "demo_data"
    shutil.copytree(DEMO_DATA_DIR, copy)
    name_map = copy / "name_map.csv"
    name_map.write_text(
        name_map.read_text().replace(",luton,", ",luton-borough,"), encoding="utf-8"
    )
    with pytest.raises(ReviewedDataError, match="luton-borough"):
        read_reviewed(copy)
