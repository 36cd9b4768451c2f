"""Suggested codes for an open answer: the codebook's keywords plus a model of coded answers.

The model is TF-IDF on word n-grams (1-2) and character n-grams (3-5, within words, which
copes with clients' spelling: "wachte", "wachtten", "wachtlijst") with a linear classifier
per code (logistic loss, stochastic gradient descent: 20,000 answers train in seconds).
It learns from answers already coded in this and earlier surveys of the organisation, by
code key. Keywords match whole words or phrases, so "vriendelijk" does not match
"onvriendelijk". Scores are combined and ranked; a person accepts a suggestion or not.

scikit-learn is imported only inside `train`, which only the worker calls. No Django here.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: The model's share of a combined score when there is a model; the keywords' otherwise.
MODEL_WEIGHT = 0.7
#: Coded answers (and distinct codes) needed before a model is worth training.
MIN_EXAMPLES = 20
MIN_CODES = 2
_WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    """Lower case words separated by single spaces (tags such as [NAAM] stay a word)."""
    return " ".join(_WORD.findall(text.lower()))


def keyword_scores(text: str, keywords: Mapping[str, Sequence[str]]) -> dict[str, float]:
    """Per code key, 1 when the text holds one of its keywords as whole words (one clear
    hit is as good as several); codes without a hit are left out."""
    words = f" {normalise(text)} "
    scores = {}
    for key, phrases in keywords.items():
        if any(f" {normalise(p)} " in words for p in phrases if normalise(p)):
            scores[key] = 1.0
    return scores


def rank(
    model: Mapping[str, float],
    keywords: Mapping[str, float],
    *,
    has_model: bool,
    limit: int = 3,
    minimum: float = 0.15,
) -> list[tuple[str, float]]:
    """The best codes by combined score, highest first (ties by key), at most `limit`."""
    weight = MODEL_WEIGHT if has_model else 0.0
    combined = {
        key: weight * model.get(key, 0.0) + (1 - weight) * keywords.get(key, 0.0)
        for key in set(model) | set(keywords)
    }
    ranked = sorted(combined.items(), key=lambda item: (-item[1], item[0]))
    return [(key, round(score, 3)) for key, score in ranked if score >= minimum][:limit]


@dataclass(frozen=True)
class Trained:
    """A fitted model and the code keys of its outputs, in order."""

    keys: tuple[str, ...]
    pipeline: Any


def train(texts: Sequence[str], labels: Sequence[Sequence[str]]) -> Trained | None:
    """Fit the model on coded texts (each with its code keys); None when too few examples."""
    keys = sorted({key for codes in labels for key in codes})
    if len(texts) < MIN_EXAMPLES or len(keys) < MIN_CODES:
        return None
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import SGDClassifier
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.preprocessing import MultiLabelBinarizer

    features = make_union(
        TfidfVectorizer(preprocessor=normalise, ngram_range=(1, 2), sublinear_tf=True),
        TfidfVectorizer(
            preprocessor=normalise,
            analyzer="char_wb",
            ngram_range=(3, 5),
            sublinear_tf=True,
            min_df=2,
            max_features=200_000,
        ),
    )
    classifier = OneVsRestClassifier(
        SGDClassifier(loss="log_loss", alpha=1e-5, max_iter=8, tol=None, random_state=0)
    )
    binarizer = MultiLabelBinarizer(classes=keys)
    targets = binarizer.fit_transform([list(codes) for codes in labels])
    # A code every example has (or none has) cannot be learned: OneVsRest warns and
    # predicts a constant, which is the right answer for it.
    pipeline = make_pipeline(features, classifier)
    pipeline.fit(list(texts), targets)
    return Trained(tuple(keys), pipeline)


def predict(trained: Trained, texts: Sequence[str]) -> list[dict[str, float]]:
    """Per text, each code key's probability (0 to 1), left out below 0.01."""
    if not texts:
        return []
    rows = trained.pipeline.predict_proba(list(texts)).tolist()
    return [
        {key: round(p, 4) for key, p in zip(trained.keys, row, strict=True) if p >= 0.01}
        for row in rows
    ]
