from .request_context import acting_through


class RequestContextMiddleware:
    """Marks the request as coming from the web pages or the API, for the audit log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        interface = "api" if request.path.startswith("/api/") else "web"
        # REMOTE_ADDR only: X-Forwarded-For is set by the client unless a trusted proxy rewrites it.
        with acting_through(interface, ip_address=request.META.get("REMOTE_ADDR") or None):
            return self.get_response(request)
