"""Word lists of the baseline models. Small on purpose: transparent and easy to audit."""

POSITIVE = frozenset(
    """love loved loving great awesome amazing excellent fantastic perfect brilliant happy
    helpful reliable easy smooth fast recommend recommended best nice good solid works
    impressed favourite favorite thanks thank wonderful superb stable intuitive seamless
    delighted glad enjoy enjoying beautiful painless lifesaver gem worth fixed quick
    genial encanta excelente génial parfait super toll prima liebe""".split()
)

NEGATIVE = frozenset(
    """hate hated awful terrible horrible worst bad broken broke useless slow buggy bug bugs
    crash crashes crashed crashing fail fails failed failing failure annoying annoyed
    frustrating frustrated disappointed disappointing down outage offline dead unresponsive
    disconnects disconnected drops dropped laggy lag refund cancel cancelled waste wasted
    ridiculous unacceptable poor problem problems issue issues error errors stuck ugh angry
    expensive overpriced missing lost nightmare garbage junk rubbish scam stopped freezes
    malo terrible horrible nul panne kaputt schlecht""".split()
)

NEGATIONS = frozenset(
    "not no never don't doesn't didn't isn't wasn't can't cannot won't nor".split()
)
INTENSIFIERS = frozenset("very really so super extremely totally absolutely incredibly".split())

POSITIVE_EMOJI = frozenset("😍🥰😀😃😄😁😊🙂👍🙌🎉❤💯✨🔥⭐")
NEGATIVE_EMOJI = frozenset("😡😠🤬😤😞😢😭👎💔🙄😒😩😫")

OFFENSIVE = frozenset(
    """idiot idiots moron morons stupid dumb crap crappy shit shitty damn hell bastard
    bastards jerk jerks loser losers pathetic clowns clown wtf fck fu*k fuck fucking""".split()
)

LANGUAGE_MARKERS = {
    "en": frozenset("the and is it to my of this that with for not you was have".split()),
    "es": frozenset("el la los las que de y es muy mi con para por una pero".split()),
    "fr": frozenset("le la les et est très mon avec pour une pas que je ne du".split()),
    "de": frozenset("der die das und ist sehr mein mit für nicht ich ein eine aber".split()),
}
