# Written by hand for the four-eyes announcement of awards (issue 11). Every batch made before
# it was announced by one person: it is recorded as announced, prepared by the same person.
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def earlier_batches_were_announced(apps, schema_editor):
    AwardBatch = apps.get_model("assessment", "AwardBatch")
    for batch in AwardBatch.objects.all():
        batch.state = "announced"
        batch.prepared_by_id = batch.announced_by_id
        batch.prepared_at = batch.announced_at or batch.prepared_at
        batch.save(update_fields=["state", "prepared_by", "prepared_at"])
        batch.proposed_decisions.set(batch.decisions.all())


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0002_conflict_with_named_partner"),
        ("applications", "0003_bid_lifecycle"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="awardbatch",
            name="state",
            field=models.CharField(
                choices=[
                    ("prepared", "Waiting for approval"),
                    ("announced", "Announced"),
                    ("cancelled", "Cancelled"),
                ],
                default="prepared",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="awardbatch",
            name="prepared_by",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="awardbatch",
            name="prepared_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AddField(
            model_name="awardbatch",
            name="proposed_decisions",
            field=models.ManyToManyField(
                blank=True,
                help_text="The decisions the preparer saw, announced only if they still stand",
                related_name="proposed_in",
                to="assessment.decision",
            ),
        ),
        migrations.AddField(
            model_name="awardbatch",
            name="incomplete_assessment_reason",
            field=models.TextField(
                blank=True,
                help_text=(
                    "Why decisions on bids whose assessment is not complete are announced anyway"
                ),
            ),
        ),
        migrations.AddField(
            model_name="awardbatch",
            name="without_second_approval",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Approved by the manager who prepared it, as the programme has a single manager"
                ),
            ),
        ),
        migrations.AddField(
            model_name="awardbatch",
            name="cancelled_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="awardbatch",
            name="cancelled_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="awardbatch",
            name="announced_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="awardbatch",
            name="announced_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(earlier_batches_were_announced, migrations.RunPython.noop),
    ]
