# Written by hand for the round lifecycle: a stored `state` replaces `is_published`.
from django.db import migrations, models


def states_from_published(apps, schema_editor):
    """Unpublished rounds become drafts. Published rounds stay published, except those known
    only from the sources by their years (no times: the real programme's past rounds), which
    are history: complete."""
    Round = apps.get_model("programmes", "Round")
    Round.objects.filter(is_published=False).update(state="draft")
    Round.objects.filter(is_published=True).update(state="published")
    historic = models.Q(first_year__isnull=False) | models.Q(last_year__isnull=False)
    historic |= models.Q(announced_year__isnull=False)
    Round.objects.filter(historic, is_published=True, opens_at__isnull=True).update(
        state="complete"
    )


def published_from_states(apps, schema_editor):
    Round = apps.get_model("programmes", "Round")
    Round.objects.filter(state="draft").update(is_published=False)
    Round.objects.exclude(state="draft").update(is_published=True)


class Migration(migrations.Migration):
    dependencies = [("programmes", "0006_outcome_framework")]

    operations = [
        migrations.AddField(
            model_name="round",
            name="state",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("published", "Published"),
                    ("announced", "Decisions announced"),
                    ("complete", "Complete"),
                ],
                default="draft",
                max_length=20,
            ),
        ),
        migrations.RunPython(states_from_published, published_from_states),
        migrations.RemoveField(model_name="round", name="is_published"),
    ]
