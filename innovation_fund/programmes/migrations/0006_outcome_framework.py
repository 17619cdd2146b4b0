# The outcome framework work: what each outcome means and how it is measured, when it joined the
# framework and when it left, and whether it was made up for demonstration. Written by hand.
import django.utils.timezone
from django.db import migrations, models

DEMO_PROGRAMME_SLUG = "demonstration-programme"


def date_existing_outcomes(apps, schema_editor):
    """Outcomes already here were the framework their programme's bids chose from, so they count
    as added no later than the programme's first round opened (not at this migration, which
    would take them away from rounds already open). The demonstration programme's outcomes were
    made up for trying the service."""
    Outcome = apps.get_model("programmes", "Outcome")
    Round = apps.get_model("programmes", "Round")
    for outcome in Outcome.objects.select_related("programme"):
        first_opening = (
            Round.objects.filter(programme_id=outcome.programme_id, opens_at__isnull=False)
            .order_by("opens_at")
            .values_list("opens_at", flat=True)
            .first()
        )
        if first_opening is not None and first_opening < outcome.added_at:
            outcome.added_at = first_opening
        outcome.is_demonstration = outcome.programme.slug == DEMO_PROGRAMME_SLUG
        outcome.save(update_fields=["added_at", "is_demonstration"])


class Migration(migrations.Migration):
    dependencies = [("programmes", "0005_programme_team")]

    operations = [
        migrations.RenameField(model_name="outcome", old_name="description", new_name="definition"),
        migrations.AddField(
            model_name="outcome",
            name="measure",
            field=models.TextField(blank=True, help_text="How it is measured"),
        ),
        migrations.AddField(
            model_name="outcome",
            name="unit",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AddField(
            model_name="outcome",
            name="direction",
            field=models.CharField(
                blank=True,
                choices=[
                    ("higher", "Higher is better"),
                    ("lower", "Lower is better"),
                    ("none", "No direction: neither higher nor lower is better"),
                ],
                help_text="Which direction is better; blank where the sources do not say",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="outcome",
            name="added_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AddField(
            model_name="outcome",
            name="retired_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="outcome",
            name="is_demonstration",
            field=models.BooleanField(
                default=False, help_text="Made up for trying the service: not a real outcome"
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="outcome_framework_note",
            field=models.TextField(
                blank=True, help_text="What is known, and not known, about the outcome framework"
            ),
        ),
        migrations.RunPython(date_existing_outcomes, migrations.RunPython.noop),
    ]
