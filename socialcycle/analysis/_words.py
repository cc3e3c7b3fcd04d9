"""Word and emoji lists of the rule baseline (and the emoji-only sentiment). Small on purpose."""

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
