from django.urls import path

from socialcycle.responding import views

app_name = "responding"
urlpatterns = [
    path("p/<slug:slug>/roadmap/", views.public_roadmap, name="roadmap"),
    path("p/<slug:slug>/changelog/", views.public_changelog, name="changelog"),
    path("w/<slug:slug>/responsiveness/", views.responsiveness, name="responsiveness"),
    path("w/<slug:slug>/inbox/", views.inbox_page, name="inbox"),
    path("w/<slug:slug>/inbox/bulk/", views.inbox_bulk, name="inbox-bulk"),
    path("w/<slug:slug>/posts/bulk-form/", views.bulk_form, name="bulk-form"),
    path("w/<slug:slug>/posts/<int:post_id>/reply/", views.reply_page, name="reply"),
    path("w/<slug:slug>/templates/", views.templates_page, name="templates"),
    path("feedback/<str:token>/", views.my_feedback, name="my-feedback"),
    path("feedback/<str:token>/rate/<int:insight_id>/", views.rate, name="rate"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
