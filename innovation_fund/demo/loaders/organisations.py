"""Organisations from organisations.csv, with org-ids from the registers and their places."""

from innovation_fund.core.input_files import split_list, split_urls
from innovation_fund.organisations.models import Organisation, OrganisationType
from innovation_fund.organisations.registers import Registers, organisation_org_id

from .places import Authorities
from .report import LoadReport
from .sources import SourceBook
from .sync import UNCHANGED, sync_many, upsert


def load_organisations(
    rows: list[dict],
    registers: Registers,
    authorities: Authorities,
    sources: SourceBook,
    report: LoadReport,
) -> tuple[dict[str, Organisation], bool]:
    organisations: dict[str, Organisation] = {}
    changed = False
    for row in rows:
        authority = (
            authorities.get(row["authority_gss"], f"organisation {row['key']}")
            if row["authority_gss"]
            else None
        )
        org_id = organisation_org_id(row, registers)
        if row["authority_gss"] and org_id is None:
            report.warnings.append(f"No GB-LAE code for {row['authority_gss']} ({row['key']})")
        organisation, status = upsert(
            Organisation,
            {"slug": row["key"]},
            {
                "name": row["name"],
                "organisation_type": row["organisation_type"],
                "org_id": org_id,
                "charity_number": row["charity_number"],
                "company_number": row["company_number"],
                "authority_id": authority.pk if authority else None,
            },
            report,
            "organisation",
        )
        changed |= status != UNCHANGED
        members = [
            member
            for code in split_list(row["member_gss"])
            if (member := authorities.get(code, f"members of {row['key']}"))
        ]
        if members or row["organisation_type"] == OrganisationType.PARTNERSHIP:
            changed |= sync_many(organisation.member_authorities, members)
        changed |= sync_many(organisation.sources, sources.get(split_urls(row["source_url"])))
        organisations[row["key"]] = organisation
    return organisations, changed
