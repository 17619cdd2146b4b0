"""Run a parser of a file from outside in a child process with a ceiling on its memory and time.

Fixed limits decided before reading (sizes, counts) stop most hostile files; but how much memory
and time a parser spends on what it is allowed to read still depends on the file's shape (a PDF
of a hundred thousand small objects costs far more than its bytes). The child is forked, so it
shares the caller's loaded code and the open file, and gets limits on its address space
(RLIMIT_AS, above what the process already maps) and CPU time (RLIMIT_CPU), and a wall-clock
deadline after which it is killed. A file that reaches a ceiling fails only its own check, with
CeilingReached; the caller (a web worker, a background worker) carries on.

The child must not use the database: it returns a value (or raises an exception) that is sent
back to the caller by pickling, and then exits at once, without running any cleanup it inherited.
"""

import multiprocessing
import os
import resource
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Ceiling:
    memory_bytes: int = 256 * 1024 * 1024  # on top of what the caller's process already maps
    cpu_seconds: int = 10
    wall_seconds: float = 60.0  # also covers a machine so busy the CPU time never runs out


class CeilingReached(Exception):
    """The work ran out of memory or time, or its process died, before it finished."""


def run_within(ceiling: Ceiling, function: Callable[..., Any], *args: Any) -> Any:
    """`function(*args)` run in a child process within `ceiling`: its value, or the exception
    it raised (both must pickle); CeilingReached if it went over or died."""
    if not _can_fork():
        return function(*args)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, ceiling, function, args), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(ceiling.wall_seconds):
            raise CeilingReached(f"still running after {ceiling.wall_seconds:.0f} seconds")
        try:
            outcome, value = receiver.recv()
        except EOFError:
            raise CeilingReached("its process ended without an answer") from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if outcome == "raised":
        raise value
    if outcome == "ceiling":
        raise CeilingReached(value)
    return value


def _child(sender, ceiling: Ceiling, function, args) -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (ceiling.cpu_seconds, ceiling.cpu_seconds + 1))
    mapped = _mapped_bytes()
    if mapped is not None:
        limit = mapped + ceiling.memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        answer = ("returned", function(*args))
    except MemoryError:
        answer = ("ceiling", f"more than {ceiling.memory_bytes // (1024 * 1024)} MB of memory")
    except Exception as error:  # sent to the caller to raise there
        answer = ("raised", error)
    try:
        sender.send(answer)
    except MemoryError:
        pass  # the caller sees the pipe close: CeilingReached
    finally:
        sender.close()
        os._exit(0)  # nothing inherited (database connections, atexit handlers) is cleaned up


def _mapped_bytes() -> int | None:
    """The address space this process maps now (Linux), which RLIMIT_AS counts from."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


def _can_fork() -> bool:
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
