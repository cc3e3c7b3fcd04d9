from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_from_posts(apps, schema_editor):
    Post = apps.get_model("listening", "Post")
    PostAnalysis = apps.get_model("understanding", "PostAnalysis")
    post = Post.objects.filter(pk=OuterRef("post_id"))
    PostAnalysis.objects.update(channel=Subquery(post.values("channel")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ("understanding", "0006_analysis_by_topic"),
    ]

    operations = [
        migrations.AddField(
            model_name="postanalysis",
            name="channel",
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.RunPython(copy_from_posts, migrations.RunPython.noop),
    ]
