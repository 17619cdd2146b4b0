from django.contrib import admin

from innovation_fund.core.admin import ReadOnlyModelAdmin, ReadOnlyTabularInline

from .models import Invitation, Membership, Organisation


class MembershipInline(ReadOnlyTabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "organisation_type", "org_id", "authority"]
    list_filter = ["organisation_type"]
    search_fields = ["name", "org_id", "charity_number", "company_number"]
    autocomplete_fields = ["authority", "member_authorities", "sources"]
    readonly_fields = ["version", "created_at"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyModelAdmin):
    list_display = ["user", "organisation", "role", "joined_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["user"]
    list_select_related = ["user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyModelAdmin):
    """Invitations are made in the service (which emails the link) and only looked at here.
    Only the token's hash is kept."""

    list_display = ["email", "organisation", "role", "invited_by", "expires_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email", "organisation__name"]
    list_select_related = ["organisation", "invited_by"]
    readonly_fields = [
        "organisation",
        "email",
        "role",
        "invited_by",
        "token_sha256",
        "created_at",
        "accepted_at",
        "accepted_by",
    ]
