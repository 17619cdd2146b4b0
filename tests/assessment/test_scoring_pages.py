"""Assessors' pages from the outside: the bids assigned to them and scoring one bid. Nobody else
(another assessor, the applicant) can open a bid's scoring page, and no one sees another
assessor's scores or comments before submitting their own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.applications.models import Application
from innovation_fund.assessment.models import Assessment, Assignment, Score
from tests.applications.builders import officer_of
from tests.assessment.builders import (
    Role,
    assessed_round,
    assessor_of,
    assigned,
    person_with_role,
    scored,
    submitted_bid,
)
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

OTHERS_COMMENT = "Confidential view of another assessor"
OTHERS_DRAFT_COMMENT = "Unfinished thoughts of a third assessor"


@pytest.fixture
def funding_round():
    return assessed_round(weights=(60, 40))


@pytest.fixture
def bid(funding_round):
    return submitted_bid(funding_round, title="Family group conferencing")


@pytest.fixture
def assessor(funding_round):
    return assessor_of(funding_round)


@pytest.fixture
def assignment(bid, assessor):
    return assigned(bid, assessor)


@pytest.fixture
def others_scores(funding_round, bid):
    """A second assessor's submitted scores (4 and 0: 60.0) and a third's draft."""
    submitted = scored(
        assigned(bid, person_with_role(funding_round, Role.ASSESSOR, full_name="Sam Other")),
        [4, 0],
    )
    Score.objects.filter(assessment=submitted).update(comment=OTHERS_COMMENT)
    draft = scored(assigned(bid, assessor_of(funding_round)), [1, 1], submitted=False)
    Score.objects.filter(assessment=draft).update(comment=OTHERS_DRAFT_COMMENT)
    return submitted


def score_url(bid):
    return reverse("assessment:score", args=[bid.reference])


def form_data(funding_round, scores, comments, action="draft", version=0):
    data = {"action": action, "version": version}
    for criterion, score, comment in zip(
        funding_round.criteria.all(), scores, comments, strict=True
    ):
        if score is not None:
            data[f"score_{criterion.pk}"] = score
        data[f"comment_{criterion.pk}"] = comment
    return data


def assert_no_trace_of_others(html):
    assert OTHERS_COMMENT not in html
    assert OTHERS_DRAFT_COMMENT not in html
    assert "Sam Other" not in html
    assert "60.0" not in html


# The list of assigned bids


def test_the_list_shows_only_bids_assigned_to_the_person_grouped_by_round(
    client, funding_round, bid, assessor, assignment
):
    other_round = assessed_round()
    later = submitted_bid(other_round, title="Mockingbird family model")
    scored(assigned(later, assessor), [2, None], submitted=False)
    not_mine = submitted_bid(funding_round, title="Not assigned to them")
    assigned(not_mine, assessor_of(funding_round))
    withdrawn = submitted_bid(funding_round, title="Taken off them")
    Assignment.objects.filter(pk=assigned(withdrawn, assessor).pk).update(
        state=Assignment.State.WITHDRAWN
    )

    html = sign_in(client, assessor).get(reverse("assessment:my_assessments")).content.decode()

    assert funding_round.name in html and other_round.name in html
    assert "Family group conferencing" in html and "Mockingbird family model" in html
    assert bid.lead_organisation.name in html
    assert score_url(bid) in html
    assert "Not started" in html and "In progress" in html
    assert "Not assigned to them" not in html
    assert "Taken off them" not in html
    assert 'href="/assessment/conflicts/"' in html


def test_someone_with_nothing_assigned_is_told_so(client, funding_round):
    html = (
        sign_in(client, assessor_of(funding_round))
        .get(reverse("assessment:my_assessments"))
        .content.decode()
    )

    assert "No bids are assigned to you to assess." in html


def test_the_list_needs_signing_in(client):
    response = client.get(reverse("assessment:my_assessments"))

    assert response.status_code == 302
    assert reverse("accounts:sign_in") in response["Location"]


def test_the_list_makes_the_same_number_of_queries_however_many_bids(client, funding_round):
    assessor = assessor_of(funding_round)
    other_round = assessed_round()

    def assign(count):
        for index in range(count):
            bid = submitted_bid(other_round if index % 2 else funding_round)
            assignment = assigned(bid, assessor)
            if index % 3 == 1:
                scored(assignment, [1, 1], submitted=index % 2 == 0)

    sign_in(client, assessor)
    url = reverse("assessment:my_assessments")
    assign(2)
    with CaptureQueriesContext(connection) as with_two:
        assert client.get(url).status_code == 200
    assign(6)
    with CaptureQueriesContext(connection) as with_eight:
        html = client.get(url).content.decode()

    assert html.count('href="/assessment/bids/') == 8
    assert len(with_two) == len(with_eight)


# Who may open a bid's scoring page


def test_an_assessor_not_assigned_the_bid_gets_404(client, funding_round, bid, assignment):
    sign_in(client, assessor_of(funding_round))

    assert client.get(score_url(bid)).status_code == 404
    assert client.post(score_url(bid), {"action": "draft", "version": 0}).status_code == 404
    assert not Assessment.objects.exists()


def test_an_assessor_whose_assignment_was_withdrawn_gets_404(client, bid, assessor, assignment):
    Assignment.objects.filter(pk=assignment.pk).update(state=Assignment.State.WITHDRAWN)

    assert sign_in(client, assessor).get(score_url(bid)).status_code == 404


def test_a_bid_no_longer_submitted_gets_404(client, bid, assessor, assignment):
    Application.objects.filter(pk=bid.pk).update(state=Application.State.WITHDRAWN)

    assert sign_in(client, assessor).get(score_url(bid)).status_code == 404


def test_the_bids_own_accountable_officer_never_sees_scores_or_comments(client, bid, others_scores):
    sign_in(client, officer_of(bid))

    assert client.get(score_url(bid)).status_code == 404
    html = client.get(reverse("assessment:my_assessments")).content.decode()
    assert "No bids are assigned to you to assess." in html
    assert_no_trace_of_others(html)


def test_the_scoring_page_needs_signing_in(client, bid, assignment):
    response = client.get(score_url(bid))

    assert response.status_code == 302
    assert reverse("accounts:sign_in") in response["Location"]


# Scoring


def test_the_page_shows_the_bid_the_scale_and_each_criterion(
    client, funding_round, bid, assessor, assignment
):
    html = sign_in(client, assessor).get(score_url(bid)).content.decode()

    assert "Family group conferencing" in html
    assert bid.lead_organisation.name in html
    assert "£100,000" in html  # the sum of its budget lines
    assert bid.focus_area.name in html
    assert reverse("applications:check_answers", args=[bid.reference]) in html
    for criterion in funding_round.criteria.all():
        assert f"{criterion.name} ({criterion.weight}%)" in html
        assert f'name="score_{criterion.pk}"' in html
        assert f'name="comment_{criterion.pk}"' in html
    assert "4 – Excellent: the bid meets the criterion fully" in html
    assert "Save as draft" in html and "Submit scores" in html
    assert "out of 100" not in html  # no total until every criterion is scored


def test_a_draft_is_saved_and_the_total_shown_once_every_criterion_is_scored(
    client, funding_round, bid, assessor, assignment
):
    sign_in(client, assessor)

    response = client.post(
        score_url(bid), form_data(funding_round, [3, None], ["Good evidence", ""])
    )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Your draft scores have been saved." in html
    assert "Good evidence" in html
    assert "out of 100" not in html

    client.post(score_url(bid), form_data(funding_round, [3, 2], ["Good evidence", ""], version=1))

    html = client.get(score_url(bid)).content.decode()
    assert "65.0 out of 100" in html
    assert Assessment.objects.get().state == Assessment.State.DRAFT


def test_submitting_with_gaps_shows_every_error_and_keeps_what_was_typed(
    client, funding_round, bid, assessor, assignment
):
    first, second = funding_round.criteria.all()

    response = sign_in(client, assessor).post(
        score_url(bid),
        form_data(funding_round, [3, None], ["", "Kept comment"], action="submit"),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "There is a problem" in html
    assert f'href="#id_comment_{first.pk}"' in html
    assert f'href="#id_score_{second.pk}"' in html
    assert f"Enter a comment on {first.name}" in html
    assert f"Select a score for {second.name}" in html
    assert "Kept comment" in html
    assert (
        f'id="id_score_{first.pk}_3" name="score_{first.pk}" type="radio" value="3" checked' in html
    )
    assert not Assessment.objects.exists()


def test_a_save_from_an_older_tab_is_refused_and_shows_what_is_saved(
    client, funding_round, bid, assessor, assignment
):
    sign_in(client, assessor)
    client.post(score_url(bid), form_data(funding_round, [3, None], ["Saved in tab one", ""]))

    response = client.post(
        score_url(bid), form_data(funding_round, [1, None], ["Typed in tab two", ""], version=0)
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "another tab or window" in html
    assert "Saved in tab one" in html and "Typed in tab two" in html
    assert 'name="version" value="1"' in html  # the next save goes ahead on top
    assert Score.objects.get(score__isnull=False).comment == "Saved in tab one"


def test_other_assessors_scores_appear_only_after_submitting_ones_own(
    client, funding_round, bid, assessor, assignment, others_scores
):
    sign_in(client, assessor)
    assert_no_trace_of_others(client.get(score_url(bid)).content.decode())
    assert_no_trace_of_others(client.get(reverse("assessment:my_assessments")).content.decode())

    client.post(score_url(bid), form_data(funding_round, [3, 2], ["Mine A", "Mine B"], version=0))
    assert_no_trace_of_others(client.get(score_url(bid)).content.decode())

    response = client.post(
        score_url(bid), form_data(funding_round, [3, 2], ["Mine A", "Mine B"], "submit", 1)
    )
    assert response.status_code == 302

    html = client.get(score_url(bid)).content.decode()
    assert "Your scores have been submitted." in html
    assert "65.0 out of 100" in html
    assert "Sam Other" in html
    assert OTHERS_COMMENT in html
    assert "60.0 out of 100" in html
    assert OTHERS_DRAFT_COMMENT not in html  # drafts never
    assert 'name="score_' not in html  # read-only now


def test_submitted_scores_cannot_be_changed_through_the_page(
    client, funding_round, bid, assessor, assignment
):
    scored(assignment, [3, 2])

    response = sign_in(client, assessor).post(
        score_url(bid), form_data(funding_round, [0, 0], ["x", "y"], "submit", 1)
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "they cannot be changed" in html
    assert "<title>Error: " in html
    assert sorted(Score.objects.values_list("score", flat=True)) == [2, 3]
