"""A provider answers with the registered function, or with its fallback until one registers."""

from innovation_fund.core.providers import Provider


def test_the_fallback_answers_until_a_function_is_registered_and_then_that_one_does():
    doubled = Provider("a number doubled", fallback=lambda number: 0)
    assert doubled(21) == 0
    doubled.register(lambda number: number * 2)
    assert doubled(21) == 42
    doubled.register(lambda number: number + number + 1)
    assert doubled(21) == 43
