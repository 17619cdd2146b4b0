"""Other funders' grants, imported from their published 360Giving files.

They are kept apart from the programme's own grants: each came from one ImportedFile, which says
who published it, who imported it and what the checks found. A grant id is unique across all
files, so importing a file again updates or leaves alone what is there rather than adding copies.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from innovation_fund.core.storage import private_storage
from innovation_fund.places.models import LocalAuthority


class ImportedFile(models.Model):
    class Status(models.TextChoices):
        CHECKING = "checking", "Being checked"
        CHECK_STOPPED = "check_stopped", "Check did not finish"
        UNREADABLE = "unreadable", "Could not be read"
        INVALID = "invalid", "Has errors, cannot be imported"
        READY = "ready", "Checked, ready to import"
        IMPORTING = "importing", "Being imported"
        IMPORTED = "imported", "Imported"

    original_name = models.CharField(max_length=255, help_text="What the uploader called it")
    file = models.FileField(storage=private_storage, upload_to="otherfunders/%Y/%m/")
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    publisher_name = models.CharField(max_length=200, help_text="Who published the file")
    source_url = models.URLField(max_length=500, blank=True, help_text="Where it was published")
    licence = models.CharField(
        max_length=200, blank=True, help_text="The licence the publisher gives, such as CC BY 4.0"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CHECKING)
    report = models.JSONField(default=dict, help_text="What the checks found (see checking.py)")
    package = models.FileField(
        storage=private_storage,
        upload_to="otherfunders/checked/%Y/%m/",
        blank=True,
        help_text="The file as 360Giving JSON, once read; what is imported",
    )
    grant_count = models.PositiveIntegerField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when imported from the command line",
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    checked_at = models.DateTimeField(null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(null=True, blank=True)
    grants_added = models.PositiveIntegerField(null=True, blank=True)
    grants_changed = models.PositiveIntegerField(null=True, blank=True)
    grants_unchanged = models.PositiveIntegerField(null=True, blank=True)
    import_error = models.TextField(
        blank=True, help_text="Why the last import asked for did not happen, if it did not"
    )
    check_error = models.TextField(
        blank=True, help_text="Why the last check asked for did not finish, if it did not"
    )
    # The lease on the check or import in hand (leases.py): taken when it is queued, renewed
    # when a worker starts it; once it has expired the work is given up for lost.
    attempt = models.PositiveIntegerField(
        default=0, help_text="Counts the checks and imports asked for; a task for another is stale"
    )
    attempt_started_at = models.DateTimeField(
        null=True, blank=True, help_text="When a worker started the check or import in hand"
    )
    lease_holder = models.CharField(
        max_length=200, blank=True, help_text="The worker (host and process) that started it"
    )
    lease_expires_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When the check or import in hand is given up for lost if it has not finished",
    )

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.original_name} from {self.publisher_name}"


class OtherFunderGrant(models.Model):
    grant_id = models.CharField(max_length=500, unique=True)
    imported_file = models.ForeignKey(
        ImportedFile,
        on_delete=models.PROTECT,
        related_name="grants",
        help_text="The file that last added or changed this grant",
    )
    title = models.TextField()
    description = models.TextField(blank=True)
    currency = models.CharField(max_length=3)
    amount_awarded_minor = models.BigIntegerField(
        help_text="In hundredths of the currency (pence for GBP), rounded half up"
    )
    award_date = models.DateField()
    funder_org_id = models.CharField(max_length=200, blank=True)
    funder_name = models.CharField(max_length=500, blank=True)
    recipient_org_id = models.CharField(max_length=200, blank=True, db_index=True)
    recipient_name = models.CharField(max_length=500, blank=True)
    to_individual = models.BooleanField(
        default=False, help_text="A grant to a person, whose name is never shown"
    )
    programme_title = models.CharField(max_length=500, blank=True)
    data = models.JSONField(help_text="The grant exactly as published")
    content_sha256 = models.CharField(max_length=64, help_text="Of the grant as published")

    class Meta:
        ordering = ["-award_date", "grant_id"]

    def __str__(self) -> str:
        return f"{self.grant_id}: {self.title}"


class OtherFunderGrantLocation(models.Model):
    """A place a grant names with a geographic code, matched to an authority by its GSS code."""

    class Kind(models.TextChoices):
        BENEFICIARY = "beneficiary", "Where it benefits"
        RECIPIENT = "recipient", "Where the recipient is"

    grant = models.ForeignKey(OtherFunderGrant, on_delete=models.CASCADE, related_name="locations")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    geo_code = models.CharField(max_length=50)
    geo_code_type = models.CharField(max_length=20, blank=True)
    name = models.CharField(max_length=500, blank=True)
    authority = models.ForeignKey(
        LocalAuthority,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="other_funders_grant_locations",
    )

    class Meta:
        ordering = ["grant", "kind", "geo_code"]
        indexes = [models.Index(fields=["geo_code"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.geo_code}"
