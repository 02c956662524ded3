from .ads import Ad, AdBatch, AdDecision, Lead
from .registry import Promoter, RegistryImport

__all__ = ["Ad", "AdBatch", "AdDecision", "Lead", "Promoter", "RegistryImport"]
