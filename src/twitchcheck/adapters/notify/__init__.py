"""Telling people outside the app: alerts by email over SMTP (`email`)."""
