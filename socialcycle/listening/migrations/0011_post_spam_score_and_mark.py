from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('listening', '0010_post_indexes_for_people'),
    ]

    operations = [
        migrations.AddField(
            model_name='post',
            name='spam_marked',
            field=models.BooleanField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='post',
            name='spam_score',
            field=models.FloatField(blank=True, null=True),
        ),
    ]
