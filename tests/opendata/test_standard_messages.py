"""Schema errors read as sentences a publisher can act on, and identical grants are found fast."""

from innovation_fund.opendata.standard import identical_grants, schema_errors


def grant(**changes) -> dict:
    base = {
        "id": "360G-x-1",
        "title": "A grant",
        "description": "What it pays for",
        "currency": "GBP",
        "amountAwarded": 100,
        "awardDate": "2019-04-01",
        "recipientOrganization": [{"id": "GB-CHC-1", "name": "A charity"}],
        "fundingOrganization": [{"id": "GB-CHC-2", "name": "A funder"}],
    }
    base.update(changes)
    return base


def messages(package) -> dict[str, str]:
    return {error.path: error.message for error in schema_errors(package)}


def test_a_null_says_it_is_empty_and_what_it_must_be():
    assert messages({"grants": [grant(title=None)]})["grants/0/title"] == (
        "This is empty (null) but must be text"
    )


def test_a_wrong_type_names_the_type_in_words():
    found = messages({"grants": [grant(amountAwarded="lots")]})
    assert found["grants/0/amountAwarded"] == "'lots' must be a number"


def test_a_date_in_another_form_says_how_to_write_it():
    found = messages({"grants": [grant(awardDate="01/04/2019")]})
    assert found["grants/0/awardDate"].startswith(
        "'01/04/2019' is not a date the standard accepts: write it as YYYY-MM-DD"
    )


def test_a_grant_missing_a_field_names_it_without_quoting_the_grant():
    incomplete = grant()
    del incomplete["description"]
    message = messages({"grants": [incomplete]})["grants/0"]
    assert message == (
        "This does not match any form the standard allows: 'description' is a required property"
    )


def test_a_grant_to_an_organisation_and_an_individual_at_once_is_explained():
    both = grant(recipientIndividual={"id": "360G-x-person-1", "name": "A person"})
    assert (
        "a recipient organisation or a recipient individual, not both"
        in (messages({"grants": [both]})["grants/0"])
    )


def test_identical_grants_are_one_error_naming_them():
    repeated = {"grants": [grant(), grant(id="360G-x-2"), grant()]}
    assert [(error.path, error.message) for error in identical_grants(repeated)] == [
        ("grants", "The same grant appears more than once: grant 3 is the same as grant 1")
    ]
    assert identical_grants({"grants": [grant(), grant(id="360G-x-2")]}) == []


def test_identical_grants_are_reported_by_schema_errors_once():
    found = schema_errors({"grants": [grant(), grant()]})
    assert [error.path for error in found] == ["grants"]
