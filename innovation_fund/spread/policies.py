"""Who may manage innovations and their adoptions: the managers of any programme.

Innovations are not one programme's: an innovation begun in one round spreads through another's
grants, so a manager of any programme may add and change them and record where they spread.
Anyone else gets 404 from the pages, as if they were not there.
"""

from innovation_fund.core.permissions import ALLOWED, Permission, refused
from innovation_fund.programmes.policies import manages_any_programme

NOT_A_MANAGER = "Only a programme's managers may manage innovations and where they spread"


def may_manage_innovations(user) -> Permission:
    if not manages_any_programme(user):
        return refused(NOT_A_MANAGER)
    return ALLOWED
