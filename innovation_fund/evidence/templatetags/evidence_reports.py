"""`{% findings_and_costs report as fc %}`: a report's findings and costs and benefits for the
shared partial `evidence/reports/_findings_and_costs.html`, computed by the same selectors on
every page, with `editable` true only for someone the policy lets change the report now (and
never where the including page passes read_only=True)."""

from dataclasses import dataclass

from django import template

from ..cost_benefit_selectors import CostBenefitTable, cost_benefit_for
from ..finding_selectors import FindingRow, report_finding_rows
from ..policies import may

register = template.Library()


@dataclass(frozen=True)
class FindingsAndCosts:
    findings: list[FindingRow]
    costs: CostBenefitTable
    editable: bool


@register.simple_tag(takes_context=True)
def findings_and_costs(context, report) -> FindingsAndCosts:
    request = context.get("request")
    editable = (
        not context.get("read_only")
        and request is not None
        and bool(may(request.user, "edit_report", report))
    )
    return FindingsAndCosts(
        findings=report_finding_rows(report), costs=cost_benefit_for(report), editable=editable
    )
