import pytest

from innovation_fund.core.slugs import unique_slug, unique_slug_in
from innovation_fund.organisations.models import Organisation
from tests.factories import OrganisationFactory


def test_a_name_becomes_a_slug_cut_to_length_without_a_trailing_dash():
    assert unique_slug("Bright Futures – Leeds", set(), fallback="x") == "bright-futures-leeds"
    assert unique_slug("abc def", set(), fallback="x", max_length=4) == "abc"
    assert unique_slug("!!!", set(), fallback="organisation") == "organisation"


def test_a_taken_slug_gets_the_next_free_number():
    assert unique_slug("bright", set(), fallback="x") == "bright"
    assert unique_slug("bright", {"bright"}, fallback="x") == "bright-2"
    assert unique_slug("bright", {"bright", "bright-2"}, fallback="x") == "bright-3"


@pytest.mark.django_db
def test_a_slug_free_in_a_table_and_among_reserved_words(django_assert_num_queries):
    OrganisationFactory(slug="bright")
    OrganisationFactory(slug="bright-2")
    with django_assert_num_queries(1):
        assert unique_slug_in(Organisation.objects, "Bright", fallback="x") == "bright-3"
    reserved = frozenset({"register"})
    assert unique_slug_in(Organisation.objects, "Register", fallback="x", reserved=reserved) == (
        "register-2"
    )
