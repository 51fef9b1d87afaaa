from django.db import models


class InterviewType(models.TextChoices):
    TECHNICAL = "technical", "Technical"
    BEHAVIORAL = "behavioral", "Behavioral"
    MIXED = "mixed", "Mixed"
    DSA = "dsa", "DSA"


class ExperienceLevel(models.TextChoices):
    ENTRY = "entry", "Entry"
    MID = "mid", "Mid"
    SENIOR = "senior", "Senior"


class Status(models.TextChoices):
    READY = "ready", "Ready"
    IN_PROGRESS = "in-progress", "In progress"
    COMPLETED = "completed", "Completed"


class RoundType(models.TextChoices):
    """The rounds a practice session is made of; a mixed interview has one of each."""

    TECHNICAL = "technical", "Technical"
    BEHAVIORAL = "behavioral", "Behavioral"
    DSA = "dsa", "DSA"


class QuestionKind(models.TextChoices):
    CHOICE = "choice", "Multiple choice"
    OPEN = "open", "Open answer"


class QuestionState(models.TextChoices):
    UNANSWERED = "unanswered", "Not answered"
    ANSWERED = "answered", "Answered"
    ASSESSED = "assessed", "Assessed"


class ScoredBy(models.TextChoices):
    SELF = "self", "Self-assessed"
    AI = "ai", "AI evaluator"
    MANUAL = "manual", "Entered by hand"
