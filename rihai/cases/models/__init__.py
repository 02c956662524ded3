from .cases import Case, CaseExploitation, CaseMember, StatusChange
from .consent import Consent
from .counters import CaseReferenceCounter, IdempotencyKey
from .disclosure import Disclosure
from .persons import Person
from .screening import ScreeningAssessment

__all__ = [
    "Case",
    "CaseExploitation",
    "CaseMember",
    "CaseReferenceCounter",
    "Consent",
    "Disclosure",
    "IdempotencyKey",
    "Person",
    "ScreeningAssessment",
    "StatusChange",
]
