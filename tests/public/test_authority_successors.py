"""An authority that was replaced lists its successors main one first, as the records order them."""

from datetime import date

import pytest
from django.urls import reverse

from innovation_fund.places.models import Succession
from tests.factories import LocalAuthorityFactory

pytestmark = pytest.mark.django_db


def test_successors_are_listed_in_their_recorded_order_not_by_name(client):
    old = LocalAuthorityFactory(name="Old Dorset", valid_to=date(2019, 3, 31))
    main = LocalAuthorityFactory(name="Zeta Dorset")
    other = LocalAuthorityFactory(name="Alpha Bournemouth")
    Succession.objects.create(predecessor=old, successor=other, position=1)
    Succession.objects.create(predecessor=old, successor=main, position=0)
    # The successors' own later changes must not affect the order.
    Succession.objects.create(predecessor=main, successor=LocalAuthorityFactory(), position=0)

    page = client.get(reverse("public:authority_detail", args=[old.slug])).content.decode()
    assert page.index("Zeta Dorset") < page.index("Alpha Bournemouth")
