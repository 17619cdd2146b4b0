"""The real programme's awards as grants of its rounds.

Each project the programme's records name, in a known round, was a grant to its lead
organisation. The records give the announced amount for most, and no amount for some: those
grants keep a blank amount, so budget figures count them as unknown rather than as nothing.
There is no decision of ours behind them (`Grant.decision` stays empty).
"""

from innovation_fund.grants.models import Grant

from .projects import LoadedProject
from .report import LoadReport
from .sync import upsert

LABEL = "Grant"


def load_historic_grants(projects: dict[str, LoadedProject], report: LoadReport) -> None:
    for item in projects.values():
        project = item.project
        if project.round_id is None:
            continue  # a grant belongs to a round; the project page says the round is not known
        upsert(
            Grant,
            {"project": project},
            {
                "round_id": project.round_id,
                "recipient_id": project.lead_organisation_id,
                "amount_pence": project.amount_pence,
                "award_year": project.award_year,
                "state": Grant.State.RECORDED,
            },
            report,
            LABEL,
        )
