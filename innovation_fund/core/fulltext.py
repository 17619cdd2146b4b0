"""What people type into a search box, made safe for the databases' full-text searches.

Used by the project directory (grants/selectors.py) and the grants search
(opendata/grant_search.py); each builds its own query from these.
"""


def searchable(words: tuple[str, ...]) -> tuple[str, ...]:
    """Words with a letter or digit in them: punctuation alone would match nothing on SQLite
    (an empty phrase) and be ignored on PostgreSQL, so it is ignored on both."""
    return tuple(word for word in words if any(c.isalnum() for c in word))


def fts5_phrases(words: tuple[str, ...], *, prefix: bool = False) -> str:
    """Each word an SQLite FTS5 phrase, so no word is read as an operator; phrases side by side
    must all match. With `prefix`, each phrase's last token matches the start of a word
    ("hack"* finds Hackney)."""
    star = "*" if prefix else ""
    return " ".join('"' + word.replace('"', '""') + '"' + star for word in words)
