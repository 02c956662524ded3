from .navigation import entries_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    from .notifications import unread_count

    return {
        "nav_items": entries_for(user, current_path=request.path),
        "unread_notifications": unread_count(user),
    }
