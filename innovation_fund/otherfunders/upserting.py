"""Writing a checked file's grants: added, changed or left as they are, a batch at a time, and
indexed for the search. Called by services.import_checked_file inside its transaction."""

from collections.abc import Iterable
from dataclasses import dataclass

from innovation_fund.core.batches import batched
from innovation_fund.core.errors import DomainError
from innovation_fund.opendata.search_index import index_other_funders_grants
from innovation_fund.places.selectors import authority_ids_by_code

from .mapping import grant_fields, indexable, places
from .models import ImportedFile, OtherFunderGrant, OtherFunderGrantLocation

ID_CHUNK = 900  # below SQLite's oldest limit on query parameters
IMPORT_BATCH = 2_000


class NotImportable(DomainError):
    pass


@dataclass(frozen=True)
class ImportCounts:
    added: int
    changed: int
    unchanged: int


def upsert_grants(imported_file: ImportedFile, grants: Iterable[dict]) -> ImportCounts:
    """Every grant, a batch at a time, so memory holds one batch whatever the file's size; all in
    the caller's transaction, so a batch refused halfway through leaves nothing written."""
    authority_ids = authority_ids_by_code()
    added = changed = unchanged = 0
    for batch in batched(grants, IMPORT_BATCH):
        counts = _upsert_batch(imported_file, batch, authority_ids)
        added += counts.added
        changed += counts.changed
        unchanged += counts.unchanged
    return ImportCounts(added=added, changed=changed, unchanged=unchanged)


def _upsert_batch(imported_file: ImportedFile, grants: list[dict], authority_ids) -> ImportCounts:
    known = _known_grants([grant["id"] for grant in grants])
    _refuse_other_publishers_grants(imported_file, known.values())
    to_add, to_change, unchanged = [], [], 0
    for grant in grants:
        fields = grant_fields(grant)
        existing = known.get(fields["grant_id"])
        if existing is None:
            to_add.append(OtherFunderGrant(imported_file=imported_file, **fields))
        elif existing.content_sha256 == fields["content_sha256"]:
            unchanged += 1
        else:
            for name, value in fields.items():
                setattr(existing, name, value)
            existing.imported_file = imported_file
            to_change.append(existing)
    OtherFunderGrant.objects.bulk_create(to_add, batch_size=500)
    if to_change:
        OtherFunderGrant.objects.bulk_update(
            to_change, [*grant_fields_names(), "imported_file"], batch_size=500
        )
        for start in range(0, len(to_change), ID_CHUNK):
            chunk = to_change[start : start + ID_CHUNK]
            OtherFunderGrantLocation.objects.filter(grant__in=chunk).delete()
    written = [(grant, places(grant.data)) for grant in [*to_add, *to_change]]
    OtherFunderGrantLocation.objects.bulk_create(
        [
            OtherFunderGrantLocation(
                grant=grant,
                kind=place.kind,
                geo_code=place.geo_code,
                geo_code_type=place.geo_code_type,
                name=place.name,
                authority_id=authority_ids.get(place.geo_code),
            )
            for grant, found in written
            for place in found
        ],
        batch_size=500,
    )
    index_other_funders_grants(indexable(grant, found, imported_file) for grant, found in written)
    return ImportCounts(added=len(to_add), changed=len(to_change), unchanged=unchanged)


def _refuse_other_publishers_grants(imported_file: ImportedFile, known) -> None:
    publisher = _normalised(imported_file.publisher_name)
    taken = [
        grant for grant in known if _normalised(grant.imported_file.publisher_name) != publisher
    ]
    if taken:
        first = taken[0]
        raise NotImportable(
            f"{len(taken):,} grant id{'s are' if len(taken) > 1 else ' is'} already held from "
            f"another publisher’s file (such as {first.grant_id} from "
            f"{first.imported_file.publisher_name}), so nothing was imported. Grant ids are "
            "unique across all funders: check the file’s ids and who published it."
        )


def _normalised(name: str) -> str:
    return " ".join(name.casefold().split())


def grant_fields_names() -> list[str]:
    return [
        field.name
        for field in OtherFunderGrant._meta.concrete_fields
        if field.name not in ("id", "grant_id", "imported_file")
    ]


def _known_grants(grant_ids: list[str]) -> dict[str, OtherFunderGrant]:
    known = {}
    for start in range(0, len(grant_ids), ID_CHUNK):
        chunk = grant_ids[start : start + ID_CHUNK]
        known.update(
            (grant.grant_id, grant)
            for grant in OtherFunderGrant.objects.filter(grant_id__in=chunk)
            .select_related("imported_file")
            .select_for_update(of=("self",))
        )
    return known
