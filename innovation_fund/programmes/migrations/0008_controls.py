"""Rounds are named by their slug everywhere, so a slug is unique across programmes: a round whose
slug another programme's round already has takes its programme's slug in front."""

from django.db import migrations, models


def give_each_round_its_own_slug(apps, schema_editor):
    Round = apps.get_model("programmes", "Round")
    seen: set[str] = set()
    for funding_round in Round.objects.select_related("programme").order_by("id"):
        slug = funding_round.slug
        if slug in seen:
            base = f"{funding_round.programme.slug}-{funding_round.slug}"[:95]
            slug, number = base, 1
            while slug in seen:
                number += 1
                slug = f"{base}-{number}"
            funding_round.slug = slug
            funding_round.save(update_fields=["slug"])
        seen.add(slug)


class Migration(migrations.Migration):
    dependencies = [("programmes", "0007_round_lifecycle")]

    operations = [
        migrations.RunPython(give_each_round_its_own_slug, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="round", name="unique_round_slug"),
        migrations.AddConstraint(
            model_name="round",
            constraint=models.UniqueConstraint(
                fields=("slug",), name="unique_round_slug_everywhere"
            ),
        ),
    ]
