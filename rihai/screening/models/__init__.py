from .ads import Ad, AdBatch, AdDecision, Lead
from .networks import Network
from .registry import LicenceExpiryCheck, Promoter, RegistryImport
from .scoring_models import ScoringModel

__all__ = [
    "Ad",
    "AdBatch",
    "AdDecision",
    "Lead",
    "LicenceExpiryCheck",
    "Network",
    "Promoter",
    "RegistryImport",
    "ScoringModel",
]
