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
