"""Strict reading of JSON request bodies: size, content type, syntax, constants and depth."""

import json

from ninja.parser import Parser

# A 20,000-character answer written as JSON escapes (\uXXXX) stays well inside it.
MAX_BODY_BYTES = 256 * 1024
MAX_DEPTH = 32


class BodyError(Exception):
    """A request body refused before validation; carries the HTTP status to answer with."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def _refuse_constant(name):
    raise BodyError(400, f"The body contains {name}, which is not a number in JSON.")


def _too_deep(data):
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
    return False


class StrictJSONParser(Parser):
    def parse_body(self, request):
        if request.content_type != "application/json":
            shown = request.content_type or "none"
            raise BodyError(415, f"Send the body as application/json (got {shown}).")
        body = request.body
        if len(body) > MAX_BODY_BYTES:
            raise BodyError(413, f"The body is larger than {MAX_BODY_BYTES // 1024} KiB.")
        try:
            data = json.loads(body, parse_constant=_refuse_constant)
        except RecursionError:
            raise BodyError(400, "The JSON is nested too deeply.") from None
        except ValueError as error:
            raise BodyError(400, f"The body is not valid JSON: {error}.") from None
        if _too_deep(data):
            raise BodyError(400, f"The JSON is nested more than {MAX_DEPTH} levels deep.")
        return data
