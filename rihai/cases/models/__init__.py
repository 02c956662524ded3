from .cases import Case, CaseExploitation, CaseMember, StatusChange
from .consent import Consent
from .persons import Person
from .screening import ScreeningAssessment

__all__ = [
    "Case",
    "CaseExploitation",
    "CaseMember",
    "Consent",
    "Person",
    "ScreeningAssessment",
    "StatusChange",
]
