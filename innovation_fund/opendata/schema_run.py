"""The standard's checks of a package (standard.py) over its grants given a window at a time, so
a large file is checked without holding it whole: whether the schema passes it, closed-codelist
errors, grant ids used more than once and grants repeated exactly. The results are those of
`schema_errors`, `closed_codelist_errors` and `duplicate_grant_ids` on the whole package, as long
as the compiled validator passes every window; when it refuses one, `valid` is False and the
caller checks the package whole, so that jsonschema words the errors as it always has.
"""

import hashlib
from collections import Counter

from .standard import (
    _CANONICAL_JSON,
    SchemaError,
    _codelist_values,
    _path_text,
    codelist_codes,
    grant_schema,
    identical_grants_error,
    passes_compiled_check,
)


class PackageSchemaRun:
    def __init__(self, metadata: dict):
        self.metadata = metadata  # the package without its grants
        self.valid = True
        self.codelist_errors: list[SchemaError] = []
        self._ids: Counter = Counter()
        self._first_of_each: dict[bytes, int] = {}  # a grant's digest: where it first appears
        self._repeats: list[str] = []
        self._grant_schema = grant_schema()

    def add(self, grants: list, start: int) -> None:
        """The next grants of the file, the first of them grant number `start` (from 0)."""
        if self.valid and not passes_compiled_check({**self.metadata, "grants": list(grants)}):
            self.valid = False
        for index, grant in enumerate(grants, start):
            self._codelists(grant, index)
            if isinstance(grant, dict) and isinstance(grant.get("id"), str):
                self._ids[grant["id"]] += 1
            digest = hashlib.blake2b(
                _CANONICAL_JSON.encode(grant).encode(), digest_size=20
            ).digest()
            first = self._first_of_each.setdefault(digest, index)
            if first != index:
                self._repeats.append(f"grant {index + 1} is the same as grant {first + 1}")

    def _codelists(self, grant, index: int) -> None:
        root = self._grant_schema
        for path, value, file_name in _codelist_values(grant, root, root, ["grants", index]):
            if value not in codelist_codes(file_name):
                codelist = file_name.removesuffix(".csv")
                self.codelist_errors.append(
                    SchemaError(_path_text(path), f"{value!r} is not in the {codelist} codelist")
                )

    def schema_errors(self) -> list[SchemaError]:
        """As `schema_errors` on the whole package, while `valid`: only grants repeated."""
        if not self.valid:
            raise ValueError("A window failed the schema: check the package whole")
        return identical_grants_error(self._repeats)

    def duplicate_ids(self) -> list[str]:
        return [grant_id for grant_id, count in self._ids.items() if count > 1]
