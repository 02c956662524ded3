from .plans import PlanItem, SupportPlan
from .providers import BedCapacity, Provider, ProviderService
from .referrals import Notification, Placement, Referral, ServiceDelivery
from .transfers import Transfer

__all__ = [
    "BedCapacity",
    "Notification",
    "Placement",
    "PlanItem",
    "Provider",
    "ProviderService",
    "Referral",
    "ServiceDelivery",
    "SupportPlan",
    "Transfer",
]
