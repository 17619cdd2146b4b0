"""Open data files the public can download, each produced in the background from the records."""

from django.db import models
from django.utils import timezone

from innovation_fund.core.storage import private_storage
from innovation_fund.places.models import LocalAuthority, Region


class PublishedFile(models.Model):
    """One produced copy of the grants in the 360Giving Data Standard. The newest one of each
    format is what the download page offers; older ones are kept so a change can be traced.
    The three formats are produced together from the same checked JSON package."""

    class Format(models.TextChoices):
        # The value is also the file name's extension.
        JSON = "json", "360Giving JSON package"
        CSV = "csv", "360Giving grants sheet (CSV)"
        XLSX = "xlsx", "360Giving grants sheet (Excel)"

    format = models.CharField(max_length=10, choices=Format.choices)
    file = models.FileField(storage=private_storage, upload_to="opendata/%Y/%m/")
    size_bytes = models.PositiveBigIntegerField()
    grants_written = models.PositiveIntegerField()
    grants_skipped = models.JSONField(
        default=dict, help_text="How many grants were left out, by reason"
    )
    generated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-generated_at", "-id"]
        get_latest_by = "generated_at"

    def __str__(self) -> str:
        return f"{self.get_format_display()} of {self.generated_at:%Y-%m-%d %H:%M}"


class IndexedGrant(models.Model):
    """One grant in the public grants search: the programme's own, exactly as its open data
    publishes it, or another funder's, as imported from their 360Giving file.

    Written only by `search_index.py`, when the open data is published and when a file is
    imported, so each search reads one table. Its words are searched through the database's own
    full-text index (see `grant_search.py` and migration 0003).
    """

    class Source(models.TextChoices):
        PROGRAMME = "programme", "This programme"
        OTHER = "other", "Another funder"

    source = models.CharField(max_length=20, choices=Source.choices)
    grant_id = models.CharField(max_length=500, unique=True)
    title = models.TextField()
    description = models.TextField(blank=True)
    currency = models.CharField(max_length=3)
    amount_awarded_minor = models.BigIntegerField(
        help_text="In hundredths of the currency (pence for GBP)"
    )
    award_date = models.DateField()
    award_year = models.PositiveSmallIntegerField(
        help_text="The award date's year, kept so grants can be counted by year from an index"
    )
    funder_org_id = models.CharField(max_length=200, blank=True)
    funder_name = models.CharField(max_length=500, blank=True)
    recipient_org_id = models.CharField(max_length=200, blank=True)
    recipient_name = models.CharField(
        max_length=500, blank=True, help_text="Empty for a grant to a person"
    )
    page_url = models.URLField(
        max_length=500, blank=True, help_text="The grant's page on this site or the publisher's"
    )
    authorities = models.ManyToManyField(
        LocalAuthority, through="IndexedGrantArea", related_name="+"
    )

    class Meta:
        ordering = ["-award_date", "grant_id"]
        indexes = [
            models.Index(fields=["award_date", "id"]),
            models.Index(fields=["amount_awarded_minor", "id"]),
            models.Index(fields=["funder_org_id", "award_date"]),
            models.Index(fields=["funder_org_id", "award_year"]),
            models.Index(fields=["recipient_org_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.grant_id}: {self.title}"


class IndexedGrantArea(models.Model):
    """An authority a grant is in: named by a GSS code where it benefits or where its recipient
    is, or the council itself as the recipient (by its org-id). Matched once, when indexed."""

    grant = models.ForeignKey(IndexedGrant, on_delete=models.CASCADE, related_name="areas")
    authority = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["authority", "grant"], name="unique_indexed_grant_area")
        ]

    def __str__(self) -> str:
        return f"{self.grant_id} in {self.authority_id}"


class IndexedGrantRegion(models.Model):
    """A region a grant is in: the region of an authority it is in, or one it names by its GSS
    code (E12…) without naming an authority there. Matched once, when indexed, for the search's
    region filter; a region-wide grant is not put on each of the region's authorities' pages."""

    grant = models.ForeignKey(IndexedGrant, on_delete=models.CASCADE, related_name="regions")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "grant"], name="unique_indexed_grant_region")
        ]

    def __str__(self) -> str:
        return f"{self.grant_id} in {self.region_id}"


class IndexedFunder(models.Model):
    """A funder with grants in the search, by org-id, with the name its newest file gives: the
    funder filter's choices and the names beside counts, without reading every grant."""

    org_id = models.CharField(max_length=200, unique=True)
    name = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["name", "org_id"]

    def __str__(self) -> str:
        return self.name or self.org_id


class IndexedGrantTally(models.Model):
    """How many grants, and their sum, for one authority (or, with no authority, for all grants
    wherever they are), source, funder, currency and award year: kept as grants are indexed, so
    an authority's page and a search by area or funder count from a few rows, not every grant
    (search_tallies.py). Sums are kept per currency and never added across currencies."""

    authority = models.ForeignKey(
        LocalAuthority, null=True, on_delete=models.CASCADE, related_name="+"
    )
    source = models.CharField(max_length=20, choices=IndexedGrant.Source.choices)
    funder_org_id = models.CharField(max_length=200, blank=True)
    currency = models.CharField(max_length=3)
    award_year = models.PositiveSmallIntegerField()
    grants = models.IntegerField()  # a change to it may be negative; no row is kept at 0
    total_minor = models.BigIntegerField(help_text="In the currency's minor unit (pence for GBP)")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "source", "funder_org_id", "currency", "award_year"],
                condition=models.Q(authority__isnull=False),
                name="unique_tally_in_authority",
            ),
            models.UniqueConstraint(
                fields=["source", "funder_org_id", "currency", "award_year"],
                condition=models.Q(authority__isnull=True),
                name="unique_tally_of_all_grants",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grants} grants in {self.authority_id or 'all'} ({self.award_year})"
