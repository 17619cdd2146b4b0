"""Projects from projects.csv: leads, partners, areas, what each scales, and their sources."""

from dataclasses import dataclass, field

from django.utils.text import slugify

from innovation_fund.core.audit import changed_fields, snapshot
from innovation_fund.core.input_files import InputFile, split_list, split_urls
from innovation_fund.core.money import pounds_to_pence
from innovation_fund.grants.models import Project, ProjectArea, ProjectPartner
from innovation_fund.grants.project_words import refresh_project_words
from innovation_fund.innovations.models import Innovation
from innovation_fund.organisations.models import Organisation
from innovation_fund.places.models import LocalAuthority
from innovation_fund.programmes.models import FocusArea, Round

from .places import Authorities
from .provenance import Imports, record_change
from .report import LoadReport
from .reviewed import ReviewedFiles
from .sources import SourceBook
from .sync import CREATED, UNCHANGED, sync_many, upsert

LEAD, PARTNER = ProjectArea.Involvement.LEAD, ProjectArea.Involvement.PARTNER


def project_slug(row: dict) -> str:
    """From the name, or 'round-1-torbay-council' where the source names only the lead."""
    if row["name"]:
        return slugify(row["name"])
    return f"round-{row['round'] or 'unknown'}-{slugify(row['lead_organisation'])}"


@dataclass
class LoadedProject:
    project: Project
    row: dict
    innovations: list[Innovation]
    authorities: list[LocalAuthority] = field(default_factory=list)
    status: str = UNCHANGED
    before: dict | None = None
    changed_relations: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Partner:
    organisation: Organisation | None
    description: str
    area_gss: tuple[str, ...] = ()


class ProjectLoader:
    def __init__(
        self,
        source_file: InputFile,
        reviewed: ReviewedFiles,
        organisations: dict[str, Organisation],
        innovations: dict[str, Innovation],
        rounds: dict[int, Round],
        authorities: Authorities,
        sources: SourceBook,
        imports: Imports,
        report: LoadReport,
        *,
        overlay: dict[str, dict[str, str]] | None = None,
        earlier: dict[str, LoadedProject] | None = None,
    ):
        self.file = source_file
        # Values from other sourced files for cells this file leaves blank, by project slug.
        self.overlay = overlay or {}
        # Projects loaded from another file that this file's rows may scale.
        self.earlier = earlier or {}
        self.reviewed = reviewed
        self.organisations = organisations
        self.innovations = innovations
        self.rounds = rounds
        self.focus_areas = {
            f"{area.round.number}/{area.slug}": area
            for area in FocusArea.objects.select_related("round").filter(round__in=rounds.values())
        }
        self.authorities = authorities
        self.sources = sources
        self.imports = imports
        self.report = report

    def load(self) -> dict[str, LoadedProject]:
        loaded: dict[str, LoadedProject] = {}
        for number, row in enumerate(self.file.content, start=1):
            slug = project_slug(row)
            if slug in loaded or slug in self.earlier:
                self.report.warnings.append(f"{self.file.name} row {number}: slug {slug} repeats")
                continue
            item = self._load_row(number, slug, {**row, **self.overlay.get(slug, {})})
            if item:
                loaded[slug] = item
        for item in loaded.values():
            if self._sync_scales(item, {**self.earlier, **loaded}):
                item.changed_relations.append("scales")
        for item in loaded.values():
            self._stamp_if_changed(item)
        # Partners and areas were written in bulk, which the search's words do not hear of.
        refresh_project_words(item.project.pk for item in loaded.values())
        return loaded

    def _unmatched(self, number: int, column: str, text: str) -> None:
        self.report.not_matched(self.file.name, number, column, text)

    def _load_row(self, number: int, slug: str, row: dict) -> LoadedProject | None:
        lead = self._organisation(number, "lead_organisation", row["lead_organisation"])
        if lead is None or lead.organisation is None:
            self.report.warnings.append(
                f"{self.file.name} row {number}: not loaded, lead not known"
            )
            return None
        funding_round = self._round(number, row["round"])
        innovations = self._innovations(number, row["innovation"])
        existing = Project.objects.filter(slug=slug).first()
        project, status = upsert(
            Project,
            {"slug": slug},
            {
                "name": row["name"],
                "lead_organisation_id": lead.organisation.pk,
                "round_id": funding_round.pk if funding_round else None,
                "focus_area_id": self._focus_area_id(number, row["focus_area"], funding_round),
                "amount_pence": pounds_to_pence(row["amount_gbp"]) if row["amount_gbp"] else None,
                "award_year": int(row["award_year"]) if row["award_year"] else None,
                "practice_description": row["innovation"],
                "innovation_id": innovations[0].pk if innovations else None,
                "evidence_quote": row.get("evidence_quote", ""),
                "source_row": number,
            },
            self.report,
            "project",
        )
        item = LoadedProject(
            project=project,
            row=row,
            innovations=innovations,
            status=status,
            before=snapshot(existing) if existing else None,
        )
        partners = [
            partner
            for text in split_list(row["partner_organisations"])
            if (partner := self._organisation(number, "partner_organisations", text))
        ]
        if self._sync_partners(project, partners):
            item.changed_relations.append("partners")
        item.authorities = self._sync_areas(item, lead, partners)
        if sync_many(project.sources, self.sources.get(split_urls(row["source_url"]))):
            item.changed_relations.append("sources")
        return item

    def _organisation(self, number: int, column: str, text: str) -> Partner | None:
        mapping = self.reviewed.mapping("organisation", text)
        if mapping is None:
            self._unmatched(number, column, text)
            return None
        if mapping.description_only:
            return Partner(organisation=None, description=text, area_gss=mapping.area_gss)
        return Partner(organisation=self.organisations[mapping.target], description="")

    def _round(self, number: int, text: str) -> Round | None:
        if not text:
            return None
        funding_round = self.rounds.get(int(text))
        if funding_round is None:
            self._unmatched(number, "round", text)
        return funding_round

    def _focus_area_id(self, number: int, text: str, funding_round: Round | None) -> int | None:
        if not text:
            return None
        mapping = self.reviewed.mapping("focus_area", text)
        if mapping is None:
            self._unmatched(number, "focus_area", text)
            return None
        if not mapping.target:
            return None
        area = self.focus_areas.get(mapping.target)
        if area is None:
            self._unmatched(number, "focus_area", mapping.target)
            return None
        if funding_round and area.round_id != funding_round.pk:
            self.report.warnings.append(
                f"{self.file.name} row {number}: focus area {mapping.target} is not in round "
                f"{funding_round.number}"
            )
        return area.pk

    def _innovations(self, number: int, text: str) -> list[Innovation]:
        if not text:
            return []
        mapping = self.reviewed.mapping("project_innovation", text)
        if mapping is None:
            self._unmatched(number, "innovation", text)
            return []
        return [self.innovations[slug] for slug in mapping.targets if slug in self.innovations]

    def _sync_partners(self, project: Project, partners: list[Partner]) -> bool:
        wanted = [
            (partner.organisation.pk if partner.organisation else None, partner.description)
            for partner in partners
        ]
        existing = list(
            project.partners.order_by("position").values_list("organisation_id", "description")
        )
        if existing == wanted:
            return False
        project.partners.all().delete()
        ProjectPartner.objects.bulk_create(
            ProjectPartner(project=project, organisation_id=org_id, description=text, position=i)
            for i, (org_id, text) in enumerate(wanted)
        )
        return True

    def _sync_areas(
        self, item: LoadedProject, lead: Partner, partners: list[Partner]
    ) -> list[LocalAuthority]:
        """Lead authorities as lead, partner authorities as partner (a lead stays only a lead)."""
        wanted: dict[int, tuple[LocalAuthority, str]] = {}
        for authority in self._authorities_of(lead):
            wanted[authority.pk] = (authority, LEAD)
        for partner in partners:
            for authority in self._authorities_of(partner):
                wanted.setdefault(authority.pk, (authority, PARTNER))
        project = item.project
        for authority, _ in wanted.values():
            self.authorities.check_valid_in(authority, project.award_year, project.slug)
        wanted_pairs = {(pk, involvement) for pk, (_, involvement) in wanted.items()}
        existing_pairs = set(project.areas.values_list("authority_id", "involvement"))
        if wanted_pairs != existing_pairs:
            for authority_id, involvement in existing_pairs - wanted_pairs:
                project.areas.filter(authority_id=authority_id, involvement=involvement).delete()
            ProjectArea.objects.bulk_create(
                ProjectArea(project=project, authority_id=pk, involvement=involvement)
                for pk, involvement in wanted_pairs - existing_pairs
            )
            item.changed_relations.append("areas")
        return [authority for authority, _ in wanted.values()]

    def _authorities_of(self, partner: Partner) -> list[LocalAuthority]:
        organisation = partner.organisation
        if organisation is None:
            return [
                authority
                for code in partner.area_gss
                if (authority := self.authorities.get(code, partner.description))
            ]
        if organisation.authority_id:
            return [organisation.authority]
        return list(organisation.member_authorities.all())

    def _sync_scales(self, item: LoadedProject, loaded: dict[str, LoadedProject]) -> bool:
        number = item.project.source_row
        wanted = []
        for text in split_list(item.row["scale_of"]):
            mapping = self.reviewed.mapping("scale_of", text)
            if mapping is None:
                self._unmatched(number, "scale_of", text)
                continue
            earlier = loaded.get(mapping.target)
            if earlier is None:
                self._unmatched(number, "scale_of", mapping.target)
                continue
            wanted.append(earlier.project)
        return sync_many(item.project.scales, wanted)

    def _stamp_if_changed(self, item: LoadedProject) -> None:
        """Point a created or changed project at this run's import of the file, and audit it."""
        if item.status == UNCHANGED and not item.changed_relations:
            return
        project = item.project
        project.imported_from = self.imports.for_file(self.file)
        project.save(update_fields=["imported_from"])
        if item.status == UNCHANGED:
            self.report.mark_updated("project")
        after = snapshot(project)
        if item.status == CREATED:
            record_change(project, "project.imported", None, after)
            return
        before, after = changed_fields(item.before, after)
        after["changed_relations"] = item.changed_relations
        record_change(project, "project.updated", before, after)
