"""English words too common to name a topic (kept short and readable on purpose)."""

STOP_WORDS = frozenset(
    """about above after again against all also am an and any are aren't as at be because
    been before being below between both but by can can't cannot could couldn't did didn't
    do does doesn't doing don't down during each even ever every few for from further get
    gets got had hadn't has hasn't have haven't having he her here hers herself him himself
    his how i'm i've if in into is isn't it it's its itself just let's like made make many
    me more most much must my myself never new no nor not now of off on once one only or
    other our ours ourselves out over own really same she should shouldn't since so some
    still such than that that's the their theirs them themselves then there there's these
    they they're this those through to too under until up upon us very was wasn't way we
    we're were weren't what when where which while who whom why will with won't would
    wouldn't yet you you're your yours yourself yourselves the amp rt via im ive dont cant
    thanks thank please day days time today week got going gonna want wants need needs
    know think thing things still back well good great hey hi hello yes yeah okay lol omg
    pls plz thx guys anyone someone something anything everything nothing everyone""".split()
)
