"""Inviting people to a programme's team is limited per manager (issue 15, point 5)."""

import pytest
from django.urls import reverse

from innovation_fund.programmes.models import ProgrammeInvitation
from tests.factories import ProgrammeFactory, ProgrammeRoleFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def test_a_manager_over_the_invitation_limit_is_told_when_to_try_again(
    client, settings, outbox, django_capture_on_commit_callbacks
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "invitations_per_person": (3, 3600)}
    programme = ProgrammeFactory()
    manager = ProgrammeRoleFactory(programme=programme).user
    sign_in(client, manager)
    url = reverse("programmes:team_invite", args=[programme.pk])
    with django_capture_on_commit_callbacks(execute=True):
        responses = [
            client.post(url, {"email": f"person{number}@example.org", "roles": ["assessor"]})
            for number in range(4)
        ]
    assert [response.status_code for response in responses] == [302, 302, 302, 429]
    assert len(outbox) == 3
    assert ProgrammeInvitation.objects.filter(programme=programme).count() == 3
    refused = responses[-1].content.decode()
    assert "You have sent too many invitations. Try again in" in refused
    assert 'class="govuk-error-summary"' in refused
    assert 'value="person3@example.org"' in refused
