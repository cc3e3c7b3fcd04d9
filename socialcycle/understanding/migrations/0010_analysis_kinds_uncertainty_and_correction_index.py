"""Review kinds: how unsure the kinds head was of each post, and an index to read a
workspace's kinds corrections by time.

Nothing is backfilled: the doubt needs the model's probabilities, which are not stored, so
it stays NULL until a post is analysed again (Review kinds shows such posts after the
measured ones). On SQLite the column is added in place, without copying the table.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_workspace_settings_and_case_sensitive_names'),
        ('listening', '0010_post_indexes_for_people'),
        ('understanding', '0009_post_full_text_search'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='postanalysis',
            name='kinds_uncertainty',
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name='correction',
            index=models.Index(fields=['workspace', 'field', 'corrected_at'], name='correction_by_field'),
        ),
        migrations.AddIndex(
            model_name='postanalysis',
            index=models.Index(fields=['workspace', '-kinds_uncertainty', '-created_at'], name='analysis_by_doubt'),
        ),
    ]
