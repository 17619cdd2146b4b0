"""Announcing awards refreshes the open data file, so new grants are published with them.

Kept apart from test_publishing.py, whose module keeps the real programme loaded: the bids built
here would clash with its local authorities."""

import json

import pytest
from django.urls import reverse

from innovation_fund.grants.models import Grant
from tests.assessment.builders import assessed_round, manager_of, submitted_bid
from tests.assessment.test_announcements import announce, approved

pytestmark = pytest.mark.django_db


def test_announcing_awards_refreshes_the_file_with_the_new_grants(
    client, django_capture_on_commit_callbacks
):
    funding_round = assessed_round()
    approved(submitted_bid(funding_round, title="Family Safeguarding in the North"))
    with django_capture_on_commit_callbacks(execute=True):
        announce(manager_of(funding_round), funding_round)

    grant = Grant.objects.get(decision__isnull=False)
    response = client.get(reverse("opendata:download_json"))
    package = json.loads(b"".join(response.streaming_content))
    published = {item["id"]: item for item in package["grants"]}
    assert published[f"360G-cscip-{grant.project.slug}"]["amountAwarded"] == 150_000
