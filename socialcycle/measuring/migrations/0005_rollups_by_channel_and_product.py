"""Topic and mention rollups gain the channel (and mentions the primary kind), so that a
dashboard filtered by channel or by product reads rollups too.

The old rows cannot say their channel, so they are dropped with the rollup state: the
every-minute task (or the next dashboard read) recounts every day of each workspace.
"""

from django.db import migrations, models


def forget_rollups(apps, schema_editor):
    for name in ("TopicDailyCount", "MentionDailyCount", "DailyCount", "RollupState"):
        apps.get_model("measuring", name).objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("measuring", "0004_alert_from_history"),
    ]

    operations = [
        migrations.RunPython(forget_rollups, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="topicdailycount", name="topic_daily_count_unique"),
        migrations.RemoveConstraint(
            model_name="mentiondailycount", name="mention_daily_count_unique"
        ),
        migrations.AddField(
            model_name="topicdailycount",
            name="channel",
            field=models.CharField(default="", max_length=20),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="mentiondailycount",
            name="channel",
            field=models.CharField(default="", max_length=20),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="mentiondailycount",
            name="primary_kind",
            field=models.CharField(default="", max_length=20),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="topicdailycount",
            constraint=models.UniqueConstraint(
                fields=("workspace", "day", "topic_id", "channel"), name="topic_daily_count_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="mentiondailycount",
            constraint=models.UniqueConstraint(
                fields=(
                    "workspace",
                    "day",
                    "kind",
                    "name",
                    "channel",
                    "sentiment",
                    "primary_kind",
                ),
                name="mention_daily_count_unique",
            ),
        ),
        migrations.AddIndex(
            model_name="mentiondailycount",
            index=models.Index(
                fields=["workspace", "kind", "name", "day"], name="mention_daily_by_name"
            ),
        ),
    ]
