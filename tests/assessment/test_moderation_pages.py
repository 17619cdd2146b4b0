"""The moderation, moderate and ranking pages, from the outside."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.assessment.models import Decision, Moderation
from innovation_fund.assessment.services.moderation import moderate
from tests.applications.builders import officer_of
from tests.assessment.builders import (
    assessed_round,
    assessor_of,
    assigned,
    eligible,
    manager_of,
    moderator_of,
    scored,
    submitted_bid,
)
from tests.factories import ProgrammeFactory
from tests.helpers import sign_in, tables_outside_scroll_regions

pytestmark = pytest.mark.django_db


def scored_bid(funding_round, *score_lists, amount_pence=100_000_00, **kwargs):
    bid = submitted_bid(funding_round, amount_pence=amount_pence, **kwargs)
    eligible(bid)
    for scores in score_lists:
        scored(assigned(bid, assessor_of(funding_round)), scores)
    return bid


def page_urls(bid):
    return [
        reverse("assessment:moderation", args=[bid.round.pk]),
        reverse("assessment:moderate", args=[bid.reference]),
        reverse("assessment:ranking", args=[bid.round.pk]),
    ]


def text_of(response) -> str:
    """The page's words as a reader meets them, without tags."""
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))
    return re.sub(r" ([:;,.])", r"\1", html.unescape(words))


# Who may see and do what


@pytest.mark.parametrize(
    "who", ["assessor", "applicant", "moderator elsewhere", "manager elsewhere"]
)
def test_people_outside_the_panel_get_404_on_every_page(client, who):
    funding_round = assessed_round()
    bid = scored_bid(funding_round, [1, 2], [4, 2])
    elsewhere = assessed_round(programme=ProgrammeFactory(slug="elsewhere"))
    person = {
        "assessor": lambda: bid.assignments.first().assessor,
        "applicant": lambda: officer_of(bid),
        "moderator elsewhere": lambda: moderator_of(elsewhere),
        "manager elsewhere": lambda: manager_of(elsewhere),
    }[who]()
    sign_in(client, person)

    for url in page_urls(bid):
        assert client.get(url).status_code == 404, url
    assert client.post(page_urls(bid)[1], {"reason": "Agreed"}).status_code == 404
    assert not Moderation.objects.exists()


def test_signing_in_is_needed(client):
    bid = scored_bid(assessed_round(), [1, 2])
    for url in page_urls(bid):
        response = client.get(url)
        assert response.status_code == 302
        assert "sign-in" in response.url or "login" in response.url


def test_a_manager_may_look_but_not_record(client):
    funding_round = assessed_round()
    bid = scored_bid(funding_round, [1, 2], [4, 2])
    first, second = funding_round.criteria.all()
    sign_in(client, manager_of(funding_round))

    for url in page_urls(bid):
        assert client.get(url).status_code == 200, url
    page = client.get(page_urls(bid)[1])
    assert "Only a moderator of this programme can record moderated scores" in text_of(page)
    assert 'name="reason"' not in page.content.decode()

    response = client.post(
        page_urls(bid)[1],
        {f"criterion_{first.pk}": "3", f"criterion_{second.pk}": "2", "reason": "Agreed"},
    )
    assert response.status_code == 404
    assert not Moderation.objects.exists()


# The overview


def test_the_overview_flags_disagreement_and_can_filter(client):
    funding_round = assessed_round(disagreement_threshold=2)
    split = scored_bid(funding_round, [0, 2], [3, 2], reference="SPLIT-BID")
    calm = scored_bid(funding_round, [2, 2], [3, 3], reference="CALM-BID")
    sign_in(client, moderator_of(funding_round))
    url = reverse("assessment:moderation", args=[funding_round.pk])

    every = text_of(client.get(url))
    assert "SPLIT-BID" in every and "CALM-BID" in every
    assert every.count("Assessors disagree") == 1
    assert "2 of 2" in every
    moderate_link = reverse("assessment:moderate", args=[split.reference])
    assert moderate_link in client.get(url).content.decode()

    flagged = text_of(client.get(url, {"flagged": "on"}))
    assert split.reference in flagged
    assert calm.reference not in flagged
    assert "1 bid where assessors disagree" in flagged


# Moderating a bid


def test_the_moderate_page_shows_scores_side_by_side(client):
    funding_round = assessed_round(disagreement_threshold=2)
    bid = scored_bid(funding_round, [0, 2], [3, 2])
    sign_in(client, moderator_of(funding_round))

    page = text_of(client.get(reverse("assessment:moderate", args=[bid.reference])))

    assert "Why 0" in page and "Why 3" in page
    assert "Assessors disagree" in page
    assert "Mean 42.5" in page  # (0 + 20) and (45 + 20), out of 100
    assert "4 – Excellent: the bid meets the criterion fully, with strong evidence" in page
    assert "This bid has not been moderated" in page


def test_a_moderator_records_scores_and_sees_the_latest_counts(client):
    funding_round = assessed_round()
    bid = scored_bid(funding_round, [1, 2], [4, 2])
    first, second = funding_round.criteria.all()
    moderator = moderator_of(funding_round)
    moderate(moderator, bid, {first.pk: 0, second.pk: 0}, "First thoughts")
    sign_in(client, moderator)
    url = reverse("assessment:moderate", args=[bid.reference])

    form_page = client.get(url).content.decode()
    assert re.search(rf'name="criterion_{first.pk}" type="radio" value="0" checked', form_page)

    response = client.post(
        url,
        {f"criterion_{first.pk}": "3", f"criterion_{second.pk}": "2", "reason": "Agreed at panel"},
        follow=True,
    )

    assert response.redirect_chain == [(url, 302)]
    page = text_of(response)
    assert f"Moderated scores recorded for {bid.reference}" in page
    assert "Agreed at panel" in page and "First thoughts" in page
    assert page.count("Counts") == 1
    assert page.count("Replaced") == 1
    latest = Moderation.objects.order_by("id").last()
    assert {s.criterion_id: s.score for s in latest.scores.all()} == {first.pk: 3, second.pk: 2}


def test_the_final_score_reads_the_same_on_every_page_that_shows_it(client):
    funding_round = assessed_round()
    bid = scored_bid(funding_round, [1, 2], [4, 2])  # totals 35 and 80 out of 100
    first, second = funding_round.criteria.all()
    sign_in(client, manager_of(funding_round))
    decision_url = reverse("assessment:decision", args=[bid.reference])
    moderate_url, ranking_url = page_urls(bid)[1:]

    tag = '<strong class="govuk-tag govuk-tag--blue">Moderated</strong>'
    assert "57.5 out of 100 (the assessors’ mean)" in text_of(client.get(decision_url))
    assert "Final score 57.5" in text_of(client.get(moderate_url))
    for url in [decision_url, moderate_url, ranking_url]:
        assert tag not in client.get(url).content.decode(), url

    moderate(moderator_of(funding_round), bid, {first.pk: 4, second.pk: 4}, "Agreed at panel")
    assert "100.0 out of 100 Moderated" in text_of(client.get(decision_url))
    assert "Final score 100.0 Moderated" in text_of(client.get(moderate_url))
    assert "100.0 Moderated" in text_of(client.get(ranking_url))
    for url in [decision_url, moderate_url, ranking_url]:
        assert tag in client.get(url).content.decode(), url


def test_bad_input_shows_the_errors_and_keeps_what_was_typed(client):
    funding_round = assessed_round()
    bid = scored_bid(funding_round, [1, 2], [4, 2])
    first, second = funding_round.criteria.all()
    sign_in(client, moderator_of(funding_round))

    response = client.post(
        reverse("assessment:moderate", args=[bid.reference]),
        {f"criterion_{first.pk}": "3", "reason": ""},
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Error: " in content
    assert "There is a problem" in content
    assert f'href="#id_criterion_{second.pk}">Choose a score for Criterion 2' in content
    assert "Enter why these are the scores" in content
    assert re.search(rf'name="criterion_{first.pk}" type="radio" value="3" checked', content)
    assert not Moderation.objects.exists()


def test_the_page_says_why_a_bid_cannot_be_moderated_yet(client):
    funding_round = assessed_round()
    bid = scored_bid(funding_round, [1, 2])
    scored(assigned(bid, assessor_of(funding_round)), [None, None], submitted=False)
    sign_in(client, moderator_of(funding_round))

    page = client.get(reverse("assessment:moderate", args=[bid.reference]))

    assert "every assigned assessor has submitted: 1 of 2 have" in text_of(page)
    assert 'name="reason"' not in page.content.decode()


def test_a_refusal_from_the_service_is_shown_in_the_error_summary(client):
    funding_round = assessed_round()
    bid = scored_bid(funding_round, [1, 2], [4, 2])
    first, second = funding_round.criteria.all()
    moderator = moderator_of(funding_round)
    sign_in(client, moderator)
    url = reverse("assessment:moderate", args=[bid.reference])
    client.get(url)
    Decision.objects.create(
        application=bid,
        outcome=Decision.Outcome.DEFER,
        reasons="Later",
        decided_by=manager_of(funding_round),
    )

    response = client.post(
        url, {f"criterion_{first.pk}": "3", f"criterion_{second.pk}": "2", "reason": "Agreed"}
    )

    assert response.status_code == 200
    assert "<title>Error: " in response.content.decode()
    assert "The panel has decided on this bid" in text_of(response)


# The ranked list


def test_the_ranking_draws_the_budget_line_in_words(client):
    funding_round = assessed_round(weights=(100,), budget_pence=200_000_00)
    for reference, score in (("R-FIRST", 4), ("R-SECOND", 3), ("R-THIRD", 2)):
        scored_bid(funding_round, [score], reference=reference)
    scored_bid(funding_round, reference="R-WAITING")
    sign_in(client, moderator_of(funding_round))

    page = text_of(client.get(reverse("assessment:ranking", args=[funding_round.pk])))

    assert (
        "The money runs out here: the bids above fit within the round's envelope of £200,000; "
        "the bids below do not." in page
    )
    assert page.index("R-SECOND") < page.index("The money runs out here") < page.index("R-THIRD")
    assert "falls after the bid ranked 2 of 3" in page
    assert page.index("Bids not yet scored") < page.index("R-WAITING")


def test_the_panel_pages_have_breadcrumbs_and_tables_that_scroll_in_their_own_box(client):
    funding_round = assessed_round(weights=(100,), budget_pence=200_000_00)
    bid = scored_bid(funding_round, [3], reference="R-SCORED")
    scored_bid(funding_round, reference="R-WAITING")

    for person, first_crumb in (
        (manager_of(funding_round), reverse("programmes:list")),
        (moderator_of(funding_round), reverse("accounts:home")),
    ):
        sign_in(client, person)
        for url in page_urls(bid):
            page = client.get(url).content.decode()
            assert tables_outside_scroll_regions(page) == [], url
            crumbs = page.split('<nav class="govuk-breadcrumbs"', 1)[1].split("</nav>", 1)[0]
            assert f'href="{first_crumb}"' in crumbs, url
        ranking = client.get(page_urls(bid)[2]).content.decode()
        assert 'aria-label="Bids not yet scored" tabindex="0"' in ranking


def test_the_ranking_says_when_no_envelope_is_set(client):
    funding_round = assessed_round(weights=(100,), budget_pence=None)
    scored_bid(funding_round, [4])
    sign_in(client, manager_of(funding_round))

    page = text_of(client.get(reverse("assessment:ranking", args=[funding_round.pk])))

    assert "No envelope is set" in page and "no budget line can be drawn" in page
    assert "The money runs out here" not in page


# Query counts


def round_with_bids(count: int):
    funding_round = assessed_round(budget_pence=250_000_00)
    moderator = moderator_of(funding_round)
    manager = manager_of(funding_round)
    criteria = list(funding_round.criteria.all())
    for index in range(count):
        bid = scored_bid(funding_round, [index % 5, 2], [4, 1])
        moderate(moderator, bid, {criterion.pk: 2 for criterion in criteria}, "Agreed")
        Decision.objects.create(
            application=bid,
            outcome=Decision.Outcome.DEFER,
            reasons="Later",
            decided_by=manager,
        )
    waiting = submitted_bid(funding_round)
    eligible(waiting)
    assigned(waiting, assessor_of(funding_round))
    return funding_round, moderator


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["assessment:moderation", "assessment:ranking"])
def test_round_pages_make_a_fixed_number_of_queries(client, page):
    counts = []
    for size in (2, 8):
        funding_round, moderator = round_with_bids(size)
        sign_in(client, moderator)
        counts.append(queries_for(client, reverse(page, args=[funding_round.pk])))
    assert counts[0] == counts[1], counts
