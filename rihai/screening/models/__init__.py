from .ads import Ad, AdBatch, AdDecision, Lead
from .networks import Network
from .registry import Promoter, RegistryImport
from .scoring_models import ScoringModel

__all__ = [
    "Ad",
    "AdBatch",
    "AdDecision",
    "Lead",
    "Network",
    "Promoter",
    "RegistryImport",
    "ScoringModel",
]
