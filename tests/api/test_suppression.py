"""Counts of children below 5 are never published; rates are given as their publisher gave them."""

from decimal import Decimal

import pytest

from innovation_fund.places.suppression import publishable, suppressed

API = "/api/v1"


@pytest.mark.parametrize(
    ("value", "hidden"),
    [(None, False), (0, True), (3, True), (Decimal("4.0"), True), (5, False), (7, False)],
)
def test_a_count_below_5_is_suppressed(value, hidden):
    assert suppressed(value) is hidden


def test_a_small_count_of_children_is_published_as_suppressed():
    assert publishable("cla_count", Decimal(3), "published") == (None, "small_number")
    assert publishable("cla_count", Decimal(7), "published") == (Decimal(7), "published")
    assert publishable("population_0_17", Decimal(2), "published") == (None, "small_number")


def test_a_rate_is_kept_as_published_even_when_its_count_is_small():
    counts = {"cla_count": Decimal(3)}
    assert publishable("cla_rate", Decimal("4.9"), "published", counts=counts) == (
        Decimal("4.9"),
        "published",
    )


def test_a_rate_we_derived_from_a_small_count_is_suppressed_too():
    assert publishable("cla_rate", Decimal("2.1"), "derived", counts={"cla_count": 3}) == (
        None,
        "small_number",
    )
    assert publishable("cla_rate", Decimal("9.8"), "derived", counts={"cla_count": 14}) == (
        Decimal("9.8"),
        "derived",
    )


def test_a_publishers_suppressed_figure_keeps_its_status():
    assert publishable("cin_count", None, "suppressed") == (None, "suppressed")
    assert publishable("cin_rate", None, "not_available") == (None, "not_available")


def figures(body, year: int, group: str) -> dict[str, tuple]:
    (row,) = [row for row in body["statistics"] if row["year"] == year]
    return {figure["measure"]: (figure["value"], figure["status"]) for figure in row[group]}


def test_the_authority_endpoint_suppresses_small_counts(client, statistics):
    body = client.get(f"{API}/local-authorities/{statistics.gss_code}").json()
    counts = figures(body, 2014, "counts")
    assert counts["cpp_count"] == (None, "small_number")  # 3 children
    assert counts["cla_count"] == (7, "published")
    assert counts["cin_count"] == (None, "suppressed")  # suppressed by the publisher
    assert counts["population_0_17"] == (14250, "published")


def test_the_authority_endpoint_gives_rates_as_published(client, statistics):
    body = client.get(f"{API}/local-authorities/{statistics.gss_code}").json()
    rates = figures(body, 2014, "rates")
    assert rates["cla_rate"] == (4.9, "published")
    assert rates["cpp_rate"] == (None, "small_number")  # worked out here from the count of 3
    assert rates["cin_rate"] == (None, "suppressed")
    assert figures(body, 2014, "england_rates")["cla_rate"] == (60.0, "published")
    (row,) = body["statistics"]
    assert row["published_as"] == statistics.gss_code


def test_the_small_count_appears_nowhere_in_the_answer(client, statistics):
    text = client.get(f"{API}/local-authorities/{statistics.gss_code}").content.decode()
    assert '"value": 3' not in text and '"value": 3.0' not in text
    assert '"value": 2.1' not in text
