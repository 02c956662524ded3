from .providers import BedCapacity, Provider, ProviderService
from .referrals import Notification, Placement, Referral, ServiceDelivery
from .transfers import Transfer

__all__ = [
    "BedCapacity",
    "Notification",
    "Placement",
    "Provider",
    "ProviderService",
    "Referral",
    "ServiceDelivery",
    "Transfer",
]
