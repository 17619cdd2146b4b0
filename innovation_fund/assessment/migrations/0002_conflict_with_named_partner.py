# Conflicts of interest may also be declared against a partner named only by text in bids.
# Written by hand (several changes to this app were made in parallel).
import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]

    operations = [
        migrations.AlterModelOptions(
            name="conflict",
            options={"ordering": ["organisation__name", "partner_name"]},
        ),
        migrations.AddField(
            model_name="conflict",
            name="partner_name",
            field=models.CharField(
                blank=True,
                help_text="An organisation not registered with the service, by name (spaces tidied)",
                max_length=200,
            ),
        ),
        migrations.AlterField(
            model_name="conflict",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="declared_conflicts",
                to="organisations.organisation",
            ),
        ),
        migrations.AddConstraint(
            model_name="conflict",
            constraint=models.UniqueConstraint(
                models.F("assessor"),
                django.db.models.functions.text.Lower("partner_name"),
                condition=models.Q(("partner_name", ""), _negated=True),
                name="unique_named_partner_conflict",
            ),
        ),
        migrations.AddConstraint(
            model_name="conflict",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("organisation__isnull", False), ("partner_name", "")),
                    models.Q(
                        ("organisation__isnull", True),
                        models.Q(("partner_name", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="conflict_with_organisation_or_named_partner",
            ),
        ),
    ]
