import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0003_bid_lifecycle"),
        ("programmes", "0009_single_manager"),
    ]

    operations = [
        migrations.AlterField(
            model_name="applicationoutcome",
            name="outcome",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="bid_uses",
                to="programmes.outcome",
            ),
        ),
    ]
