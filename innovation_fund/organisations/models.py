"""Organisations that lead or partner in projects, with their official identifiers as org-ids."""

from django.db import models

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
    sources = models.ManyToManyField(Source, blank=True, related_name="organisations")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
