"""Generate the demo company, Lumio, and what its customers said about it over 90 days.

Pure Python and deterministic: the same seed, end and sizes give the same dataset. Four
stories are planted for a user of the demo to discover:

- a two-day Lumio Hub cloud outage (story "outage"), about 60% into the window;
- one community idea, sunrise/sunset scenes, that gathers far more votes than any other
  (story "idea");
- four advocates with large audiences who praise, help others and get shared (story
  "advocate");
- a week-long 40%-off promotion by the competitor HomeArc, after the outage (story
  "promotion").

Around them runs everyday talk on four channels, with a weekday rhythm and slow growth.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from socialcycle.demo import _phrases as ph
from socialcycle.demo._world import PROMOTION_DAYS, Draft, World

COMPANY = "Lumio"
# Tracked names and their aliases. "the app" is not one: posts about any other company
# say it too (an airline's customers did, 44 times), so the app is found by its names.
PRODUCTS = (
    ("Lumio Hub", ("the hub", "LumioHub")),
    ("Lumio App", ("Lumio mobile app", "LumioApp")),
)
COMPETITORS = (("Brightnest", ("Bright Nest",)), ("HomeArc", ("Home Arc",)))
KEYWORDS = ("lumio", "#lumio", "smart home")


@dataclass(frozen=True)
class DemoChannel:
    key: str
    name: str
    kind: str


@dataclass(frozen=True)
class DemoParticipant:
    key: str
    display_name: str
    email: str
    handles: dict[str, str]  # channel key -> handle on that channel
    audience: int
    persona: str  # "regular" | "advocate" | "detractor" | "lurker"


@dataclass(frozen=True)
class DemoPost:
    external_id: str
    channel: str
    author: str
    created_at: datetime
    text: str
    title: str
    rating: int | None
    likes: int
    shares: int
    parent_external_id: str
    url: str
    story: str  # "" | "outage" | "idea" | "advocate" | "promotion"
    kind: str = ""  # community threads: "idea" | "question" | "review" | "" (a discussion)
    product: str = ""  # community reviews: the product's name
    accepted: bool = False  # community answers: the asker accepted it


@dataclass(frozen=True)
class DemoVote:
    post_external_id: str
    participant: str
    created_at: datetime
    kind: str = "idea"  # "idea" (on an idea) | "helpful" (on a community review)


@dataclass(frozen=True)
class DemoDataset:
    company: str
    products: tuple[tuple[str, tuple[str, ...]], ...]
    competitors: tuple[tuple[str, tuple[str, ...]], ...]
    keywords: tuple[str, ...]
    channels: tuple[DemoChannel, ...]
    participants: tuple[DemoParticipant, ...]
    posts: tuple[DemoPost, ...]
    votes: tuple[DemoVote, ...]
    start: datetime
    end: datetime
    outage_days: tuple[date, date]  # the two days of the outage
    promotion_days: tuple[date, date]  # first and last day of the promotion, inclusive
    popular_idea_external_id: str
    advocate_keys: tuple[str, ...]


CHANNELS = (
    DemoChannel("chirper", "Chirper", "social"),
    DemoChannel("starreview", "StarReview", "review"),
    DemoChannel("appstore", "App Store reviews", "app_store"),
    DemoChannel("community", "Lumio Community", "community"),
)
CHANNEL_KEYS = tuple(channel.key for channel in CHANNELS)
URLS = {
    "chirper": "https://chirper.example/p/{n}",
    "starreview": "https://starreview.example/lumio/reviews/{n}",
    "appstore": "https://apps.example/lumio-app/reviews/{n}",
    "community": "https://community.lumio.example/t/{n}",
}

# Story sizes in days' worth of everyday posts, so that they stand out equally at any size:
# the outage adds 1.6 ordinary days of posts on each of its two days, the promotion a
# quarter of a day on each of its seven.
OUTAGE_DAYS_WORTH, PROMOTION_DAYS_WORTH = 3.2, 1.6
IDEA_SUPPORT_SHARE, MOST_IDEA_SUPPORTERS = 0.008, 45
ADVOCATES = 4
LIKES_BY_TONE = {"positive": 1.4, "neutral": 0.8, "negative": 1.0}
SHARES_BY_TONE = {"positive": 0.8, "neutral": 0.6, "negative": 1.6}
MIN_DAYS, MIN_PARTICIPANTS, MIN_POSTS = 30, 200, 1000


def generate_demo_dataset(
    *,
    seed: int = 7,
    end: datetime | None = None,
    days: int = 90,
    n_participants: int = 300,
    n_posts: int = 5000,
) -> DemoDataset:
    """Build the Lumio demo world; `end` (exclusive) defaults to today's UTC midnight."""
    _check_sizes(days, n_participants, n_posts)
    if end is None:
        end = datetime.combine(datetime.now(UTC).date(), time.min, tzinfo=UTC)
    if end.utcoffset() is None:
        raise ValueError("end must be timezone-aware, for example datetime(..., tzinfo=UTC).")
    rng = random.Random(seed)
    end = end.astimezone(UTC)
    participants = _make_participants(rng, n_participants)
    world = World(rng, end - timedelta(days=days), end, days, participants, CHANNEL_KEYS)
    posts_per_day = n_posts / days
    world.plant_outage(round(posts_per_day * OUTAGE_DAYS_WORTH))
    world.plant_promotion(round(posts_per_day * PROMOTION_DAYS_WORTH))
    world.plant_popular_idea(min(MOST_IDEA_SUPPORTERS, max(8, round(n_posts * IDEA_SUPPORT_SHARE))))
    advocate_plan = world.plan_advocates()
    world.fill_everyday(n_posts - sum(advocate_plan.values()))
    world.write_advocate_posts(advocate_plan)
    world.cast_votes()
    return _freeze(world, participants)


def _check_sizes(days: int, n_participants: int, n_posts: int) -> None:
    # Below these sizes the planted stories no longer stand out from everyday talk.
    for name, value, least in (
        ("days", days, MIN_DAYS),
        ("n_participants", n_participants, MIN_PARTICIPANTS),
        ("n_posts", n_posts, MIN_POSTS),
    ):
        if value < least:
            raise ValueError(f"{name} must be at least {least} for the demo stories; got {value}.")


# People ---------------------------------------------------------------------------------------
def _make_participants(rng: random.Random, count: int) -> list[DemoParticipant]:
    """The cast: a few advocates and detractors, many regulars, and lurkers who mostly vote."""
    personas = _persona_roster(rng, count)
    audiences = [_audience(rng, persona) for persona in personas]
    # A few loud voices: two influential detractors and one well-followed regular.
    for persona, least, most, how_many in (
        ("detractor", 11_000, 30_000, 2),
        ("regular", 12_000, 60_000, 1),
    ):
        for index in [i for i, p in enumerate(personas) if p == persona][:how_many]:
            audiences[index] = rng.randint(least, most)
    used: set[str] = set()
    return [
        _make_participant(rng, number, persona, audience, used)
        for number, (persona, audience) in enumerate(zip(personas, audiences, strict=True), 1)
    ]


def _persona_roster(rng: random.Random, count: int) -> list[str]:
    roster = ["advocate"] * ADVOCATES + ["detractor"] * (count // 20)
    roster += ["lurker"] * (count * 22 // 100)
    roster += ["regular"] * (count - len(roster))
    rng.shuffle(roster)
    return roster


def _audience(rng: random.Random, persona: str) -> int:
    if persona == "advocate":
        return rng.randint(6_000, 40_000)
    # Log-normal: most people have a few dozen followers, a handful have thousands.
    return min(int(rng.lognormvariate(4.3, 1.4)), 9_000)


def _make_participant(
    rng: random.Random, number: int, persona: str, audience: int, used: set[str]
) -> DemoParticipant:
    first, last = _name(rng)
    channels = _channels_for(rng, persona)
    handles = {channel: _unique(rng, _handle(rng, first, last), used) for channel in channels}
    wants_email = rng.random() < (0.45 if len(channels) > 1 else 0.15)
    email = _unique(rng, _email(rng, first, last), used) if wants_email else ""
    return DemoParticipant(
        key=f"p{number:04d}",
        display_name=_display_name(rng, first, last),
        email=email,
        handles=handles,
        audience=audience,
        persona=persona,
    )


def _name(rng: random.Random) -> tuple[str, str]:
    cultures = list(ph.NAMES_BY_CULTURE.values())
    firsts, lasts, _ = rng.choices(cultures, [weight for _, _, weight in cultures])[0]
    return rng.choice(firsts), rng.choice(lasts)


def _display_name(rng: random.Random, first: str, last: str) -> str:
    style = rng.random()
    if style < 0.85:
        return f"{first} {last}"
    return f"{first} {last[0]}." if style < 0.95 else first


def _channels_for(rng: random.Random, persona: str) -> list[str]:
    if persona == "advocate":
        return ["chirper", "starreview", "community"]
    if persona == "lurker":
        return ["community"] if rng.random() < 0.8 else ["chirper", "community"]
    chosen = {rng.choices(("chirper", "community", "appstore", "starreview"), (45, 30, 15, 10))[0]}
    for channel, chance in (("community", 0.5), ("chirper", 0.3), ("appstore", 0.2)):
        if len(chosen) < 3 and rng.random() < chance:
            chosen.add(channel)
    return [channel for channel in CHANNEL_KEYS if channel in chosen]


def _ascii(text: str) -> str:
    # ł and the Turkish dotless i have no decomposition, so NFKD alone would drop them.
    folded = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("\u0131", "i"))
    return "".join(c for c in folded if c.isascii() and c.isalnum()).lower()


def _handle(rng: random.Random, first: str, last: str) -> str:
    return rng.choice(ph.HANDLE_STYLES).format(
        first=_ascii(first), last=_ascii(last), i=_ascii(first)[0], n=rng.randint(1, 99)
    )


def _email(rng: random.Random, first: str, last: str) -> str:
    local = rng.choice((f"{_ascii(first)}.{_ascii(last)}", f"{_ascii(first)[0]}{_ascii(last)}"))
    return f"{local}@{rng.choice(ph.EMAIL_DOMAINS)}"


def _unique(rng: random.Random, wanted: str, used: set[str]) -> str:
    candidate = wanted
    while candidate in used:
        name, at, domain = wanted.partition("@")
        candidate = f"{name}{rng.randint(2, 999)}{at}{domain}"
    used.add(candidate)
    return candidate


# Freeze -----------------------------------------------------------------------------------
def _freeze(world: World, participants: list[DemoParticipant]) -> DemoDataset:
    """Give ids in time order per channel, then freeze everything into a DemoDataset."""
    order = sorted(range(len(world.drafts)), key=lambda i: (world.drafts[i].created_at, i))
    drafts = [world.drafts[i] for i in order]
    numbers: dict[str, int] = dict.fromkeys(CHANNEL_KEYS, 0)
    for draft in drafts:
        numbers[draft.channel] += 1
        draft.external_id = f"{draft.channel}-{numbers[draft.channel]:06d}"
    idea = world.popular_idea
    assert idea is not None, "plant_popular_idea runs before the world is frozen"
    idea_url = _url_of(idea)
    posts = tuple(_post(world.rng, draft, idea_url) for draft in drafts)
    votes = sorted(
        (
            DemoVote(post.external_id, voter.key, when, kind)
            for post, voter, when, kind in world.votes
        ),
        key=lambda vote: (vote.created_at, vote.post_external_id, vote.participant),
    )
    outage, promotion = world.outage_day, world.promotion_day
    return DemoDataset(
        company=COMPANY,
        products=PRODUCTS,
        competitors=COMPETITORS,
        keywords=KEYWORDS,
        channels=CHANNELS,
        participants=tuple(participants),
        posts=posts,
        votes=tuple(votes),
        start=world.start,
        end=world.end,
        outage_days=(world.date_of(outage), world.date_of(outage + 1)),
        promotion_days=(world.date_of(promotion), world.date_of(promotion + PROMOTION_DAYS - 1)),
        popular_idea_external_id=idea.external_id,
        advocate_keys=tuple(p.key for p in participants if p.persona == "advocate"),
    )


def _post(rng: random.Random, draft: Draft, idea_url: str) -> DemoPost:
    likes, shares = _engagement(rng, draft)
    return DemoPost(
        external_id=draft.external_id,
        channel=draft.channel,
        author=draft.author.key,
        created_at=draft.created_at,
        text=draft.text.replace(ph.IDEA_URL_MARK, idea_url),
        title=draft.title,
        rating=draft.rating,
        likes=likes,
        shares=shares,
        parent_external_id=draft.parent.external_id if draft.parent else "",
        url=_url_of(draft),
        story=draft.story,
        kind=draft.kind,
        product=draft.product,
        accepted=draft.accepted,
    )


def _engagement(rng: random.Random, draft: Draft) -> tuple[int, int]:
    """Likes and shares grow with the author's audience; reviews are rated, not shared.
    Praise collects likes, while anger and outages travel further in shares."""
    reach = 1 + draft.author.audience / 300
    likes = int(rng.expovariate(1 / (1.5 * reach * LIKES_BY_TONE[draft.tone])))
    if draft.story == "advocate":
        likes += rng.randint(30, 300)
    if draft.channel in ("starreview", "appstore"):
        return likes, 0
    if draft.shares is not None:
        return likes, draft.shares
    shares = int(rng.expovariate(1 / (0.15 * reach * SHARES_BY_TONE[draft.tone])))
    return likes, shares + (rng.randint(0, 3) if draft.story == "outage" else 0)


def _url_of(draft: Draft) -> str:
    number = int(draft.external_id.rsplit("-", 1)[1])
    if draft.channel != "community" or draft.parent is None:
        return URLS[draft.channel].format(n=number)
    root = draft.parent
    while root.parent is not None:
        root = root.parent
    root_url = URLS["community"].format(n=int(root.external_id.rsplit("-", 1)[1]))
    return f"{root_url}#post-{number}"
