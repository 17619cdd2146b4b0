"""Announcing a round's decisions: grants, public projects, letters and emails."""

from datetime import date

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.urls import reverse

from innovation_fund.applications.models import Application, ApplicationPartner
from innovation_fund.assessment.models import AwardBatch, BatchDecision, Decision, DecisionYear
from innovation_fund.assessment.selectors.announcements import (
    decisions_deferred,
    decisions_waiting,
)
from innovation_fund.assessment.services.announcements import (
    approve_announcement,
    prepare_announcement,
)
from innovation_fund.core.errors import DomainError
from innovation_fund.core.models import AuditEvent
from innovation_fund.core.permissions import Refused
from innovation_fund.grants.models import Grant, Letter, Project, ProjectArea
from innovation_fund.grants.tasks import write_and_send_letter
from innovation_fund.organisations.models import OrganisationType
from tests.applications.builders import officer_of
from tests.assessment.builders import (
    assessed_round,
    assessor_of,
    closed,
    fully_assessed,
    in_state_of_records,
    manager_of,
    submitted_bid,
)
from tests.factories import (
    InnovationFactory,
    LocalAuthorityFactory,
    OrganisationFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

Outcome = Decision.Outcome
# The emails an announcement sends applicants (managers are also asked to approve it).
LETTER_EMAILS = ("grant_offer", "bid_decision")
ANNOUNCED_ON = date(2027, 3, 1)


# --- Shared with the other announcement tests -------------------------------------------------


@pytest.fixture
def letter_storage(tmp_path, monkeypatch, settings):
    """Letters kept in a temporary folder. Letter.file resolved its storage when the model
    loaded, so the field's storage is swapped as well as the setting."""
    location = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location},
        },
    }
    private = FileSystemStorage(location=location)
    monkeypatch.setattr(Letter._meta.get_field("file"), "storage", private)
    return private


def decided(
    application: Application,
    outcome: str,
    *,
    by=None,
    years: dict[int, int] | None = None,
    conditions: str = "",
    reasons: str = "The panel's reasons.",
    supersedes: Decision | None = None,
) -> Decision:
    """A panel decision written straight to the database, with its profile by financial year,
    on a bid fully assessed first (unless it has been decided already)."""
    years = years or {}
    application.refresh_from_db(fields=["state"])
    if application.state in (Application.State.SUBMITTED, Application.State.ELIGIBLE):
        fully_assessed(application)
    decision = Decision.objects.create(
        application=application,
        outcome=outcome,
        award_pence=sum(years.values()) if outcome == Outcome.APPROVE else None,
        conditions=conditions,
        reasons=reasons,
        decided_by=by or manager_of(application.round),
        supersedes=supersedes,
    )
    for financial_year, amount_pence in years.items():
        DecisionYear.objects.create(
            decision=decision, financial_year=financial_year, amount_pence=amount_pence
        )
    in_state_of_records(application)
    return decision


def approved(application, years=None, **kwargs) -> Decision:
    return decided(
        application, Outcome.APPROVE, years=years or {2027: 100_000_00, 2028: 50_000_00}, **kwargs
    )


def rejected(application, **kwargs) -> Decision:
    return decided(application, Outcome.REJECT, **kwargs)


def announce(manager, funding_round, **kwargs) -> AwardBatch:
    """Prepared by `manager` once the round has closed, approved by a second manager."""
    kwargs.setdefault("title", "Round 1 awards")
    kwargs.setdefault("announced_on", ANNOUNCED_ON)
    kwargs.setdefault("text", "The programme has funded **new** projects.")
    closed(funding_round)
    batch = prepare_announcement(manager, funding_round, **kwargs)
    return approve_announcement(manager_of(funding_round), batch)


# --- The service ------------------------------------------------------------------------------


@pytest.fixture
def funding_round():
    return assessed_round()


@pytest.fixture
def manager(funding_round):
    return manager_of(funding_round)


def test_announcing_makes_each_approval_a_grant_and_a_published_project(funding_round, manager):
    bid = submitted_bid(funding_round, title="Family Safeguarding in the North")
    unregistered = ApplicationPartner.objects.create(
        application=bid, name="Local Parents Group", role="Advises", position=5
    )
    decision = approved(bid, conditions="Report every quarter.")

    batch = announce(manager, funding_round)

    assert BatchDecision.objects.get(decision=decision).batch == batch
    grant = Grant.objects.get(decision=decision)
    assert grant.round == funding_round
    assert grant.recipient == bid.lead_organisation
    assert grant.application == bid
    assert grant.batch == batch
    assert grant.amount_pence == 150_000_00
    assert grant.conditions == "Report every quarter."
    assert grant.awarded_on == ANNOUNCED_ON
    assert grant.award_year == 2027
    assert [(y.financial_year, y.amount_pence) for y in grant.years.all()] == [
        (2027, 100_000_00),
        (2028, 50_000_00),
    ]
    project = grant.project
    assert project.is_published
    assert project.name == "Family Safeguarding in the North"
    assert project.slug == "family-safeguarding-in-the-north"
    assert project.summary == bid.summary
    assert project.lead_organisation == bid.lead_organisation
    assert project.round == funding_round
    assert project.focus_area == bid.focus_area
    assert project.amount_pence == 150_000_00
    assert project.award_year == 2027
    assert project.starts_on == funding_round.funding_starts_on
    assert project.ends_on == funding_round.funding_ends_on
    assert project.innovation is None  # a new practice model, not a scale-up
    partners = list(project.partners.all())
    assert partners[0].organisation == bid.partners.first().organisation
    assert (partners[1].organisation, partners[1].description) == (None, unregistered.name)
    assert [(a.authority, a.involvement) for a in project.areas.all()] == [
        (bid.places.get().authority, ProjectArea.Involvement.AREA)
    ]


def test_the_new_project_is_on_the_public_site(client, funding_round, manager):
    bid = submitted_bid(funding_round, title="Mockingbird in the Fens")
    approved(bid)
    announce(manager, funding_round)

    project = Project.objects.get(grant__application=bid)
    response = client.get(reverse("public:project_detail", args=[project.slug]))

    assert response.status_code == 200
    assert "Mockingbird in the Fens" in response.content.decode()
    assert bid.lead_organisation.name in response.content.decode()


def test_a_local_authority_lead_and_a_scaled_innovation_are_on_the_project(funding_round, manager):
    authority = LocalAuthorityFactory()
    council = OrganisationFactory(
        organisation_type=OrganisationType.LOCAL_AUTHORITY, authority=authority
    )
    innovation = InnovationFactory()
    bid = submitted_bid(funding_round, lead_organisation=council)
    Application.objects.filter(pk=bid.pk).update(
        innovation_kind=Application.InnovationKind.SCALE_UP, innovation=innovation
    )
    approved(bid)

    announce(manager, funding_round)

    project = Project.objects.get(grant__application=bid)
    assert project.innovation == innovation
    assert (authority, ProjectArea.Involvement.LEAD) in [
        (area.authority, area.involvement) for area in project.areas.all()
    ]


def test_two_bids_with_the_same_title_get_different_project_addresses(funding_round, manager):
    approved(submitted_bid(funding_round, title="Hope"))
    approved(submitted_bid(funding_round, title="Hope"))

    announce(manager, funding_round)

    assert sorted(Project.objects.values_list("slug", flat=True)) == ["hope", "hope-2"]


def test_rejections_are_announced_without_a_grant(funding_round, manager):
    decision = rejected(submitted_bid(funding_round))

    batch = announce(manager, funding_round)

    assert list(batch.decisions.all()) == [decision]
    assert not Grant.objects.exists()
    assert not Project.objects.exists()


def test_deferred_decisions_are_left_out(funding_round, manager):
    approval = approved(submitted_bid(funding_round))
    deferral = decided(submitted_bid(funding_round), Outcome.DEFER)

    batch = announce(manager, funding_round)

    assert list(batch.decisions.all()) == [approval]
    assert not BatchDecision.objects.filter(decision=deferral).exists()
    assert list(decisions_deferred(funding_round)) == [deferral]


def test_only_the_decision_that_stands_is_announced(funding_round, manager):
    bid = submitted_bid(funding_round)
    first = rejected(bid)
    second = approved(bid, supersedes=first)

    batch = announce(manager, funding_round)

    assert list(batch.decisions.all()) == [second]
    assert Grant.objects.get().decision == second


def test_announcing_is_recorded_in_the_audit_trail(funding_round, manager):
    bid = submitted_bid(funding_round)
    approved(bid)
    rejected_bid = submitted_bid(funding_round)
    rejected(rejected_bid)

    batch = announce(manager, funding_round)

    announced = AuditEvent.objects.get(action="assessment.announced")
    assert batch.prepared_by == manager
    assert announced.actor == batch.announced_by != manager
    assert announced.object_id == str(batch.pk)
    assert announced.after["approved"] == [bid.reference]
    assert announced.after["rejected"] == [rejected_bid.reference]
    created = AuditEvent.objects.get(action="grants.created")
    assert created.object_id == str(Grant.objects.get().pk)
    assert created.after["amount_pence"] == 150_000_00


def test_nothing_to_announce_is_refused(funding_round, manager):
    decided(submitted_bid(funding_round), Outcome.DEFER)

    with pytest.raises(DomainError, match="no approved or rejected bids waiting"):
        announce(manager, funding_round)

    assert not AwardBatch.objects.exists()


def test_a_decision_is_announced_once(funding_round, manager):
    approved(submitted_bid(funding_round))
    announce(manager, funding_round)

    with pytest.raises(DomainError, match="no approved or rejected bids waiting"):
        announce(manager, funding_round, title="Again")

    assert AwardBatch.objects.count() == 1
    assert Grant.objects.count() == 1


def test_decisions_in_other_rounds_are_not_announced(funding_round, manager):
    other_round = assessed_round(programme=funding_round.programme)
    approved(submitted_bid(other_round))

    with pytest.raises(DomainError):
        announce(manager, funding_round)


def test_only_the_programmes_managers_may_announce(funding_round):
    approved(submitted_bid(funding_round))
    other_manager = manager_of(
        assessed_round(programme=ProgrammeFactory(slug="another-programme", name="Another"))
    )

    for person in (assessor_of(funding_round), other_manager):
        with pytest.raises(Refused):
            announce(person, funding_round)
    assert not AwardBatch.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "  ", "Enter a title for the announcement"),
        ("announced_on", None, "Enter the announcement date"),
        ("text", "", "Enter the announcement text"),
    ],
)
def test_an_announcement_needs_a_title_date_and_text(funding_round, manager, field, value, message):
    approved(submitted_bid(funding_round))

    with pytest.raises(DomainError, match=message) as refused:
        announce(manager, funding_round, **{field: value})

    assert refused.value.field == field
    assert not AwardBatch.objects.exists()


def test_a_changed_list_is_not_announced_unseen(funding_round, manager):
    seen = approved(submitted_bid(funding_round))
    approved(submitted_bid(funding_round))  # recorded after the manager opened the page

    with pytest.raises(DomainError, match="have changed since you opened this page"):
        announce(manager, funding_round, expected_decision_ids=[seen.pk])

    assert not AwardBatch.objects.exists()
    assert decisions_waiting(funding_round).count() == 2


# --- Letters and emails, once the announcement has committed ----------------------------------


def test_announcing_writes_each_letter_and_emails_the_accountable_officers(
    funding_round, manager, letter_storage, outbox, django_capture_on_commit_callbacks
):
    winner = submitted_bid(funding_round, title="Winning bid")
    loser = submitted_bid(funding_round, title="Losing bid")
    winner_officers = {officer_of(winner).email, officer_of(winner).email}
    loser_officer = officer_of(loser)
    approval = approved(winner)
    rejection = rejected(loser, reasons="The evaluation plan was too thin.")

    with django_capture_on_commit_callbacks(execute=True):
        batch = announce(manager, funding_round)

    offer = Letter.objects.get(decision=approval)
    assert (offer.kind, offer.application, offer.created_by) == (
        Letter.Kind.OFFER,
        winner,
        batch.announced_by,
    )
    assert letter_storage.exists(offer.file.name)
    assert offer.file.read().startswith(b"%PDF")
    refusal = Letter.objects.get(decision=rejection)
    assert refusal.kind == Letter.Kind.REJECTION
    assert AuditEvent.objects.filter(action="grants.letter_written").count() == 2

    sent = {
        email.to: (email.template, subject, body)
        for email, subject, body in outbox
        if email.template in LETTER_EMAILS
    }
    assert set(sent) == winner_officers | {loser_officer.email}
    offer_link = settings.SERVICE_BASE_URL.rstrip("/") + reverse(
        "grants:letter", args=[winner.reference, offer.pk]
    )
    for email in winner_officers:
        template, subject, body = sent[email]
        assert template == "grant_offer"
        assert "approved" in subject
        assert "£150,000" in body
        assert offer_link in body
    template, subject, body = sent[loser_officer.email]
    assert template == "bid_decision"
    assert "not successful" in body
    assert (
        settings.SERVICE_BASE_URL.rstrip("/")
        + reverse("grants:letter", args=[loser.reference, refusal.pk])
        in body
    )


def test_editors_are_not_emailed(
    funding_round, manager, letter_storage, outbox, django_capture_on_commit_callbacks
):
    from tests.applications.builders import editor_of

    bid = submitted_bid(funding_round)
    editor_of(bid)
    officer = officer_of(bid)
    approved(bid)

    with django_capture_on_commit_callbacks(execute=True):
        announce(manager, funding_round)

    assert [email.to for email, _, _ in outbox if email.template in LETTER_EMAILS] == [
        officer.email
    ]


def test_no_letter_or_email_if_the_announcement_rolls_back(
    funding_round, manager, letter_storage, outbox, django_capture_on_commit_callbacks
):
    officer_of(bid := submitted_bid(funding_round))
    approved(bid)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError):
        announce(manager, funding_round, text="")

    assert not Letter.objects.exists()
    assert outbox == []


def test_running_the_letter_task_again_writes_no_second_letter(
    funding_round, manager, letter_storage, outbox, django_capture_on_commit_callbacks
):
    bid = submitted_bid(funding_round)
    officer_of(bid)
    decision = approved(bid)
    with django_capture_on_commit_callbacks(execute=True):
        announce(manager, funding_round)
    letters_sent = [email for email, _, _ in outbox if email.template in LETTER_EMAILS]
    assert Letter.objects.count() == 1
    assert len(letters_sent) == 1

    with django_capture_on_commit_callbacks(execute=True):
        write_and_send_letter.enqueue(decision_id=decision.pk, created_by_id=manager.pk)

    assert Letter.objects.count() == 1
    assert [email for email, _, _ in outbox if email.template in LETTER_EMAILS] == letters_sent


def test_no_letter_is_written_for_a_decision_not_yet_announced(
    funding_round, manager, letter_storage, outbox
):
    decision = approved(submitted_bid(funding_round))

    with pytest.raises(ValueError, match="has not been announced"):
        write_and_send_letter.call(decision_id=decision.pk, created_by_id=manager.pk)

    assert not Letter.objects.exists()


def test_a_bid_is_never_granted_twice(funding_round, manager):
    bid = submitted_bid(funding_round)
    first = approved(bid)
    announce(manager, funding_round)
    approved(bid, supersedes=first)  # a later decision on an announced award

    with pytest.raises(DomainError, match="already has a grant"):
        announce(manager, funding_round, title="Again")

    assert Grant.objects.count() == 1
    assert AwardBatch.objects.filter(state=AwardBatch.State.ANNOUNCED).count() == 1
