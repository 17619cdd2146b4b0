"""A project's sourced facts grouped by field, for its public page.

Each group says what this page shows for the field (where the project holds it), every value the
sources give with its source and quote, and whether they disagree: two facts with different
values, or a fact that differs from the value shown.
"""

from dataclasses import dataclass

from innovation_fund.core.money import format_gbp
from innovation_fund.grants.models import Project, ProjectFact

NOT_KNOWN = "Not known"
Field = ProjectFact.Field


@dataclass(frozen=True)
class FactGroup:
    field: str
    label: str
    shown: str | None  # None where the project has no such field (the evaluator)
    facts: list[ProjectFact]
    facts_disagree: bool  # two sources give different values
    differs_from_shown: bool  # a source gives another value than the page shows

    @property
    def disagree(self) -> bool:
        return self.facts_disagree or self.differs_from_shown


def sourced_facts(project: Project) -> list[FactGroup]:
    facts = list(project.facts.prefetch_related("sources").order_by("source_row", "id"))
    by_field: dict[str, list[ProjectFact]] = {}
    for fact in facts:
        by_field.setdefault(fact.field, []).append(fact)
    order = list(Field.values)
    groups = []
    for field in sorted(by_field, key=order.index):
        shown, comparable = _shown(project, field)
        values = {fact.comparable for fact in by_field[field]}
        groups.append(
            FactGroup(
                field=field,
                label=Field(field).label,
                shown=shown,
                facts=by_field[field],
                facts_disagree=len(values) > 1,
                differs_from_shown=bool(comparable) and values != {comparable},
            )
        )
    return groups


def _shown(project: Project, field: str) -> tuple[str | None, str]:
    """What the page shows for the field, and that value in a fact's comparable form."""
    if field == Field.AMOUNT:
        pence = project.amount_pence
        if pence is None:
            return NOT_KNOWN, ""
        return format_gbp(pence), str(pence // 100) if pence % 100 == 0 else ""
    if field == Field.AWARD_YEAR:
        year = project.award_year
        return (str(year), str(year)) if year else (NOT_KNOWN, "")
    if field == Field.ROUND:
        number = project.round.number if project.round_id else None
        return (project.round.name, str(number)) if number else (NOT_KNOWN, "")
    text = {
        Field.NAME: lambda: project.name,
        Field.LEAD_ORGANISATION: lambda: project.lead_organisation.name,
        Field.PARTNER_ORGANISATIONS: lambda: "; ".join(str(p) for p in project.partners.all()),
        Field.FOCUS_AREA: lambda: project.focus_area.name if project.focus_area_id else "",
        Field.INNOVATION: lambda: project.practice_description,
        Field.SCALE_OF: lambda: "; ".join(p.display_name for p in project.scales.all()),
    }.get(field)
    if text is None:
        return None, ""
    value = text()
    return (value or NOT_KNOWN), " ".join(value.split()).casefold()
