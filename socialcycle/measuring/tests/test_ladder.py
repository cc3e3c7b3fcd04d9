"""The ladder: stages, the monthly funnel, advocates, detractors and shared-post advocacy."""

from datetime import date

from socialcycle.listening.models import EngagementEvent
from socialcycle.measuring.ladder.advocates import advocates, detractors
from socialcycle.measuring.ladder.funnel import funnel
from socialcycle.measuring.ladder.shared_posts import record_share_advocacy
from socialcycle.measuring.ladder.stages import current_stage, stage_history
from socialcycle.measuring.tests.ladder_helpers import day, person, said, step


def history(cast):
    """Three people climbing over three months, and noise in another workspace."""
    ann, ben, cat = (person(cast.workspace, name) for name in ("Ann", "Ben", "Cat"))
    step(ann, "consumption", "2026-01-05")
    step(ann, "curation", "2026-01-20")
    step(ann, "creation", "2026-03-02")
    step(ben, "creation", "2026-01-10")
    step(ben, "curation", "2026-02-01")  # lower than where Ben stood: no climb
    step(ben, "purchase", "2026-02-15")
    step(cat, "trial", "2026-03-10")
    step(cat, "consumption", "2026-03-11")
    step(person(cast.other_workspace, "Zed"), "advocacy", "2026-02-01")
    return ann, ben, cat


def test_the_funnel_counts_stages_at_month_end_and_moves_from_where(cast):
    history(cast)
    months = funnel(cast.workspace, now=day("2026-04-15"))
    assert [m.month for m in months] == [date(2026, m, 1) for m in (1, 2, 3, 4)]
    january, february, march, april = months
    assert january.moves == {("", "curation"): 1, ("", "creation"): 1}
    assert january.at_stage["curation"] == 1
    assert january.at_stage["creation"] == 1
    assert february.moves == {("creation", "purchase"): 1}
    assert {s: n for s, n in february.at_stage.items() if n} == {"curation": 1, "purchase": 1}
    assert march.moves == {("curation", "creation"): 1, ("", "trial"): 1}
    assert {s: n for s, n in march.at_stage.items() if n} == {
        "creation": 1,
        "trial": 1,
        "purchase": 1,
    }
    assert (april.moved_up, april.on_ladder) == (0, 3)
    assert april.at_stage == march.at_stage
    assert [m.month for m in funnel(cast.workspace, months=2, now=day("2026-04-15"))] == [
        date(2026, 3, 1),
        date(2026, 4, 1),
    ]


def test_several_climbs_in_one_month_count_once_from_the_first_to_the_last(cast):
    dee = person(cast.workspace, "Dee")
    step(dee, "curation", "2026-01-03")
    step(dee, "creation", "2026-02-03")
    step(dee, "collaboration", "2026-02-10")
    step(dee, "purchase", "2026-02-20")
    february = funnel(cast.workspace, now=day("2026-02-28"))[-1]
    assert february.moves == {("curation", "purchase"): 1}
    assert february.matrix() == [("Curation", [0, 0, 0, 0, 0, 1, 0])]
    assert february.move_list == [("Curation", "Purchase", 1)]


def test_a_workspace_without_events_has_no_funnel(cast):
    assert funnel(cast.workspace) == []


def test_a_persons_stage_and_the_event_that_first_reached_each_stage(cast):
    ann, ben, _ = history(cast)
    assert current_stage(ben) == "purchase"
    assert current_stage(person(cast.workspace, "Nobody")) == ""
    steps = stage_history(ann)
    assert [(s.stage, s.reached_at) for s in steps] == [
        ("consumption", day("2026-01-05")),
        ("curation", day("2026-01-20")),
        ("creation", day("2026-03-02")),
    ]
    step(ann, "curation", "2026-02-01", action="later vote")
    assert stage_history(ann)[1].event.action == "test"


def voices(cast):
    """People with sentiment and influence: who counts as advocate or detractor."""
    ws = cast.workspace
    ada = person(ws, "Ada", influence=60)
    step(ada, "creation", "2026-01-01")
    for n in range(3):
        said(ada, f"Love it {n}", "positive", when=f"2026-03-0{n + 1}")
    said(ada, "It is a hub", "neutral")
    fay = person(ws, "Fay", influence=30)
    step(fay, "purchase", "2026-01-01")
    said(fay, "Great", "positive")
    said(fay, "Superb", "positive")
    bo = person(ws, "Bo", influence=80)  # glowing, but only ever voted
    step(bo, "curation", "2026-01-01")
    said(bo, "Nice", "positive")
    said(bo, "Nice again", "positive")
    cy = person(ws, "Cy", influence=10)  # glowing but not influential
    step(cy, "creation", "2026-01-01")
    said(cy, "Good", "positive")
    said(cy, "Good again", "positive")
    di = person(ws, "Di", influence=40)
    step(di, "creation", "2026-01-01")
    said(di, "Broken again", "negative", when="2026-03-05")
    said(di, "Still broken", "negative", when="2026-03-06")
    said(di, "One thing works", "positive")
    ed = person(ws, "Ed", influence=90)  # torn: neither list
    step(ed, "creation", "2026-01-01")
    said(ed, "Good", "positive")
    said(ed, "Bad", "negative")
    one = person(ws, "One-post", influence=90)
    step(one, "creation", "2026-01-01")
    said(one, "Awful", "negative")
    return ada, fay, di


def test_advocates_are_influential_mostly_positive_and_at_creation_or_above(cast):
    ada, fay, _ = voices(cast)
    found = advocates(cast.workspace)
    assert [v.participant for v in found] == [ada, fay]
    first = found[0]
    assert (first.stage, first.analysed_posts, first.positive, first.negative) == (
        "creation",
        4,
        3,
        0,
    )
    assert [post.text for post in first.examples] == ["Love it 2", "Love it 1", "Love it 0"]
    assert found[1].stage_label == "Purchase"


def test_detractors_are_influential_and_mostly_negative(cast):
    _, _, di = voices(cast)
    (found,) = detractors(cast.workspace)
    assert found.participant == di
    assert (found.negative, found.analysed_posts, found.influence) == (2, 3, 40)
    assert [post.text for post in found.examples] == ["Still broken", "Broken again"]


def test_other_workspaces_people_are_never_listed(cast):
    voices(cast)
    assert advocates(cast.other_workspace) == []
    assert detractors(cast.other_workspace) == []


def test_a_positive_post_shared_by_someone_else_makes_its_author_an_advocate_once(cast):
    maker, fan, other = (person(cast.workspace, n) for n in ("Maker", "Fan", "Other"))
    loved = said(maker, "This hub is brilliant", "positive", when="2026-03-01")
    grumble = said(maker, "The app is slow", "negative", when="2026-03-02")
    step(fan, "curation", "2026-03-04", action="share", post=loved)
    step(maker, "curation", "2026-03-02", action="share", post=loved)  # own share: not counted
    step(fan, "curation", "2026-03-04", action="share", post=grumble)
    copy = said(other, "This hub is brilliant", "positive", when="2026-03-03")
    copy.near_duplicate_of = loved
    copy.save()
    assert record_share_advocacy(cast.workspace) == 1
    event = EngagementEvent.objects.get(stage="advocacy")
    assert (event.participant, event.post, event.occurred_at) == (maker, loved, day("2026-03-03"))
    assert record_share_advocacy(cast.workspace) == 0
    assert EngagementEvent.objects.filter(stage="advocacy").count() == 1
    assert current_stage(maker) == "advocacy"
