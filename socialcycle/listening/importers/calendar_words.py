"""The words of dates written with a month's name, in the languages exports are written in.

Each language lists, month by month, the full name and the abbreviations its exports use,
and its weekdays; they are written here with their accents (German's umlauts also as
"ae"), and `fold` makes accents, case and a trailing dot optional when a date is read. A
folded name that would mean two different months in two languages is read in none
(`AMBIGUOUS_MONTHS`, empty for these tables; a test keeps it so). "mar" is March in every
language that has it as a month, but also Tuesday in French, Spanish and Italian:
`dates.py` decides which from the rest of the value.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping

# Per language, the twelve months in order, each with the names that mean it.
MONTH_NAMES: dict[str, tuple[tuple[str, ...], ...]] = {
    "English": (
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sept", "sep"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    "French": (
        ("janvier", "janv"),
        ("février", "févr", "fév"),
        ("mars",),
        ("avril", "avr"),
        ("mai",),
        ("juin",),
        ("juillet", "juil"),
        ("août",),
        ("septembre", "sept"),
        ("octobre", "oct"),
        ("novembre", "nov"),
        ("décembre", "déc"),
    ),
    "German": (
        ("januar", "jänner", "jaenner", "jan", "jän"),
        ("februar", "feber", "feb"),
        ("märz", "maerz", "mär", "mrz"),
        ("april", "apr"),
        ("mai",),
        ("juni", "jun"),
        ("juli", "jul"),
        ("august", "aug"),
        ("september", "sept", "sep"),
        ("oktober", "okt"),
        ("november", "nov"),
        ("dezember", "dez"),
    ),
    "Spanish": (
        ("enero", "ene"),
        ("febrero", "feb"),
        ("marzo", "mar"),
        ("abril", "abr"),
        ("mayo", "may"),
        ("junio", "jun"),
        ("julio", "jul"),
        ("agosto", "ago"),
        ("septiembre", "setiembre", "sept", "sep", "set"),
        ("octubre", "oct"),
        ("noviembre", "nov"),
        ("diciembre", "dic"),
    ),
    "Italian": (
        ("gennaio", "gen"),
        ("febbraio", "feb"),
        ("marzo", "mar"),
        ("aprile", "apr"),
        ("maggio", "mag"),
        ("giugno", "giu"),
        ("luglio", "lug"),
        ("agosto", "ago"),
        ("settembre", "set"),
        ("ottobre", "ott"),
        ("novembre", "nov"),
        ("dicembre", "dic"),
    ),
    "Portuguese": (
        ("janeiro", "jan"),
        ("fevereiro", "fev"),
        ("março", "mar"),
        ("abril", "abr"),
        ("maio", "mai"),
        ("junho", "jun"),
        ("julho", "jul"),
        ("agosto", "ago"),
        ("setembro", "set"),
        ("outubro", "out"),
        ("novembro", "nov"),
        ("dezembro", "dez"),
    ),
    "Dutch": (
        ("januari", "jan"),
        ("februari", "feb"),
        ("maart", "mrt"),
        ("april", "apr"),
        ("mei",),
        ("juni", "jun"),
        ("juli", "jul"),
        ("augustus", "aug"),
        ("september", "sept", "sep"),
        ("oktober", "okt"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    # Polish dates name the month in the genitive ("2 stycznia 2021"); both forms are here.
    "Polish": (
        ("styczeń", "stycznia", "sty"),
        ("luty", "lutego", "lut"),
        ("marzec", "marca", "mar"),
        ("kwiecień", "kwietnia", "kwi"),
        ("maj", "maja"),
        ("czerwiec", "czerwca", "cze"),
        ("lipiec", "lipca", "lip"),
        ("sierpień", "sierpnia", "sie"),
        ("wrzesień", "września", "wrz"),
        ("październik", "października", "paź"),
        ("listopad", "listopada", "lis"),
        ("grudzień", "grudnia", "gru"),
    ),
}

WEEKDAY_NAMES: dict[str, tuple[str, ...]] = {
    "English": (
        "monday", "mon", "tuesday", "tue", "tues", "wednesday", "wed", "thursday", "thu",
        "thur", "thurs", "friday", "fri", "saturday", "sat", "sunday", "sun",
    ),
    "French": (
        "lundi", "lun", "mardi", "mar", "mercredi", "mer", "jeudi", "jeu", "vendredi", "ven",
        "samedi", "sam", "dimanche", "dim",
    ),
    "German": (
        "montag", "mo", "dienstag", "di", "mittwoch", "mi", "donnerstag", "do", "freitag", "fr",
        "samstag", "sonnabend", "sa", "sonntag", "so",
    ),
    "Spanish": (
        "lunes", "lun", "martes", "mar", "miércoles", "mié", "jueves", "jue", "viernes", "vie",
        "sábado", "sáb", "domingo", "dom",
    ),
    "Italian": (
        "lunedì", "lun", "martedì", "mar", "mercoledì", "mer", "giovedì", "gio", "venerdì",
        "ven", "sabato", "sab", "domenica", "dom",
    ),
    # "segunda-feira" is read as the words "segunda" and "feira" (a filler word below).
    "Portuguese": (
        "segunda", "seg", "terça", "ter", "quarta", "qua", "quinta", "qui", "sexta", "sex",
        "sábado", "sáb", "domingo", "dom",
    ),
    "Dutch": (
        "maandag", "ma", "dinsdag", "di", "woensdag", "wo", "donderdag", "do", "vrijdag", "vr",
        "zaterdag", "za", "zondag", "zo",
    ),
    "Polish": (
        "poniedziałek", "pon", "wtorek", "wt", "środa", "śr", "czwartek", "czw", "piątek", "pt",
        "sobota", "sob", "niedziela", "niedz", "nd",
    ),
}  # fmt: skip

# Words around the parts of a date that say nothing about it: ordinal endings ("24th",
# "1er", "1º"), "the 24th of", "le", "den", "de", "à", "um ... Uhr", "r." (roku) and such.
FILLER_WORDS: dict[str, tuple[str, ...]] = {
    "English": ("at", "of", "on", "the", "st", "nd", "rd", "th"),
    "French": ("le", "à", "er"),
    "German": ("am", "den", "um", "uhr"),
    "Spanish": ("el", "de", "del", "a", "la", "las", "º"),
    "Italian": ("il", "alle", "ore", "º", "°"),
    "Portuguese": ("de", "do", "às", "feira", "º"),
    "Dutch": ("om",),
    "Polish": ("r", "roku", "o"),
}

# Letters that keep no accent apart under Unicode decomposition.
_PLAIN_LETTERS = str.maketrans({"ł": "l", "ø": "o", "ß": "ss"})


def fold(word: str) -> str:
    """`word` as names are compared: lower case, without accents or a trailing dot."""
    decomposed = unicodedata.normalize("NFKD", word.casefold().translate(_PLAIN_LETTERS))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return plain.rstrip(".")


def month_index(
    tables: Mapping[str, tuple[tuple[str, ...], ...]],
) -> tuple[dict[str, int], frozenset[str]]:
    """Every folded month name with its month number, and the names that mean two months
    in two languages (left out of the first)."""
    meanings: dict[str, set[int]] = {}
    for months in tables.values():
        for number, names in enumerate(months, start=1):
            for name in names:
                meanings.setdefault(fold(name), set()).add(number)
    ambiguous = frozenset(name for name, numbers in meanings.items() if len(numbers) > 1)
    index = {name: min(numbers) for name, numbers in meanings.items() if name not in ambiguous}
    return index, ambiguous


def _folded(tables: Mapping[str, Iterable[str]]) -> frozenset[str]:
    return frozenset(fold(word) for words in tables.values() for word in words)


MONTHS, AMBIGUOUS_MONTHS = month_index(MONTH_NAMES)
WEEKDAYS = _folded(WEEKDAY_NAMES)
FILLERS = _folded(FILLER_WORDS)
LANGUAGES = tuple(MONTH_NAMES)
