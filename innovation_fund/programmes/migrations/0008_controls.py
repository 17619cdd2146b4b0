# Placeholder owned by the controls and figures work: its operations are written by hand into this file.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("programmes", "0007_round_lifecycle")]

    operations = []
