# Written by hand for the bid lifecycle (issue 11): the new states, and each submitted bid's
# state set from its assessment records (the same rule as assessment.bid_states.state_from_records).
from django.db import migrations, models

STATES = [
    ("draft", "Draft"),
    ("awaiting_sign_off", "Waiting for sign-off"),
    ("submitted", "Submitted"),
    ("eligible", "Eligible"),
    ("not_eligible", "Not eligible"),
    ("assessed", "Assessed"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("deferred", "Deferred"),
    ("announced", "Announced"),
    ("withdrawn", "Withdrawn"),
]
DECIDED = {"approve": "approved", "reject": "rejected", "defer": "deferred"}


def state_from_records(apps, application) -> str:
    Decision = apps.get_model("assessment", "Decision")
    BatchDecision = apps.get_model("assessment", "BatchDecision")
    EligibilityCheck = apps.get_model("assessment", "EligibilityCheck")
    Assignment = apps.get_model("assessment", "Assignment")
    decision = (
        Decision.objects.filter(application=application, superseded_by__isnull=True)
        .order_by("-decided_at", "-id")
        .first()
    )
    if decision is not None:
        if BatchDecision.objects.filter(decision=decision).exists():
            return "announced"
        return DECIDED[decision.outcome]
    check = EligibilityCheck.objects.filter(application=application).first()
    if check is None:
        return "submitted"
    if not check.is_eligible:
        return "not_eligible"
    active = Assignment.objects.filter(application=application, state="active")
    complete = active.exists() and not active.exclude(assessment__state="submitted").exists()
    return "assessed" if complete else "eligible"


def set_states(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    for application in Application.objects.filter(state="submitted").iterator():
        state = state_from_records(apps, application)
        if state != application.state:
            Application.objects.filter(pk=application.pk).update(state=state)


def back_to_submitted(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    Application.objects.exclude(
        state__in=["draft", "awaiting_sign_off", "submitted", "withdrawn"]
    ).update(state="submitted")


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0002_initial"),
        ("programmes", "0009_single_manager"),
        ("assessment", "0002_conflict_with_named_partner"),
    ]

    operations = [
        migrations.AlterField(
            model_name="application",
            name="state",
            field=models.CharField(choices=STATES, default="draft", max_length=20),
        ),
        migrations.RunPython(set_states, back_to_submitted),
    ]
