"""The org-id list codes (GB-CHC, GB-COH, GB-GOR …) that an organisation id should start with.

The 360Giving Data Quality Tool downloads this list from org-id.guide at run time; we read the
snapshot in the shared standard folder (reference/org-id-lists.csv) so checks are repeatable and
work offline. "360G" is added because 360Giving allows self-made identifiers with that prefix.
"""

import csv
from functools import cache

from innovation_fund.opendata.standard import standard_dir

SELF_MADE_PREFIX = "360G"


@cache
def recognised_prefixes() -> tuple[str, ...]:
    """Every org-id list code plus 360G, upper-cased, for case-insensitive matching."""
    path = standard_dir() / "reference" / "org-id-lists.csv"
    with path.open(newline="", encoding="utf-8") as csv_file:
        codes = {row["code"].strip().upper() for row in csv.DictReader(csv_file) if row["code"]}
    codes.add(SELF_MADE_PREFIX)
    return tuple(sorted(codes))


def has_recognised_prefix(org_id: str) -> bool:
    """True if the id starts (case-insensitively) with an org-id list code or 360G."""
    # One startswith with the whole tuple: the same test, looped in C rather than in Python
    # (an import of 20,000 grants asked it about 10 million times).
    return org_id.upper().startswith(recognised_prefixes())
