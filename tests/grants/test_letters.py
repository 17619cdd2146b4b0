"""Decision letters as PDF: what each says, and that they are accessible documents."""

import io
from datetime import date

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from innovation_fund.assessment.models import AwardBatch, BatchDecision, Decision
from innovation_fund.grants.letters import (
    LETTERS_DIR,
    LocalFilesOnly,
    NoLetterForOutcome,
    RemoteResourceRefused,
    render_letter,
)
from tests.assessment.builders import assessed_round, manager_of, submitted_bid
from tests.assessment.test_announcements import approved, decided, rejected
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    # Lines wrap where the page does: compare words, not layout.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def announced(decision: Decision, on=date(2027, 3, 1)) -> Decision:
    batch = AwardBatch.objects.create(
        round=decision.application.round,
        title="Round awards",
        announced_on=on,
        text="Awards.",
        announced_by=decision.decided_by,
    )
    BatchDecision.objects.create(batch=batch, decision=decision)
    return decision


@pytest.fixture
def bid():
    funding_round = assessed_round(name="Round 3: scale and spread")
    lead = OrganisationFactory(
        name="Hertfordshire County Council",
        address_line_1="County Hall",
        address_line_2="Pegs Lane",
        town="Hertford",
        postcode="SG13 8DE",
    )
    return submitted_bid(funding_round, title="Family Safeguarding", lead_organisation=lead)


def test_the_offer_letter_gives_the_grant_its_profile_and_conditions(bid):
    decision = announced(
        approved(
            bid,
            years={2027: 100_000_00, 2028: 45_500_50},
            conditions="Share the evaluation report with the department by March 2029.",
        )
    )

    text = pdf_text(render_letter(decision))

    assert "Department for Education" in text  # the programme's funder
    assert "Children's Social Care Innovation Programme" in text.replace("’", "'")
    assert "1 March 2027" in text
    assert "Hertfordshire County Council" in text
    assert "County Hall Pegs Lane Hertford SG13 8DE" in text
    assert bid.reference in text
    assert "Family Safeguarding" in text
    assert "Round 3: scale and spread" in text
    assert "£145,500.50" in text
    assert "2027-28 £100,000" in text
    assert "2028-29 £45,500.50" in text
    assert "Share the evaluation report with the department by March 2029." in text
    assert "Instalment plan: to be agreed" in text
    assert "not successful" not in text


def test_the_rejection_letter_gives_the_reasons(bid):
    decision = announced(
        rejected(bid, reasons="The bid did not show how outcomes would be measured.")
    )

    text = pdf_text(render_letter(decision))

    assert "The bid did not show how outcomes would be measured." in text
    assert bid.reference in text
    assert "Family Safeguarding" in text
    assert "£" not in text
    assert "Instalment" not in text


def test_typed_text_is_printed_as_written_not_as_markup(bid):
    decision = announced(rejected(bid, reasons="Costs <b>unclear</b> & vague"))

    assert "Costs <b>unclear</b> & vague" in pdf_text(render_letter(decision))


def test_a_letter_is_an_accessible_pdf_with_a_language_and_title(bid):
    decision = announced(approved(bid))

    reader = PdfReader(io.BytesIO(render_letter(decision)))

    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/MarkInfo"]["/Marked"]  # tagged, so it can be read aloud in order
    assert "/StructTreeRoot" in catalog
    assert reader.metadata.title == f"Grant offer letter: {bid.reference}"


def test_a_deferred_bid_has_no_letter(bid):
    decision = decided(bid, Decision.Outcome.DEFER, by=manager_of(bid.round))

    with pytest.raises(NoLetterForOutcome):
        render_letter(decision)


@pytest.mark.parametrize(
    "source",
    [
        '<img src="https://example.org/logo.png" alt="">',
        "<style>@font-face { font-family: X; src: url(http://fonts.example/x.woff2); }</style>",
        '<img src="file:///etc/hostname" alt="">',
    ],
)
def test_letters_never_fetch_from_the_network_or_outside_their_folder(source):
    html = HTML(
        string=f"<html><body>{source}<p>Hello</p></body></html>",
        base_url=str(LETTERS_DIR),
        url_fetcher=LocalFilesOnly(allowed_protocols=["file"]),
    )

    with pytest.raises(RemoteResourceRefused):
        html.write_pdf()
