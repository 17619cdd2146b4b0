from innovation_fund.core.slugs import slug_base, unique_slug


def test_a_name_becomes_a_slug_cut_to_length_without_a_trailing_dash():
    assert slug_base("Bright Futures – Leeds", fallback="x") == "bright-futures-leeds"
    assert slug_base("abc def", fallback="x", max_length=4) == "abc"
    assert slug_base("!!!", fallback="organisation") == "organisation"


def test_a_taken_slug_gets_the_next_free_number():
    assert unique_slug("bright", set()) == "bright"
    assert unique_slug("bright", {"bright"}) == "bright-2"
    assert unique_slug("bright", {"bright", "bright-2"}) == "bright-3"
