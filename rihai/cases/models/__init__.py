from .cases import Case, CaseExploitation, CaseMember, StatusChange
from .consent import Consent
from .disclosure import Disclosure
from .persons import Person
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
