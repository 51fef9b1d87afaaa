import factory

from interviews.tests.factories import UserFactory
from sharing.models import Share


class ShareFactory(factory.django.DjangoModelFactory):
    """A history share of all the owner's completed interviews, for a week; pass
    `interview=` for a report share."""

    class Meta:
        model = Share

    user = factory.SubFactory(UserFactory)
    days = 7

    @classmethod
    def _create(cls, model_class, *, user, days, **kwargs):
        return model_class.create(user=user, days=days, **kwargs)
