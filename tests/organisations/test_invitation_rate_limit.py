"""Inviting people by email is limited per person sending (issue 15, point 5): one officer
cannot use the service to email any number of addresses."""

import pytest
from django.urls import reverse

from innovation_fund.organisations.models import Invitation
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def test_an_officer_over_the_invitation_limit_is_told_when_to_try_again(
    client, settings, organisation, officer, outbox, django_capture_on_commit_callbacks
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "invitations_per_person": (3, 3600)}
    sign_in(client, officer)
    url = reverse("organisations:invite", args=[organisation.slug])
    with django_capture_on_commit_callbacks(execute=True):
        responses = [
            client.post(url, {"email": f"person{number}@example.org", "role": "editor"})
            for number in range(4)
        ]
    assert [response.status_code for response in responses] == [302, 302, 302, 429]
    assert len(outbox) == 3
    assert Invitation.objects.filter(organisation=organisation).count() == 3
    refused = responses[-1].content.decode()
    assert "You have sent too many invitations. Try again in" in refused
    assert 'class="govuk-error-summary"' in refused
    assert 'value="person3@example.org"' in refused
