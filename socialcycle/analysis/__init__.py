"""Text in, analysis out. Plain Python: this package never imports Django.

The first version is a transparent baseline (word lists and rules) so that the product
works end to end; the trained models of the understanding issue replace its parts one by
one behind the same `analyze` function.
"""

from socialcycle.analysis.baseline import KeywordKindClassifier, LexiconSentimentClassifier
from socialcycle.analysis.labels import FeedbackKind, Sentiment
from socialcycle.analysis.pipeline import analyze
from socialcycle.analysis.types import Analysis, AnalysisContext

__all__ = [
    "Analysis",
    "AnalysisContext",
    "FeedbackKind",
    "KeywordKindClassifier",
    "LexiconSentimentClassifier",
    "Sentiment",
    "analyze",
]
