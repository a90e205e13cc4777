"""Reminders: deadlines the user gave, sent once at 10:00 local time, surviving restarts and workers."""
