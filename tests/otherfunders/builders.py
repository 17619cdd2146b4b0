"""Small 360Giving packages written to disk, for tests that need a file with something exact."""

import json
from pathlib import Path


def a_grant(number: int = 1, **changes) -> dict:
    grant = {
        "id": f"360G-example-{number}",
        "title": f"Grant {number}",
        "description": f"What grant {number} pays for",
        "currency": "GBP",
        "amountAwarded": 1000 + number,
        "awardDate": "2019-04-01",
        "recipientOrganization": [{"id": "GB-CHC-1000147", "name": "A charity"}],
        "fundingOrganization": [{"id": "GB-CHC-1015648", "name": "A funder"}],
    }
    grant.update(changes)
    return grant


def a_file(folder: Path, grants: list[dict], name: str = "grants.json") -> Path:
    path = folder / name
    path.write_text(json.dumps({"grants": grants}), encoding="utf-8")
    return path
