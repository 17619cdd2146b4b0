# Placeholder owned by the outcome framework work: its operations are written by hand into this file.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("programmes", "0005_programme_team")]

    operations = []
