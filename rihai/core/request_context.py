"""Who is acting and through which interface, for the audit log, without passing it everywhere.

The middleware sets it per request; management commands set ``cli``; anything else is ``system``.
"""

import contextvars
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RequestContext:
    interface: str = "system"
    ip_address: str | None = None
    request_id: str = field(default_factory=lambda: str(uuid.uuid4()))


_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "rihai_request_context",
    default=RequestContext(),  # noqa: B039 - frozen dataclass, never mutated
)


def current() -> RequestContext:
    return _current.get()


@contextmanager
def acting_through(interface: str, *, ip_address: str | None = None, request_id: str = ""):
    """Sets who acts for the block; ``request_id`` carries an earlier request's id on (a
    background job started by that request), otherwise a new one is made."""
    context = RequestContext(interface=interface, ip_address=ip_address)
    if request_id:
        context = RequestContext(interface=interface, ip_address=ip_address, request_id=request_id)
    token = _current.set(context)
    try:
        yield _current.get()
    finally:
        _current.reset(token)
