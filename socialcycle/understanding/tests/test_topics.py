"""Topics discovered from real posts; people rename, merge and split them, and it sticks."""

import numpy as np
import pytest
from django.urls import reverse

from socialcycle.testing.factories import PASSWORD
from socialcycle.understanding import topics
from socialcycle.understanding.models import PostAnalysis, Topic
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
    assert topics.discover_topics(cast.workspace) >= 2
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
    topics.rename_topic(topic, "Our naming", cast.analyst)
    topics.discover_topics(cast.workspace)
    topic.refresh_from_db()
    assert topic.label == "Our naming"
    assert topic.named_by_person
    assert topic in topics.live_topics(cast.workspace)


def test_merging_moves_the_posts_and_retires_the_merged_topic(cast, discovered):
    source, target = discovered[0], discovered[1]
    moved = PostAnalysis.objects.filter(topic=source).count()
    kept = PostAnalysis.objects.filter(topic=target).count()
    topics.merge_topics(source, target, cast.analyst)
    assert PostAnalysis.objects.filter(topic=target).count() == moved + kept
    assert source not in topics.live_topics(cast.workspace)
    assert Topic.objects.get(pk=source.pk).merged_into == target


def test_splitting_makes_two_topics_from_one(cast, discovered):
    source, target = discovered[0], discovered[1]
    topics.merge_topics(source, target, cast.analyst)
    parts = topics.split_topic(target, cast.analyst)
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
