"""The reply models are named Reply and ReplyTemplate (not Response, beside Django's
HttpResponse); the tables are renamed and every row is kept."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("listening", "0001_initial"),
        ("responding", "0007_post_assignment"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel(old_name="Response", new_name="Reply"),
        migrations.RenameModel(old_name="ResponseTemplate", new_name="ReplyTemplate"),
        migrations.AlterField(
            model_name="reply",
            name="workspace",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="staff_replies",
                to="accounts.workspace",
            ),
        ),
        migrations.AlterField(
            model_name="reply",
            name="post",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="staff_replies",
                to="listening.post",
            ),
        ),
        migrations.AlterField(
            model_name="reply",
            name="author",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="staff_replies",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="replytemplate",
            name="workspace",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reply_templates",
                to="accounts.workspace",
            ),
        ),
    ]
