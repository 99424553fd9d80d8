"""What the demo's customers write: survey comments, complaint texts and social media
mentions in German (and some English), composed from phrase lists.

Each text names a set of themes, drawn independently with the probabilities of its source and
tone (:data:`RATES`); a theme contributes one sentence of its phrase list, a text without a
theme gets a general sentence.  Two themes are planted with a known share
(``ground_truth.json``, ``themes``): **delivery** (one of the default themes, found by the
theme list's keywords) and **packaging** (not among the defaults: the discovery of further
themes should find it).  Every phrase of a theme contains a keyword of that theme of the
default list and none of another's (tests/test_demo_texts.py checks this in DuckDB), so the
share the keywords find is the planted one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

#: The themes the texts are composed of, in this order; "packaging" is not a default theme.
THEMES = ("delivery", "packaging", "price", "quality", "service", "app")
#: The planted themes, written to ground_truth.json.
PLANTED = ("delivery", "packaging")
ENGLISH_SHARE = 0.1
NEG, POS = 0, 1

#: (theme, tone, language) -> sentences.  Tone 0: negative, 1: positive.
PHRASES: dict[tuple[str, int, str], tuple[str, ...]] = {
    ("delivery", NEG, "de"): (
        "Die Lieferung kam drei Tage zu spät.",
        "Lieferung hat ewig gedauert.",
        "Der Versand dauert viel zu lange.",
        "Mein Paket lag eine Woche bei DHL.",
        "Die Sendung wurde falsch zugestellt.",
        "Wurde nicht geliefert, obwohl längst bezahlt.",
        "Lieferzeit war diesmal eine Zumutung.",
    ),
    ("delivery", POS, "de"): (
        "Schnelle Lieferung, danke!",
        "Super schneller Versand.",
        "Lieferung kam schon am nächsten Tag.",
        "Das Paket war pünktlich da.",
    ),
    ("delivery", NEG, "en"): (
        "Delivery took far too long.",
        "My parcel was late again.",
        "Shipping was slow.",
    ),
    ("delivery", POS, "en"): ("Fast delivery, thank you!", "Quick shipping."),
    ("packaging", NEG, "de"): (
        "Die Verpackung war beschädigt.",
        "Viel zu viel Plastik in der Verpackung.",
        "Verpackung aufgerissen, der Inhalt lag lose im Karton.",
        "Bitte eine nachhaltigere Verpackung ohne Plastik.",
        "Die Verpackung lässt sich nicht wieder verschließen.",
        "Riesiger Karton, winzige Tüte: unnötige Verpackung.",
    ),
    ("packaging", POS, "de"): (
        "Schöne Verpackung, gut recycelbar.",
        "Die neue Verpackung gefällt mir.",
        "Verpackung ohne Plastik, sehr gut.",
    ),
    ("packaging", NEG, "en"): (
        "The packaging was damaged.",
        "Too much plastic in the packaging.",
    ),
    ("packaging", POS, "en"): ("Love the recyclable packaging.",),
    ("price", NEG, "de"): (
        "Zu teuer für die Menge.",
        "Die Preise sind schon wieder gestiegen.",
        "Für den Preis erwarte ich mehr.",
    ),
    ("price", POS, "de"): ("Preis und Leistung stimmen.", "Für das Geld wirklich günstig."),
    ("price", NEG, "en"): ("Far too expensive.", "The prices went up again."),
    ("price", POS, "en"): ("Good value for money.",),
    ("quality", NEG, "de"): (
        "Der Kaffee war leider nicht frisch.",
        "Geschmack diesmal flach und bitter.",
        "Die Bohnen waren alt.",
    ),
    ("quality", POS, "de"): (
        "Super Kaffee, tolle Röstung!",
        "Der Espresso schmeckt hervorragend.",
        "Beste Bohnen, die ich kenne.",
        "Herrliches Aroma.",
    ),
    ("quality", NEG, "en"): ("The coffee tasted stale.", "The beans were not fresh."),
    ("quality", POS, "en"): ("Great coffee, lovely roast!", "Tastes wonderful."),
    ("service", NEG, "de"): (
        "Kundenservice schwer erreichbar.",
        "Niemand hat auf meine E-Mail geantwortet.",
        "Die Hotline hat mich dreimal weiterverbunden.",
    ),
    ("service", POS, "de"): (
        "Der Kundenservice war sehr freundlich.",
        "Toller Service, schnelle Antwort.",
    ),
    ("service", NEG, "en"): ("Customer service never answered.", "Support was unhelpful."),
    ("service", POS, "en"): ("Very helpful staff.",),
    ("app", NEG, "de"): (
        "Die App stürzt beim Bezahlen ab.",
        "Die Website ist unübersichtlich.",
        "Login funktioniert seit Tagen nicht.",
    ),
    ("app", POS, "de"): ("Die App ist praktisch.", "Bestellen über die Website geht flott."),
    ("app", NEG, "en"): ("The app keeps crashing.", "Could not log in to the website."),
    ("app", POS, "en"): ("The app is easy to use.",),
}
#: Sentences of a text without a theme, by tone and language.
GENERAL: dict[tuple[int, str], tuple[str, ...]] = {
    (NEG, "de"): ("Enttäuschend.", "Hat mir diesmal nicht gefallen.", "Schade."),
    (POS, "de"): (
        "Alles bestens, danke!",
        "Weiter so!",
        "Gerne wieder.",
        "Bin rundum zufrieden.",
        "Das Abo ist großartig.",
        "Mein Morgenritual ☕",
    ),
    (NEG, "en"): ("Disappointing.", "Not happy this time."),
    (POS, "en"): ("All good, thanks!", "Keep it up!", "My morning ritual ☕"),
}
#: Probability that a text names a theme, per (source, tone) in the order of :data:`THEMES`.
#: Tones: survey "low" (NPS 0-6), "mid" (7-8), "high" (9-10); mentions by their sentiment.
RATES: dict[str, tuple[float, ...]] = {
    "survey_low": (0.40, 0.15, 0.25, 0.25, 0.15, 0.08),
    "survey_mid": (0.20, 0.12, 0.12, 0.20, 0.05, 0.05),
    "survey_high": (0.15, 0.08, 0.05, 0.35, 0.05, 0.03),
    "complaint": (0.35, 0.18, 0.08, 0.20, 0.15, 0.08),
    "mention_negative": (0.30, 0.15, 0.10, 0.15, 0.15, 0.08),
    "mention_neutral": (0.12, 0.08, 0.10, 0.10, 0.05, 0.05),
    "mention_positive": (0.12, 0.06, 0.04, 0.35, 0.06, 0.03),
}
#: Share of negative phrases for a tone (the rest positive).
NEGATIVE_SHARE = {
    "survey_low": 1.0,
    "survey_mid": 0.5,
    "survey_high": 0.0,
    "complaint": 1.0,
    "mention_negative": 1.0,
    "mention_neutral": 0.5,
    "mention_positive": 0.0,
}


def compose(rng: np.random.Generator, tones: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """One text per entry of ``tones`` (keys of :data:`RATES`) and a boolean matrix (texts ×
    :data:`THEMES`) of the themes each text names."""
    n = len(tones)
    rates = np.array([RATES[t] for t in tones]).reshape(n, len(THEMES))
    has = rng.random((n, len(THEMES))) < rates
    negative = rng.random((n, len(THEMES))) < np.array([NEGATIVE_SHARE[t] for t in tones])[:, None]
    english = rng.random(n) < ENGLISH_SHARE
    pick = rng.random((n, len(THEMES) + 1))
    order = rng.permutation(len(THEMES))  # one order of the sentences, varied per text below
    shift = rng.integers(0, len(THEMES), n)
    texts = []
    for i in range(n):
        lang = "en" if english[i] else "de"
        sentences = []
        for j in np.roll(order, int(shift[i])).tolist():
            if has[i, j]:
                options = PHRASES[(THEMES[j], NEG if negative[i, j] else POS, lang)]
                sentences.append(options[int(pick[i, j] * len(options))])
        if not sentences:
            tone = NEG if NEGATIVE_SHARE[tones[i]] >= 1.0 or negative[i, 0] else POS
            options = GENERAL[(tone, lang)]
            sentences.append(options[int(pick[i, -1] * len(options))])
        texts.append(" ".join(sentences))
    return texts, has


def truth(sources: dict[str, np.ndarray]) -> dict[str, Any]:
    """The planted themes' shares per source and overall (``sources``: source -> the boolean
    matrix of :func:`compose`), for ``ground_truth.json``."""
    total = sum(len(m) for m in sources.values())
    out: dict[str, Any] = {
        "description": (
            "Survey comments, complaint texts and social media mentions are composed of "
            "sentences per theme (bindung/demo_texts.py); a text names each theme "
            "independently with a probability that depends on its source and tone. "
            "'delivery' is a default theme of the theme list; 'packaging' (Verpackung) is not "
            "and should be found by the discovery of further themes. share_pct = texts naming "
            "the theme / texts x 100, counted on the generated texts."
        ),
        "texts": {name: len(m) for name, m in sources.items()} | {"all": int(total)},
    }
    for theme in PLANTED:
        j = THEMES.index(theme)
        counts = {name: int(m[:, j].sum()) for name, m in sources.items()}
        all_count = sum(counts.values())
        out[theme] = {
            "texts": all_count,
            "share_pct": round(100 * all_count / total, 2) if total else 0.0,
            "by_source_pct": {
                name: round(100 * counts[name] / len(m), 2) if len(m) else 0.0
                for name, m in sources.items()
            },
        }
    return out
