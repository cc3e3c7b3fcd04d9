from django.urls import path

from socialcycle.community.views import content, curation, ideas, members, moderation

app_name = "community"
C = "c/<slug:slug>/"
W = "w/<slug:slug>/community/"
urlpatterns = [
    # Public community, one per workspace (views/members.py, views/ideas.py).
    path(C, ideas.home, name="home"),
    path(C + "join/", members.sign_up_page, name="sign-up"),
    path(C + "verify/<str:token>/", members.verify_page, name="verify"),
    path(C + "sign-in/", members.sign_in_page, name="sign-in"),
    path(C + "sign-out/", members.sign_out_page, name="sign-out"),
    path(C + "settings/", members.settings_page, name="settings"),
    path(C + "notifications/", members.notifications_page, name="notifications"),
    path(C + "my-feedback/", members.my_feedback_page, name="my-feedback"),
    path(C + "people/<str:handle>/", members.profile_page, name="profile"),
    path(C + "posts/<int:post_id>/", ideas.post_page, name="post"),
    path(C + "ideas/", ideas.idea_list, name="ideas"),
    path(C + "ideas/new/", ideas.new_idea, name="new-idea"),
    path(C + "ideas/similar/", ideas.similar, name="similar-ideas"),
    path(C + "ideas/<int:post_id>/", ideas.idea_page, name="idea"),
    path(C + "ideas/<int:post_id>/vote/", ideas.vote, name="vote"),
    path(C + "ideas/<int:post_id>/follow/", ideas.follow, name="follow"),
    path(C + "ideas/<int:post_id>/comment/", ideas.comment, name="comment"),
    # Reviews, Q&A, testimonials, tips (views/content.py).
    path(C + "reviews/", content.review_list, name="reviews"),
    path(C + "reviews/<int:product_id>/", content.product_reviews, name="product-reviews"),
    path(C + "reviews/<int:product_id>/new/", content.new_review, name="new-review"),
    path(C + "reviews/helpful/<int:post_id>/", content.helpful, name="helpful"),
    path(C + "questions/", content.question_list, name="questions"),
    path(C + "questions/ask/", content.ask, name="ask"),
    path(C + "questions/<int:post_id>/", content.question_page, name="question"),
    path(C + "questions/<int:post_id>/answer/", content.answer, name="answer"),
    path(C + "answers/<int:post_id>/accept/", content.accept, name="accept-answer"),
    path(C + "answers/<int:post_id>/upvote/", content.upvote, name="upvote"),
    path(C + "testimonials/", content.testimonial_wall, name="testimonials"),
    path(C + "testimonials/<int:testimonial_id>/agree/", content.agree, name="agree"),
    path(C + "testimonials/<int:testimonial_id>/withdraw/", content.withdraw, name="withdraw"),
    path(C + "consent/<str:token>/", content.consent_page, name="consent"),
    path(C + "tips/", content.knowledge_list, name="knowledge"),
    path(C + "tips/<int:article_id>/", content.article_page, name="article"),
    # Staff side of the community (workspace roles apply).
    path(W + "moderation/", moderation.moderation_queue, name="moderation"),
    path(W + "moderation/<int:post_id>/", moderation.moderate, name="moderate"),
    path(W + "ideas/<int:post_id>/", moderation.manage_idea, name="manage-idea"),
    # Staff side of reviews, Q&A, testimonials, tips (views/curation.py).
    path(W + "testimonials/", curation.testimonials_page, name="staff-testimonials"),
    path(
        W + "testimonials/select/",
        curation.select_testimonial,
        name="select-testimonial",
    ),
    path(
        W + "testimonials/<int:testimonial_id>/consent/",
        curation.record_consent,
        name="record-consent",
    ),
    path(
        W + "testimonials/<int:testimonial_id>/withdraw/",
        curation.withdraw_testimonial,
        name="withdraw-testimonial",
    ),
    path(W + "tips/", curation.tips_page, name="staff-tips"),
    path(W + "tips/<int:post_id>/promote/", curation.promote_tip, name="promote-tip"),
    path(W + "articles/<int:article_id>/", curation.edit_article, name="edit-article"),
    path(
        W + "answers/<int:post_id>/accept/",
        curation.accept_answer,
        name="staff-accept-answer",
    ),
]
