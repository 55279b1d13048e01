"""A consent form ready for use, as a team makes it: every placeholder of the bundled template filled in.

A consent is never recorded on a form with fields left to fill (`consent.check_ready`), so tests that
record consents first fill the study's form, as the team does in Edit consent form….
"""

from pathlib import Path

from echo_fieldwork.people import consent


def filled_body(form: consent.ConsentForm) -> str:
    body = form.body
    for placeholder in consent.unfilled_placeholders(form):
        if placeholder.startswith("["):
            body = body.replace(placeholder, "Étude pilote" if form.language == "fr" else "Pilot study")
    return body


def ready_form(study, language: str = "fr") -> consent.ConsentForm:
    """The study's latest consent form in `language`, filled in (a new version) if it was not yet."""
    form = consent.latest_form(study, language)
    if not consent.unfilled_placeholders(form):
        return form
    return consent.edit_form(study, form.id, body=filled_body(form), ethics_reference="MP-21-2026-1234",
                             ethics_approval_date="2026-01-15")


def ready_forms_in(folder) -> None:
    """Fill in both consent forms of the (plaintext) study in `folder`, as the team does before enrolling."""
    from echo_fieldwork.study.study import Study

    with Study.open(folder) as study:
        for language in ("fr", "en"):
            ready_form(study, language)


FILLED_FR = Path(__file__).parent / "data" / "consent_filled_fr.md"


def cli_fill_consent_form(folder) -> list:
    """The `consent-form set` command line that makes the French form of `folder` ready (for command lists)."""
    return ["consent-form", "set", folder, "--language", "fr", "--text", FILLED_FR, "--ethics-reference",
            "MP-21-2026-1234", "--ethics-date", "2026-01-15"]


def give_consent(study, participant_id: int, agreed=("audio", "quotes", "contact"), mode: str = "paper") -> int:
    """Record a consent on the study's ready French form (the one place tests call `record_consent` from)."""
    return consent.record_consent(study, participant_id, ready_form(study, "fr").id, mode, set(agreed))


def cli_consent(folder, code: str, agree: str = "audio,quotes,contact", mode: str = "paper") -> list:
    """The `consent` command line that records `code`'s consent on the latest form of `folder`."""
    return ["consent", str(folder), code, "--mode", mode, "--agree", agree]
