"""A programme may say it has a single manager (then its announcements need no second
approval, and say so): a checkbox on the programme's form."""

import pytest
from django.urls import reverse

from innovation_fund.core.models import AuditEvent
from innovation_fund.programmes.services import programmes as programmes_services
from tests.factories import ProgrammeFactory, ProgrammeRoleFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return ProgrammeFactory()


@pytest.fixture
def manager(programme):
    return ProgrammeRoleFactory(programme=programme).user


def posted(programme, **changes) -> dict:
    return {
        "name": programme.name,
        "funder_name": programme.funder_name,
        "summary": programme.summary,
        "budget_pence": "20,000,000",
        "fingerprint": programmes_services.programme_fingerprint(programme),
        **changes,
    }


def test_the_form_offers_the_single_manager_checkbox(client, manager, programme):
    page = sign_in(client, manager).get(reverse("programmes:edit", args=[programme.pk]))

    assert 'name="has_single_manager"' in page.content.decode()
    assert "The programme has a single manager" in page.content.decode()


def test_ticking_it_is_saved_and_audited_and_unticking_it_clears_it(client, manager, programme):
    sign_in(client, manager)
    url = reverse("programmes:edit", args=[programme.pk])

    assert client.post(url, posted(programme, has_single_manager="on")).status_code == 302
    programme.refresh_from_db()
    assert programme.has_single_manager
    event = AuditEvent.objects.filter(action__startswith="programme.").latest("occurred_at")
    assert event.after.get("has_single_manager") is True

    assert client.post(url, posted(programme)).status_code == 302
    programme.refresh_from_db()
    assert not programme.has_single_manager


def test_the_programme_page_says_who_approves_announcements(client, manager, programme):
    sign_in(client, manager)
    url = reverse("programmes:detail", args=[programme.pk])
    assert "A second programme manager, never the one who prepared it" in client.get(url).text
    programme.has_single_manager = True
    programme.save()
    assert "approves their own announcements (no second approval)" in client.get(url).text
