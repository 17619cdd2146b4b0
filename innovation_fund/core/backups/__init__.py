"""`manage.py backup` and `manage.py restore`: the database and the private files in one archive.

operations.py is the way in; archive.py writes and reads the archive within limits,
manifest.py says what a backup holds, database.py snapshots and restores each database vendor,
private_files.py lists the private files and puts the restored ones in place.
"""


class BackupFailed(Exception):
    """A backup could not be made; the message says why, in plain words."""


class RestoreRefused(Exception):
    """A restore was refused before anything changed; the message says why, in plain words."""


def damaged_archive(why: str) -> RestoreRefused:
    return RestoreRefused(
        f"The archive is damaged or was not made by manage.py backup: {why}. Nothing was changed."
    )
