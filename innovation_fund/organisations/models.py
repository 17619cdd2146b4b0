"""Organisations that lead or partner in projects, with their official identifiers as org-ids."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from innovation_fund.core.models import Source
from innovation_fund.places.models import LocalAuthority


class OrganisationType(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    CHARITY = "charity", "Charity"
    CHILDRENS_SERVICES_TRUST = "trust", "Children's services trust"
    MUTUAL = "mutual", "Mutual"
    COMPANY = "company", "Company"
    PUBLIC_BODY = "public_body", "Public body"
    UNIVERSITY = "university", "University"
    PARTNERSHIP = "partnership", "Partnership of local authorities"
    OTHER = "other", "Other"


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    organisation_type = models.CharField(max_length=20, choices=OrganisationType.choices)
    org_id = models.CharField(
        max_length=60,
        unique=True,
        null=True,
        blank=True,
        help_text="org-id.guide identifier, such as GB-LAE-HRT or GB-CHC-1000147",
    )
    charity_number = models.CharField(max_length=12, blank=True)
    company_number = models.CharField(max_length=8, blank=True)
    authority = models.ForeignKey(
        LocalAuthority,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text="For a local authority: the place it is responsible for",
    )
    member_authorities = models.ManyToManyField(
        LocalAuthority,
        blank=True,
        related_name="partnerships",
        help_text="For a partnership of authorities: its members",
    )
    website = models.URLField(blank=True)
    address_line_1 = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Goes up on every change, so two people editing at once are noticed"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sources = models.ManyToManyField(Source, blank=True, related_name="organisations")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    EDITOR = "editor", "Editor"
    ACCOUNTABLE_OFFICER = "accountable_officer", "Accountable officer"


class Membership(models.Model):
    """A person who may act for an organisation: edit its bids, or also sign them off."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=MemberRole.choices)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) at {self.organisation}"

    @property
    def is_accountable_officer(self) -> bool:
        return self.role == MemberRole.ACCOUNTABLE_OFFICER


class Invitation(models.Model):
    """An invitation by email to join an organisation in a role. Only a token hash is kept."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(max_length=254)
    role = models.CharField(max_length=30, choices=MemberRole.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    token_sha256 = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.organisation}"
