"""Figures as sentences a reader takes in at once: "1 of 52 insights closed the loop (2%)",
never "0.02 of 52 insights". The dashboard, the digest (page, e-mail and PDF) all write
their shares through here."""

from __future__ import annotations

from socialcycle.responding.measures import LoopClosure


def percent(part: int, whole: int) -> str:
    """`part` of `whole` as a whole percentage; "under 1%" and "over 99%" where rounding
    would claim none or all; "" when there is no whole."""
    if whole <= 0:
        return ""
    value = round(100 * part / whole)
    if part > 0 and value == 0:
        return "under 1%"
    if part < whole and value == 100:
        return "over 99%"
    return f"{value}%"


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """'1 insight', '52 insights', with thousands separated."""
    noun = singular if number == 1 else (plural or f"{singular}s")
    return f"{number:,} {noun}"


def part_of(part: int, whole: int, singular: str, plural: str | None, done: str) -> str:
    """'1 of 52 insights closed the loop (2%)'; 'No insights yet.' when there are none."""
    if whole <= 0:
        return f"No {plural or singular + 's'} yet."
    noun = singular if whole == 1 else (plural or f"{singular}s")
    return f"{part:,} of {whole:,} {noun} {done} ({percent(part, whole)})"


def loop_sentence(closure: LoopClosure) -> str:
    """The loop-closure figure in words."""
    return part_of(closure.closed_and_told, closure.insights, "insight", None, "closed the loop")
