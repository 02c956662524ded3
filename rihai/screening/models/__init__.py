from .ads import Ad, AdBatch, AdBatchChunk, AdDecision, Lead
from .networks import AdBand, ContactKey, Network, NetworkState
from .registry import LicenceExpiryCheck, Promoter, RegistryImport
from .scoring_models import ScoringModel

__all__ = [
    "Ad",
    "AdBatch",
    "AdBatchChunk",
    "AdBand",
    "AdDecision",
    "ContactKey",
    "Lead",
    "LicenceExpiryCheck",
    "Network",
    "NetworkState",
    "Promoter",
    "RegistryImport",
    "ScoringModel",
]
