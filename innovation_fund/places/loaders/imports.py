"""Record a places load in the import log, once per run that changed something."""

import hashlib
from collections.abc import Sequence
from pathlib import Path

from innovation_fund.core.loading import record_data_import

from .report import LoadReport

ACTOR_LABEL = "loader:places"


def record_import(report: LoadReport, *, data_dir: Path, files: Sequence[Path]) -> None:
    """Write the DataImport row and its audit event, only when the run changed something.

    Call inside the loader's transaction. With several files, `file_sha256` is the hash of
    their hashes in order; each file's own hash is kept in the summary.
    """
    if not report.changed:
        return
    names = [str(path.relative_to(data_dir)) for path in files]
    digests = [hashlib.sha256(path.read_bytes()).hexdigest() for path in files]
    if len(digests) == 1:
        file_sha256 = digests[0]
    else:
        file_sha256 = hashlib.sha256("".join(digests).encode()).hexdigest()
    report.data_import = record_data_import(
        dataset=report.dataset,
        actor_label=ACTOR_LABEL,
        file_name=", ".join(names),
        file_sha256=file_sha256,
        summary={**report.summary(), "files": dict(zip(names, digests, strict=True))},
    )
