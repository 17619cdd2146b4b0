"""One DataImport per file, recorded the first time something loaded from that file changes."""

from innovation_fund.core.audit import record
from innovation_fund.core.input_files import InputFile
from innovation_fund.core.loading import record_data_import
from innovation_fund.core.models import DataImport

from .report import LoadReport

DATASET = "programme"
ACTOR_LABEL = "loader:programme"


class Imports:
    def __init__(self, report: LoadReport, reviewed_files: list[InputFile]):
        self._report = report
        # Every import also names the reviewed files (name map and so on) the run relied on.
        self._reviewed = {item.name: item.sha256 for item in reviewed_files}
        self._by_name: dict[str, DataImport] = {}

    def for_file(self, source: InputFile) -> DataImport:
        if source.name not in self._by_name:
            data_import = record_data_import(
                dataset=DATASET,
                actor_label=ACTOR_LABEL,
                file_name=source.name,
                file_sha256=source.sha256,
                summary={"reviewed_files": self._reviewed},
            )
            self._by_name[source.name] = data_import
            self._report.imports.append(f"{source.name} (sha256 {source.sha256[:12]}…)")
        return self._by_name[source.name]

    def finish(self) -> None:
        """Add the run's counts to each import it recorded."""
        counts = {
            "created": dict(self._report.created),
            "updated": dict(self._report.updated),
            "deleted": dict(self._report.deleted),
            "unmatched": [str(item) for item in self._report.unmatched],
        }
        for data_import in self._by_name.values():
            DataImport.objects.filter(pk=data_import.pk).update(
                summary={**data_import.summary, "run": counts}
            )


def record_change(target, action: str, before: dict | None, after: dict) -> None:
    record(
        actor=None,
        actor_label=ACTOR_LABEL,
        action=action,
        target=target,
        before=before,
        after=after,
    )
