"""Topics discovered from real posts; people rename, merge and split them, and it sticks."""

import numpy as np
import pytest
from django.urls import reverse

from socialcycle.accounts.models import TrackedName
from socialcycle.analysis.topic_evaluation import label_problems
from socialcycle.testing.factories import PASSWORD
from socialcycle.understanding import discovery, topics
from socialcycle.understanding.models import PostAnalysis, Topic, TopicDiscoveryRun
from socialcycle.understanding.tests.helpers import analysed_posts

BATTERY = [
    "The battery of my {} dies after two hours",
    "Battery drain on the {} is awful since the update",
    "My {} battery will not hold a charge overnight",
    "Charging the {} takes forever and the battery is empty by noon",
    "Is anyone else seeing the {} battery drop from 100 to 20 in an hour?",
]
DELIVERY = [
    "My {} order still has not been delivered after three weeks",
    "The courier lost the parcel with my {}",
    "Delivery of the {} was late again, tracking says nothing",
    "Still waiting for shipping updates on my {} order",
    "The {} arrived in a crushed box, delivery was a mess",
]
DEVICES = ["phone", "watch", "speaker", "camera", "tablet", "headset"]


def subject_posts():
    texts = []
    for device in DEVICES:
        texts += [template.format(device) for template in BATTERY]
        texts += [template.format(device) for template in DELIVERY]
    return texts


@pytest.fixture
def discovered(cast):
    analysed_posts(cast.workspace, subject_posts())
    assert topics.discover_topics(cast.workspace).found >= 2
    return topics.live_topics(cast.workspace)


def keywords_of(topic):
    return set(topic.keywords)


def test_discovery_finds_the_subjects_and_places_the_posts(cast, discovered):
    battery = [t for t in discovered if "battery" in keywords_of(t)]
    delivery = [t for t in discovered if keywords_of(t) & {"delivery", "delivered", "courier"}]
    assert battery
    assert delivery
    assert PostAnalysis.objects.filter(workspace=cast.workspace, topic__isnull=False).count() >= 40


def test_new_posts_join_an_existing_topic_as_they_are_analysed(cast, discovered):
    (post,) = analysed_posts(cast.workspace, ["My laptop battery dies after an hour of use"])
    assert post.analysis.topic is not None
    assert "battery" in keywords_of(post.analysis.topic)


def test_a_name_given_by_a_person_survives_rediscovery(cast, discovered):
    topic = discovered[0]
    topics.rename_topic(topic, "Our naming", by=cast.analyst)
    topics.discover_topics(cast.workspace)
    topic.refresh_from_db()
    assert topic.label == "Our naming"
    assert topic.named_by_person
    assert topic in topics.live_topics(cast.workspace)


def test_merging_moves_the_posts_and_retires_the_merged_topic(cast, discovered):
    source, target = discovered[0], discovered[1]
    moved = PostAnalysis.objects.filter(topic=source).count()
    kept = PostAnalysis.objects.filter(topic=target).count()
    topics.merge_topics(source, target, by=cast.analyst)
    assert PostAnalysis.objects.filter(topic=target).count() == moved + kept
    assert source not in topics.live_topics(cast.workspace)
    assert Topic.objects.get(pk=source.pk).merged_into == target


def test_splitting_makes_two_topics_from_one(cast, discovered):
    source, target = discovered[0], discovered[1]
    topics.merge_topics(source, target, by=cast.analyst)
    parts = topics.split_topic(target, by=cast.analyst)
    assert len(parts) == 2
    counts = [PostAnalysis.objects.filter(topic=part).count() for part in parts]
    assert min(counts) > 0
    assert not PostAnalysis.objects.filter(topic=target).exists()


def test_topic_pages_by_role(client, cast, discovered):
    topic = discovered[0]
    list_url = reverse("understanding:topics", args=[cast.workspace.slug])
    topic_url = reverse("understanding:topic", args=[cast.workspace.slug, topic.pk])
    assert client.login(username=cast.viewer.username, password=PASSWORD)
    assert client.get(list_url).status_code == 200
    assert client.post(topic_url, {"rename": "1", "label": "x"}).status_code == 403
    assert client.login(username=cast.analyst.username, password=PASSWORD)
    response = client.post(topic_url, {"rename": "1", "label": "Battery life"})
    assert response.status_code == 302
    assert Topic.objects.get(pk=topic.pk).label == "Battery life"
    assert client.login(username=cast.outsider.username, password=PASSWORD)
    assert client.get(list_url).status_code == 404
    assert client.get(topic_url).status_code == 404


def test_a_machine_topic_no_longer_found_is_retired_and_its_posts_placed_again(cast, discovered):
    far_away = np.random.default_rng(1).normal(size=384).astype(np.float32)
    far_away /= np.linalg.norm(far_away)  # a direction no cluster of these posts is near
    stale = Topic.objects.create(
        workspace=cast.workspace, label="old noise", centroid=far_away.tobytes(), size=3
    )
    PostAnalysis.objects.filter(topic=discovered[0]).update(topic=stale)
    kept = Topic.objects.create(
        workspace=cast.workspace,
        label="Named by us",
        named_by_person=True,
        centroid=discovered[1].centroid,
    )

    topics.discover_topics(cast.workspace)

    assert stale not in topics.live_topics(cast.workspace)
    assert not PostAnalysis.objects.filter(topic=stale).exists()
    assert kept in topics.live_topics(cast.workspace)


def test_a_topic_merged_by_a_person_stays_merged_after_rediscovery(cast, discovered):
    source, target = discovered[0], discovered[1]
    topics.merge_topics(source, target, by=cast.analyst)
    topics.discover_topics(cast.workspace)
    live = topics.live_topics(cast.workspace)
    assert source not in live
    assert target in live
    assert not PostAnalysis.objects.filter(topic=source).exists()


LUGGAGE = [
    "@SkyBlue my luggage is lost at the {} airport, nobody answers http://t.co/x",
    "Lost luggage again on the flight from {}! Where is my suitcase?",
    "My suitcase never arrived in {}, baggage claim says it is lost",
    "Baggage lost on the way to {}, the airline will not tell me where my bag is",
]
CITIES = ["Oslo", "Paris", "Rome", "Lisbon", "Madrid", "Vienna", "Berlin", "Dublin"]


def test_posts_that_fit_no_topic_are_not_forced_in_and_start_a_discovery(
    cast, discovered, settings
):
    settings.TOPIC_UNPLACED_TRIGGER = 20
    before = {topic.pk for topic in discovered}
    posts = analysed_posts(cast.workspace, [t.format(c) for t in LUGGAGE for c in CITIES])
    forced = [post for post in posts if post.analysis.topic is not None]
    assert len(forced) <= len(posts) // 4  # most are like neither battery nor delivery

    run = discovery.discover_unplaced_if_due(cast.workspace)
    assert run is not None
    assert run.scope == TopicDiscoveryRun.Scope.UNPLACED
    discovery.run_discovery(run.pk)

    run.refresh_from_db()
    assert run.status == TopicDiscoveryRun.Status.DONE
    assert run.topics_new >= 1
    placed = PostAnalysis.objects.filter(post__in=posts, topic__isnull=False)
    assert placed.count() >= len(posts) // 2
    unfit = [post for post in posts if post.analysis.topic is None]
    assert not placed.filter(post__in=unfit, topic__in=before).exists()
    new = Topic.objects.filter(analyses__post__in=posts).distinct()
    assert any(
        {"luggage", "lost", "baggage", "suitcase"} & set(" ".join(t.keywords).split()) for t in new
    )
    assert before <= {topic.pk for topic in topics.live_topics(cast.workspace)}  # none retired
    # The same unplaced posts do not start discovery over and over.
    assert discovery.discover_unplaced_if_due(cast.workspace) is None


def test_a_subject_of_most_posts_is_split_into_topics_under_the_share(cast, settings):
    settings.TOPIC_MAX_SHARE_PERCENT = 20
    when = ["", " since Monday", " after the firmware update", " on holiday"]
    texts = [t.format(d) + w for t in BATTERY for d in DEVICES for w in when]
    texts += [t.format(d) for t in DELIVERY for d in DEVICES[:4]]
    analysed_posts(cast.workspace, texts)
    outcome = topics.discover_topics(cast.workspace)
    counts = [
        PostAnalysis.objects.filter(topic=topic).count()
        for topic in topics.live_topics(cast.workspace)
    ]
    assert max(counts) <= 0.2 * outcome.considered + 1
    assert sum(counts) >= 0.8 * outcome.considered


def test_labels_of_discovered_topics_leave_out_the_workspaces_own_names(cast):
    TrackedName.objects.create(workspace=cast.workspace, kind="brand", name="Lumio")
    branded = [f"@LumioSupport Lumio {text} https://lumio.example/help" for text in subject_posts()]
    analysed_posts(cast.workspace, branded)
    topics.discover_topics(cast.workspace)
    labels = [topic.label for topic in topics.live_topics(cast.workspace)]
    assert labels
    for label in labels:
        assert "lumio" not in label.lower()
        assert label_problems(label) == []


def test_a_topic_retired_by_a_person_is_not_brought_back_by_rediscovery(client, cast, discovered):
    topic = discovered[0]
    posts = list(PostAnalysis.objects.filter(topic=topic).values_list("post_id", flat=True))
    assert client.login(username=cast.analyst.username, password=PASSWORD)
    url = reverse("understanding:topic", args=[cast.workspace.slug, topic.pk])
    assert client.post(url, {"retire": "1"}).status_code == 302
    assert not PostAnalysis.objects.filter(topic=topic).exists()

    topics.discover_topics(cast.workspace)

    live = topics.live_topics(cast.workspace)
    assert topic not in live
    assert not PostAnalysis.objects.filter(post__in=posts, topic__isnull=False).exists()
    centroid = topics._vector(Topic.objects.get(pk=topic.pk))
    assert all(float(topics._vector(other) @ centroid) < 0.8 for other in live)
    (new_post,) = analysed_posts(cast.workspace, [subject_posts()[0] + " again today"])
    assert new_post.analysis.topic_id != topic.pk
    assert client.get(url).status_code == 404
