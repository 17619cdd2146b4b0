"""Property: a bid's budget by heading scaled to the year's award adds up to the award exactly,
in whole pence, each heading within a penny of its exact share."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from innovation_fund.grants.return_questions import scale_exactly


@given(
    amounts=st.lists(st.integers(0, 10_000_000_00), min_size=1, max_size=8),
    total=st.integers(0, 10_000_000_00),
)
def test_the_scaled_profile_adds_up_to_the_award_to_the_penny(amounts, total):
    scaled = scale_exactly(amounts, total)
    assert all(isinstance(pence, int) and pence >= 0 for pence in scaled)
    if sum(amounts) == 0:
        assert scaled == [0] * len(amounts)
        return
    assert sum(scaled) == total
    for amount, pence in zip(amounts, scaled, strict=True):
        assert abs(pence - Fraction(amount * total, sum(amounts))) < 1
