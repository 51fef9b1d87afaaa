from interviewprep.db import parse_id


class IdConverter:
    """Matches an opaque id in a URL; an id malformed for the backend is a 404."""

    regex = "[0-9a-fA-F]{1,24}"

    def to_python(self, value):
        return parse_id(value)

    def to_url(self, value):
        return str(value)
