"""Cues for the feedback kinds: a few dozen phrase patterns, one feature column each.

Real posts say what they are in a handful of stock ways: a question mark, "please add",
"keeps crashing", "I recommend", "switched to", "not available in my country", a regulator's
name. An embedding blurs these phrases into the rest of a long review and hashed n-grams
see them only where the labelled posts happened to use them; a cue column gives the head
the phrase itself, learnt from every source. The head decides how much each cue weighs
for each kind (a question mark says little about praise), so a cue here is a hint, never
a rule.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

_LANGUAGES = (
    "arabic|bengali|bangla|burmese|cantonese|croatian|czech|danish|dutch|farsi|finnish|"
    "georgian|greek|gujarati|hebrew|hindi|hungarian|indonesian|kannada|khmer|korean|latin|"
    "malay|malayalam|marathi|mongolian|nepali|norwegian|persian|polish|punjabi|romanian|"
    "serbian|sinhala|slovak|swahili|tagalog|tamil|telugu|thai|turkish|ukrainian|urdu|"
    "vietnamese|yiddish|yoruba|zulu|spanish|portuguese|japanese|chinese|mandarin|italian|"
    "german|french|russian|swedish|irish|welsh"
)


@dataclass(frozen=True)
class Cue:
    name: str
    pattern: re.Pattern[str]


def _cue(name: str, pattern: str, flags: int = re.IGNORECASE) -> Cue:
    return Cue(name, re.compile(pattern, flags))


CUES: tuple[Cue, ...] = (
    # question
    _cue("question mark", r"\?"),
    _cue(
        "asks",
        r"(^|[.!?]\s+|@\w+\s+)(how|what|why|when|where|which|who|can|could|would|will|is|are|"
        r"do|does|did|should|any(one|body)?|has|have)\b[^.!]{3,}\?",
    ),
    _cue(
        "asks for help",
        r"\b(any ?one know|can (you|someone|anyone) (help|tell|explain)|is there (a|any) way|"
        r"how (do|can|would) (i|we)|please (advise|help|let me know)|any (idea|update)s?\b)",
    ),
    # idea
    _cue(
        "requests a feature",
        r"\b(please (add|make|bring|include|allow|give|let|consider|fix the)|(would|it'?d) (be|"
        r"love|like) (nice|great|good|better|awesome|helpful|cool)|i wish (i|you|there|it|they)|"
        r"wish (list|they would)|feature request|should (add|have|include|allow|let|offer)|"
        r"(add|need|want) (a|an|the) (option|setting|feature|button|way|mode)|option to|"
        r"bring back|would love (to see|a|an|if|the ability)|could you (add|make|please)|"
        r"why (not|don'?t you) (add|make|have|offer))\b",
    ),
    _cue("suggests", r"\b(suggest(ion)?|recommend(ation)? (that|you add)|idea)\b"),
    # early_warning
    _cue(
        "reports a fault",
        r"\b(bug(s|gy)?|crash(es|ed|ing)?|error( message|s)?|glitch(es|y)?|freez(e|es|ing)|"
        r"froze|lag(s|gy|ging)?|broken|not (working|loading|responding|syncing|sending|"
        r"receiving|connecting|showing|playing|opening)|(does|did|do|is|was|wo|ca)n'?t "
        r"(work|load|open|send|connect|sync|play|respond|receive|turn on|charge|show|log)|"
        r"stopped (working|sending|syncing|responding)|keeps (crashing|closing|stopping|"
        r"restarting|logging|saying|freezing|dropping|disconnecting)|force (close|stop)|"
        r"outage|(is|are|went|was) down|defect(ive)?|malfunction\w*|fail(s|ed|ing|ure)?|"
        r"unable to|no (signal|service|sound|connection)|black screen|overheat\w*|"
        r"since (the|this|last|latest) (update|upgrade))\b",
    ),
    _cue(
        "reports a risk",
        r"\b(unsafe|danger(ous)?|safety|hazard|fire|smoke|burn(t|ed|ing)|hack(ed|er)?|"
        r"scam(med)?|fraud\w*|stolen|security|privacy|leak(ed|s)?|injur\w*|assault\w*)\b",
    ),
    # testimonial
    _cue(
        "recommends",
        r"\b((highly |strongly |definitely |would )?recommend(ed|s)?|must have|you (should|"
        r"won'?t regret|need (to try|this))|go for it|worth (it|trying|a try)|"
        r"(would|will) (definitely |certainly |happily )?(fly|use|buy|book|choose) "
        r"(them|it|this|again|with)|can'?t (live|do) without)\b",
    ),
    _cue(
        "long use",
        r"\b((for|over|since|past|last) (\d+|a few|several|many|two|three|four|five|six|"
        r"ten) (years?|yrs)|since (19|20)\d\d|years? (now|of use|and)|been (using|with|a "
        r"(customer|member|user))|loyal|long[- ]time|(second|third|fourth|fifth|\d+(st|nd|rd|"
        r"th)) (one|echo|device|unit|time (flying|using)))\b",
    ),
    _cue(
        "tells a story",
        r"\b(saved (my|me|us|the)|helped (me|us|my)|went (above|out of their way|the extra)|"
        r"made (my|our) (day|trip|life|flight)|changed my life|thanks to (you|them|the|this))\b",
    ),
    # market_expansion
    _cue(
        "asks for a region",
        r"\b(not available (in|for|to)|(in|to) my (country|region|area|city|state)|"
        r"(do|does|did|will|won'?t|can'?t)(n'?t)? (deliver|ship|fly|serve|operate|come)\w* "
        r"(to|in|here)|other countries|outside (the )?(us|usa|uk|united states)|"
        r"(come|coming|expand\w*) to|(fly|flights?|route) (to|from|between)|nowhere near)\b",
    ),
    _cue(
        "asks for a language",
        rf"\b((add|support|learn|include|need|want|offer)\w* ({_LANGUAGES})|({_LANGUAGES}) "
        rf"(course|language|version|speakers?|support)|(other|more|different) languages)\b",
    ),
    _cue(
        "names an audience",
        r"\b(for (kids|children|seniors|elderly|teachers|students|schools|the blind|deaf|"
        r"business(es)?|families|beginners)|under[- ]\d\d)\b",
    ),
    # service_tip
    _cue(
        "advises",
        r"\b(tip|tips|my advice|pro tip|advice (is|to|for)|make sure (you|to)|be sure to|"
        r"remember to|don'?t forget to|beware|heads up|be prepared|save yourself|"
        r"(i|would) (suggest|advise) (you|booking|getting|using|to)|if you (want|need|are|"
        r"have|can|plan))\b",
    ),
    _cue(
        "gives a workaround",
        r"\b(workaround|work around|fixed it by|the trick|trick is|go to settings|"
        r"(you can|try) (turn|set|change|go|use|clear|disable|enable|uninstall|reinstall|"
        r"restart|book|request|ask|call)\w*|instead of|use .{1,25} instead|what worked for me|"
        r"(seats?|row) \d+[a-k]?\b)\b",
    ),
    # public_policy
    _cue(
        "names a regulator",
        r"\b(FCC|FTC|Ofcom|CFPB|CAA|FAA|DOT|TSA|GDPR|ADR|EU ?261|EC ?261|261/2004|ICO)\b",
        re.NOFLAG,
    ),
    _cue(
        "names a law",
        r"\b(regulat(or|ors|ion|ions|ed)|legislation|law(s|suit)?|legal(ly)?|illegal|"
        r"statutory|ombudsman|government|gov(t|\.uk)|congress|senat(e|or)|parliament|"
        r"minister|attorney general|consumer (rights|protection)|trading standards|"
        r"data protection|net neutrality|ban(ned|s)? (on|of)|(travel|laptop|electronics?) ban|"
        r"compensation (under|according to|per)|entitled to|small claims|court|tribunal)\b",
    ),
    # competitive
    _cue(
        "switches",
        r"\b(switch(ed|ing)? (to|over|back)|mov(e|ed|ing) (to|over to)|go(ing)? (back )?to|"
        r"chang(e|ed|ing) (to|provider|carrier|airline)|(another|other|different|new) "
        r"(airline|app|provider|carrier|company|bank|service|network|brand)|"
        r"anything but|look(ing)? (for|elsewhere)|take my (business|money) elsewhere|"
        r"(cancel|cancelled|canceled|leaving|leave) (my|you|this|for)|alternative)\b",
    ),
    _cue(
        "compares",
        r"\b(better than|worse than|unlike|compared to|cheaper (than|at|with)|"
        r"(other|rival|competing) (airlines|apps|carriers|companies|providers|brands) "
        r"(have|offer|give|do)|competitor\w*|instead)\b",
    ),
    # complaint / praise beyond the sentiment head
    _cue(
        "dissatisfied",
        r"\b(disappoint\w*|frustrat\w*|annoy\w*|terrible|horrible|awful|worst|useless|"
        r"ridiculous|unacceptable|rude|waste|refund|still waiting|no (one|response|reply)|"
        r"never again|poor|fed up|sort it out|sick of|why (is|does|do|can'?t|won'?t))\b",
    ),
    _cue(
        "pleased",
        r"\b(love|loved|loving|great|excellent|amazing|awesome|fantastic|perfect|wonderful|"
        r"best|brilliant|happy|pleased|thank(s| you)|cheers|well done|kudos|5 stars?)\b",
    ),
    _cue("negated", r"\b(not|no|never|n't|nothing|hardly)\b"),
    _cue("exclaims", r"!"),
    _cue("links", r"https?://|\bt\.co/"),
)
CUE_NAMES = tuple(cue.name for cue in CUES)


def cue_features(texts: Sequence[str]) -> NDArray[np.float32]:
    """One row per text: each cue's match count, log-scaled (0 when absent), and length."""
    out = np.zeros((len(texts), len(CUES) + 1), dtype=np.float32)
    for row, text in enumerate(texts):
        for column, cue in enumerate(CUES):
            hits = len(cue.pattern.findall(text))
            if hits:
                out[row, column] = np.log1p(hits)
        out[row, len(CUES)] = np.log1p(len(text)) / 8
    return out
