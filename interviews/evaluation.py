"""How a practice session is scored and explained: pure functions over its questions.

A question scores 100 or 0 when it is a choice (right or wrong), and the share of its
key points covered when it is open; a question not answered scores 0. A round scores
the mean of its questions, the interview the mean over all questions, and a question
scoring at least PASS_SCORE counts as a correct answer. The feedback is built from that
evidence only: what was covered, what was missed (grouped by tag), what to do next.
"""

from collections import defaultdict
from statistics import fmean

from interviews.choices import QuestionKind, QuestionState

PASS_SCORE = 70
# A question took too long when it took this many times its suggested minutes.
SLOW_RATIO = 1.5
MAX_ITEMS = 6
MAX_ITEM_LENGTH = 480
PROMPT_SHOWN = 70


def question_score(question):
    """The question's score from 0 to 100 (0 when it was not answered)."""
    if question.state == QuestionState.UNANSWERED:
        return 0.0
    if question.kind == QuestionKind.CHOICE:
        return 100.0 if question.choice == question.answer_index else 0.0
    if not question.key_points:
        return 0.0
    hit = {index for index in question.points_hit if 0 <= index < len(question.key_points)}
    return round(100 * len(hit) / len(question.key_points), 1)


def rounds_of(questions):
    """The plan's rounds: (round type, [questions]) for each run of one round type."""
    rounds = []
    for question in questions:
        if not rounds or rounds[-1][0] != question.round_type:
            rounds.append((question.round_type, []))
        rounds[-1][1].append(question)
    return rounds


def _minutes(seconds):
    return round(seconds / 60, 1)


def session_results(questions):
    """The performance of a finished session, as interviews.validation.clean_performance
    takes it: totals, round results and feedback."""
    scores = [question_score(question) for question in questions]
    answered = sum(1 for question in questions if question.state != QuestionState.UNANSWERED)
    round_results = []
    for round_type, members in rounds_of(questions):
        round_results.append(
            {
                "round_type": round_type,
                "score": round(fmean(question_score(q) for q in members), 1),
                "questions_answered": sum(
                    1 for q in members if q.state != QuestionState.UNANSWERED
                ),
                "total_questions": len(members),
                "time_spent": _minutes(sum(q.seconds for q in members)),
            }
        )
    score = round(fmean(scores), 1) if scores else 0.0
    return {
        "total_questions": len(questions),
        "correct_answers": sum(1 for value in scores if value >= PASS_SCORE),
        "score": score,
        "time_spent": _minutes(sum(question.seconds for question in questions)),
        "feedback": feedback(questions, scores, round_results, answered),
        "round_results": round_results,
    }


def short(prompt):
    """The start of a prompt, to name a question in a sentence."""
    prompt = " ".join(prompt.split())
    if len(prompt) <= PROMPT_SHOWN:
        return f"“{prompt}”"
    return f"“{prompt[:PROMPT_SHOWN].rstrip()}…”"


def _clip(text):
    return text if len(text) <= MAX_ITEM_LENGTH else text[: MAX_ITEM_LENGTH - 1] + "…"


def feedback(questions, scores, round_results, answered):
    """Overall assessment, strengths, improvements and recommendations from the evidence."""
    total = len(questions)
    if not total:
        return {
            "overall": "This session had no questions, so there is nothing to assess.",
            "strengths": [],
            "improvements": [],
            "recommendations": ["Add questions to the bank for this type and level."],
        }
    pairs = list(zip(questions, scores, strict=True))
    return {
        "overall": _overall(total, scores, round_results, answered),
        "strengths": _strengths(pairs),
        "improvements": _improvements(pairs),
        "recommendations": _recommendations(pairs, total - answered),
    }


def _overall(total, scores, round_results, answered):
    correct = sum(1 for value in scores if value >= PASS_SCORE)
    text = (
        f"You scored {fmean(scores):.0f} out of 100 over {total} question"
        f"{'' if total == 1 else 's'}"
    )
    text += f" ({answered} answered)." if answered < total else "."
    text += (
        f" {correct} of {total} reached {PASS_SCORE}, the score that counts as a correct answer."
    )
    if len(round_results) > 1:
        best = max(round_results, key=lambda item: item["score"])
        worst = min(round_results, key=lambda item: item["score"])
        if best["score"] != worst["score"]:
            text += (
                f" Strongest round: {_round_name(best['round_type'])} ({best['score']:.0f});"
                f" weakest: {_round_name(worst['round_type'])} ({worst['score']:.0f})."
            )
    return text


def _round_name(round_type):
    return "DSA" if round_type == "dsa" else round_type


def _strengths(pairs):
    by_tag = defaultdict(list)
    for question, score in pairs:
        if question.state != QuestionState.UNANSWERED:
            for tag in question.tags:
                by_tag[tag].append(score)
    items = []
    strong_tags = sorted(
        (tag for tag, values in by_tag.items() if min(values) >= PASS_SCORE),
        key=lambda tag: (-len(by_tag[tag]), tag),
    )
    for tag in strong_tags[:3]:
        count = len(by_tag[tag])
        items.append(
            f"{tag}: {count} of {count} question{'' if count == 1 else 's'} at {PASS_SCORE} or more"
        )
    for question, score in pairs:
        if len(items) >= MAX_ITEMS:
            break
        if question.kind == QuestionKind.OPEN and score == 100:
            items.append(_clip(f"Covered every key point of {short(question.prompt)}"))
    return items


def _improvements(pairs):
    missed_by_tag = defaultdict(list)
    for question, score in pairs:
        if question.state == QuestionState.UNANSWERED or score >= 100:
            continue
        tag = question.tags[0] if question.tags else "general"
        if question.kind == QuestionKind.CHOICE:
            missed_by_tag[tag].append(f"the right choice for {short(question.prompt)}")
        else:
            hit = set(question.points_hit)
            missed_by_tag[tag].extend(
                f"“{point}”" for index, point in enumerate(question.key_points) if index not in hit
            )
    items = [
        _clip(f"{tag}: missed {'; '.join(dict.fromkeys(missed))}")
        for tag, missed in sorted(missed_by_tag.items(), key=lambda item: -len(item[1]))
    ]
    unanswered = [question for question, _ in pairs if question.state == QuestionState.UNANSWERED]
    if unanswered:
        names = ", ".join(short(question.prompt) for question in unanswered[:3])
        more = f" and {len(unanswered) - 3} more" if len(unanswered) > 3 else ""
        items.append(_clip(f"Not answered: {names}{more}"))
    return items[:MAX_ITEMS]


def _recommendations(pairs, unanswered):
    items = []
    weakest = sorted(
        (pair for pair in pairs if pair[1] < PASS_SCORE and pair[0].state != "unanswered"),
        key=lambda pair: pair[1],
    )
    for question, score in weakest[:3]:
        if question.kind == QuestionKind.OPEN:
            items.append(
                _clip(
                    f"Study the model answer of {short(question.prompt)} and retry it "
                    f"(scored {score:.0f})"
                )
            )
        else:
            items.append(_clip(f"Read the explanation of {short(question.prompt)} and retry it"))
    slow = [
        (question, question.seconds / 60)
        for question, _ in pairs
        if question.suggested_minutes
        and question.seconds / 60 > SLOW_RATIO * question.suggested_minutes
    ]
    if slow:
        question, minutes = max(slow, key=lambda item: item[1] / item[0].suggested_minutes)
        items.append(
            _clip(
                f"Pace: {short(question.prompt)} took {minutes:.0f} min against "
                f"{question.suggested_minutes} suggested; practise answering within the time"
                + (f" ({len(slow)} questions ran long)" if len(slow) > 1 else "")
            )
        )
    if unanswered:
        items.append(
            f"Answer every question next time: {unanswered} "
            f"{'was' if unanswered == 1 else 'were'} left unanswered"
        )
    if not items:
        items.append("Move up a level or try a mixed interview: every question here went well")
    return items[:MAX_ITEMS]
