"""Records every app relies on: the audit trail and the provenance of imported facts."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Audit events are append-only")

    def delete(self):
        raise PermissionError("Audit events are append-only")


class AuditEvent(models.Model):
    """Who did what to which record, when, with the values before and after. Never changed."""

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(
        max_length=200, help_text="Who acted, in words: a person's email or a system process."
    )
    action = models.CharField(max_length=100, db_index=True)
    object_type = models.CharField(max_length=100, help_text="app_label.model")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return (
            f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are append-only")


class Source(models.Model):
    """A public document that a fact was taken from."""

    url = models.URLField(max_length=500, unique=True)
    title = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["url"]

    def __str__(self) -> str:
        return self.title or self.url

    @property
    def site(self) -> str:
        host = self.url.split("://", 1)[-1].split("/", 1)[0]
        return host.removeprefix("www.")


class DataImport(models.Model):
    """One run of a loader over one file: where the facts came from and when we took them."""

    dataset = models.CharField(max_length=100, db_index=True)
    file_name = models.CharField(max_length=300)
    file_sha256 = models.CharField(max_length=64)
    imported_at = models.DateTimeField(default=timezone.now)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-imported_at"]
        get_latest_by = "imported_at"

    def __str__(self) -> str:
        return f"{self.dataset} from {self.file_name} at {self.imported_at:%Y-%m-%d %H:%M}"
