"""What the account home page (accounts, below other funders) shows about importing files."""

from .policies import may_import_files


def importing(user) -> dict:
    return {"imports_other_funders": may_import_files(user)}
