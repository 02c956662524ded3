"""Agencies, users and roles (``core``); the two-person rule's pending requests
(``approvals``); one-time two-factor enrolment codes (``enrolment``)."""

from .approvals import AccessRequest, RequestKind, RequestStatus
from .core import Agency, AgencyQuerySet, AgencyType, Role, RolePermission, Sex, User
from .enrolment import EnrolmentCode

__all__ = [
    "AccessRequest",
    "Agency",
    "AgencyQuerySet",
    "AgencyType",
    "EnrolmentCode",
    "RequestKind",
    "RequestStatus",
    "Role",
    "RolePermission",
    "Sex",
    "User",
]
