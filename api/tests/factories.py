"""Request bodies in the shape the API takes: the specification's field names."""

from interviews.documents import to_camel
from interviews.tests import factories


def _camel(value):
    if isinstance(value, dict):
        return {to_camel(key): _camel(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_camel(item) for item in value]
    return value


def results(**overrides):
    """A valid save-performance body, without its interviewId: interviews.tests.factories'
    results under the specification's names. Overrides are given in those names."""
    return {**_camel(factories.results()), **overrides}
