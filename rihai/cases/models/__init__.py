from .cases import Case, CaseExploitation, CaseMember, StatusChange
from .consent import Consent
from .disclosure import Disclosure
from .lists import CaseListSettings, SavedSearch
from .persons import Person
from .screening import ScreeningAssessment

__all__ = [
    "Case",
    "CaseExploitation",
    "CaseListSettings",
    "CaseMember",
    "Consent",
    "Disclosure",
    "Person",
    "SavedSearch",
    "ScreeningAssessment",
    "StatusChange",
]
