"""Secret tokens sent in links (sign-in, invitations). Only a token's SHA-256 is ever stored."""

import hashlib
import secrets


def new_token() -> str:
    """32 random bytes, safe in a URL."""
    return secrets.token_urlsafe(32)


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
