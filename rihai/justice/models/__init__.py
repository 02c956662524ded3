from .counters import InvestigationReferenceCounter
from .evidence import CustodyEntry, EvidenceItem
from .investigations import (
    Hearing,
    Investigation,
    InvestigationOffence,
    StageEvent,
    VictimLink,
)
from .offences import Offence, OffenceVersion
from .recruiter_links import RecruiterLinkDecision
from .suspects import Accused, Suspect, SuspectLinkDecision

__all__ = [
    "Accused",
    "CustodyEntry",
    "EvidenceItem",
    "Hearing",
    "Investigation",
    "InvestigationOffence",
    "InvestigationReferenceCounter",
    "Offence",
    "OffenceVersion",
    "RecruiterLinkDecision",
    "StageEvent",
    "Suspect",
    "SuspectLinkDecision",
    "VictimLink",
]
