"""Staff changes to the community are in the audit log with the fields before and after;
the same changes made by members or by the author's own link are not staff changes."""

from socialcycle.accounts.models import AuditEvent
from socialcycle.community import knowledge, moderation, qa, testimonials
from socialcycle.testing.members import make_member

from .helpers import answer, question, social_post


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def test_moderation_is_recorded_with_the_state_before_and_after(cast):
    asked = question(make_member(cast.workspace, "asker"))

    moderation.decide(asked, "held", by=cast.analyst, reason="looks like spam")

    (event,) = events("moderate")
    assert (event.actor, event.object_type, event.object_id) == (
        cast.analyst,
        "post",
        str(asked.post_id),
    )
    assert event.before == {"state": "published", "held_reason": ""}
    assert event.after == {"state": "held", "held_reason": "looks like spam"}


def test_a_testimonial_from_selection_to_withdrawal_is_recorded(cast):
    post = social_post(cast.workspace, "The lamp changed my evenings", "positive")

    picked = testimonials.select_post(cast.workspace, post, by=cast.analyst)
    testimonials.select_post(cast.workspace, post, by=cast.analyst)  # already selected: no change
    testimonials.record_staff_consent(picked, "agreed by DM on 3 May", by=cast.analyst)
    testimonials.withdraw_consent(picked, by=cast.admin)

    assert len(events("select testimonial")) == 1
    (consent,) = events("record testimonial consent")
    assert (consent.before["consented"], consent.after["consented"]) == (False, True)
    assert consent.after["consent_note"] == "agreed by DM on 3 May"
    (withdrawal,) = events("withdraw testimonial")
    assert withdrawal.actor == cast.admin
    assert (withdrawal.before["withdrawn"], withdrawal.after["withdrawn"]) == (False, True)


def test_the_author_withdrawing_by_link_is_not_a_staff_change(cast):
    post = social_post(cast.workspace, "The lamp changed my evenings", "positive")
    picked = testimonials.select_post(cast.workspace, post, by=cast.analyst)
    testimonials.record_staff_consent(picked, "agreed by DM", by=cast.analyst)

    testimonials.withdraw_consent(picked)

    assert events("withdraw testimonial") == []


def test_a_promoted_tip_and_its_edits_are_recorded_with_what_changed(cast):
    asker = make_member(cast.workspace, "asker")
    made = answer(make_member(cast.workspace, "helper"), question(asker))
    qa.accept_answer(made, by=asker)  # the asker's own acceptance: not a staff change
    assert events("accept answer") == []

    article = knowledge.promote_tip(
        made, knowledge.ArticleDraft("Pairing", "Hold it."), by=cast.analyst
    )
    knowledge.edit_article(
        article, knowledge.ArticleDraft("Pairing", "Hold it 5 s."), by=cast.admin
    )
    knowledge.set_published(article, False, by=cast.admin)

    (promoted,) = events("promote tip")
    assert promoted.after == {
        "answer": made.post_id,
        "title": "Pairing",
        "body": "Hold it.",
        "published": True,
    }
    (edited,) = events("edit article")
    assert (edited.before, edited.after) == ({"body": "Hold it."}, {"body": "Hold it 5 s."})
    (unpublished,) = events("unpublish article")
    assert (unpublished.before, unpublished.after) == ({"published": True}, {"published": False})


def test_staff_accepting_an_answer_records_which_answer_it_replaced(cast):
    asked = question(make_member(cast.workspace, "asker"))
    first = answer(make_member(cast.workspace, "helper"), asked)
    second = answer(make_member(cast.workspace, "other"), asked)

    qa.accept_answer(first, by=cast.analyst)
    qa.accept_answer(second, by=cast.analyst)

    moved = events("accept answer")[-1]
    assert moved.object_id == str(asked.post_id)
    assert (moved.before, moved.after) == (
        {"accepted_answer": [first.post_id]},
        {"accepted_answer": [second.post_id]},
    )
