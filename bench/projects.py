"""National scale for the programme's own pages: 10,000 synthetic projects beside the real ones,
built once into the bench's own database, so the project directory, its word search, the home
page's totals and the map are measured at the size issue 14 names. Each synthetic project has
its grant, as the real ones do, so the programme's open data export (bench/exports.py) writes
the same ~10,000 grants at national scale.

Every row is made up and says so ("not real" in its round, organisations and names). What is
realistic is the shape: words drawn from the real projects' summaries by their frequency, leads
among 2,000 organisations, one to three of England's authorities for each project (busier
authorities more often), award years and amounts over the programme's range.
"""

import random
from datetime import date, timedelta
from itertools import accumulate

from django.db import transaction

from innovation_fund.grants.models import Grant, Project, ProjectArea
from innovation_fund.grants.project_words import refresh_project_words
from innovation_fund.organisations.models import Organisation, OrganisationType
from innovation_fund.places.models import LocalAuthority
from innovation_fund.programmes.models import Programme, Round

from .national import vocabulary

ROUND_SLUG = "bench-synthetic-round"
BATCH = 2_000
ORGANISATIONS = 2_000


def build_projects(total: int, *, seed: int = 14) -> int:
    """Add synthetic projects until `total` are held in the synthetic round; how many added."""
    synthetic_round = _synthetic_round()
    held = Project.objects.filter(round=synthetic_round).count()
    if held >= total:
        return 0
    chance = random.Random(seed + held)  # noqa: S311 (made-up data, not security)
    leads = synthetic_organisations("bench-org-", "Synthetic charity", ORGANISATIONS)
    authorities = list(LocalAuthority.objects.values_list("pk", flat=True))
    authority_weights = list(accumulate(1 / (rank + 1) for rank in range(len(authorities))))
    chance.shuffle(authorities)
    words, word_weights = vocabulary()
    for start in range(held, total, BATCH):
        size = min(BATCH, total - start)
        projects = [
            Project(
                name=" ".join(chance.choices(words, cum_weights=word_weights, k=5)).capitalize()
                + " (not real)",
                slug=f"bench-project-{number:06d}",
                summary=" ".join(chance.choices(words, cum_weights=word_weights, k=40)),
                lead_organisation_id=chance.choice(leads),
                round=synthetic_round,
                amount_pence=chance.randrange(5_000_000, 500_000_000),
                award_year=chance.randrange(2014, 2021),
            )
            for number in range(start, start + size)
        ]
        with transaction.atomic():
            made = Project.objects.bulk_create(projects)
            areas = []
            for project in made:
                chosen = set(
                    chance.choices(
                        authorities, cum_weights=authority_weights, k=chance.randint(1, 3)
                    )
                )
                areas += [
                    ProjectArea(
                        project=project,
                        authority_id=pk,
                        involvement=ProjectArea.Involvement.LEAD
                        if index == 0
                        else ProjectArea.Involvement.AREA,
                    )
                    for index, pk in enumerate(sorted(chosen))
                ]
            ProjectArea.objects.bulk_create(areas)
            refresh_project_words([project.pk for project in made])
    return total - held


def build_project_grants() -> int:
    """Give every synthetic project that has none its grant; how many added.

    As the real programme's historical grants are (demo/loaders/grants.py): a grant recorded from
    the records to the project's lead organisation in its round, of the project's amount. Unlike
    those, each has a day of award, within the project's award year (a day of the year set by
    the project, so a rebuild gives the same days). Not a demonstration grant, as its round is
    not a demonstration round: what makes it "not real" is its project's and recipient's names.
    """
    missing = list(
        Project.objects.filter(round__slug=ROUND_SLUG, grant__isnull=True)
        .order_by("pk")
        .values_list("pk", "lead_organisation_id", "round_id", "amount_pence", "award_year")
    )
    added = 0
    for start in range(0, len(missing), BATCH):
        grants = [
            Grant(
                project_id=project_id,
                recipient_id=lead_id,
                round_id=round_id,
                amount_pence=amount_pence,
                award_year=award_year,
                awarded_on=date(award_year, 1, 1) + timedelta(days=project_id % 365),
                state=Grant.State.RECORDED,
            )
            for project_id, lead_id, round_id, amount_pence, award_year in missing[
                start : start + BATCH
            ]
        ]
        with transaction.atomic():
            added += len(Grant.objects.bulk_create(grants))
    return added


def _synthetic_round() -> Round:
    existing = Round.objects.filter(slug=ROUND_SLUG).first()
    if existing:
        return existing
    programme = Programme.objects.order_by("pk").first()
    last = Round.objects.filter(programme=programme).order_by("-number").first()
    return Round.objects.create(
        programme=programme,
        number=(last.number if last else 0) + 1,
        name="Synthetic round for make bench (not real)",
        slug=ROUND_SLUG,
        round_type=Round.RoundType.OPEN_COMPETITION,
        announced_year=2019,
        state=Round.State.PUBLISHED,
    )


def synthetic_organisations(slug_prefix: str, name: str, count: int) -> list[int]:
    """`count` made-up charities named "`name` N (not real)", made once; their ids in order."""
    held = list(
        Organisation.objects.filter(slug__startswith=slug_prefix)
        .order_by("slug")
        .values_list("pk", flat=True)
    )
    if held:
        return held
    made = Organisation.objects.bulk_create(
        Organisation(
            name=f"{name} {number} (not real)",
            slug=f"{slug_prefix}{number:05d}",
            organisation_type=OrganisationType.CHARITY,
        )
        for number in range(count)
    )
    return [organisation.pk for organisation in made]
