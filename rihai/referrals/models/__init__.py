from .providers import BedCapacity, Provider, ProviderService
from .referrals import Notification, Placement, Referral, ServiceDelivery

__all__ = [
    "BedCapacity",
    "Notification",
    "Placement",
    "Provider",
    "ProviderService",
    "Referral",
    "ServiceDelivery",
]
