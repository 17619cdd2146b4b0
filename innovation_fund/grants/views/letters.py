"""A bid's letters (grant offer, or the reasons for a decision), downloaded by the lead
organisation's members and the programme's managers; anyone else gets 404."""

from django.db.models import Q
from django.http import FileResponse, Http404
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from innovation_fund.accounts.sessions import sign_in_required
from innovation_fund.programmes.models import ProgrammeRole

from ..models import Letter

app_name = "grants"


def _letters_visible_to(user):
    if not user.is_authenticated:
        return Letter.objects.none()
    member = Q(application__lead_organisation__memberships__user=user)
    manager = Q(
        application__round__programme__roles__user=user,
        application__round__programme__roles__role=ProgrammeRole.Role.PROGRAMME_MANAGER,
    )
    return Letter.objects.filter(id__in=Letter.objects.filter(member | manager).values("id"))


@sign_in_required
@require_GET
@never_cache
def letter(request, reference, pk):
    try:
        found = (
            _letters_visible_to(request.user)
            .select_related("application")
            .get(pk=pk, application__reference=reference)
        )
    except Letter.DoesNotExist:
        raise Http404("No letter you can see has that address") from None
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404("The letter's file is missing") from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{reference}-{found.get_kind_display().lower().replace(' ', '-')}.pdf",
        content_type="application/pdf",
    )


urlpatterns = [
    path("bids/<str:reference>/letters/<int:pk>/", letter, name="letter"),
]
