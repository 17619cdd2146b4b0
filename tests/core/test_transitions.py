"""The lifecycle table: moves only along its rows, guards give their reasons."""

from types import SimpleNamespace

import pytest

from innovation_fund.core.permissions import Permission, Refused
from innovation_fund.core.transitions import Lifecycle, transition

DOOR = Lifecycle(
    "door",
    {"shut": "Shut", "open": "Open", "locked": "Locked"},
    [
        transition("open", sources=["shut"], target="open", who=["anyone"], label="Open it"),
        transition(
            "lock",
            sources=["shut"],
            target="locked",
            who=["keyholder"],
            label="Lock it",
            guards=[lambda door: [] if door.has_key else ["Find the key first"]],
        ),
        transition("shut", sources=["open"], target="shut", who=["anyone"], label="Shut it"),
    ],
)


def test_a_move_from_its_source_state_is_allowed():
    assert DOOR.check(SimpleNamespace(state="shut"), "open").target == "open"


def test_a_move_the_table_lacks_is_refused_in_words():
    with pytest.raises(Refused, match="‘Open it’ cannot be done while the door is locked"):
        DOOR.check(SimpleNamespace(state="locked"), "open")


def test_a_guard_refuses_with_its_reason():
    with pytest.raises(Refused) as refusal:
        DOOR.check(SimpleNamespace(state="shut", has_key=False), "lock")
    assert refusal.value.reasons == ["Find the key first"]
    assert DOOR.check(SimpleNamespace(state="shut", has_key=True), "lock").target == "locked"


def test_the_buttons_for_a_state_are_its_rows():
    assert [row.action for row in DOOR.available("shut")] == ["open", "lock"]
    assert DOOR.available("locked") == []


def test_a_row_naming_an_unknown_state_is_a_mistake_in_the_table():
    with pytest.raises(ValueError, match="unknown states"):
        Lifecycle("x", {"a": "A"}, [transition("go", sources=["a"], target="b", who=[], label="")])


def test_a_refused_permission_raises_with_its_reason():
    assert Permission(True)
    with pytest.raises(Refused, match="Not yours"):
        Permission(False, "Not yours").enforce()
