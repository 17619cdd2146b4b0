"""Bids: what an organisation asks a round to fund, built up task by task and then submitted.

Every change goes through a service; the state only moves along the rows of the bid lifecycle
table, `lifecycle.BID_LIFECYCLE`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from innovation_fund.core.document_checks import name_for_download
from innovation_fund.core.storage import private_storage
from innovation_fund.innovations.models import Innovation
from innovation_fund.organisations.models import Organisation, OrganisationType
from innovation_fund.places.models import LocalAuthority
from innovation_fund.programmes.models import FocusArea, Outcome, Round


class Application(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING_SIGN_OFF = "awaiting_sign_off", "Waiting for sign-off"
        SUBMITTED = "submitted", "Submitted"
        ELIGIBLE = "eligible", "Eligible"
        NOT_ELIGIBLE = "not_eligible", "Not eligible"
        ASSESSED = "assessed", "Assessed"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        DEFERRED = "deferred", "Deferred"
        ANNOUNCED = "announced", "Announced"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class InnovationKind(models.TextChoices):
        NEW = "new", "A new practice model"
        SCALE_UP = "scale_up", "A scale-up of an existing innovation"

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="applications")
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="applications"
    )
    reference = models.CharField(max_length=20, unique=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    task_versions = models.JSONField(
        default=dict,
        blank=True,
        help_text="How many times each task has been saved, to notice two people saving at once",
    )

    # 1. About the project
    title = models.CharField(max_length=140, blank=True)
    summary = models.TextField(blank=True)
    focus_area = models.ForeignKey(
        FocusArea, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    # 4. The innovation
    innovation_kind = models.CharField(max_length=10, choices=InnovationKind.choices, blank=True)
    innovation = models.ForeignKey(
        Innovation, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    new_practice_name = models.CharField(max_length=200, blank=True)
    innovation_description = models.TextField(blank=True)
    # 7. Evaluation plan
    evaluation_plan = models.TextField(blank=True)
    evaluator_name = models.CharField(max_length=200, blank=True)
    # 9. Declarations
    declares_information_accurate = models.BooleanField(default=False)
    declares_no_duplicate_funding = models.BooleanField(default=False)
    declares_will_share_data = models.BooleanField(default=False)
    declarations_made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    declarations_made_at = models.DateTimeField(null=True, blank=True)

    # Sign-off, submission and withdrawal
    sign_off_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sign_off_requested_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["round", "state"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title or 'Untitled bid'}"

    @property
    def display_title(self) -> str:
        return self.title or "Untitled bid"

    @property
    def is_editable(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def state_label(self) -> str:
        """The state's name in the bid lifecycle (applications.lifecycle reads the same labels)."""
        return self.get_state_display()

    @property
    def applicant_state_label(self) -> str:
        """The state as the lead organisation may be told it: nothing about the panel's decision
        before it is announced."""
        return APPLICANT_LABELS.get(self.state, self.state_label)

    @property
    def state_colour(self) -> str:
        return STATE_COLOURS.get(self.state, "")

    @property
    def applicant_state_colour(self) -> str:
        if self.applicant_state_label == BEING_ASSESSED:
            return "light-blue"
        return self.state_colour


# A decision reaches the applicant only when it is announced; until then they see this.
BEING_ASSESSED = "Being assessed"
APPLICANT_LABELS = {
    Application.State.ELIGIBLE: BEING_ASSESSED,
    Application.State.ASSESSED: BEING_ASSESSED,
    Application.State.APPROVED: BEING_ASSESSED,
    Application.State.REJECTED: BEING_ASSESSED,
    Application.State.DEFERRED: BEING_ASSESSED,
    Application.State.ANNOUNCED: "Decision announced",
}
STATE_COLOURS = {
    Application.State.DRAFT: "grey",
    Application.State.AWAITING_SIGN_OFF: "yellow",
    Application.State.SUBMITTED: "green",
    Application.State.ELIGIBLE: "light-blue",
    Application.State.NOT_ELIGIBLE: "red",
    Application.State.ASSESSED: "turquoise",
    Application.State.APPROVED: "green",
    Application.State.REJECTED: "orange",
    Application.State.DEFERRED: "purple",
    Application.State.ANNOUNCED: "green",
    Application.State.WITHDRAWN: "red",
}


class ApplicationPartner(models.Model):
    """Another organisation in the bid: one already registered, or one named by the applicant."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200, blank=True, help_text="For one not registered")
    organisation_type = models.CharField(
        max_length=20, choices=OrganisationType.choices, blank=True
    )
    role = models.CharField(max_length=300, help_text="What the partner does in the project")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["application", "position", "id"]

    def __str__(self) -> str:
        return self.partner_name

    @property
    def partner_name(self) -> str:
        return self.organisation.name if self.organisation_id else self.name


class ApplicationPlace(models.Model):
    """A local authority area where the work will happen."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="places")
    authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["authority__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "authority"], name="unique_application_place"
            )
        ]

    def __str__(self) -> str:
        return str(self.authority)


class ApplicationOutcome(models.Model):
    """An outcome from the programme's framework the bid aims to change, and how it is measured."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="outcomes")
    # Named so the framework's pages can count a bid's uses of an outcome by relation, without
    # importing applications (which sits above programmes).
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="bid_uses")
    measure = models.CharField(max_length=300)
    baseline = models.CharField(max_length=200)
    target = models.CharField(max_length=200)

    class Meta:
        ordering = ["outcome__position", "outcome__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "outcome"], name="unique_application_outcome"
            )
        ]

    def __str__(self) -> str:
        return str(self.outcome)


class CostHeading(models.TextChoices):
    STAFF = "staff", "Staff"
    TRAINING = "training", "Training and development"
    SERVICE_DELIVERY = "delivery", "Direct service delivery"
    EQUIPMENT = "equipment", "Equipment and IT"
    PREMISES = "premises", "Premises"
    EVALUATION = "evaluation", "Evaluation"
    OVERHEADS = "overheads", "Overheads"
    OTHER = "other", "Other"


class BudgetLine(models.Model):
    """Money asked for under one cost heading in one financial year (April to March)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines"
    )
    financial_year = models.PositiveSmallIntegerField(
        help_text="The calendar year the financial year starts in: 2015 for 2015-16"
    )
    cost_heading = models.CharField(max_length=20, choices=CostHeading.choices)
    amount_pence = models.BigIntegerField()

    class Meta:
        ordering = ["financial_year", "cost_heading"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "financial_year", "cost_heading"],
                name="unique_budget_line",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_pence__gte=0), name="budget_line_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.financial_year} {self.cost_heading}: {self.amount_pence}p"


def _document_path(instance: "ApplicationDocument", filename: str) -> str:
    # The stored name never uses what the uploader called the file.
    return f"applications/{instance.application_id}/{instance.sha256}"


class ApplicationDocument(models.Model):
    """A supporting file. Kept in private storage and served only to people allowed to see it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(
        upload_to=_document_path,
        storage=private_storage,
    )
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, help_text="As found from the file's content")
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    description = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def download_name(self) -> str:
        """The uploaded name with the extension of the type read from its content, so a PDF
        always downloads as `.pdf` whatever it was called."""
        return name_for_download(self.original_name, self.content_type, fallback_stem="document")
