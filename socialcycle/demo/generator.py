"""Generate the demo company, Lumio, and ~5,000 things its customers said over 90 days.

Pure Python and deterministic: the same seed, end date and sizes give the same dataset.
Planted stories (what the demo should let a user discover): a two-day cloud outage, one
idea that gathers far more votes than any other, four advocates, and a competitor's
week-long promotion.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from socialcycle.demo import _phrases as ph

COMPANY = "Lumio"
PRODUCTS = (("Lumio Hub", ("the hub", "LumioHub")), ("Lumio App", ("the app", "Lumio mobile app")))
COMPETITORS = (("Brightnest", ("Bright Nest",)), ("HomeArc", ("Home Arc",)))
KEYWORDS = ("lumio", "#lumio", "smart home")
CHANNEL_WEIGHTS = {"chirper": 0.45, "community": 0.25, "starreview": 0.15, "appstore": 0.15}
URLS = {
    "chirper": "https://chirper.example/p/{n}",
    "starreview": "https://starreview.example/review/{n}",
    "appstore": "https://apps.example/lumio/review/{n}",
    "community": "https://community.lumio.example/t/{n}",
}
TONE_SHARES = (("negative", 0.30), ("neutral", 0.35), ("positive", 0.35))
OUTAGE_OFFSET, PROMOTION_OFFSET, IDEA_OFFSET = 57, 70, 18


@dataclass(frozen=True)
class DemoChannel:
    key: str
    name: str
    kind: str


CHANNELS = (
    DemoChannel("chirper", "Chirper", "social"),
    DemoChannel("starreview", "StarReview", "review"),
    DemoChannel("appstore", "App Store reviews", "app_store"),
    DemoChannel("community", "Lumio Community", "community"),
)


@dataclass(frozen=True)
class DemoParticipant:
    key: str
    display_name: str
    email: str
    handles: dict[str, str]
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
    story: str


@dataclass(frozen=True)
class DemoVote:
    post_external_id: str
    participant: str
    created_at: datetime


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
    outage_days: tuple[date, date]
    promotion_days: tuple[date, date]
    popular_idea_external_id: str
    advocate_keys: tuple[str, ...]


@dataclass
class _Draft:
    """A post before ids are given out (ids follow time order, replies need their parent)."""

    channel: str
    author: str
    created_at: datetime
    text: str
    tone: str
    title: str = ""
    rating: int | None = None
    shares: int = 0
    parent: _Draft | None = None
    story: str = ""
    kind: str = ""
    external_id: str = ""
    voters: list[tuple[str, datetime]] = field(default_factory=list)


def generate_demo_dataset(
    *,
    seed: int = 7,
    end: datetime | None = None,
    days: int = 90,
    n_participants: int = 300,
    n_posts: int = 5000,
) -> DemoDataset:
    """Build the whole demo world; see the module docstring for what is planted."""
    if n_participants < 150:
        raise ValueError("The demo needs at least 150 participants for its popular idea.")
    end = end or datetime.combine(datetime.now(UTC).date(), time.min, tzinfo=UTC)
    world = _World(random.Random(seed), end - timedelta(days=days), end, days)
    world.make_participants(n_participants)
    world.plant_outage(round(n_posts * 0.05))
    world.plant_promotion(round(n_posts * 0.02))
    world.plant_popular_idea(round(n_posts * 0.008))
    advocate_posts = world.plan_advocate_posts()
    world.fill_regular(n_posts - len(world.drafts) - advocate_posts)
    world.write_advocate_posts()
    world.add_idea_votes()
    return world.finish()


class _World:
    """Mutable state while generating; `finish` freezes it into a DemoDataset."""

    def __init__(self, rng: random.Random, start: datetime, end: datetime, days: int) -> None:
        self.rng, self.start, self.end, self.days = rng, start, end, days
        self.participants: list[DemoParticipant] = []
        self.drafts: list[_Draft] = []
        self.popular_idea: _Draft | None = None

    # People -------------------------------------------------------------------------
    def make_participants(self, count: int) -> None:
        used: set[str] = set()
        for number in range(1, count + 1):
            persona = "advocate" if number <= 4 else "detractor" if number <= 19 else "regular"
            if persona == "regular" and self.rng.random() < 0.25:
                persona = "lurker"
            self.participants.append(self._participant(number, persona, used))

    def _participant(self, number: int, persona: str, used: set[str]) -> DemoParticipant:
        first, last = self.rng.choice(ph.FIRST_NAMES), self.rng.choice(ph.LAST_NAMES)
        channels = self._channels_for(persona)
        handles = {channel: self._handle(first, last, used) for channel in channels}
        has_email = (len(channels) > 1 and self.rng.random() < 0.6) or self.rng.random() < 0.2
        email = f"{first}.{last}{number}@mail.example".lower() if has_email else ""
        audience = int(self.rng.paretovariate(1.3) * 35)
        if persona == "advocate":
            audience = self.rng.randint(6000, 40000)
        return DemoParticipant(
            key=f"p{number:04d}",
            display_name=f"{first} {last}",
            email=email,
            handles=handles,
            audience=min(audience, 250_000),
            persona=persona,
        )

    def _channels_for(self, persona: str) -> list[str]:
        if persona == "lurker":
            return ["community"]
        if persona == "advocate":
            return ["chirper", "community", "starreview"]
        chosen = [
            c
            for c, share in (
                ("chirper", 0.65),
                ("community", 0.55),
                ("starreview", 0.2),
                ("appstore", 0.3),
            )
            if self.rng.random() < share
        ]
        return chosen or [self.rng.choice(list(CHANNEL_WEIGHTS))]

    def _handle(self, first: str, last: str, used: set[str]) -> str:
        while True:
            style = self.rng.choice(ph.HANDLE_STYLES)
            handle = style.format(
                first=first.lower(),
                last=last.lower(),
                initial=first[0].lower(),
                number=self.rng.randint(1, 999),
            )
            if handle not in used:
                used.add(handle)
                return handle

    def people(self, channel: str, personas: tuple[str, ...]) -> list[DemoParticipant]:
        return [p for p in self.participants if channel in p.handles and p.persona in personas]

    # Time ---------------------------------------------------------------------------
    def moment(self, day: int) -> datetime:
        """A time on day `day` of the window, busier in the evening."""
        hour = min(23, max(0, int(self.rng.gauss(17, 4.5))))
        return self.start + timedelta(
            days=day, hours=hour, minutes=self.rng.randint(0, 59), seconds=self.rng.randint(0, 59)
        )

    def day_of(self, when: datetime) -> int:
        return (when - self.start).days

    # Text ---------------------------------------------------------------------------
    def fill(self, pattern: str) -> str:
        product, product2 = self.rng.sample([name for name, _ in PRODUCTS], 2)
        aliases = dict(PRODUCTS)[product]
        return pattern.format(
            product=self.rng.choice((product, product, *aliases)).removeprefix("the "),
            product2=product2,
            feature=self.rng.choice(ph.FEATURES),
            competitor=self.rng.choice([name for name, _ in COMPETITORS]),
            device=self.rng.choice(ph.DEVICES),
            version=self.rng.choice(ph.VERSIONS),
            time=self.rng.choice(ph.TIMES),
            place=self.rng.choice(ph.PLACES),
            count=self.rng.randint(3, 12),
            weekday=self.rng.choice(("Monday", "Tuesday", "the weekend", "March")),
        )

    def decorate(self, text: str, tone: str, channel: str) -> str:
        text = text[:1].upper() + text[1:]
        extra = self.fill(self.rng.choice(ph.EXTRAS))
        if extra and text[-1] not in ".!?":
            text += "."
        text = self.rng.choice(ph.OPENERS) + text + extra
        if channel == "chirper":
            text += self.rng.choice(ph.CLOSERS)
        if self.rng.random() < 0.3:
            text += self.rng.choice(ph.EMOJI[tone])
        if self.rng.random() < 0.08:
            text = self._typo(text)
        return text

    def _typo(self, text: str) -> str:
        words = text.split(" ")
        index = self.rng.randrange(len(words))
        word = words[index]
        if len(word) > 4 and word.isalpha():
            cut = self.rng.randrange(1, len(word) - 2)
            words[index] = word[:cut] + word[cut + 1] + word[cut] + word[cut + 2 :]
        return " ".join(words)

    def add(self, draft: _Draft) -> _Draft:
        self.drafts.append(draft)
        return draft

    # Stories ------------------------------------------------------------------------
    def plant_outage(self, count: int) -> None:
        authors = [p for p in self.participants if p.persona != "lurker"]
        for number in range(count):
            day = OUTAGE_OFFSET + number % 2
            recovered = number >= count - max(2, count // 25)
            channel = self.rng.choices(["chirper", "community", "appstore"], [0.7, 0.2, 0.1])[0]
            author = self.rng.choice([p for p in authors if channel in p.handles])
            patterns = ph.OUTAGE_RECOVERED if recovered else ph.OUTAGE
            tone = "positive" if recovered else "negative"
            text = self.decorate(self.fill(self.rng.choice(patterns)), tone, channel)
            self.add(self._styled(channel, author.key, self.moment(day), text, tone, "outage"))

    def plant_promotion(self, count: int) -> None:
        authors = self.people("chirper", ("regular", "detractor"))
        for _ in range(count):
            day = PROMOTION_OFFSET + self.rng.randrange(7)
            text = self.decorate(self.fill(self.rng.choice(ph.PROMOTION)), "neutral", "chirper")
            author = self.rng.choice(authors).key
            self.add(
                _Draft("chirper", author, self.moment(day), text, "neutral", story="promotion")
            )

    def plant_popular_idea(self, supporters: int) -> None:
        author = self.rng.choice(self.people("community", ("regular",)))
        title, body = ph.POPULAR_IDEA
        idea = self.add(
            _Draft(
                "community",
                author.key,
                self.moment(IDEA_OFFSET),
                body,
                "positive",
                title=title,
                story="idea",
                kind="idea",
            )
        )
        self.popular_idea = idea
        repliers = self.rng.sample(self.people("community", ("regular", "lurker")), supporters)
        for person in repliers:
            day = IDEA_OFFSET + 1 + int(self.rng.triangular(0, self.days - IDEA_OFFSET - 2, 5))
            text = self.decorate(
                self.fill(self.rng.choice(ph.IDEA_SUPPORT)), "positive", "community"
            )
            self.add(
                _Draft(
                    "community",
                    person.key,
                    self.moment(day),
                    text,
                    "positive",
                    parent=idea,
                    story="idea",
                )
            )

    def plan_advocate_posts(self) -> int:
        self.advocate_plan = {
            p.key: self.rng.randint(18, 24) for p in self.participants if p.persona == "advocate"
        }
        return sum(self.advocate_plan.values())

    def write_advocate_posts(self) -> None:
        questions = [d for d in self.drafts if d.kind == "question" and d.channel == "community"]
        for key, count in self.advocate_plan.items():
            for number in range(count):
                answer_to = self.rng.choice(questions) if number % 3 == 0 and questions else None
                if answer_to is not None:
                    day = min(self.days - 1, self.day_of(answer_to.created_at) + 1)
                    text = self.fill(self.rng.choice(ph.ADVOCATE_ANSWERS))
                    channel = "community"
                else:
                    day = self.rng.randrange(self.days)
                    text = self.fill(self.rng.choice(ph.ADVOCATE))
                    channel = self.rng.choice(["chirper", "chirper", "community", "starreview"])
                when = self.moment(day)
                if answer_to is not None and when <= answer_to.created_at:
                    when = answer_to.created_at + timedelta(minutes=self.rng.randint(5, 600))
                draft = self._styled(
                    channel,
                    key,
                    when,
                    self.decorate(text, "positive", channel),
                    "positive",
                    "advocate",
                )
                draft.parent = answer_to
                draft.title = "" if answer_to else draft.title
                draft.shares = self.rng.randint(15, 160)
                self.add(draft)

    # Everyday talk ------------------------------------------------------------------
    def fill_regular(self, count: int) -> None:
        weights = [
            (1 + 0.35 * d / self.days) * (0.7 if self._weekend(d) else 1.0)
            for d in range(self.days)
        ]
        for day in self.rng.choices(range(self.days), weights, k=count):
            channel = self.rng.choices(list(CHANNEL_WEIGHTS), list(CHANNEL_WEIGHTS.values()))[0]
            self._regular_post(channel, self.moment(day))

    def _weekend(self, day: int) -> bool:
        return (self.start + timedelta(days=day)).weekday() >= 5

    def _regular_post(self, channel: str, when: datetime) -> None:
        authors = self.people(channel, ("regular", "detractor"))
        author = self.rng.choice(authors)
        tone = (
            "negative"
            if author.persona == "detractor" and self.rng.random() < 0.85
            else (self.rng.choices([t for t, _ in TONE_SHARES], [s for _, s in TONE_SHARES])[0])
        )
        if self.rng.random() < 0.05:
            self.add(self._foreign(channel, author.key, when, tone))
            return
        parent = self._maybe_parent(channel, when)
        if parent is not None:
            text = self.fill(
                self.rng.choice(ph.ANSWERS if parent.kind == "question" else _tone_patterns(tone))
            )
            self.add(
                _Draft(
                    channel,
                    author.key,
                    when,
                    self.decorate(text, tone, channel),
                    tone,
                    parent=parent,
                    kind="answer",
                )
            )
            return
        if channel == "community":
            self.add(self._community_post(author.key, when, tone))
            return
        text, kind = self._topic_text(tone)
        self.add(
            self._styled(
                channel, author.key, when, self.decorate(text, tone, channel), tone, kind=kind
            )
        )

    def _topic_text(self, tone: str) -> tuple[str, str]:
        """A sentence of the tone, now and then one of the less common kinds of feedback."""
        roll = self.rng.random()
        if tone == "positive" and roll < 0.15:
            return self.fill(self.rng.choice(ph.MARKET)), "market_expansion"
        if tone == "positive" and roll < 0.25:
            return self.fill(self.rng.choice(ph.TIPS)), "service_tip"
        if tone == "neutral" and roll < 0.08:
            return self.fill(self.rng.choice(ph.POLICY)), "public_policy"
        return self.fill(self.rng.choice(_tone_patterns(tone))), tone

    def _maybe_parent(self, channel: str, when: datetime) -> _Draft | None:
        share = {"chirper": 0.12, "community": 0.35}.get(channel, 0.0)
        if self.rng.random() >= share:
            return None
        earlier = [
            d
            for d in self.drafts[-400:]
            if d.channel == channel and d.created_at < when and d.parent is None and d.story == ""
        ]
        return self.rng.choice(earlier) if earlier else None

    def _community_post(self, author: str, when: datetime, tone: str) -> _Draft:
        roll = self.rng.random()
        if roll < 0.3:
            title, body = self.rng.choice(ph.IDEAS)
            return _Draft(
                "community",
                author,
                when,
                self.fill(body),
                "neutral",
                title=self.fill(title),
                kind="idea",
            )
        if roll < 0.65:
            question = self.fill(self.rng.choice(ph.NEUTRAL))
            return _Draft(
                "community",
                author,
                when,
                self.decorate(question, "neutral", "community"),
                "neutral",
                title=question[:80],
                kind="question",
            )
        text, kind = self._topic_text(tone)
        return _Draft(
            "community",
            author,
            when,
            self.decorate(text, tone, "community"),
            tone,
            title=text[:60].rstrip(" ,."),
            kind=kind,
        )

    def _foreign(self, channel: str, author: str, when: datetime, tone: str) -> _Draft:
        language = self.rng.choice(sorted(ph.FOREIGN))
        positive, negative, question = ph.FOREIGN[language]
        pattern = {"positive": positive, "negative": negative}.get(tone, question)
        return self._styled(
            channel, author, when, self.fill(pattern), tone, kind=f"lang:{language}"
        )

    def _styled(
        self,
        channel: str,
        author: str,
        when: datetime,
        text: str,
        tone: str,
        story: str = "",
        kind: str = "",
    ) -> _Draft:
        """Give review channels a title and a star rating that mostly matches the tone."""
        draft = _Draft(channel, author, when, text, tone, story=story, kind=kind)
        if channel in ("starreview", "appstore"):
            draft.rating = self._rating(tone)
            draft.title = self.rng.choice(ph.REVIEW_TITLES[tone])
            if channel == "appstore":
                draft.text += f" ({self.rng.choice(ph.VERSIONS)} on {self.rng.choice(ph.DEVICES)})"
        return draft

    def _rating(self, tone: str) -> int:
        if self.rng.random() < 0.05:
            return self.rng.randint(1, 5)  # People do not always rate as they write.
        return {
            "positive": self.rng.choice((4, 5, 5)),
            "negative": self.rng.choice((1, 1, 2)),
            "neutral": self.rng.choice((2, 3, 3, 4)),
        }[tone]

    # Votes --------------------------------------------------------------------------
    def add_idea_votes(self) -> None:
        voters = self.people("community", ("regular", "lurker", "advocate", "detractor"))
        for draft in self.drafts:
            if draft.kind != "idea":
                continue
            wanted = (
                self.rng.randint(120, 150)
                if draft is self.popular_idea
                else int(self.rng.triangular(0, 30, 3))
            )
            chosen = self.rng.sample([p for p in voters if p.key != draft.author], wanted)
            room = (self.end - draft.created_at).total_seconds()
            for person in chosen:
                delay = timedelta(seconds=int(room * self.rng.betavariate(1.2, 3)) + 60)
                draft.voters.append(
                    (person.key, min(draft.created_at + delay, self.end - timedelta(seconds=1)))
                )

    # Freeze -------------------------------------------------------------------------
    def finish(self) -> DemoDataset:
        self.drafts.sort(key=lambda d: (d.created_at, d.channel, d.author, d.text))
        counters = dict.fromkeys(CHANNEL_WEIGHTS, 0)
        for draft in self.drafts:
            counters[draft.channel] += 1
            draft.external_id = f"{draft.channel}-{counters[draft.channel]:06d}"
        audience = {p.key: p.audience for p in self.participants}
        posts = tuple(self._post(draft, audience[draft.author]) for draft in self.drafts)
        votes = tuple(
            sorted(
                (DemoVote(d.external_id, key, when) for d in self.drafts for key, when in d.voters),
                key=lambda vote: (vote.created_at, vote.post_external_id, vote.participant),
            )
        )
        outage = self.start.date() + timedelta(days=OUTAGE_OFFSET)
        promotion = self.start.date() + timedelta(days=PROMOTION_OFFSET)
        assert self.popular_idea is not None
        return DemoDataset(
            company=COMPANY,
            products=PRODUCTS,
            competitors=COMPETITORS,
            keywords=KEYWORDS,
            channels=CHANNELS,
            participants=tuple(self.participants),
            posts=posts,
            votes=votes,
            start=self.start,
            end=self.end,
            outage_days=(outage, outage + timedelta(days=1)),
            promotion_days=(promotion, promotion + timedelta(days=6)),
            popular_idea_external_id=self.popular_idea.external_id,
            advocate_keys=tuple(p.key for p in self.participants if p.persona == "advocate"),
        )

    def _post(self, draft: _Draft, audience: int) -> DemoPost:
        reach = 1 + audience / 400
        likes = int(self.rng.expovariate(1 / (2 * reach))) + (5 if draft.story == "advocate" else 0)
        shares = draft.shares or int(self.rng.expovariate(1 / (0.3 * reach)))
        number = draft.external_id.rsplit("-", 1)[1].lstrip("0")
        return DemoPost(
            external_id=draft.external_id,
            channel=draft.channel,
            author=draft.author,
            created_at=draft.created_at,
            text=draft.text,
            title=draft.title,
            rating=draft.rating,
            likes=likes,
            shares=shares,
            parent_external_id=draft.parent.external_id if draft.parent else "",
            url=URLS[draft.channel].format(n=number),
            story=draft.story,
        )


def _tone_patterns(tone: str) -> tuple[str, ...]:
    return {"positive": ph.POSITIVE, "negative": ph.NEGATIVE, "neutral": ph.NEUTRAL}[tone]
