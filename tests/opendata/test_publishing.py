"""The open data files are produced in the background from the records, offered on a public page
with their date and licence, and downloaded as a stream. (The spreadsheets themselves are tested
in test_flat_export.py.)"""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from innovation_fund.core.models import AuditEvent
from innovation_fund.opendata import export, package_windows, services
from innovation_fund.opendata.models import PublishedFile
from innovation_fund.opendata.services import PublicationRefused, publish_open_data_files
from innovation_fund.opendata.standard import schema_errors
from innovation_fund.opendata.tasks import publish_open_data

pytestmark = pytest.mark.django_db


def downloaded(client) -> dict:
    response = client.get(reverse("opendata:download_json"))
    assert response.status_code == 200
    assert response.streaming  # served from the stored file, not built in memory
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    return json.loads(b"".join(response.streaming_content))


def test_the_page_says_plainly_when_no_file_has_been_produced(client):
    page = client.get(reverse("opendata:open_data")).content.decode()
    assert "has not been produced yet" in page
    assert client.get(reverse("opendata:download_json")).status_code == 404


def published_json() -> PublishedFile:
    return publish_open_data_files()[PublishedFile.Format.JSON]


def test_the_task_publishes_the_real_programme_and_the_page_offers_it(client, loaded):
    publish_open_data.enqueue()  # the test settings run tasks at once
    assert PublishedFile.objects.count() == 3
    published = PublishedFile.objects.get(format=PublishedFile.Format.JSON)
    package = downloaded(client)
    assert schema_errors(package) == []
    assert len(package["grants"]) == published.grants_written > 20
    assert published.size_bytes == published.file.size
    assert published.grants_skipped["unknown amount"] > 0
    events = AuditEvent.objects.filter(action="opendata.published")
    assert sorted(event.after["format"] for event in events) == ["csv", "json", "xlsx"]
    event = events.get(object_id=str(published.pk))
    assert len(event.after["sha256"]) == 64
    assert event.after["size_bytes"] == published.size_bytes

    page = client.get(reverse("opendata:open_data")).content.decode()
    assert f'<dd class="govuk-summary-list__value">{published.grants_written}</dd>' in page
    assert "Open Government Licence v3.0" in page
    assert reverse("opendata:download_json") in page
    skipped = published.grants_skipped["unknown amount"]
    assert f"{skipped} grants: the sources give no amount" in page


def test_the_newest_file_is_the_one_offered(client, loaded):
    first = published_json()
    second = published_json()
    assert second.generated_at >= first.generated_at
    assert PublishedFile.objects.filter(format=PublishedFile.Format.JSON).first() == second
    assert downloaded(client)["grants"]


def test_the_command_publishes_with_a_progress_bar(loaded):
    out, err = io.StringIO(), io.StringIO()
    call_command("publish_open_data", stdout=out, stderr=err)
    published = PublishedFile.objects.get(format=PublishedFile.Format.JSON)
    assert f"Published {published.grants_written} grants" in out.getvalue()
    assert "CSV" in out.getvalue() and "XLSX" in out.getvalue()
    assert "100%" in err.getvalue()


def test_the_page_and_the_footer_link_work_without_signing_in(client):
    home = client.get(reverse("public:home")).content.decode()
    assert reverse("opendata:open_data") in home
    assert client.get(reverse("opendata:open_data")).status_code == 200


def test_the_page_says_what_the_file_is_checked_against(client, loaded):
    publish_open_data_files()
    page = client.get(reverse("opendata:open_data")).content.decode()
    assert "checked against the standard's schema, code lists and critical quality" in page
    assert f'href="{export.LICENCE_URL}" rel="license"' in page


def test_a_file_that_fails_the_schema_is_not_offered_and_the_old_one_stays(
    client, loaded, monkeypatch
):
    before = set(publish_open_data_files().values())
    monkeypatch.setattr(
        services,
        "written_package_problems",
        lambda path: ["grants/0/amountAwarded: is required"],
    )
    with pytest.raises(PublicationRefused, match="grants/0/amountAwarded: is required"):
        publish_open_data_files()
    with pytest.raises(CommandError, match="were not published"):
        call_command("publish_open_data", stdout=io.StringIO(), stderr=io.StringIO())
    assert set(PublishedFile.objects.all()) == before
    assert downloaded(client)["grants"]


def test_a_grant_that_makes_the_package_invalid_is_refused(loaded, monkeypatch):
    real = export.grant_records

    def broken(grants, summary=None):
        for record in real(grants, summary):
            record = dict(record)
            del record["amountAwarded"]
            yield record

    monkeypatch.setattr(export, "grant_records", broken)
    with pytest.raises(CommandError, match="not published: grants/0: ") as refused:
        call_command("publish_open_data", stdout=io.StringIO(), stderr=io.StringIO())
    assert len(str(refused.value)) < 1_500  # the first few problems, shortened
    assert not PublishedFile.objects.exists()


def test_a_critical_quality_notice_refuses_the_file(loaded, monkeypatch):
    real = export.grant_records

    def duplicated(grants, summary=None):
        for record in real(grants, summary):
            yield {**record, "id": "360G-same"}

    monkeypatch.setattr(export, "grant_records", duplicated)
    with pytest.raises(PublicationRefused, match="360G-same"):
        publish_open_data_files()
    assert not PublishedFile.objects.exists()


def test_a_funder_without_an_org_id_stops_the_command_with_a_message(loaded, monkeypatch):
    def no_funder(programme):
        raise export.NoFunderId(f"{programme.funder_name} has no org-id")

    monkeypatch.setattr(export, "funding_organization", no_funder)
    with pytest.raises(CommandError, match="has no org-id"):
        call_command("publish_open_data", stdout=io.StringIO(), stderr=io.StringIO())
    assert not PublishedFile.objects.exists()


def test_a_missing_stored_file_is_not_found(client, loaded):
    published = published_json()
    published.file.storage.delete(published.file.name)
    assert client.get(reverse("opendata:download_json")).status_code == 404


def test_every_skip_reason_has_words_on_the_page():
    from innovation_fund.opendata.views import SKIP_REASONS

    reasons = {value for name, value in vars(export).items() if name.startswith("SKIPPED_")}
    assert set(SKIP_REASONS) == reasons


def test_the_page_does_not_say_how_many_hidden_grants_there_are(client, db):
    PublishedFile.objects.create(
        format=PublishedFile.Format.JSON,
        file="opendata/none.json",
        size_bytes=10,
        grants_written=1,
        grants_skipped={"project not published": 7, "unknown amount": 2},
    )
    page = client.get(reverse("opendata:open_data")).content.decode()
    assert "2 grants: the sources give no amount" in page
    assert "7 grant" not in page
    assert "not published" not in page


def test_a_written_package_is_checked_in_windows_with_the_same_problems(tmp_path, monkeypatch):
    monkeypatch.setattr(package_windows, "WINDOW", 2)
    grant = {
        "id": "360G-cscip-1",
        "title": "A grant",
        "description": "What it pays for",
        "currency": "GBP",
        "amountAwarded": 0,  # critical: an amount of 0
        "awardDate": "2016-03-01",
        "recipientOrganization": [{"id": "GB-CHC-1000147", "name": "A charity"}],
        "fundingOrganization": [{"id": "GB-GOR-PB1", "name": "A funder"}],
    }
    grants = [grant, {**grant, "title": "Another"}, {**grant, "id": "360G-cscip-2"}]
    grants.append({**grant, "id": "360G-cscip-3", "regrantType": "XYZ"})
    package = {"license": "https://example.org/licence", "grants": grants}
    path = tmp_path / "package.json"
    path.write_text(json.dumps(package))
    whole = services.package_problems(json.loads(path.read_text()))
    read_whole = []
    monkeypatch.setattr(services, "package_problems", lambda package: read_whole.append(1))
    problems = services.written_package_problems(path)
    assert read_whole == []  # checked in windows only
    assert problems == whole
    assert "grant id used more than once: 360G-cscip-1" in problems
    assert any(problem.startswith("ZeroAmountTest") for problem in problems)
    assert any("regrantType" in problem for problem in problems)
