"""The programme, its rounds and their focus areas, and what it announced: from programme.json."""

from datetime import date

from django.utils import timezone

from innovation_fund.grants.models import Project
from innovation_fund.organisations.registers import Registers
from innovation_fund.programmes.models import Announcement, FocusArea, Outcome, Programme, Round
from innovation_fund.programmes.outcome_selectors import bid_uses

from .report import LoadReport
from .sources import SourceBook
from .sync import UNCHANGED, sync_many, upsert


def load_programme_and_rounds(
    document: dict, registers: Registers, sources: SourceBook, report: LoadReport
) -> tuple[Programme, bool]:
    facts = document["programme"]
    funder_org_id = registers.government_org_id(facts["funder_gor_code"], facts["funder_name"])
    if funder_org_id is None:
        report.warnings.append(
            f"The government register does not give {facts['funder_gor_code']} to "
            f"{facts['funder_name']}: funder org-id left blank"
        )
    programme, status = upsert(
        Programme,
        {"slug": facts["slug"]},
        {
            "name": facts["name"],
            "funder_name": facts["funder_name"],
            "funder_org_id": funder_org_id or "",
            "summary": facts["summary"],
            "objectives": facts["objectives"],
            "budget_pence": facts["budget_pence"],
            "first_year": facts["first_year"],
            "last_year": facts["last_year"],
        },
        report,
        "programme",
    )
    changed = status != UNCHANGED
    changed |= sync_many(programme.sources, sources.get(facts["sources"]))
    changed |= _load_outcome_framework(programme, facts.get("outcome_framework"), sources, report)
    for round_facts in document["rounds"]:
        changed |= _load_round(programme, round_facts, sources, report)
    return programme, changed


def _load_outcome_framework(
    programme: Programme, framework: dict | None, sources: SourceBook, report: LoadReport
) -> bool:
    """The outcomes bids choose from, by slug, in the file's order, each with the sources that
    name it (the file holds only outcomes a source names). The framework's note says what the
    sources leave out. An outcome the file withdraws is deleted if no bid chose it, and retired
    if one did; any other outcome not in the file (one the programme team added) is kept."""
    if not framework:
        return False
    changed = False
    if programme.outcome_framework_note != framework.get("note", ""):
        programme.outcome_framework_note = framework.get("note", "")
        programme.save(update_fields=["outcome_framework_note"])
        changed = True
    for position, facts in enumerate(framework["outcomes"]):
        values = {"name": facts["name"], "definition": facts["definition"], "position": position}
        # Only what the sources give: a measure set on the screens is not blanked by a reload.
        values |= {name: facts[name] for name in ("measure", "unit", "direction") if name in facts}
        outcome, status = upsert(
            Outcome, {"programme": programme, "slug": facts["slug"]}, values, report, "outcome"
        )
        changed |= status != UNCHANGED
        if sync_many(outcome.sources, sources.get(facts["sources"])):
            if status == UNCHANGED:
                report.mark_updated("outcome")
            changed = True
    withdrawn = framework.get("withdrawn", {}).get("slugs", [])
    changed |= _withdraw_outcomes(programme, withdrawn, report)
    wanted = {facts["slug"] for facts in framework["outcomes"]}
    others = programme.outcomes.exclude(slug__in=wanted).filter(retired_at__isnull=True)
    for slug in others.values_list("slug", flat=True):
        report.warnings.append(f"Outcome {slug!r} is not in programme.json: kept, not deleted")
    return changed


def _withdraw_outcomes(programme: Programme, slugs: list[str], report: LoadReport) -> bool:
    withdrawn = list(programme.outcomes.filter(slug__in=slugs))
    uses = bid_uses(outcome.pk for outcome in withdrawn)
    changed = False
    for outcome in withdrawn:
        if uses.get(outcome.pk):
            if outcome.retired_at is None:
                outcome.retired_at = timezone.now()
                outcome.save(update_fields=["retired_at"])
                report.mark_updated("outcome")
                report.warnings.append(
                    f"Outcome {outcome.slug!r} is withdrawn but bids chose it: retired, not deleted"
                )
                changed = True
        else:
            outcome.delete()
            report.deleted["outcome"] += 1
            changed = True
    return changed


def _load_round(programme: Programme, facts: dict, sources: SourceBook, report: LoadReport) -> bool:
    funding_round, status = upsert(
        Round,
        {"programme": programme, "number": facts["number"]},
        {
            "name": facts["name"],
            "slug": facts["slug"],
            "round_type": facts["round_type"],
            "summary": facts["summary"],
            "announced_year": facts["announced_year"],
            "first_year": facts["first_year"],
            "last_year": facts["last_year"],
            # The real programme's rounds are history: decisions announced, nothing to come.
            "state": Round.State.COMPLETE,
        },
        report,
        "round",
    )
    changed = status != UNCHANGED
    changed |= sync_many(funding_round.sources, sources.get(facts["sources"]))
    wanted_slugs = []
    for position, area in enumerate(facts["focus_areas"]):
        wanted_slugs.append(area["slug"])
        _, status = upsert(
            FocusArea,
            {"round": funding_round, "slug": area["slug"]},
            {
                "kind": area["kind"],
                "name": area["name"],
                "description": area["description"],
                "position": position,
            },
            report,
            "focus area",
        )
        changed |= status != UNCHANGED
    stale = funding_round.focus_areas.exclude(slug__in=wanted_slugs)
    if stale.exists():
        report.deleted["focus area"] += stale.count()
        stale.delete()
        changed = True
    return changed


def load_announcements(
    programme: Programme, document: dict, sources: SourceBook, report: LoadReport
) -> bool:
    changed = False
    rounds = {item.number: item for item in programme.rounds.all()}
    for facts in document["announcements"]:
        announcement, status = upsert(
            Announcement,
            {
                "programme": programme,
                "announced_on": date.fromisoformat(facts["announced_on"]),
                "title": facts["title"],
            },
            {
                "round_id": rounds[facts["round"]].pk if facts["round"] else None,
                "summary": facts["summary"],
                "amount_pence": facts["amount_pence"],
                "project_count": facts["project_count"],
                "authority_count": facts["authority_count"],
                "authorities_total": facts["authorities_total"],
                "instalments": facts["instalments"],
            },
            report,
            "announcement",
        )
        changed |= status != UNCHANGED
        projects = list(Project.objects.filter(slug__in=facts["projects"]))
        for slug in set(facts["projects"]) - {project.slug for project in projects}:
            report.not_matched("programme.json", 0, f"announcement {facts['title']}", slug)
        changed |= sync_many(announcement.projects, projects)
        changed |= sync_many(announcement.sources, sources.get(facts["sources"]))
    return changed
