from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0004_after_award"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="grant",
            name="grant_amount_positive",
        ),
        migrations.AddConstraint(
            model_name="grant",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("amount_pence__isnull", True),
                    ("amount_pence__gt", 0),
                    models.Q(("amount_pence", 0), ("state", "handed_back")),
                    _connector="OR",
                ),
                name="grant_amount_positive",
            ),
        ),
    ]
