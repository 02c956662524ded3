"""REST API for persons and cases, one module per noun. Views are thin: access function →
input → one action → output. ``api_urls.py`` routes to the classes re-exported here."""

from .cases import (
    CaseAssignApi,
    CaseDetailApi,
    CaseFamilyApi,
    CaseListApi,
    CaseRestrictionApi,
)
from .decisions import CaseStatusApi, FallbackDecisionApi, FallbackRequestsApi, StatusDecisionApi
from .exchange import CaseHtcdsExportApi, CaseHtcdsImportApi
from .interview import ConsentApi, ConsentRevokeApi, ScreeningApi, ScreeningQuestionsApi
from .persons import (
    DuplicateCheckApi,
    PersonCreateApi,
    PersonDetailApi,
    PersonMergeApi,
    PersonRevealApi,
)
from .recruiters import RecruiterApi

__all__ = [
    "CaseAssignApi",
    "CaseDetailApi",
    "CaseFamilyApi",
    "CaseHtcdsExportApi",
    "CaseHtcdsImportApi",
    "CaseListApi",
    "CaseRestrictionApi",
    "CaseStatusApi",
    "ConsentApi",
    "ConsentRevokeApi",
    "DuplicateCheckApi",
    "FallbackDecisionApi",
    "FallbackRequestsApi",
    "PersonCreateApi",
    "PersonDetailApi",
    "PersonMergeApi",
    "PersonRevealApi",
    "RecruiterApi",
    "ScreeningApi",
    "ScreeningQuestionsApi",
    "StatusDecisionApi",
]
