"""Who may import other funders' files: anyone who manages a programme. Imported grants are open
data, shown to everyone; the files, their reports and who uploaded them are not."""

from innovation_fund.programmes.policies import manages_any_programme


def may_import_files(user) -> bool:
    return manages_any_programme(user)
