"""The adapters: what turns the outside world into calls to `twitchcheck.services` and back.

- `storage`: the journal's tables and the accounts' tables (apart), migrations, where the database lives;
- `cli`: the `twitchcheck` command (Typer and Rich);
- `web`: the FastAPI app: `web.api` (HTTP routes, one module per resource) and `web.pages` (Jinja2);
- `fhir`: FHIR R4 in (a QuestionnaireResponse as a report) and out (the Questionnaire, a Bundle);
- `clinical`: the doctor's report (HTML and PDF), with `charts`;
- `imports`, `workout_files`: exports of Apple Health, Strava, Garmin, Google, and FIT/GPX/TCX files.

No use case is composed here: every adapter parses, calls a service, and renders what it returns.
"""
