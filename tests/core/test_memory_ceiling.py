"""Work on a file from outside runs in a child process that may use only so much memory and time."""

import os
import time

import pytest

from innovation_fund.core.memory_ceiling import Ceiling, CeilingReached, run_within

SMALL = Ceiling(memory_bytes=64 * 1024 * 1024, cpu_seconds=2, wall_seconds=20)


def add(a, b):
    return a + b, os.getpid()


def allocate(megabytes):
    return len(bytearray(megabytes * 1024 * 1024))


def spin():
    while True:
        pass


def refuse():
    raise ValueError("the file's fault")


def test_the_answer_comes_back_from_another_process():
    total, pid = run_within(SMALL, add, 2, 3)
    assert total == 5
    assert pid != os.getpid()


def test_what_fits_under_the_ceiling_is_allowed():
    assert run_within(SMALL, allocate, 16) == 16 * 1024 * 1024


def test_an_exception_is_raised_in_the_caller():
    with pytest.raises(ValueError, match="the file's fault"):
        run_within(SMALL, refuse)


def test_more_memory_than_the_ceiling_fails_only_that_work():
    with pytest.raises(CeilingReached, match="64 MB"):
        run_within(SMALL, allocate, 512)
    assert run_within(SMALL, add, 1, 1)[0] == 2  # the caller carries on


def test_more_cpu_time_than_the_ceiling_is_stopped():
    started = time.monotonic()
    with pytest.raises(CeilingReached):
        run_within(SMALL, spin)
    assert time.monotonic() - started < SMALL.wall_seconds


def test_more_wall_time_than_the_ceiling_is_stopped():
    with pytest.raises(CeilingReached, match="still running"):
        run_within(Ceiling(wall_seconds=0.5), time.sleep, 30)
