# Placeholder owned by the programme team work: its operations are written by hand into this file.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("programmes", "0004_assessment_settings_and_year_budgets")]

    operations = []
