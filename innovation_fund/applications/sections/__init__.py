"""The bid's task list, in order. Each section lives in its own module."""

from .about import ABOUT
from .base import Row, Section, Status
from .budget import BUDGET
from .declarations import DECLARATIONS
from .documents import DOCUMENTS
from .evaluation import EVALUATION
from .innovation import INNOVATION
from .outcomes import OUTCOMES
from .partners import PARTNERS
from .places import PLACES

SECTIONS: list[Section] = [
    ABOUT,
    PARTNERS,
    PLACES,
    INNOVATION,
    OUTCOMES,
    BUDGET,
    EVALUATION,
    DOCUMENTS,
    DECLARATIONS,
]

BY_SLUG = {section.slug: section for section in SECTIONS}

__all__ = ["BY_SLUG", "SECTIONS", "Row", "Section", "Status"]
