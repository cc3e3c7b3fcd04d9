from django.urls import path

from socialcycle.understanding import views

app_name = "understanding"
urlpatterns = [
    path("w/<slug:slug>/posts/", views.post_list, name="posts"),
    path("w/<slug:slug>/posts/<int:post_id>/", views.post_detail, name="post"),
    path("w/<slug:slug>/posts/<int:post_id>/correct/", views.correct_post, name="correct"),
    path("w/<slug:slug>/posts/<int:post_id>/similar/", views.similar_posts, name="similar"),
    path("w/<slug:slug>/posts/<int:post_id>/spam/", views.mark_post_spam, name="mark-spam"),
    path("w/<slug:slug>/review-kinds/", views.review_kinds, name="review-kinds"),
    path(
        "w/<slug:slug>/review-kinds/<int:post_id>/confirm/",
        views.confirm_kinds,
        name="confirm-kinds",
    ),
    path("w/<slug:slug>/topics/", views.topic_list, name="topics"),
    path("w/<slug:slug>/topics/discover/", views.discover_topics_now, name="discover-topics"),
    path(
        "w/<slug:slug>/topics/discovery/<int:discovery_id>/",
        views.discovery_status,
        name="discovery-status",
    ),
    path("w/<slug:slug>/topics/<int:topic_id>/", views.topic_detail, name="topic"),
]
