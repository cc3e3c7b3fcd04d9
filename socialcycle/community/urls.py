from django.urls import path

from socialcycle.community import views_accounts, views_content, views_ideas, views_staff

app_name = "community"
C = "c/<slug:slug>/"
W = "w/<slug:slug>/community/"
urlpatterns = [
    # Public community, one per workspace (views_accounts, views_ideas: members and ideas).
    path(C, views_ideas.home, name="home"),
    path(C + "join/", views_accounts.sign_up_page, name="sign-up"),
    path(C + "verify/<str:token>/", views_accounts.verify_page, name="verify"),
    path(C + "sign-in/", views_accounts.sign_in_page, name="sign-in"),
    path(C + "sign-out/", views_accounts.sign_out_page, name="sign-out"),
    path(C + "settings/", views_accounts.settings_page, name="settings"),
    path(C + "notifications/", views_accounts.notifications_page, name="notifications"),
    path(C + "my-feedback/", views_accounts.my_feedback_page, name="my-feedback"),
    path(C + "people/<str:handle>/", views_accounts.profile_page, name="profile"),
    path(C + "posts/<int:post_id>/", views_ideas.post_page, name="post"),
    path(C + "ideas/", views_ideas.idea_list, name="ideas"),
    path(C + "ideas/new/", views_ideas.new_idea, name="new-idea"),
    path(C + "ideas/similar/", views_ideas.similar, name="similar-ideas"),
    path(C + "ideas/<int:post_id>/", views_ideas.idea_page, name="idea"),
    path(C + "ideas/<int:post_id>/vote/", views_ideas.vote, name="vote"),
    path(C + "ideas/<int:post_id>/follow/", views_ideas.follow, name="follow"),
    path(C + "ideas/<int:post_id>/comment/", views_ideas.comment, name="comment"),
    # Reviews, Q&A, testimonials, tips (views_content).
    path(C + "reviews/", views_content.review_list, name="reviews"),
    path(C + "questions/", views_content.question_list, name="questions"),
    path(C + "testimonials/", views_content.testimonial_wall, name="testimonials"),
    path(C + "tips/", views_content.knowledge_list, name="knowledge"),
    # Staff side of the community (workspace roles apply).
    path(W + "moderation/", views_staff.moderation_queue, name="moderation"),
    path(W + "moderation/<int:post_id>/", views_staff.moderate, name="moderate"),
    path(W + "ideas/<int:post_id>/", views_staff.manage_idea, name="manage-idea"),
]
