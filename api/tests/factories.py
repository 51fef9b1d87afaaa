"""Request bodies in the shape the API takes: the specification's field names."""


def results(**overrides):
    """A valid save-performance body, without its interviewId."""
    data = {
        "totalQuestions": 10,
        "correctAnswers": 7,
        "score": 72.5,
        "timeSpent": 45,
        "feedback": {
            "overall": "Solid answers, a little slow on the coding round.",
            "strengths": ["Clear communication"],
            "improvements": ["Time management"],
            "recommendations": ["Practise timed problems"],
        },
        "roundResults": [
            {
                "roundType": "technical",
                "score": 70,
                "questionsAnswered": 5,
                "totalQuestions": 6,
                "timeSpent": 25,
            },
            {
                "roundType": "behavioral",
                "score": 80,
                "questionsAnswered": 4,
                "totalQuestions": 4,
                "timeSpent": 20,
            },
        ],
    }
    data.update(overrides)
    return data
