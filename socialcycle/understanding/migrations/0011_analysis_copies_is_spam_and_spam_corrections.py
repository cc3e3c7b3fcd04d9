from django.db import migrations, models


def copy_from_posts(apps, schema_editor):
    # Only the few posts already marked as spam: the rest keep the default, False.
    Post = apps.get_model("listening", "Post")
    PostAnalysis = apps.get_model("understanding", "PostAnalysis")
    spam = Post.objects.filter(is_spam=True).values("pk")
    PostAnalysis.objects.filter(post_id__in=spam).update(is_spam=True)


class Migration(migrations.Migration):

    dependencies = [
        ("listening", "0011_post_spam_score_and_mark"),
        ("understanding", "0010_analysis_kinds_uncertainty_and_correction_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="postanalysis",
            name="is_spam",
            field=models.BooleanField(default=False),
        ),
        migrations.AlterField(
            model_name="correction",
            name="field",
            field=models.CharField(
                choices=[
                    ("sentiment", "Sentiment"),
                    ("kinds", "Feedback kinds"),
                    ("topic", "Topic"),
                    ("spam", "Spam"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(copy_from_posts, migrations.RunPython.noop),
    ]
