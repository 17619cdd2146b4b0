"""Official identifiers are checked and turned into org-ids; the register gives the LAE codes."""

import re
import string
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innovation_fund.organisations.identifiers import (
    IdentifierError,
    authority_org_id,
    internal_org_id,
    is_internal,
    normalise_charity_number,
    normalise_company_number,
    resolve_identifier,
)
from innovation_fund.organisations.models import OrganisationType
from innovation_fund.places.models import Succession
from tests.factories import LocalAuthorityFactory

TODAY = date(2027, 1, 15)
ASCII_DIGITS = st.sampled_from(string.digits)
ASCII_UPPER = st.sampled_from(string.ascii_uppercase)
SPACES = st.text(alphabet=" \t", max_size=2)


def sprinkle_spaces(draw, text: str) -> str:
    return "".join(draw(SPACES) + character for character in text) + draw(SPACES)


@st.composite
def charity_numbers(draw):
    digits = draw(st.lists(ASCII_DIGITS, min_size=6, max_size=7))
    return "".join(digits)


@st.composite
def company_numbers(draw):
    if draw(st.booleans()):
        return "".join(draw(st.lists(ASCII_DIGITS, min_size=8, max_size=8)))
    letters = "".join(draw(st.lists(ASCII_UPPER, min_size=2, max_size=2)))
    return letters + "".join(draw(st.lists(ASCII_DIGITS, min_size=6, max_size=6)))


# --- Charity numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1000147", "1000147"),
        ("216250", "216250"),
        (" 1000 147 ", "1000147"),
        ("GB-CHC-1000147", "1000147"),
        ("gb-chc-1000147", "1000147"),
    ],
)
def test_good_charity_numbers_are_accepted(typed, expected):
    assert normalise_charity_number(typed) == expected


@pytest.mark.parametrize(
    "typed", ["12345", "12345678", "10001A7", "1000147-1", "SC012345", "１０００１４７", "١٠٠٠١٤٧"]
)
def test_bad_charity_numbers_are_refused_with_an_example(typed):
    with pytest.raises(IdentifierError) as caught:
        normalise_charity_number(typed)
    assert caught.value.message == "Enter a charity number of 6 or 7 digits, like 1000147"
    assert caught.value.field == "charity_number"


def test_a_missing_charity_number_is_asked_for():
    with pytest.raises(IdentifierError, match="Enter the charity number"):
        normalise_charity_number("   ")


@given(number=charity_numbers(), data=st.data())
def test_any_6_or_7_digit_charity_number_is_accepted_whatever_the_spacing(number, data):
    typed = sprinkle_spaces(data.draw, number)
    assert normalise_charity_number(typed) == number


@given(st.text(max_size=12))
def test_a_charity_number_is_accepted_only_if_it_is_6_or_7_ascii_digits(typed):
    squashed = "".join(typed.split())
    if squashed.upper().startswith("GB-CHC-"):
        squashed = squashed[7:]
    valid = bool(re.fullmatch(r"[0-9]{6,7}", squashed, flags=re.ASCII))
    try:
        result = normalise_charity_number(typed)
    except IdentifierError:
        assert not valid
    else:
        assert valid and result == squashed


# --- Company numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("01234567", "01234567"),
        ("SC123456", "SC123456"),
        ("sc 123 456", "SC123456"),
        ("oc301540", "OC301540"),
        ("GB-COH-09876543", "09876543"),
    ],
)
def test_good_company_numbers_are_accepted(typed, expected):
    assert normalise_company_number(typed) == expected


@pytest.mark.parametrize(
    "typed", ["SC12345", "S1234567", "123456789", "ABC12345", "12-34-56-78", ""]
)
def test_bad_company_numbers_are_refused_with_an_example(typed):
    with pytest.raises(IdentifierError) as caught:
        normalise_company_number(typed)
    assert caught.value.message == (
        "Enter a company number of 8 characters, like 01234567 or SC123456"
    )
    assert caught.value.field == "company_number"


def test_a_short_all_digit_company_number_is_told_to_add_zeros():
    with pytest.raises(IdentifierError, match="add zeros to the start"):
        normalise_company_number("1234567")


@given(number=company_numbers(), data=st.data())
def test_any_8_character_company_number_is_accepted_in_any_case_and_spacing(number, data):
    typed = sprinkle_spaces(data.draw, number)
    if data.draw(st.booleans()):
        typed = typed.lower()
    assert normalise_company_number(typed) == number


@given(st.text(max_size=12))
def test_a_company_number_is_accepted_only_if_it_has_the_companies_house_shape(typed):
    try:
        result = normalise_company_number(typed)
    except IdentifierError:
        return
    assert re.fullmatch(r"[0-9]{8}|[A-Z]{2}[0-9]{6}", result, flags=re.ASCII)
    assert result == "".join(typed.split()).upper().removeprefix("GB-COH-")


# --- Turning identifiers into org-ids ---------------------------------------------------------


def test_a_charity_gets_a_gb_chc_org_id():
    identifier = resolve_identifier(OrganisationType.CHARITY, charity_number="1000147", today=TODAY)
    assert identifier.org_id == "GB-CHC-1000147"
    assert identifier.charity_number == "1000147"


def test_a_charity_must_give_its_number():
    with pytest.raises(IdentifierError) as caught:
        resolve_identifier(OrganisationType.CHARITY, company_number="01234567", today=TODAY)
    assert caught.value.field == "charity_number"


@pytest.mark.parametrize(
    "organisation_type",
    [
        OrganisationType.COMPANY,
        OrganisationType.CHILDRENS_SERVICES_TRUST,
        OrganisationType.MUTUAL,
    ],
)
def test_companies_trusts_and_mutuals_with_a_number_get_a_gb_coh_org_id(organisation_type):
    identifier = resolve_identifier(organisation_type, company_number="sc123456", today=TODAY)
    assert identifier.org_id == "GB-COH-SC123456"


def test_a_company_without_a_number_gets_an_internal_id():
    identifier = resolve_identifier(OrganisationType.COMPANY, company_number=" ", today=TODAY)
    assert identifier.org_id is None
    assert identifier.org_id_for("acme-ltd") == "360G-cscip-org-acme-ltd"


@pytest.mark.parametrize(
    "organisation_type",
    [OrganisationType.PUBLIC_BODY, OrganisationType.UNIVERSITY, OrganisationType.OTHER],
)
def test_other_types_get_an_internal_id_and_their_stray_fields_are_ignored(organisation_type):
    identifier = resolve_identifier(
        organisation_type, charity_number="nonsense", company_number="nonsense", today=TODAY
    )
    assert identifier.org_id is None
    assert identifier.charity_number == identifier.company_number == ""


def test_only_the_identifier_the_type_needs_is_checked():
    identifier = resolve_identifier(
        OrganisationType.CHARITY,
        charity_number="1000147",
        company_number="not a company number",
        today=TODAY,
    )
    assert identifier.company_number == ""


def test_internal_ids_are_recognised():
    assert is_internal(internal_org_id("x"))
    assert is_internal(None)
    assert not is_internal("GB-CHC-1000147")


@pytest.mark.django_db
def test_a_local_authority_gets_its_code_from_the_register():
    hertfordshire = LocalAuthorityFactory(gss_code="E10000015", name="Hertfordshire")
    identifier = resolve_identifier(
        OrganisationType.LOCAL_AUTHORITY, authority=hertfordshire, today=TODAY
    )
    assert identifier.org_id == "GB-LAE-HRT"
    assert identifier.authority == hertfordshire


@pytest.mark.django_db
def test_a_local_authority_must_choose_its_authority():
    with pytest.raises(IdentifierError) as caught:
        resolve_identifier(OrganisationType.LOCAL_AUTHORITY, today=TODAY)
    assert (caught.value.message, caught.value.field) == ("Select the local authority", "authority")


@pytest.mark.django_db
def test_an_authority_that_no_longer_exists_is_refused():
    gone = LocalAuthorityFactory(
        gss_code="E10000021", name="Northamptonshire", valid_to=date(2021, 3, 31)
    )
    with pytest.raises(IdentifierError, match="Northamptonshire no longer exists"):
        resolve_identifier(OrganisationType.LOCAL_AUTHORITY, authority=gone, today=TODAY)


@pytest.mark.django_db
def test_a_council_recoded_by_a_boundary_change_keeps_its_register_code():
    old = LocalAuthorityFactory(gss_code="E08000016", name="Barnsley", valid_to=date(2021, 3, 31))
    new = LocalAuthorityFactory(gss_code="E08000038", name="Barnsley", valid_from=date(2021, 4, 1))
    Succession.objects.create(predecessor=old, successor=new, position=0)
    assert authority_org_id(new) == "GB-LAE-BNS"


@pytest.mark.django_db
def test_a_new_council_the_register_does_not_know_gets_an_internal_id_but_keeps_its_place():
    old = LocalAuthorityFactory(
        gss_code="E10000002", name="Buckinghamshire", valid_to=date(2020, 3, 31)
    )
    new = LocalAuthorityFactory(
        gss_code="E06000060", name="Buckinghamshire", valid_from=date(2020, 4, 1)
    )
    Succession.objects.create(predecessor=old, successor=new, position=0)
    # A county replaced by a unitary council is a new council: it does not inherit the code.
    identifier = resolve_identifier(OrganisationType.LOCAL_AUTHORITY, authority=new, today=TODAY)
    assert identifier.org_id is None
    assert identifier.authority == new
