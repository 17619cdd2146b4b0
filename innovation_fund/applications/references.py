"""Bid references people can read aloud and type: BID-7K3M-9Q2X.

Crockford's base-32 alphabet leaves out I, L, O and U, so nothing is mistaken for 1, 0 or V.
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference() -> str:
    characters = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"BID-{characters[:4]}-{characters[4:]}"


def normalise_reference(text: str) -> str:
    """What someone typed ("bid 7k3m 9q2x") to the stored form, mapping look-alikes."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    cleaned = cleaned.removeprefix("BID").translate(str.maketrans("ILO", "110"))
    return f"BID-{cleaned[:4]}-{cleaned[4:]}" if len(cleaned) == 8 else text.strip().upper()
