"""Org-ids from the official registers kept in data/360giving/reference, never typed in by hand.

Used when an organisation registers (`identifiers`), by the real-data loaders and by the open
data export."""

from pathlib import Path

from innovation_fund.core.input_files import read_csv

LOCAL_AUTHORITY_PREFIX = "GB-LAE-"
CHARITY_PREFIX = "GB-CHC-"
COMPANY_PREFIX = "GB-COH-"
GOVERNMENT_PREFIX = "GB-GOR-"


class Registers:
    """English local authority codes by GSS code, and government organisation codes."""

    def __init__(self, reference_dir: Path):
        self._lae_by_gss = {
            row["gss"]: row["local-authority"].removeprefix("local-authority-eng:")
            for row in read_csv(reference_dir / "gb-la-gss-map.tsv", delimiter="\t").content
            if row["local-authority"].startswith("local-authority-eng:")
        }
        self._government = {
            row["government-organisation"]: row["name"]
            for row in read_csv(
                reference_dir / "gb-gor-government-organisation.tsv", delimiter="\t"
            ).content
        }

    def local_authority_org_id(self, gss_code: str) -> str | None:
        code = self._lae_by_gss.get(gss_code)
        return f"{LOCAL_AUTHORITY_PREFIX}{code}" if code else None

    def government_org_id(self, code: str, name: str) -> str | None:
        """The GB-GOR org-id, only when the register gives that code to that name."""
        return f"{GOVERNMENT_PREFIX}{code}" if self._government.get(code) == name else None


def organisation_org_id(row: dict, registers: Registers) -> str | None:
    """A local authority's register code first, then its charity number, then company number."""
    if row["authority_gss"]:
        return registers.local_authority_org_id(row["authority_gss"])
    if row["charity_number"]:
        return f"{CHARITY_PREFIX}{row['charity_number']}"
    if row["company_number"]:
        return f"{COMPANY_PREFIX}{row['company_number']}"
    return None
