# Written by hand for the four-eyes announcement of awards (issue 11).
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("programmes", "0008_controls")]

    operations = [
        migrations.AddField(
            model_name="programme",
            name="has_single_manager",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "The programme has one manager, so the manager who prepares an announcement "
                    "of awards may approve it, and the announcement says no second approval was "
                    "made"
                ),
            ),
        ),
    ]
