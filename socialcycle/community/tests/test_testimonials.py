"""Testimonials: staff pick positive posts; the wall shows them only with consent."""

import pytest
from django.core import signing

from socialcycle.community import models, testimonials
from socialcycle.listening.models import EngagementEvent
from socialcycle.testing.members import make_member

from .helpers import ABUSE, analyse_as, question, social_post

PRAISE = "The lamp changed my evenings, thank you Lumio!"


def _advocacy(post):
    return EngagementEvent.objects.filter(post=post, stage="advocacy", action="testimonial")


def test_not_shown_without_consent_shown_after_hidden_after_withdrawal(cast):
    post = social_post(cast.workspace, PRAISE, "positive")
    picked = testimonials.select_post(cast.workspace, post, by=cast.analyst)
    assert list(testimonials.wall(cast.workspace)) == []
    testimonials.record_staff_consent(picked, "agreed by DM on 3 May", by=cast.analyst)
    assert list(testimonials.wall(cast.workspace)) == [picked]
    assert picked.consent_note == "agreed by DM on 3 May"
    assert _advocacy(post).get().participant == post.author
    testimonials.withdraw_consent(picked)
    assert list(testimonials.wall(cast.workspace)) == []
    assert not _advocacy(post).exists()


def test_only_positive_posts_of_the_workspace_can_be_selected(cast):
    for sentiment in ("neutral", "negative"):
        post = social_post(cast.workspace, f"It is {sentiment}", sentiment)
        with pytest.raises(testimonials.TestimonialError, match="positive"):
            testimonials.select_post(cast.workspace, post, by=cast.analyst)
    unanalysed = social_post(cast.workspace, PRAISE, "positive")
    unanalysed.analysis.delete()
    unanalysed.refresh_from_db()
    with pytest.raises(testimonials.TestimonialError):
        testimonials.select_post(cast.workspace, unanalysed, by=cast.analyst)
    theirs = social_post(cast.other_workspace, PRAISE, "positive")
    with pytest.raises(testimonials.TestimonialError, match="not in this workspace"):
        testimonials.select_post(cast.workspace, theirs, by=cast.analyst)
    assert not models.Testimonial.objects.exists()


def test_selecting_twice_keeps_one_testimonial(cast):
    post = social_post(cast.workspace, PRAISE, "positive")
    first = testimonials.select_post(cast.workspace, post, by=cast.analyst)
    assert testimonials.select_post(cast.workspace, post, by=cast.admin) == first


def test_staff_consent_needs_a_note(cast):
    picked = testimonials.select_post(
        cast.workspace, social_post(cast.workspace, PRAISE, "positive"), by=cast.analyst
    )
    with pytest.raises(testimonials.TestimonialError):
        testimonials.record_staff_consent(picked, "  ", by=cast.analyst)
    assert not picked.is_shown


def test_the_author_agrees_through_a_signed_link(cast):
    post = social_post(cast.workspace, PRAISE, "positive")
    picked = testimonials.select_post(cast.workspace, post, by=cast.analyst)
    token = testimonials.consent_token(picked)
    found = testimonials.testimonial_for_token(cast.workspace, token)
    assert found == picked
    testimonials.agree_by_link(found)
    picked.refresh_from_db()
    assert picked.is_shown
    assert picked.consent_note == "link"
    assert testimonials.testimonial_for_token(cast.other_workspace, token) is None


def test_a_tampered_or_foreign_link_finds_nothing(cast):
    picked = testimonials.select_post(
        cast.workspace, social_post(cast.workspace, PRAISE, "positive"), by=cast.analyst
    )
    token = testimonials.consent_token(picked)
    assert testimonials.testimonial_for_token(cast.workspace, token[:-2] + "xx") is None
    forged = signing.dumps({"t": picked.pk, "p": picked.post_id}, salt="another salt")
    assert testimonials.testimonial_for_token(cast.workspace, forged) is None


def test_a_member_agrees_on_the_site_to_their_own_post_only(cast):
    ann = make_member(cast.workspace, "ann")
    asked = question(ann, "Love it, how do I get a second one?")
    analyse_as(asked.post, "positive")
    picked = testimonials.select_post(cast.workspace, asked.post, by=cast.analyst)
    assert list(testimonials.awaiting(ann)) == [picked]
    with pytest.raises(testimonials.TestimonialError):
        testimonials.agree_as_member(make_member(cast.workspace, "ben"), picked)
    testimonials.agree_as_member(ann, picked)
    assert picked.consent_note == "community"
    assert list(testimonials.awaiting(ann)) == []
    assert list(testimonials.shown_for(ann)) == [picked]
    assert _advocacy(asked.post).get().participant == ann.participant
    testimonials.withdraw_as_member(ann, picked)
    assert list(testimonials.wall(cast.workspace)) == []


def test_held_community_posts_are_neither_candidates_nor_selectable(cast):
    troll = make_member(cast.workspace, "troll")
    held = question(troll, ABUSE)
    analyse_as(held.post, "positive")
    assert held.post not in list(testimonials.candidates(cast.workspace))
    with pytest.raises(testimonials.TestimonialError, match="moderation"):
        testimonials.select_post(cast.workspace, held.post, by=cast.analyst)


def test_candidates_are_positive_unselected_posts_of_the_workspace(cast):
    good = social_post(cast.workspace, PRAISE, "positive")
    chosen = social_post(cast.workspace, "Brilliant support team", "positive")
    social_post(cast.workspace, "Broken again", "negative")
    social_post(cast.other_workspace, PRAISE, "positive")
    testimonials.select_post(cast.workspace, chosen, by=cast.analyst)
    assert list(testimonials.candidates(cast.workspace)) == [good]
    assert list(testimonials.candidates(cast.workspace, "support")) == []
