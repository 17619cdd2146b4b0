# Placeholder owned by the bid lifecycle work: its operations are written by hand into this file.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("applications", "0002_initial"), ("programmes", "0009_single_manager")]

    operations = []
