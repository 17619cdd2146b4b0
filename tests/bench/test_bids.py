"""`make bench`'s national bids: made up and labelled so, kept off the public pages, built once,
and the signed-in pages it times answer for the people it signs in as."""

import pytest

from bench.bids import bid_pages, build_bids
from innovation_fund.applications.models import Application
from tests.factories import LocalAuthorityFactory

pytestmark = pytest.mark.django_db


def test_synthetic_bids_are_labelled_kept_off_public_pages_and_built_once(client):
    LocalAuthorityFactory.create_batch(3)
    bid_round = build_bids(40)
    bids = Application.objects.filter(round=bid_round)
    assert bids.count() == 40
    assert all(title.endswith("(not real)") for title in bids.values_list("title", flat=True))
    assert bid_round.is_demonstration and "(not real)" in bid_round.programme.name
    assert bids.filter(state=Application.State.SUBMITTED).exists()
    assert all(bid.places.count() == 2 and bid.budget_lines.count() == 2 for bid in bids)
    assert build_bids(40) == bid_round and bids.count() == 40  # nothing added the second time
    assert bid_round.name not in client.get("/map/").content.decode()  # nor in its rounds


def test_the_pages_timed_answer_for_the_people_signed_in():
    LocalAuthorityFactory.create_batch(3)
    bid_round = build_bids(25)
    manager_pages, manager, applicant_pages, applicant = bid_pages(bid_round)
    for _, path in manager_pages:
        assert manager.get(path).status_code == 200, path
    for _, path in applicant_pages:
        assert applicant.get(path).status_code == 200, path
    listed = manager.get(manager_pages[0][1]).content.decode()
    submitted = Application.objects.filter(round=bid_round, state=Application.State.SUBMITTED)
    assert submitted.first().reference in listed or submitted.count() > 20
