"""The world while it is being generated: drafts of posts, the stories, everyday talk, votes.

`generator` builds the people, asks a `World` to write everything they say, and freezes
the drafts into the public dataclasses.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from socialcycle.demo import _phrases as ph
from socialcycle.demo import _stories as st
from socialcycle.demo._writing import Writer

if TYPE_CHECKING:  # generator imports this module; the people are only type hints here
    from socialcycle.demo.generator import DemoParticipant

CHANNEL_SHARES = (("chirper", 46), ("community", 24), ("starreview", 13), ("appstore", 17))
TONES_BY_PERSONA = {
    "regular": (("negative", 30), ("neutral", 31), ("positive", 39)),
    "lurker": (("negative", 30), ("neutral", 31), ("positive", 39)),
    "detractor": (("negative", 82), ("neutral", 13), ("positive", 5)),
}
FOREIGN_SHARE = 0.075  # of everyday threads; their replies are English, so ~5% of all posts
LANGUAGE_OF_CULTURE = {"spanish": "es", "french": "fr", "german": "de"}
CULTURE_OF_FIRST_NAME = {
    first: culture for culture, (firsts, _, _) in ph.NAMES_BY_CULTURE.items() for first in firsts
}

# Where the stories sit in the window, as a fraction of its length.
OUTAGE_AT, PROMOTION_AT, IDEA_AT = 0.63, 0.74, 0.2
PROMOTION_DAYS = 7
POPULAR_IDEA_VOTES = (135, 170)
ADVOCATE_MIX = (("chirp", 70), ("answer", 15), ("thread", 15))
Titled = TypeVar("Titled", bound=tuple[Any, ...])  # what a writer drew, its title first

# Community threads: a title is used at most twice (a duplicate a moderator would merge);
# a thread whose title is used up is drawn again, and after TITLE_TRIES draws not written.
MAX_TITLE_REPEATS, TITLE_TRIES = 2, 12
# Of everyday community threads, the share that are product reviews, and which products;
# a person reviews each product once, as the community's review rules demand.
COMMUNITY_REVIEW_SHARE = 0.12
REVIEWED_PRODUCTS = (("Lumio Hub", 60), ("Lumio App", 40))
# How the asker closes an answered question: thanks the first answerer and accepts the
# answer, or accepts it without a word; advocates' answers are accepted on open questions.
THANKS_CHANCE, SILENT_ACCEPT_CHANCE, ADVOCATE_ACCEPT_CHANCE = 0.35, 0.25, 0.5
ECHO_CHANCE = 0.15  # a later reply under a question that only asks the same


@dataclass
class Draft:
    """A post in the making; ids are handed out at the end, in time order per channel."""

    channel: str
    author: DemoParticipant
    created_at: datetime
    text: str
    tone: str
    title: str = ""
    rating: int | None = None
    parent: Draft | None = None
    story: str = ""
    shares: int | None = None
    external_id: str = ""
    kind: str = ""  # community roots: "idea" | "question" | "review" | "" (a discussion)
    product: str = ""  # reviews: the product reviewed
    accepted: bool = False  # answers: the asker accepted it


class World:
    """Mutable state while generating; `generator` freezes it into a DemoDataset."""

    def __init__(
        self,
        rng: random.Random,
        start: datetime,
        end: datetime,
        days: int,
        participants: list[DemoParticipant],
        channels: tuple[str, ...],
    ) -> None:
        self.rng, self.start, self.end, self.days = rng, start, end, days
        self.write = Writer(rng)
        self.participants = participants
        self.drafts: list[Draft] = []
        self.votes: list[tuple[Draft, DemoParticipant, datetime, str]] = []
        self.popular_idea: Draft | None = None
        self.questions: list[Question] = []
        self.ideas: list[Draft] = []
        self.reviews: list[Draft] = []
        self.reviewed: set[tuple[str, str]] = set()  # (person key, product)
        self.title_uses: Counter[str] = Counter()
        self.outage_day = round(days * OUTAGE_AT)
        self.promotion_day = round(days * PROMOTION_AT)
        self.idea_day = round(days * IDEA_AT)
        self._day_weights = [self._day_weight(day) for day in range(days)]
        self._chattiness = {person.key: self._chattiness_of(person) for person in participants}
        self._speakers = {
            (channel, language): self._speakers_on(channel, language)
            for channel in channels
            for language in ("", *LANGUAGE_OF_CULTURE.values())
        }

    # Time ---------------------------------------------------------------------------------
    def _day_weight(self, day: int) -> float:
        growth = 1 + 0.45 * day / self.days
        weekend = (self.start + timedelta(days=day)).weekday() >= 5
        return growth * (0.72 if weekend else 1.0)

    def moment(self, day: int) -> datetime:
        """A time on `day` of the window: a small morning peak and a larger evening one."""
        peak, spread = (8.5, 1.5) if self.rng.random() < 0.25 else (19.0, 3.0)
        hour = min(23, max(0, int(self.rng.gauss(peak, spread))))
        seconds = hour * 3600 + self.rng.randrange(3600)
        return self.start + timedelta(days=day, seconds=seconds)

    def later(self, when: datetime, mean_minutes: float) -> datetime | None:
        """A moment after `when` (replies come later), or None if it falls past the end."""
        after = when + timedelta(seconds=60 + int(self.rng.expovariate(1 / (mean_minutes * 60))))
        return after if after < self.end else None

    def date_of(self, day: int) -> date:
        return (self.start + timedelta(days=day)).date()

    # People -------------------------------------------------------------------------------
    def _speakers_on(
        self, channel: str, language: str
    ) -> tuple[list[DemoParticipant], list[float]]:
        """Who talks on a channel in everyday talk (in a language other than English, if
        given), weighted by how chatty each one is."""
        people, weights = [], []
        for person in self.participants:
            if channel not in person.handles or person.persona == "advocate":
                continue
            if language and language_of(person) != language:
                continue
            people.append(person)
            weights.append(self._chattiness[person.key])
        return people, weights

    def _chattiness_of(self, person: DemoParticipant) -> float:
        """How much more than average a person posts: a few people do most of the talking."""
        if person.persona == "lurker":
            return 0.04
        spread = self.rng.lognormvariate(0, 0.9)
        return spread * (3.0 if person.persona == "detractor" else 1.0)

    def speaker(
        self, channel: str, besides: DemoParticipant | None = None, language: str = ""
    ) -> DemoParticipant:
        people, weights = self._speakers[(channel, language)]
        if len(people) < 2:  # nobody (else) writes that language here: anyone may
            people, weights = self._speakers[(channel, "")]
        while True:
            person = self.rng.choices(people, weights)[0]
            if person is not besides:
                return person

    def community_members(self) -> list[DemoParticipant]:
        return [person for person in self.participants if "community" in person.handles]

    def tone_of(self, person: DemoParticipant) -> str:
        return self.write.weighted(TONES_BY_PERSONA[person.persona])

    def add(self, draft: Draft) -> Draft:
        self.drafts.append(draft)
        return draft

    def claim_title(self, title: str) -> bool:
        """Use a community thread title, unless it is used up (MAX_TITLE_REPEATS)."""
        if self.title_uses[title] >= MAX_TITLE_REPEATS:
            return False
        self.title_uses[title] += 1
        return True

    def fresh_thread(self, write: Callable[[], Titled]) -> Titled | None:
        """What `write` drew (its title first) with a title not used up; None when
        TITLE_TRIES draws found none."""
        for _ in range(TITLE_TRIES):
            drawn = write()
            if self.claim_title(drawn[0]):
                return drawn
        return None

    # Story 1: the outage ------------------------------------------------------------------
    def plant_outage(self, count: int) -> None:
        """Two days of a dead cloud: reports pile up on every channel, then relief."""
        first = [self._outage_moment(self.outage_day, 6, 4.0) for _ in range(count * 55 // 100)]
        second = [self._outage_moment(self.outage_day + 1, 0, 8.0) for _ in range(count // 2)]
        moments = sorted(first + second)
        relieved_from = len(moments) - max(2, count // 12)
        thread: Draft | None = None
        chirps: list[Draft] = []
        for index, when in enumerate(moments):
            if index >= relieved_from:
                self._outage_relief(when)
                continue
            second_day = when.date() == self.date_of(self.outage_day + 1)
            channel = self.write.weighted(
                (("chirper", 64), ("community", 21), ("appstore", 10), ("starreview", 5))
            )
            if channel == "community":
                thread = self._outage_thread_post(when, thread)
            elif channel == "chirper":
                chirps.append(self._outage_chirp(when, second_day, chirps))
            else:
                self._outage_review(channel, when)

    def _outage_moment(self, day: int, from_hour: int, spread_hours: float) -> datetime:
        # Reports start when people wake up to dark houses and thin out over the day.
        hours = (abs(self.rng.gauss(0, spread_hours)) + 0.5) % (21 - from_hour)
        return self.start + timedelta(days=day, hours=from_hour + hours)

    def _outage_chirp(self, when: datetime, second_day: bool, chirps: list[Draft]) -> Draft:
        author = self.speaker("chirper")
        if chirps and self.rng.random() < 0.25:
            parent = self.rng.choice(chirps[-15:])
            reply = self.write.personal(
                self.write.pick(st.OUTAGE_REPLIES), "", st.OUTAGE_TAILS, greetings=()
            )
            text = self.write.decorate(f"@{parent.author.handles['chirper']} {reply}", "negative")
            return self.add(
                Draft("chirper", author, when, text, "negative", parent=parent, story="outage")
            )
        bank = st.OUTAGE_SECOND_DAY if second_day else st.OUTAGE_FIRST_DAY
        text = self.write.chirp(self.write.pick(bank), "negative", short_chance=0)
        if self.rng.random() < 0.3:
            text = f"{text} #LumioDown"
        return self.add(Draft("chirper", author, when, text, "negative", story="outage"))

    def _outage_thread_post(self, when: datetime, thread: Draft | None) -> Draft:
        author = self.speaker("community")
        if thread is None:
            title, body = st.OUTAGE_THREAD
            self.title_uses[title] += 1
            return self.add(
                Draft(
                    "community",
                    author,
                    when,
                    self.write.fill(body),
                    "negative",
                    title=title,
                    story="outage",
                )
            )
        text = self.write.personal(
            self.write.pick(st.OUTAGE_REPLIES), "", st.OUTAGE_TAILS, greetings=()
        )
        self.add(Draft("community", author, when, text, "negative", parent=thread, story="outage"))
        return thread

    def _outage_review(self, channel: str, when: datetime) -> None:
        points = self.rng.sample(st.OUTAGE_REVIEW_POINTS, 2)
        text = " ".join(self.write.fill(point) for point in points)
        if channel == "appstore":
            text = f"{text} {self.write.version_note()}"
        title = self.write.pick(st.OUTAGE_REVIEW_TITLES)
        author = self.speaker(channel)
        self.add(
            Draft(channel, author, when, text, "negative", title=title, rating=1, story="outage")
        )

    def _outage_relief(self, when: datetime) -> None:
        text = self.write.chirp(self.write.pick(st.OUTAGE_BACK), "positive", short_chance=0)
        self.add(Draft("chirper", self.speaker("chirper"), when, text, "positive", story="outage"))

    # Story 4: the competitor's promotion ---------------------------------------------------
    def plant_promotion(self, count: int) -> None:
        """A week of HomeArc at 40% off: people weigh switching, some defend Lumio."""
        days = range(self.promotion_day, self.promotion_day + PROMOTION_DAYS)
        moments = sorted(self.moment(self.rng.choice(days)) for _ in range(count))
        thread: Draft | None = None
        for when in moments:
            if self.rng.random() < 0.22:
                thread = self._promotion_thread_post(when, thread)
                continue
            text = self.write.chirp(self.write.pick(st.PROMOTION_CHIRPS), "neutral", 0)
            author = self.speaker("chirper")
            self.add(Draft("chirper", author, when, text, "neutral", story="promotion"))

    def _promotion_thread_post(self, when: datetime, thread: Draft | None) -> Draft:
        author = self.speaker("community", besides=thread.author if thread else None)
        if thread is None:
            title, body = st.PROMOTION_THREAD
            self.title_uses[title] += 1
            text = self.write.fill(body)
            return self.add(
                Draft("community", author, when, text, "neutral", title=title, story="promotion")
            )
        text = self.write.personal(self.write.pick(st.PROMOTION_REPLIES), first_name(thread.author))
        self.add(
            Draft("community", author, when, text, "neutral", parent=thread, story="promotion")
        )
        return thread

    # Story 2: the popular idea --------------------------------------------------------------
    def plant_popular_idea(self, supporters: int) -> None:
        """The sunrise/sunset idea, and the people who come back for weeks to say +1."""
        members = [p for p in self.community_members() if p.persona == "regular"]
        author = self.rng.choice(members)
        when = self.start + timedelta(days=self.idea_day, hours=20, minutes=self.rng.randrange(50))
        idea = self.add(
            Draft(
                "community",
                author,
                when,
                self.write.fill(st.POPULAR_IDEA_BODY),
                "neutral",
                title=st.POPULAR_IDEA_TITLE,
                story="idea",
                kind="idea",
            )
        )
        self.title_uses[st.POPULAR_IDEA_TITLE] += 1
        self.popular_idea = idea
        # Advocates rally votes on Chirper instead; a "+1" here would not be advocacy.
        others = [
            p for p in self.community_members() if p is not author and p.persona != "advocate"
        ]
        for person in self.rng.sample(others, supporters):
            reply_at = self.later(when, mean_minutes=60 * 24 * 8)
            if reply_at is not None:
                text = self.write.personal(
                    self.write.pick(st.IDEA_SUPPORT), first_name(author), st.IDEA_SUPPORT_TAILS
                )
                self.add(
                    Draft(
                        "community", person, reply_at, text, "positive", parent=idea, story="idea"
                    )
                )
        update_at = when + timedelta(days=min(25, self.days - self.idea_day - 2), hours=1)
        text = self.write.pick(st.IDEA_AUTHOR_UPDATE)
        self.add(Draft("community", author, update_at, text, "positive", parent=idea, story="idea"))

    # Story 3: advocates -----------------------------------------------------------------------
    def plan_advocates(self) -> dict[str, int]:
        """How many posts each advocate will write; they are written after everyday talk,
        because advocates answer questions that other people asked."""
        return {
            person.key: self.rng.randint(18, 24)
            for person in self.participants
            if person.persona == "advocate"
        }

    def write_advocate_posts(self, plan: dict[str, int]) -> None:
        people = {person.key: person for person in self.participants}
        for rank, (key, count) in enumerate(plan.items()):
            advocate = people[key]
            called_for_votes = rank >= 2  # two of them rally votes for the popular idea
            reviewed = False
            for number in range(count):
                # Spread evenly over the window: advocates post regularly, not in bursts.
                day = min(self.days - 1, int((number + self.rng.random()) * self.days / count))
                when = self.moment(day)
                if not called_for_votes and self._idea_is_out(when):
                    self._advocate_vote_call(advocate, when)
                    called_for_votes = True
                    continue
                # Every third post answers someone: helping others is what makes an advocate.
                what = "answer" if number % 3 == 1 else self.write.weighted(ADVOCATE_MIX)
                if not reviewed and number == count // 2:
                    what, reviewed = "review", True
                self._advocate_post(advocate, when, what)

    def _idea_is_out(self, when: datetime) -> bool:
        idea = self.popular_idea
        return idea is not None and when > idea.created_at + timedelta(days=1)

    def _advocate_post(self, advocate: DemoParticipant, when: datetime, what: str) -> None:
        question = self._open_question(advocate, when) if what == "answer" else None
        thread = self.fresh_thread(self._advocate_thread) if what == "thread" else None
        if question is not None:
            text = self.write.pick(st.ADVOCATE_ANSWERS, question.topic)
            answer = self._advocate_draft("community", advocate, when, text, parent=question.draft)
            if not question.solved and self.write.chance(ADVOCATE_ACCEPT_CHANCE):
                answer.accepted = question.solved = True
        elif thread is not None:
            title, text = thread
            self._advocate_draft("community", advocate, when, text, title=title)
        elif what == "review":
            title, body = self.rng.choice(st.ADVOCATE_REVIEWS)
            text = self.write.fill(body)
            self._advocate_draft("starreview", advocate, when, text, title=title, rating=5)
        else:
            text = self.write.chirp(self.write.pick(st.ADVOCATE_CHIRPS), "positive", 0)
            self._advocate_draft("chirper", advocate, when, text)

    def _advocate_thread(self) -> tuple[str, str]:
        title, body = self.rng.choice(st.ADVOCATE_THREADS)
        fixed = self.write.thread_slots("n", "room", "feature")
        return self.write.fill(title, fixed), self.write.fill(body, fixed)

    def _advocate_vote_call(self, advocate: DemoParticipant, when: datetime) -> None:
        text = self.write.fill(self.rng.choice(st.ADVOCATE_VOTE_CALLS))
        self._advocate_draft("chirper", advocate, when, text)

    def _advocate_draft(
        self,
        channel: str,
        advocate: DemoParticipant,
        when: datetime,
        text: str,
        *,
        title: str = "",
        rating: int | None = None,
        parent: Draft | None = None,
    ) -> Draft:
        shares = self.rng.randint(25, 220)
        return self.add(
            Draft(
                channel,
                advocate,
                when,
                text,
                "positive",
                title=title,
                rating=rating,
                parent=parent,
                story="advocate",
                shares=shares,
            )
        )

    def _open_question(self, advocate: DemoParticipant, when: datetime) -> Question | None:
        recent = [
            question
            for question in self.questions
            if when - timedelta(days=10) < question.draft.created_at < when
            and question.draft.author is not advocate
        ]
        return self.rng.choice(recent) if recent else None

    # Everyday talk ------------------------------------------------------------------------
    def fill_everyday(self, goal: int) -> None:
        """Everyday talk until the dataset holds `goal` posts; threads come whole."""
        channels = [channel for channel, _ in CHANNEL_SHARES]
        shares = [share for _, share in CHANNEL_SHARES]
        while len(self.drafts) < goal:
            day = self.rng.choices(range(self.days), self._day_weights)[0]
            channel = self.rng.choices(channels, shares)[0]
            foreign = self.rng.random() < FOREIGN_SHARE
            language = self.rng.choice(tuple(LANGUAGE_OF_CULTURE.values())) if foreign else ""
            author = self.speaker(channel, language=language)
            when, tone = self.moment(day), self.tone_of(author)
            if language:
                self._foreign_post(channel, author, when, tone, language)
            elif channel == "chirper":
                self._chirper_thread(author, when, tone)
            elif channel == "community":
                self._community_thread(author, when, tone)
            else:
                self._review(channel, author, when, tone)

    def _chirper_thread(self, author: DemoParticipant, when: datetime, tone: str) -> None:
        sentence = self.write.everyday(tone)
        text = self.write.chirp(sentence, tone)
        root = self.add(Draft("chirper", author, when, text, tone))
        if self.rng.random() > 0.2:
            return
        last = root
        for _ in range(self.rng.randint(1, 3)):
            reply_at = self.later(last.created_at, mean_minutes=90)
            if reply_at is None:
                return
            parent = self.rng.choice((root, last))
            replier = self.speaker("chirper", besides=parent.author)
            text, reply_tone = self.write.chirp_reply(parent.author.handles["chirper"], tone)
            last = self.add(Draft("chirper", replier, reply_at, text, reply_tone, parent=parent))

    def _community_thread(self, author: DemoParticipant, when: datetime, tone: str) -> None:
        """A review, question, idea or discussion; none when its titles are used up."""
        if self.write.chance(COMMUNITY_REVIEW_SHARE) and self._community_review(author, when, tone):
            return
        # Unhappy people start discussions to complain more often than they ask or suggest.
        asks, suggests = (0.15, 0.1) if tone == "negative" else (0.38, 0.21)
        roll = self.rng.random()
        if roll < asks:
            self._question_thread(author, when)
        elif roll < asks + suggests:
            self._idea_thread(author, when)
        else:
            self._discussion_thread(author, when, tone)

    def _community_review(self, author: DemoParticipant, when: datetime, tone: str) -> bool:
        """A product review, stars agreeing with its words; False if `author` reviewed it."""
        product = self.write.weighted(REVIEWED_PRODUCTS)
        if (author.key, product) in self.reviewed:
            return False
        write = self.write.app_review if product == "Lumio App" else self.write.review
        drawn = self.fresh_thread(lambda: write(tone, surprise=0))
        if drawn is None:
            return False
        self.reviewed.add((author.key, product))
        title, text, rating = drawn
        review = Draft(
            "community", author, when, text, tone, title, rating, kind="review", product=product
        )
        self.reviews.append(self.add(review))
        return True

    def _idea_thread(self, author: DemoParticipant, when: datetime) -> None:
        drawn = self.fresh_thread(self.write.idea)
        if drawn is None:
            return
        title, body = drawn
        idea = Draft("community", author, when, body, "neutral", title=title, kind="idea")
        self.ideas.append(self.add(idea))
        for _ in range(self.rng.choice((0, 0, 1, 2))):
            self._community_reply(idea, self.write.idea_reply(first_name(author)), "positive")

    def _discussion_thread(self, author: DemoParticipant, when: datetime, tone: str) -> None:
        drawn = self.fresh_thread(lambda: self.write.discussion(tone))
        if drawn is None:
            return
        title, body = drawn
        root = self.add(Draft("community", author, when, body, tone, title=title))
        for _ in range(self.rng.choice((0, 1, 1, 2))):
            reply, reply_tone = self.write.community_reply(tone, first_name(author))
            self._community_reply(root, reply, reply_tone)

    def _question_thread(self, author: DemoParticipant, when: datetime) -> None:
        drawn = self.fresh_thread(self.write.question)
        if drawn is None:
            return
        title, body, topic = drawn
        draft = Draft("community", author, when, body, "neutral", title=title, kind="question")
        question = Question(self.add(draft), topic)
        self.questions.append(question)
        self._answer(question, self.rng.choices((0, 1, 2, 3), (22, 40, 28, 10))[0])

    def _answer(self, question: Question, count: int) -> None:
        """`count` replies (the first a real answer); the asker may thank and accept it."""
        asker = question.draft.author
        first: Draft | None = None
        for number in range(count):
            echo = number > 0 and self.write.chance(ECHO_CHANCE)
            text = self.write.answer(question.topic, first_name(asker), echo=echo)
            answer = self._community_reply(question.draft, text, "neutral")
            first = first or answer
        if first is None:
            return
        if self.write.chance(THANKS_CHANCE):
            thanks = self.write.thanks(first_name(first.author), question.topic)
            self._community_reply(question.draft, thanks, "positive", asker, after=first)
            first.accepted = question.solved = True
        elif self.write.chance(SILENT_ACCEPT_CHANCE):
            first.accepted = question.solved = True

    def _community_reply(
        self,
        root: Draft,
        text: str,
        tone: str,
        author: DemoParticipant | None = None,
        *,
        after: Draft | None = None,
    ) -> Draft | None:
        """A reply in `root`'s thread, some hours after `root` (or after `after`)."""
        reply_at = self.later((after or root).created_at, mean_minutes=6 * 60)
        if reply_at is None:
            return None
        author = author or self.speaker("community", besides=root.author)
        return self.add(Draft("community", author, reply_at, text, tone, parent=root))

    def _review(self, channel: str, author: DemoParticipant, when: datetime, tone: str) -> None:
        review = self.write.app_review if channel == "appstore" else self.write.review
        title, text, rating = review(tone)
        self.add(Draft(channel, author, when, text, tone, title=title, rating=rating))

    def _foreign_post(
        self, channel: str, author: DemoParticipant, when: datetime, tone: str, language: str
    ) -> None:
        phone = self.write.thread_slots("device", "version", "city")
        if channel == "community":
            drawn = self.fresh_thread(
                lambda: self.write.foreign(language, tone, phone, thread=True)
            )
            if drawn is None:
                return
            title, text = drawn
        else:
            title, text = self.write.foreign(language, tone, phone)
        rating = self.write.rating_for(tone) if channel in ("starreview", "appstore") else None
        if channel == "appstore":
            text = f"{text} {self.write.version_note(phone)}"
        if channel == "chirper":
            title = ""
        self.add(Draft(channel, author, when, text, tone, title, rating))

    # Votes ----------------------------------------------------------------------------------
    def cast_votes(self) -> None:
        """Votes on community ideas: a landslide for the popular one, a trickle for others."""
        members = self.community_members()
        self._vote_for_popular_idea(members)
        for idea in self.ideas:
            days_open = (self.end - idea.created_at) / timedelta(days=1)
            wanted = int(self.rng.triangular(0, 30, 3) * min(1.0, days_open / 21))
            voters = self.rng.sample([p for p in members if p is not idea.author], wanted)
            for voter in voters:
                self._vote(idea, voter, mean_days=4)
        self._mark_reviews_helpful(members)

    def _mark_reviews_helpful(self, members: list[DemoParticipant]) -> None:
        """A few readers find most reviews helpful; some reviews many."""
        for review in self.reviews:
            days_open = (self.end - review.created_at) / timedelta(days=1)
            wanted = int(self.rng.triangular(0, 12, 1) * min(1.0, days_open / 14))
            voters = self.rng.sample([p for p in members if p is not review.author], wanted)
            for voter in voters:
                self._vote(review, voter, mean_days=6, kind="helpful")

    def _vote_for_popular_idea(self, members: list[DemoParticipant]) -> None:
        idea = self.popular_idea
        assert idea is not None, "plant_popular_idea runs before cast_votes"
        # People who wrote "+1" and the advocates vote first; then the crowd follows.
        keen = {
            d.author.key: d.author
            for d in self.drafts
            if d.parent is idea and d.author is not idea.author
        }
        keen.update((p.key, p) for p in members if p.persona == "advocate")
        crowd = [p for p in members if p is not idea.author and p.key not in keen]
        wanted = min(self.rng.randint(*POPULAR_IDEA_VOTES), len(keen) + len(crowd))
        voters = [*keen.values(), *self.rng.sample(crowd, max(0, wanted - len(keen)))]
        for voter in voters[:wanted]:
            self._vote(idea, voter, mean_days=16)

    def _vote(
        self, post: Draft, voter: DemoParticipant, mean_days: float, kind: str = "idea"
    ) -> None:
        when = self.later(post.created_at, mean_minutes=mean_days * 24 * 60)
        room = (self.end - post.created_at).total_seconds()
        if when is None and room < 120:
            return
        if when is None:  # past the window: the vote lands some time before the end instead
            when = post.created_at + timedelta(seconds=60 + self.rng.random() * (room - 61))
        self.votes.append((post, voter, when, kind))


@dataclass
class Question:
    """A community question, the topic its answers stay on, whether an answer is accepted."""

    draft: Draft
    topic: Mapping[str, str]
    solved: bool = False


def first_name(person: DemoParticipant) -> str:
    return person.display_name.split(" ")[0]


def language_of(person: DemoParticipant) -> str:
    """The language besides English a person writes in, judged by their first name."""
    return LANGUAGE_OF_CULTURE.get(CULTURE_OF_FIRST_NAME.get(first_name(person), ""), "")
