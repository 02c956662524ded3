from .plans import PlanItem, SupportPlan
from .providers import BedCapacity, Provider, ProviderService
from .referrals import Placement, Referral, ServiceDelivery
from .transfers import Transfer

__all__ = [
    "BedCapacity",
    "Placement",
    "PlanItem",
    "Provider",
    "ProviderService",
    "Referral",
    "ServiceDelivery",
    "SupportPlan",
    "Transfer",
]
