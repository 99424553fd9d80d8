"""Tests of the dashboard and its JSON API against a real server process."""
