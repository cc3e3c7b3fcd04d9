"""Text in, analysis out. Plain Python: this package never imports Django.

`analyze(texts, context)` runs the whole pipeline (see pipeline.py for its stages and
docs/models.md for the models, how they were chosen and how good they are).
"""

from socialcycle.analysis.labels import FeedbackKind, Sentiment
from socialcycle.analysis.pipeline import analyze
from socialcycle.analysis.types import Analysis, AnalysisContext

__all__ = [
    "Analysis",
    "AnalysisContext",
    "FeedbackKind",
    "Sentiment",
    "analyze",
]
