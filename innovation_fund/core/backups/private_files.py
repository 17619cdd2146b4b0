"""The private files' part of a backup: listing them, and putting restored ones in place."""

import os
from collections.abc import Iterator
from pathlib import Path

from django.core.files.storage import FileSystemStorage, storages

from . import BackupFailed
from .manifest import STAGING_PREFIX


def private_root() -> Path:
    """The folder of the private storage (settings.STORAGES["private"])."""
    storage = storages["private"]
    if not isinstance(storage, FileSystemStorage):
        raise BackupFailed("Only private files kept on this machine's disk can be backed up.")
    return Path(storage.location)


def each_file(root: Path) -> Iterator[str]:
    """The path of every file under `root`, relative to it, as the storage names them.

    Links are not followed (nothing the service stores is one), nor a restore's staging folder.
    """
    for folder, folders, names in os.walk(root):
        here = Path(folder)
        if here == root:
            folders[:] = [name for name in folders if not name.startswith(STAGING_PREFIX)]
        folders[:] = [name for name in folders if not (here / name).is_symlink()]
        for name in names:
            path = here / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix()


def put_in_place(root: Path, staged: Path, kept: set[str]) -> tuple[int, int]:
    """Make `root` hold exactly the files in `kept`, moved from `staged` (on the same disk).

    Everything else under `root` is removed: files added since the backup, links, and the folders
    left empty. Returns how many files were put in place and how many removed.
    """
    removed = 0
    for folder, folders, names in os.walk(root):
        here = Path(folder)
        links = [name for name in folders if (here / name).is_symlink()]
        folders[:] = [
            name
            for name in folders
            if name not in links and not (here == root and name.startswith(STAGING_PREFIX))
        ]
        for name in [*names, *links]:
            path = here / name
            if path.is_symlink() or path.relative_to(root).as_posix() not in kept:
                path.unlink()
                removed += 1
    for name in sorted(kept):
        target = root / name
        _make_folders(root, target.parent)
        os.replace(staged / name, target)
    _remove_empty_folders(root)
    return len(kept), removed


def _make_folders(root: Path, folder: Path) -> None:
    """Make `folder` under `root`, replacing any file that stands where a folder must be."""
    current = root
    for part in folder.relative_to(root).parts:
        current = current / part
        if current.is_symlink() or (current.exists() and not current.is_dir()):
            current.unlink()
        current.mkdir(exist_ok=True)


def _remove_empty_folders(root: Path) -> None:
    for folder, _, _ in os.walk(root, topdown=False):
        here = Path(folder)
        if here != root and not any(here.iterdir()):
            here.rmdir()
