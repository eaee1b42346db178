"""Tests of the inbox: intake, triage, routes, reminders, permissions."""
