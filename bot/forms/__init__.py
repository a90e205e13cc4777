"""Shared rules: pydantic models of the platform's forms and the field rules used by every part of the bot."""
