"""National scale for other funders' grants: a synthetic table shaped like the 360Giving data
(over a million UK grants from hundreds of funders), built once into the bench's own database.

Every row is made up and says so ("not real" in its file, funders and titles). What is realistic
is the shape: a few funders with most of the grants (Zipf), real GSS codes of England's
authorities as the places grants name (busier authorities more often), the councils' own
org-ids as recipients for a small share, words drawn from the programme's own project summaries
with their frequencies, and amounts spread over four orders of magnitude.
"""

import random
import re
from collections import Counter
from datetime import date, timedelta
from itertools import accumulate
from types import SimpleNamespace

from django.db import transaction
from django.utils import timezone

from innovation_fund.grants.models import Project
from innovation_fund.opendata.search_index import GrantToIndex, index_other_funders_grants
from innovation_fund.organisations.models import Organisation
from innovation_fund.otherfunders.mapping import indexable
from innovation_fund.otherfunders.models import (
    ImportedFile,
    OtherFunderGrant,
    OtherFunderGrantLocation,
)
from innovation_fund.places.models import LocalAuthority

FILE_NAME = "synthetic-national-scale-grants.json"
BATCH = 5_000
SHARE_TO_COUNCILS = 0.02
SHARE_NAMING_A_PLACE = 0.7
FIRST_DAY = date(2005, 1, 1)


def build_other_funders_grants(total: int, *, funders: int = 300, seed: int = 14) -> int:
    """Add synthetic grants until `total` are held from the synthetic file; how many added."""
    imported_file = _synthetic_file()
    held = OtherFunderGrant.objects.filter(imported_file=imported_file).count()
    if held >= total:
        return 0
    chance = random.Random(seed + held)  # noqa: S311 (made-up data, not security)
    authorities = list(LocalAuthority.objects.values_list("pk", "gss_code"))
    authority_weights = list(accumulate(1 / (rank + 1) for rank in range(len(authorities))))
    chance.shuffle(authorities)
    councils = list(
        Organisation.objects.filter(authority__isnull=False)
        .exclude(org_id="")
        .values_list("org_id", "name")
    )
    funder_weights = list(accumulate(1 / (rank + 1) for rank in range(funders)))
    words, word_weights = vocabulary()
    for start in range(held, total, BATCH):
        size = min(BATCH, total - start)
        grants, places = [], []
        for number in range(start, start + size):
            funder = chance.choices(range(funders), cum_weights=funder_weights)[0]
            if councils and chance.random() < SHARE_TO_COUNCILS:
                recipient_id, recipient_name = chance.choice(councils)
            else:
                charity = chance.randrange(1_000_000, 1_200_000)
                recipient_id = f"GB-CHC-{charity}"
                recipient_name = f"Synthetic charity {charity} (not real)"
            title = " ".join(chance.choices(words, cum_weights=word_weights, k=6)).capitalize()
            grants.append(
                OtherFunderGrant(
                    grant_id=f"360G-bench-{number:07d}",
                    imported_file=imported_file,
                    title=f"{title} (not real)",
                    description=" ".join(chance.choices(words, cum_weights=word_weights, k=30)),
                    currency="GBP",
                    amount_awarded_minor=round(10 ** chance.uniform(5, 9)),
                    award_date=FIRST_DAY + timedelta(days=chance.randrange(7300)),
                    funder_org_id=f"360G-bench-funder-{funder:03d}",
                    funder_name=f"Synthetic funder {funder:03d} (not real)",
                    recipient_org_id=recipient_id,
                    recipient_name=recipient_name,
                    data={"id": f"360G-bench-{number:07d}", "note": "synthetic, not real"},
                    content_sha256=f"{number:064d}",
                )
            )
            if authorities and chance.random() < SHARE_NAMING_A_PLACE:
                pk, code = chance.choices(authorities, cum_weights=authority_weights)[0]
                places.append((number - start, pk, code))
        with transaction.atomic():
            made = OtherFunderGrant.objects.bulk_create(grants, batch_size=1_000)
            OtherFunderGrantLocation.objects.bulk_create(
                [
                    OtherFunderGrantLocation(
                        grant=made[index],
                        kind=OtherFunderGrantLocation.Kind.BENEFICIARY,
                        geo_code=code,
                        geo_code_type="CTYUA",
                        authority_id=pk,
                    )
                    for index, pk, code in places
                ],
                batch_size=1_000,
            )
            geo_codes = {}
            for index, _, code in places:
                geo_codes.setdefault(index, []).append(code)
            index_other_funders_grants(
                _to_index(grant, tuple(geo_codes.get(position, ())))
                for position, grant in enumerate(made)
            )
    return total - held


def _to_index(grant: OtherFunderGrant, geo_codes: tuple[str, ...]) -> GrantToIndex:
    places = [SimpleNamespace(geo_code=code) for code in geo_codes]
    return indexable(grant, places, SimpleNamespace(source_url=""))


def _synthetic_file() -> ImportedFile:
    imported_file, _ = ImportedFile.objects.get_or_create(
        original_name=FILE_NAME,
        defaults={
            "size_bytes": 0,
            "sha256": "0" * 64,
            "publisher_name": "Synthetic funders for make bench (not real)",
            "status": ImportedFile.Status.IMPORTED,
            "imported_at": timezone.now(),
        },
    )
    return imported_file


def vocabulary() -> tuple[list[str], list[int]]:
    """The words of the programme's project names and summaries, with how often each is used."""
    counts = Counter(
        word.lower()
        for text in Project.objects.values_list("summary", flat=True)
        for word in re.findall(r"[A-Za-z']{3,}", text or "")
    )
    if not counts:
        counts = Counter({"children": 3, "families": 2, "support": 2, "young": 1, "people": 1})
    words, weights = zip(*counts.most_common(), strict=True)
    return list(words), list(accumulate(weights))
