# Placeholder owned by the round lifecycle work: its operations are written by hand into this file.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("programmes", "0006_outcome_framework")]

    operations = []
