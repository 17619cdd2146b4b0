"""`manage.py backup` and `manage.py restore`: the database and the private files together
(issue 15, point 8: uploaded documents and letters lived outside both database backups)."""

import hashlib
import json
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from innovation_fund.applications.models import ApplicationDocument
from innovation_fund.assessment.models import Decision
from innovation_fund.assessment.services.decisions import record_decision
from innovation_fund.core.stored_files import atomic_with_files, save_file
from innovation_fund.grants.models import Letter
from innovation_fund.otherfunders.models import ImportedFile, OtherFunderGrant
from innovation_fund.otherfunders.services import import_path
from tests.assessment.builders import assessed_round, eligible, manager_of, submitted_bid
from tests.factories import UserFactory
from tests.otherfunders.builders import a_file, a_grant

from .backup_support import every_file, every_row

# The database is copied by another process (pg_dump) or connection, which sees only what is
# committed: these tests commit, and the database is emptied after each.
pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def a_programme_with_files(tmp_path, settings):
    """A submitted bid with an uploaded document, the panel's decision with its letter, an
    imported file of another funder's grants (kept as uploaded) and a checked one waiting to be
    imported: rows and the private files they name."""
    settings.OTHERFUNDERS_KEEP_ORIGINALS = True
    funding_round = assessed_round(budget_pence=1_000_000_00)
    manager = manager_of(funding_round)
    bid = submitted_bid(funding_round, amount_pence=60_000_00, title="Family Safeguarding")
    with atomic_with_files():
        document = ApplicationDocument(
            application=bid,
            original_name="plan.pdf",
            content_type="application/pdf",
            size_bytes=len(PDF),
            sha256=hashlib.sha256(PDF).hexdigest(),
            uploaded_by=manager,
        )
        save_file(document.file, "plan.pdf", ContentFile(PDF))
        document.save()
    eligible(bid, by=manager)
    decision = record_decision(
        manager,
        bid,
        outcome=Decision.Outcome.APPROVE,
        reasons="Strong evidence",
        award_pence=60_000_00,
        years={2027: 60_000_00},
    )
    with atomic_with_files():
        letter = Letter(
            application=bid, decision=decision, kind=Letter.Kind.OFFER, created_by=manager
        )
        save_file(letter.file, "offer.pdf", ContentFile(PDF + b"% the offer letter\n"))
        letter.save()
    imported = import_path(
        a_file(tmp_path, [a_grant(1), a_grant(2)]), publisher_name="The Example Trust"
    )
    assert imported.counts is not None
    waiting = import_path(
        a_file(tmp_path, [a_grant(3)], name="more.json"),
        publisher_name="The Example Trust",
        check_only=True,
    ).imported_file
    return document, letter, imported.imported_file, waiting


def test_a_restore_brings_back_every_row_and_every_private_file(tmp_path, private_root, settings):
    document, letter, imported_file, waiting = a_programme_with_files(tmp_path, settings)
    named = {document.file, letter.file, imported_file.file, waiting.file, waiting.package}
    assert {file.name for file in named} == set(every_file(private_root))
    # A path over tar's 100 bytes, not all ASCII: kept under a long name of its own.
    (private_root / "opendata").mkdir()
    (private_root / "opendata" / f"{'a-long-name-' * 10}é.json").write_bytes(b"{}")
    rows_before, files_before = every_row(), every_file(private_root)
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", str(archive))

    # Afterwards: a row deleted with its file, rows changed and added, a file's bytes changed,
    # a file deleted, a file and a link added that no row names.
    document.file.delete(save=False)
    document.delete()
    OtherFunderGrant.objects.filter(grant_id="360G-example-1").delete()
    ImportedFile.objects.filter(pk=imported_file.pk).update(publisher_name="Someone else")
    UserFactory(email="new@example.org")
    (private_root / letter.file.name).write_bytes(b"%PDF-1.4 not the letter that was sent")
    (private_root / waiting.package.name).unlink()
    (private_root / "letters" / "stray.pdf").write_bytes(PDF)
    (private_root / "elsewhere").symlink_to(tmp_path)
    assert every_row() != rows_before
    assert every_file(private_root) != files_before

    call_command("restore", str(archive), "--force")

    assert every_row() == rows_before
    assert every_file(private_root) == files_before
    assert not (private_root / "elsewhere").is_symlink()


def test_the_archive_says_what_it_holds(tmp_path, private_root, settings):
    a_programme_with_files(tmp_path, settings)
    files = every_file(private_root)
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", str(archive))

    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert archive.stat().st_mode & 0o777 == 0o600  # it holds personal data
    assert names[-1] == "manifest.json"
    assert set(names) == {
        "manifest.json",
        manifest["database"]["member"],
        *(f"files/{name}" for name in files),
    }
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["files"] == {
        name: [len(content), hashlib.sha256(content).hexdigest()] for name, content in files.items()
    }
    assert manifest["counts"]["files"] == len(files)
    assert manifest["missing_files"] == []
    tables = {
        name.split(".")[-1].strip('"'): rows
        for name, rows in manifest["database"]["tables"].items()
    }
    assert tables["otherfunders_otherfundergrant"] == 2
    assert tables["grants_letter"] == 1
    assert ["otherfunders", "0001_initial"] in manifest["migrations"]


def test_a_file_a_row_names_but_missing_from_disk_is_listed(tmp_path, private_root, settings):
    document, *_ = a_programme_with_files(tmp_path, settings)
    (private_root / document.file.name).unlink()
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", str(archive))

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["missing_files"] == [document.file.name]


def test_a_database_holding_data_is_not_replaced_without_force(tmp_path, private_root):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    UserFactory(email="someone@example.org")
    (private_root / "kept.pdf").write_bytes(PDF)
    rows, files = every_row(), every_file(private_root)

    with pytest.raises(CommandError, match="already holds data.*--force"):
        call_command("restore", str(archive), "--no-input")

    assert every_row() == rows
    assert every_file(private_root) == files


def test_a_restore_asks_before_replacing_data_and_stops_at_no(tmp_path, private_root, monkeypatch):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    UserFactory(email="someone@example.org")
    rows = every_row()
    questions = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda question: questions.append(question) or "no")

    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(archive))

    assert "Type 'yes' to go on" in questions[0]
    assert every_row() == rows
