"""An imported file's lifecycle, declared once:

    checking ──(the check finishes)──▶ ready, invalid or unreadable
    checking ──(its lease expires: the worker died)──▶ check_stopped ──check again──▶ checking
    ready ──import──▶ importing ──(the import finishes)──▶ imported
    importing ──(it failed, or its lease expired)──▶ ready, with why in `import_error`

The services move a file only along a row of this table; the pages draw the programme team's
buttons from its rows for them, and the lease keeper (leases.py) gives up the work of the states
in `LEASED` when their lease runs out, so no file stays being checked or imported for good.
"""

from innovation_fund.core.transitions import Lifecycle, transition

from .models import ImportedFile

Status = ImportedFile.Status
PROGRAMME_MANAGER = "programme_manager"
WORKER = "background_worker"

IMPORTED_FILE_LIFECYCLE = Lifecycle(
    "file",
    dict(Status.choices),
    [
        transition(
            "check_passed",
            sources=[Status.CHECKING],
            target=Status.READY,
            who=[WORKER],
            label="Check",
        ),
        transition(
            "check_found_errors",
            sources=[Status.CHECKING],
            target=Status.INVALID,
            who=[WORKER],
            label="Check",
        ),
        transition(
            "check_could_not_read",
            sources=[Status.CHECKING],
            target=Status.UNREADABLE,
            who=[WORKER],
            label="Check",
        ),
        transition(
            "check_stopped",
            sources=[Status.CHECKING],
            target=Status.CHECK_STOPPED,
            who=[WORKER],
            label="Give up the check",
            description="Its lease expired: the worker stopped before the check finished",
        ),
        transition(
            "check_again",
            sources=[Status.CHECK_STOPPED],
            target=Status.CHECKING,
            who=[PROGRAMME_MANAGER],
            label="Check again",
        ),
        transition(
            "import",
            sources=[Status.READY],
            target=Status.IMPORTING,
            who=[PROGRAMME_MANAGER],
            label="Import",
        ),
        transition(
            # From ready too: the command line checks and imports in one go, without a queue.
            "import_done",
            sources=[Status.READY, Status.IMPORTING],
            target=Status.IMPORTED,
            who=[WORKER],
            label="Import",
        ),
        transition(
            "import_failed",
            sources=[Status.IMPORTING],
            target=Status.READY,
            who=[WORKER],
            label="Give up the import",
        ),
        transition(
            "import_stopped",
            sources=[Status.IMPORTING],
            target=Status.READY,
            who=[WORKER],
            label="Give up the import",
            description="Its lease expired: the worker stopped before the import finished",
        ),
    ],
)

# The states whose work a worker does under a lease, and the row that gives it up when the
# lease expires.
LEASED = {Status.CHECKING: "check_stopped", Status.IMPORTING: "import_stopped"}


def actions_for_programme_team(imported_file: ImportedFile) -> set[str]:
    """What the programme team may ask for now, as the table says (the pages' buttons)."""
    return {
        row.action
        for row in IMPORTED_FILE_LIFECYCLE.available(imported_file.status)
        if PROGRAMME_MANAGER in row.who and not row.reasons_not_now(imported_file)
    }


def move(imported_file: ImportedFile, action: str) -> None:
    """Set the file's status along the table's row for `action` (raises `Refused` if none).
    The caller saves it and records the audit event, in its transaction."""
    row = IMPORTED_FILE_LIFECYCLE.check(imported_file, action, state_field="status")
    imported_file.status = row.target
