"""Stop words for the discovery of themes (:mod:`bindung.insights.themes`): German and
English words that carry no theme (articles, pronouns, particles, auxiliaries, and the
praise and filler words of short reviews: "super", "leider", "bitte"), shipped with Bindung so
nothing is downloaded.  The English list is scikit-learn's (``ENGLISH_STOP_WORDS``, from the
Glasgow Information Retrieval Group) with review fillers added; the German one follows the
common lists of the Snowball project's German stemmer, with the same additions."""

from __future__ import annotations

GERMAN = frozenset(
    ["aber", "alle", "allem", "allen", "aller", "alles", "als", "also", "am", "an", "ander", "andere", "anderem", "anderen", "anderer", "anderes", "anderm", "andern", "anderr", "anders", "auch", "auf", "aus", "bei", "bin", "bis", "bist", "da", "damit", "dann", "das", "dass", "daß", "dasselbe", "dazu", "dein", "deine", "deinem", "deinen", "deiner", "deines", "dem", "demselben", "den", "denn", "denselben", "der", "derer", "derselbe", "derselben", "des", "desselben", "dessen", "dich", "die", "dies", "diese", "dieselbe", "dieselben", "diesem", "diesen", "dieser", "dieses", "dir", "doch", "dort", "du", "durch", "ein", "eine", "einem", "einen", "einer", "eines", "einig", "einige", "einigem", "einigen", "einiger", "einiges", "einmal", "er", "es", "etwas", "euch", "euer", "eure", "eurem", "euren", "eurer", "eures", "für", "gegen", "gewesen", "hab", "habe", "haben", "hat", "hatte", "hatten", "hier", "hin", "hinter", "ich", "ihm", "ihn", "ihnen", "ihr", "ihre", "ihrem", "ihren", "ihrer", "ihres", "im", "in", "indem", "ins", "ist", "jede", "jedem", "jeden", "jeder", "jedes", "jene", "jenem", "jenen", "jener", "jenes", "jetzt", "kann", "kein", "keine", "keinem", "keinen", "keiner", "keines", "können", "könnte", "machen", "man", "manche", "manchem", "manchen", "mancher", "manches", "mein", "meine", "meinem", "meinen", "meiner", "meines", "mich", "mir", "mit", "muss", "musste", "nach", "nicht", "nichts", "noch", "nun", "nur", "ob", "oder", "ohne", "sehr", "sein", "seine", "seinem", "seinen", "seiner", "seines", "selbst", "sich", "sie", "sind", "so", "solche", "solchem", "solchen", "solcher", "solches", "soll", "sollte", "sondern", "sonst", "über", "um", "und", "uns", "unsere", "unserem", "unseren", "unserer", "unseres", "unter", "viel", "vom", "von", "vor", "während", "war", "waren", "warst", "was", "weg", "weil", "weiter", "welche", "welchem", "welchen", "welcher", "welches", "wenn", "werde", "werden", "wie", "wieder", "will", "wir", "wird", "wirst", "wo", "wollen", "wollte", "würde", "würden", "zu", "zum", "zur", "zwar", "zwischen", "ab", "bereits", "bisher", "bzw", "beim", "deshalb", "eher", "eigentlich", "ganz", "gar", "gern", "gerne", "halt", "ja", "je", "kaum", "mal", "mehr", "mehrere", "mich", "mittlerweile", "nein", "neu", "neue", "neuen", "oft", "schon", "seit", "sowie", "statt", "trotz", "total", "usw", "vielleicht", "wohl", "wurde", "wurden", "immer", "diesmal", "echt", "wirklich", "einfach", "eben", "genau", "gut", "gute", "guter", "gutes", "super", "toll", "tolle", "toller", "klasse", "prima", "leider", "bitte", "danke", "vielen", "dank", "hallo", "liebe", "lieber", "team", "grüße", "gruß", "okay", "ok", "ganz", "top", "schade"]
)

ENGLISH_EXTRA = frozenset(
    ["good", "great", "nice", "really", "just", "like", "love", "lovely", "thanks", "thank", "please", "hello", "hi", "team", "ok", "okay", "super", "awesome", "bad", "time", "times", "again", "got", "get"]
)


def stop_words() -> list[str]:
    """German and English stop words, sorted (scikit-learn's vectorisers take a list)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # type: ignore[import-untyped]

    return sorted(GERMAN | ENGLISH_EXTRA | set(ENGLISH_STOP_WORDS))
