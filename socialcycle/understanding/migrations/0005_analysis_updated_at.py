import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("understanding", "0004_post_mentions"),
    ]

    operations = [
        migrations.AddField(
            model_name="postanalysis",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddIndex(
            model_name="postanalysis",
            index=models.Index(fields=["workspace", "updated_at"], name="analysis_changes"),
        ),
    ]
