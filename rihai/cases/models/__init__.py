from .cases import Case, CaseExploitation, CaseMember, StatusChange
from .consent import Consent
from .disclosure import Disclosure
from .persons import Person
from .recruiters import RecruiterAccount, RecruiterRole  # noqa: F401  (survivors' accounts)
from .screening import ScreeningAssessment

__all__ = [
    "Case",
    "CaseExploitation",
    "CaseMember",
    "Consent",
    "Disclosure",
    "Person",
    "ScreeningAssessment",
    "StatusChange",
]
