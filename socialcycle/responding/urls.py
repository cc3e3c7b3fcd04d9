from django.urls import path

from socialcycle.responding import views

app_name = "responding"
urlpatterns = [
    path("w/<slug:slug>/inbox/", views.inbox_page, name="inbox"),
    path("w/<slug:slug>/posts/<int:post_id>/reply/", views.reply_page, name="reply"),
    path("w/<slug:slug>/templates/", views.templates_page, name="templates"),
    path("feedback/<str:token>/", views.my_feedback, name="my-feedback"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
