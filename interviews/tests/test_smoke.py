from interviews.tests.factories import PerformanceFactory


def test_factory_links_both_ways(db):
    performance = PerformanceFactory()
    performance.interview.refresh_from_db()
    assert performance.interview.performance_id == performance.pk
    assert performance.interview.user_id == performance.user_id
