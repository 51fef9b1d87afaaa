"""Which earlier interview an interview is compared with, and what changed since."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interviewprep.testing import select, select_one, table_rows, texts
from interviews.documents import PlannedQuestion, RoundResult
from performance.comparison import compare, compare_rounds, compare_tags, previous_comparable
from performance.models import Performance
from performance.tests.factories import PerformanceFactory

NOW = timezone.now().replace(microsecond=0)


def days_ago(days):
    return NOW - timedelta(days=days)


# Choosing the previous comparable interview (both backends). -------------------------


@pytest.mark.django_db
def test_the_latest_earlier_interview_of_the_same_type_is_chosen(user):
    older = PerformanceFactory(user=user, completed_at=days_ago(9))
    latest = PerformanceFactory(user=user, completed_at=days_ago(5))
    PerformanceFactory(user=user, interview_type="behavioral", completed_at=days_ago(2))
    current = PerformanceFactory(user=user, completed_at=days_ago(1))

    assert previous_comparable(current) == latest
    assert previous_comparable(latest) == older
    assert previous_comparable(older) is None


@pytest.mark.django_db
def test_only_earlier_interviews_are_chosen_never_later_ones(user):
    current = PerformanceFactory(user=user, completed_at=days_ago(5))
    PerformanceFactory(user=user, completed_at=days_ago(1))

    assert previous_comparable(current) is None


@pytest.mark.django_db
def test_interviews_completed_at_the_same_moment_are_ordered_by_id(user):
    first = PerformanceFactory(user=user, completed_at=days_ago(1))
    second = PerformanceFactory(user=user, completed_at=days_ago(1))

    assert previous_comparable(second) == first
    assert previous_comparable(first) is None


@pytest.mark.django_db
def test_one_at_the_same_company_is_preferred_ignoring_case(user):
    acme = PerformanceFactory(user=user, company_name="ACME", completed_at=days_ago(8))
    PerformanceFactory(user=user, company_name="Acme", completed_at=days_ago(9))
    PerformanceFactory(user=user, company_name="Globex", completed_at=days_ago(3))
    current = PerformanceFactory(user=user, company_name="acme", completed_at=days_ago(1))

    assert previous_comparable(current) == acme


@pytest.mark.django_db
def test_company_case_is_folded_beyond_ascii(user):
    cafe = PerformanceFactory(user=user, company_name="CAFÉ ÜBER", completed_at=days_ago(8))
    PerformanceFactory(user=user, company_name="Globex", completed_at=days_ago(3))
    current = PerformanceFactory(user=user, company_name="Café über", completed_at=days_ago(1))

    assert previous_comparable(current) == cafe


@pytest.mark.django_db
def test_without_one_at_the_same_company_the_latest_of_the_type_anywhere_is_chosen(user):
    PerformanceFactory(user=user, company_name="Initech", completed_at=days_ago(8))
    globex = PerformanceFactory(user=user, company_name="Globex", completed_at=days_ago(3))
    PerformanceFactory(
        user=user, company_name="Acme", interview_type="dsa", completed_at=days_ago(2)
    )
    current = PerformanceFactory(user=user, company_name="Acme", completed_at=days_ago(1))

    assert previous_comparable(current) == globex


@pytest.mark.django_db
def test_the_same_company_must_also_be_earlier_and_of_the_same_type(user):
    PerformanceFactory(user=user, company_name="Acme", interview_type="mixed")
    PerformanceFactory(user=user, company_name="Acme", completed_at=NOW + timedelta(days=1))
    globex = PerformanceFactory(user=user, company_name="Globex", completed_at=days_ago(3))
    current = PerformanceFactory(user=user, company_name="Acme", completed_at=days_ago(1))

    assert previous_comparable(current) == globex


@pytest.mark.django_db
def test_excluded_interviews_are_never_chosen(user):
    counted = PerformanceFactory(user=user, company_name="Globex", completed_at=days_ago(9))
    PerformanceFactory(user=user, company_name="Acme", completed_at=days_ago(5), excluded=True)
    PerformanceFactory(user=user, company_name="Globex", completed_at=days_ago(2), excluded=True)
    current = PerformanceFactory(user=user, company_name="Acme", completed_at=days_ago(1))

    assert previous_comparable(current) == counted


@pytest.mark.django_db
def test_an_excluded_interview_is_compared_with_none(user):
    PerformanceFactory(user=user, completed_at=days_ago(5))
    current = PerformanceFactory(user=user, completed_at=days_ago(1), excluded=True)

    assert previous_comparable(current) is None


@pytest.mark.django_db
def test_another_persons_interviews_are_never_chosen(user, other_user):
    PerformanceFactory(user=other_user, company_name="Acme", completed_at=days_ago(5))
    current = PerformanceFactory(user=user, company_name="Acme", completed_at=days_ago(1))

    assert previous_comparable(current) is None


@pytest.mark.django_db
def test_the_choice_takes_at_most_three_queries(user, django_assert_max_num_queries):
    PerformanceFactory(user=user, company_name="Acme", completed_at=days_ago(9))
    PerformanceFactory(user=user, company_name="Globex", completed_at=days_ago(3))
    current = PerformanceFactory(user=user, company_name="Acme", completed_at=days_ago(1))
    current = Performance.objects.get(pk=current.pk)

    with django_assert_max_num_queries(3):
        assert previous_comparable(current).company_name == "Acme"


# What changed (pure). -----------------------------------------------------------------


def performance(**values):
    defaults = {
        "score": 60.0,
        "total_questions": 10,
        "correct_answers": 6,
        "time_spent": 40.0,
        "round_results": [],
    }
    return Performance(**(defaults | values))


def round_(round_type, score):
    return RoundResult(round_type, score, 3, 4, 10.0)


def question(tags, points_hit, key_points=3):
    return PlannedQuestion(
        question_id="1",
        slug="q",
        round_type="technical",
        kind="open",
        prompt="Explain.",
        key_points=[f"point {n}" for n in range(key_points)],
        tags=tags,
        state="assessed",
        points_hit=points_hit,
    )


def test_overall_changes_say_whether_the_score_and_accuracy_improved():
    current = performance(score=72.5, correct_answers=8, time_spent=35.0)
    previous = performance(score=60.0, correct_answers=9, time_spent=40.0)

    overall = compare(current, previous)["overall"]

    assert overall["score"] == {
        "current": 72.5,
        "previous": 60.0,
        "change": 12.5,
        "trend": "better",
    }
    assert overall["accuracy"] == {"current": 80, "previous": 90, "change": -10, "trend": "worse"}
    # Less time is shown as a change, not judged.
    assert overall["time_spent"]["change"] == -5.0
    assert overall["time_spent"]["trend"] is None


def test_an_unchanged_score_is_the_same_and_a_missing_accuracy_has_no_change():
    current = performance(total_questions=0, correct_answers=0)
    previous = performance()

    overall = compare(current, previous)["overall"]

    assert overall["score"]["trend"] == "same"
    assert overall["accuracy"] == {"current": None, "previous": 60, "change": None, "trend": None}


def test_rounds_are_matched_by_type_and_by_order_when_a_type_repeats():
    current = [round_("technical", 80), round_("behavioral", 70), round_("technical", 50)]
    previous = [round_("technical", 60), round_("technical", 65), round_("dsa", 40)]

    rows = compare_rounds(current, previous)

    assert [(r["label"], r["current"], r["previous"], r["change"]) for r in rows] == [
        ("Technical 1", 80, 60, 20),
        ("Behavioral", 70, None, None),
        ("Technical 2", 50, 65, -15),
        ("DSA", None, 40, None),
    ]


def test_tags_compare_the_mean_score_of_their_questions():
    current = [question(["sql", "indexes"], [0, 1, 2]), question(["sql"], [0])]
    previous = [question(["sql"], [0]), question(["caching"], [0, 1])]

    rows = compare_tags(current, previous)

    assert [(r["tag"], r["current"], r["previous"], r["change"], r["trend"]) for r in rows] == [
        ("caching", None, 66.7, None, None),
        ("indexes", 100.0, None, None, None),
        ("sql", 66.7, 33.3, 33.4, "better"),
    ]
    assert rows[2]["questions"] == 2
    assert rows[2]["previous_questions"] == 1


def test_there_are_no_tags_unless_both_interviews_have_questions():
    current, previous = performance(), performance()

    assert compare(current, previous, [question(["sql"], [0])], [])["tags"] is None
    assert compare(current, previous, [], [question(["sql"], [0])])["tags"] is None


# On the feedback page and in the modal (the detail page). -----------------------------


def feedback_url(performance):
    return reverse("interviews:feedback", args=[performance.interview_id])


def practised(user, tags_and_hits, **values):
    """A practice session's performance with open questions of these tags and points hit."""
    questions = [question(tags, hit) for tags, hit in tags_and_hits]
    return PerformanceFactory(user=user, scored_by="self", interview__questions=questions, **values)


@pytest.mark.django_db
def test_the_feedback_page_shows_the_changes_in_words_and_links_to_the_previous(client_for, user):
    previous = PerformanceFactory(
        user=user,
        job_title="Platform Engineer",
        score=60,
        correct_answers=5,
        time_spent=50,
        completed_at=days_ago(6),
        round_results=[round_("technical", 55)],
    )
    current = PerformanceFactory(
        user=user,
        score=72.5,
        correct_answers=7,
        time_spent=45,
        completed_at=days_ago(1),
        round_results=[round_("technical", 50), round_("behavioral", 90)],
    )

    response = client_for(user).get(feedback_url(current))

    section = ".performance-comparison"
    link = select_one(response, f"{section} .comparison-previous a")
    assert link.attrs["href"] == feedback_url(previous)
    assert link.text == "Platform Engineer at Acme"
    assert table_rows(response, f"{section} .comparison-overall")[1:] == [
        ["Score", "72.5", "60", "▲ +12.5 better"],
        ["Accuracy", "70%", "50%", "▲ +20 pts better"],
        ["Time spent", "45 min", "50 min", "5 min less"],
    ]
    assert table_rows(response, f"{section} .comparison-rounds")[1:] == [
        ["Technical", "50", "55", "▼ −5 worse"],
        ["Behavioral", "90", "not in the previous", "—"],
    ]
    # Results typed in by hand have no questions to compare by topic.
    assert "No comparison by topic" in select_one(response, section).text


@pytest.mark.django_db
def test_practice_sessions_are_compared_by_topic(client_for, user):
    practised(user, [(["sql"], [0]), (["caching"], [0, 1, 2])], completed_at=days_ago(4))
    current = practised(user, [(["sql"], [0, 1, 2])], completed_at=days_ago(1))

    response = client_for(user).get(feedback_url(current))

    assert table_rows(response, ".comparison-tags")[1:] == [
        ["caching", "not asked", "100 (1)", "—"],
        ["sql", "100 (1)", "33.3 (1)", "▲ +66.7 better"],
    ]


@pytest.mark.django_db
def test_without_an_earlier_interview_of_the_type_the_page_says_so(client_for, user):
    PerformanceFactory(user=user, interview_type="behavioral", completed_at=days_ago(3))
    current = PerformanceFactory(user=user, interview_type="dsa")

    response = client_for(user).get(feedback_url(current))

    assert texts(response, ".performance-comparison p") == [
        "No earlier DSA interview to compare with."
    ]
    assert not select(response, ".comparison-overall")


@pytest.mark.django_db
def test_an_excluded_interview_says_it_is_not_compared(client_for, user):
    PerformanceFactory(user=user, completed_at=days_ago(3))
    current = PerformanceFactory(user=user, excluded=True)

    response = client_for(user).get(feedback_url(current))

    assert "excluded from your analytics" in select_one(response, ".performance-comparison").text
    assert not select(response, ".comparison-overall")


@pytest.mark.django_db
def test_the_modal_shows_the_comparison_too(client_for, user):
    previous = PerformanceFactory(user=user, company_name="Globex", completed_at=days_ago(3))
    current = PerformanceFactory(user=user, company_name="Acme")

    response = client_for(user).get(reverse("performance:detail", args=[current.pk]))

    # The fragment the modal shows holds it.
    section = select_one(response, ".performance-detail .performance-comparison")
    assert "none earlier at Acme" in section.text
    href = select_one(section, ".comparison-previous a").attrs["href"]
    assert href == feedback_url(previous)


@pytest.mark.django_db
def test_the_feedback_page_reads_the_comparison_in_a_few_queries(
    client_for, user, django_assert_max_num_queries
):
    practised(user, [(["sql"], [0])], company_name="Acme", completed_at=days_ago(9))
    PerformanceFactory(user=user, company_name="Globex", completed_at=days_ago(3))
    current = practised(user, [(["sql"], [0, 1])], company_name="ACME")
    client = client_for(user)
    client.get(feedback_url(current))  # the session and the user are read once warm

    # Session, user, interview, performance; the comparison's three and the previous
    # session's questions.
    with django_assert_max_num_queries(8):
        response = client.get(feedback_url(current))
    assert table_rows(response, ".comparison-tags")[1:] == [
        ["sql", "66.7 (1)", "33.3 (1)", "▲ +33.4 better"]
    ]
