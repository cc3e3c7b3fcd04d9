"""Turn phrase banks into posts: fill slots, join sentences, and add the noise of real posts.

Every choice comes from the one `random.Random` the generator owns, so texts are as
deterministic as everything else in the demo.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence

from socialcycle.demo import _phrases as ph
from socialcycle.demo import _reviews as reviews
from socialcycle.demo import _talk as talk

Fixed = Mapping[str, str]
NOTHING_FIXED: Fixed = {}
SLOT = re.compile(r"\{(\w+)\}")
SENTENCE_END = ".!?"
SENTENCE_START = re.compile(r"(?<=[.!?] )[a-z]")

# Kinds of everyday talk that read naturally inside a review, by tone.
REVIEW_KINDS = {
    "positive": ("praise", "testimonial", "market", "rival_weakness"),
    "negative": ("complaint", "problem", "support", "rival_threat"),
    "neutral": ("news", "idea", "policy"),
}


class Writer:
    """Writes every kind of text the demo needs from the phrase banks; stories pass theirs."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    # Building blocks --------------------------------------------------------------------------
    def fill(self, template: str, fixed: Fixed = NOTHING_FIXED) -> str:
        """Replace each {slot}; a fixed slot keeps one value across a whole thread."""

        def choose(match: re.Match[str]) -> str:
            name = match[1]
            if name in fixed:
                return fixed[name]
            return self.fill(self.rng.choice(ph.SLOTS[name]), fixed)

        return SLOT.sub(choose, template)

    def pick(self, bank: Sequence[str], fixed: Fixed = NOTHING_FIXED) -> str:
        """One template of the bank, filled, with each sentence starting in upper case."""
        return SENTENCE_START.sub(
            lambda m: m[0].upper(), capitalise(self.fill(self.rng.choice(bank), fixed))
        )

    def personal(
        self,
        text: str,
        name: str,
        tails: Sequence[str] = talk.TAILS,
        greetings: Sequence[str] = talk.GREETINGS,
    ) -> str:
        """Now and then greet the person replied to, or add a tail, as people write replies."""
        if greetings and self.chance(0.45):
            text = self.fill(self.rng.choice(greetings), {"name": name}) + text
        if self.chance(0.5):
            text = join([text, self.pick(tails)])
        return text

    def weighted(self, options: Sequence[tuple[str, int]]) -> str:
        names = [name for name, _ in options]
        return self.rng.choices(names, [weight for _, weight in options])[0]

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def rating_for(self, tone: str, surprise: float = 0.05) -> int:
        """Stars for a text of the tone; with chance `surprise`, any (people do not always
        rate the way they write)."""
        if self.chance(surprise):
            return self.rng.randint(1, 5)
        options = {"positive": (4, 5, 5, 5), "negative": (1, 1, 1, 2, 2), "neutral": (2, 3, 3, 4)}
        return self.rng.choice(options[tone])

    # Everyday talk ----------------------------------------------------------------------------
    def everyday(self, tone: str) -> str:
        """A sentence of the tone, as one of the feedback kinds that carry that tone."""
        return self.pick(talk.EVERYDAY[self.weighted(talk.KINDS_BY_TONE[tone])])

    def chirp(self, sentence: str, tone: str, short_chance: float = 0.06) -> str:
        """A Chirper post: short, sometimes two sentences, with the noise of social media."""
        if self.chance(short_chance):
            return self.decorate(self.fill(self.rng.choice(talk.SHORT[tone])), tone)
        parts = [sentence]
        if self.chance(0.3):
            parts.append(self.pick(talk.DETAIL[tone]))
        return self.decorate(join(parts), tone)

    def chirp_reply(self, handle: str, tone: str) -> tuple[str, str]:
        """A reply addressed to `handle`, and its own tone."""
        kind = self.weighted(talk.REPLY_KINDS_BY_TONE[tone])
        reply_tone = talk.REPLY_TONE[kind]
        text = self.pick(talk.REPLIES[kind])
        return self.decorate(f"@{handle} {text}", reply_tone, hashtags=0.1), reply_tone

    def community_reply(self, tone: str, name: str) -> tuple[str, str]:
        """A reply in a community discussion to `name`, and its own tone."""
        kind = self.weighted(talk.REPLY_KINDS_BY_TONE[tone])
        return self.personal(self.pick(talk.REPLIES[kind]), name), talk.REPLY_TONE[kind]

    def decorate(self, text: str, tone: str, hashtags: float = 0.4) -> str:
        """Add what real posts carry: openers, mentions, links, emoji, hashtags, typos, caps."""
        if not text.startswith("@") and self.chance(0.07):
            text = self.fill(self.rng.choice(ph.CHIRP_OPENERS)) + text
        if tone == "negative" and ph.SUPPORT_MENTION not in text and self.chance(0.2):
            text = f"{text} {ph.SUPPORT_MENTION}"
        if self.chance(0.04):
            text = f"{text} {self.fill('{pic_url}')}"
        if self.chance(0.3):
            text = f"{text} {self.rng.choice(ph.EMOJI[tone])}"
        if self.chance(hashtags):
            text = f"{text} {self._hashtags(tone)}"
        if self.chance(0.06):
            text = self.typo(text)
        return self._recase(text, tone)

    def _hashtags(self, tone: str) -> str:
        pool = ph.HASHTAGS + (ph.NEGATIVE_HASHTAGS if tone == "negative" else ())
        tags = self.rng.sample(pool, self.rng.choice((1, 1, 2)))
        return " ".join(dict.fromkeys(tags))

    def _recase(self, text: str, tone: str) -> str:
        if "http" in text:
            return text
        if tone == "negative" and self.chance(0.06):
            return text.upper()
        if self.chance(0.08):
            return text.lower()
        return text

    def typo(self, text: str) -> str:
        """Swap, drop or double a letter in one plain lower-case word, as fast thumbs do."""
        words = text.split(" ")
        candidates = [i for i, word in enumerate(words) if len(word) > 4 and word.isalpha()]
        candidates = [i for i in candidates if words[i].islower()]
        if not candidates:
            return text
        index = self.rng.choice(candidates)
        word = words[index]
        cut = self.rng.randrange(1, len(word) - 2)
        words[index] = self.rng.choice(
            (
                word[:cut] + word[cut + 1] + word[cut] + word[cut + 2 :],
                word[:cut] + word[cut + 1 :],
                word[:cut] + word[cut] + word[cut:],
            )
        )
        return " ".join(words)

    # Reviews ----------------------------------------------------------------------------------
    def review(self, tone: str, surprise: float = 0.05) -> tuple[str, str, int]:
        """A StarReview review of the hub: title, text of two to five sentences, and stars."""
        rating = self.rating_for(tone, surprise)
        fixed = self.thread_slots("feature", "place", "version")
        parts = []
        if self.chance(0.7):
            parts.append(self.pick(reviews.REVIEW_CONTEXT, fixed))
        points = reviews.REVIEW_POINTS["mixed" if tone == "neutral" else tone]
        parts.extend(self.pick(points, fixed) for _ in range(self.rng.choice((1, 1, 2))))
        if self.chance(0.5):
            parts.append(self.pick(talk.EVERYDAY[self.rng.choice(REVIEW_KINDS[tone])], fixed))
        if self.chance(0.8):
            parts.append(self.pick(reviews.REVIEW_VERDICTS[rating], fixed))
        return self.pick(reviews.REVIEW_TITLES[tone], fixed), join(parts), rating

    def app_review(self, tone: str, surprise: float = 0.05) -> tuple[str, str, int]:
        """An app store review of the Lumio App that names its version and the phone."""
        fixed = self.thread_slots("version", "device", "app_feature")
        parts = [self.pick(reviews.APP_POINTS[tone], fixed)]
        if self.chance(0.45):
            parts.append(self.pick(reviews.APP_POINTS[tone], fixed))
        if self.chance(0.2):
            parts.append(self.pick(talk.DETAIL[tone], fixed))
        text = join(list(dict.fromkeys(parts)))
        has_version, has_device = fixed["version"] in text, fixed["device"] in text
        if not has_version and not has_device:
            text = f"{text} {self.fill(self.rng.choice(reviews.APP_VERSION_NOTES), fixed)}"
        elif not has_version:
            text = f"{text} App {fixed['version']}."
        elif not has_device:
            text = f"{text} On my {fixed['device']}."
        return self.pick(reviews.APP_TITLES[tone], fixed), text, self.rating_for(tone, surprise)

    def version_note(self, fixed: Fixed = NOTHING_FIXED) -> str:
        return self.fill(self.rng.choice(reviews.APP_VERSION_NOTES), fixed)

    # Community --------------------------------------------------------------------------------
    def question(self) -> tuple[str, str, Fixed]:
        """A community question: title, body and the topic it is about (for its answers)."""
        fixed = self.thread_slots("feature", "gadget", "room", "assistant", "version")
        title, body = self.rng.choice(talk.QUESTIONS)
        body = self.pick((body,), fixed)
        if self.chance(0.75):
            body = join([body, self.pick(talk.QUESTION_CONTEXT, fixed)])
        return self.pick((title,), fixed), body, fixed

    def answer(self, topic: Fixed, name: str, *, echo: bool = False) -> str:
        """An answer to `name`'s question, or with `echo` a reply that only asks the same."""
        bank = talk.ANSWER_ECHOES if echo else talk.ANSWERS
        return self.personal(self.pick(bank, topic), name, talk.HELP_TAILS, talk.ANSWER_GREETINGS)

    def thanks(self, name: str, topic: Fixed) -> str:
        return self.pick(talk.ASKER_THANKS, {"name": name, **topic})

    def idea(self) -> tuple[str, str]:
        fixed = self.thread_slots("feature", "room", "competitor", "assistant", "app_feature")
        body = self.pick(talk.IDEA_BODIES, fixed)
        if self.chance(0.5):
            body = join([body, self.pick(talk.IDEA_TAILS, fixed)])
        return self.pick(talk.IDEA_TITLES, fixed), body

    def idea_reply(self, name: str) -> str:
        return self.personal(self.pick(talk.IDEA_REPLIES), name)

    def discussion(self, tone: str) -> tuple[str, str]:
        """A community discussion: title and a body of two or three sentences."""
        kind = self.weighted(talk.KINDS_BY_TONE[tone])
        # One feature, competitor, room ... per thread, so that the title and body agree.
        fixed = self.thread_slots("feature", "competitor", "version", "room", "place")
        first, second = self.rng.sample(talk.EVERYDAY[kind], 2)
        parts = [self.pick((first,), fixed), self.pick(talk.DETAIL[tone], fixed)]
        if self.chance(0.4):
            parts.append(self.pick((second,), fixed))
        return self.pick(talk.DISCUSSION_TITLES[kind], fixed), join(parts)

    def thread_slots(self, *names: str) -> Fixed:
        """One value for each named slot, kept across a thread's title, body and answers."""
        return {name: self.fill(f"{{{name}}}") for name in names}

    # Other languages --------------------------------------------------------------------------
    def foreign(
        self, language: str, tone: str, fixed: Fixed = NOTHING_FIXED, *, thread: bool = False
    ) -> tuple[str, str]:
        """A short post in Spanish, French or German: a title (for review channels, or with
        `thread` for a community thread) and text."""
        text = self.pick(ph.FOREIGN[language][tone], fixed)
        if self.chance(0.75):
            text = join([text, self.fill(self.rng.choice(ph.FOREIGN_DETAILS[language]), fixed)])
        if self.chance(0.3):
            text = f"{text} {self.rng.choice(ph.EMOJI[tone])}"
        titles = (ph.FOREIGN_THREAD_TITLES if thread else ph.FOREIGN_TITLES)[language][tone]
        return self.fill(self.rng.choice(titles), fixed), text


def capitalise(text: str) -> str:
    """Upper-case the first letter unless the text starts with a version such as v3.2.1."""
    if not text or not text[0].islower() or (len(text) > 1 and text[1].isdigit()):
        return text
    return text[0].upper() + text[1:]


def join(sentences: Sequence[str]) -> str:
    """Join sentences, ending each with punctuation where the template left it open."""
    return " ".join(s if _is_finished(s) else f"{s}." for s in sentences)


def _is_finished(sentence: str) -> bool:
    # A trailing link or emoji reads as finished; a full stop after it would break the link.
    last = sentence.rsplit(" ", 1)[-1]
    return sentence[-1] in SENTENCE_END or last.startswith("http") or not last[-1].isascii()
