from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_workspace_settings_and_case_sensitive_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="workspace",
            name="share_corrections",
            field=models.BooleanField(default=False),
        ),
    ]
