"""The grant's own pages: for the programme team (every grant of their programmes, and one
grant with everything after its award) and for the grantee ("Your grants", and one grant).

Each part of a grant's life (offer, schedule, payments, variations, outcome payments, returns)
adds its section to the grant pages through its module's `manage_section` / `grantee_section`,
so this module knows nothing of their records.
"""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from innovation_fund.accounts.sessions import sign_in_required
from innovation_fund.core.dates import london_today

from ..money import money_by_grant
from ..policies.grants import grants_of_grantee, grants_of_programme_team, roles_for
from ..your_grants import overviews_of
from . import offers, outcome_payments, payments, returns, schedules, spend, variations
from .lookups import grantee_grant_or_404, team_grant_or_404

RELATED = ("round__programme", "recipient", "project", "application")

# In the order the grant page shows them.
SECTIONS = [
    ("offers", offers),
    ("schedules", schedules),
    ("payments", payments),
    ("variations", variations),
    ("outcome_payments", outcome_payments),
    ("returns", returns),
    ("spend", spend),
]


@sign_in_required
@require_GET
@never_cache
def manage_grant_list(request):
    grants = list(
        grants_of_programme_team(request.user)
        .filter(decision__isnull=False)
        .select_related("round__programme", "recipient", "project")
        .order_by("round__programme__name", "round__number", "recipient__name", "pk")
    )
    money = money_by_grant([grant.pk for grant in grants])
    rows = [(grant, money.get(grant.pk)) for grant in grants]
    return render(request, "grants/manage/grant_list.html", {"rows": rows})


@sign_in_required
@require_GET
@never_cache
def manage_grant(request, pk: int):
    grant = team_grant_or_404(request, pk, related=RELATED)
    context = {"grant": grant, "roles": roles_for(request.user, grant), "sections": []}
    for name, module in SECTIONS:
        context.update(module.manage_section(request, grant))
        context["sections"].append(f"grants/manage/sections/_{name}.html")
    return render(request, "grants/manage/grant.html", context)


@sign_in_required
@require_GET
@never_cache
def your_grants(request):
    grants = list(
        grants_of_grantee(request.user)
        .select_related("round__programme", "recipient", "project")
        .order_by("-awarded_on", "pk")
    )
    return render(
        request,
        "grants/grantee/your_grants.html",
        {"grants": grants, "overviews": overviews_of(grants, today=london_today())},
    )


@sign_in_required
@require_GET
@never_cache
def grantee_grant(request, pk: int):
    grant = grantee_grant_or_404(request, pk, related=RELATED)
    context = {"grant": grant, "roles": roles_for(request.user, grant), "sections": []}
    for name, module in SECTIONS:
        context.update(module.grantee_section(request, grant))
        context["sections"].append(f"grants/grantee/sections/_{name}.html")
    return render(request, "grants/grantee/grant.html", context)
