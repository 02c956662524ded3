from .cases import Case, CaseExploitation, CaseMember, StatusChange
from .casework import CaseDocument, CaseFlag, CaseNote, CaseTask
from .consent import Consent
from .counters import CaseReferenceCounter
from .disclosure import Disclosure
from .lists import CaseListSettings, SavedSearch
from .persons import Person
from .recruiters import RecruiterAccount, RecruiterRole  # noqa: F401  (survivors' accounts)
from .screening import ScreeningAssessment

__all__ = [
    "Case",
    "CaseDocument",
    "CaseExploitation",
    "CaseFlag",
    "CaseListSettings",
    "CaseMember",
    "CaseNote",
    "CaseTask",
    "CaseReferenceCounter",
    "Consent",
    "Disclosure",
    "Person",
    "SavedSearch",
    "ScreeningAssessment",
    "StatusChange",
]
