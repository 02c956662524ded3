"""Rihai's WSGI application plus one path that reads the whole request body before it
answers, as an upload view does: the target a client trickling a body aims at."""

from config.wsgi import application as rihai


def application(environ, start_response):
    if environ.get("PATH_INFO") == "/__body_sink":
        environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"read"]
    return rihai(environ, start_response)
