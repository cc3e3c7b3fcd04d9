from django.urls import path

from socialcycle.community import (
    views_accounts,
    views_content,
    views_content_staff,
    views_ideas,
    views_staff,
)

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
    path(C + "reviews/<int:product_id>/", views_content.product_reviews, name="product-reviews"),
    path(C + "reviews/<int:product_id>/new/", views_content.new_review, name="new-review"),
    path(C + "reviews/helpful/<int:post_id>/", views_content.helpful, name="helpful"),
    path(C + "questions/", views_content.question_list, name="questions"),
    path(C + "questions/ask/", views_content.ask, name="ask"),
    path(C + "questions/<int:post_id>/", views_content.question_page, name="question"),
    path(C + "questions/<int:post_id>/answer/", views_content.answer, name="answer"),
    path(C + "answers/<int:post_id>/accept/", views_content.accept, name="accept-answer"),
    path(C + "answers/<int:post_id>/upvote/", views_content.upvote, name="upvote"),
    path(C + "testimonials/", views_content.testimonial_wall, name="testimonials"),
    path(C + "testimonials/<int:testimonial_id>/agree/", views_content.agree, name="agree"),
    path(
        C + "testimonials/<int:testimonial_id>/withdraw/", views_content.withdraw, name="withdraw"
    ),
    path(C + "consent/<str:token>/", views_content.consent_page, name="consent"),
    path(C + "tips/", views_content.knowledge_list, name="knowledge"),
    path(C + "tips/<int:article_id>/", views_content.article_page, name="article"),
    # Staff side of the community (workspace roles apply).
    path(W + "moderation/", views_staff.moderation_queue, name="moderation"),
    path(W + "moderation/<int:post_id>/", views_staff.moderate, name="moderate"),
    path(W + "ideas/<int:post_id>/", views_staff.manage_idea, name="manage-idea"),
    # Staff side of reviews, Q&A, testimonials, tips (views_content_staff).
    path(W + "testimonials/", views_content_staff.testimonials_page, name="staff-testimonials"),
    path(
        W + "testimonials/select/",
        views_content_staff.select_testimonial,
        name="select-testimonial",
    ),
    path(
        W + "testimonials/<int:testimonial_id>/consent/",
        views_content_staff.record_consent,
        name="record-consent",
    ),
    path(
        W + "testimonials/<int:testimonial_id>/withdraw/",
        views_content_staff.withdraw_testimonial,
        name="withdraw-testimonial",
    ),
    path(W + "tips/", views_content_staff.tips_page, name="staff-tips"),
    path(W + "tips/<int:post_id>/promote/", views_content_staff.promote_tip, name="promote-tip"),
    path(W + "articles/<int:article_id>/", views_content_staff.edit_article, name="edit-article"),
    path(
        W + "answers/<int:post_id>/accept/",
        views_content_staff.accept_answer,
        name="staff-accept-answer",
    ),
]
