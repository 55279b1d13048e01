"""`participants import|import-survey|list|add|aliases`, `consent`, `consent-form show|set`, `withdraw`: participants, consent.

Names never appear in the output; every command either does all it was asked or changes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from echo_fieldwork.cli.main import comma_list, open_study
from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _, ngettext
from echo_fieldwork.people import consent, identity
from echo_fieldwork.people.participant_import import import_participants
from echo_fieldwork.people.participants import STUDY_ROLES, add_participant, list_with_status, require, suggest_code


def register(subparsers: argparse._SubParsersAction) -> None:
    participants = subparsers.add_parser("participants", help=_("import, list or add participants"))
    sub = participants.add_subparsers(dest="participants_command", metavar=_("COMMAND"), required=True)

    import_cmd = sub.add_parser("import", help=_("import participants and their answers from a CSV file"))
    import_cmd.add_argument("folder", metavar="DIR")
    import_cmd.add_argument("csv_file", metavar="FILE.csv")
    import_cmd.set_defaults(func=cmd_import)

    survey = sub.add_parser(
        "import-survey", formatter_class=argparse.RawDescriptionHelpFormatter,
        help=_("import consents and questionnaires filled online (REDCap, LimeSurvey, Microsoft Forms CSV export)"),
        description=_("Columns: the participant code (code or record_id), the questionnaire (columns named as the "
                      "form's fields, or --map COLUMN=FIELD), the electronic consent (consent_date, consent yes/no, "
                      "consent_audio, consent_quotes, consent_contact, or --agree COLUMN=ITEM). Other columns are "
                      "ignored. Every row is checked first: one bad row imports nothing."))
    survey.add_argument("folder", metavar="DIR")
    survey.add_argument("csv_file", metavar="FILE.csv")
    survey.add_argument("--code-column", default="", metavar="COLUMN",
                        help=_("the column holding the participant code (default: code, else record_id)"))
    survey.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                        help=_("read a questionnaire field from a column named otherwise (repeatable)"))
    survey.add_argument("--agree", action="append", default=[], metavar="COLUMN=ITEM",
                        help=_("read a consent element (audio, quotes, contact) from a yes/no or checkbox column "
                               "(repeatable)"))
    survey.add_argument("--consent-column", default="consent", metavar="COLUMN",
                        help=_("the yes/no column saying the person consented (default: consent)"))
    survey.add_argument("--consent-date-column", default="consent_date", metavar="COLUMN",
                        help=_("the column holding when consent was given, YYYY-MM-DD [HH:MM] (default: consent_date)"))
    survey.add_argument("--consent-version", type=int, metavar="N",
                        help=_("the version of the consent form shown online (needed when the file holds consents)"))
    survey.add_argument("--consent-language", default="fr", choices=["fr", "en"],
                        help=_("the language of that consent form (default: fr)"))
    survey.add_argument("--dry-run", action="store_true", help=_("check and show what would be imported, change nothing"))
    survey.set_defaults(func=cmd_import_survey)

    export_form = sub.add_parser("export-form", help=_("write the study's questionnaire for an online survey tool "
                                                       "(REDCap data dictionary, XLSForm)"))
    export_form.add_argument("folder", metavar="DIR")
    export_form.add_argument("--redcap", metavar="FILE.csv", help=_("write a REDCap data dictionary"))
    export_form.add_argument("--xlsform", metavar="FILE.xlsx", help=_("write an XLSForm"))
    export_form.add_argument("--language", default="fr", choices=["fr", "en"],
                             help=_("the language of the REDCap labels (default: fr)"))
    export_form.set_defaults(func=cmd_export_form)

    list_cmd = sub.add_parser("list", help=_("list codes, roles and consent status (never names)"))
    list_cmd.add_argument("folder", metavar="DIR")
    list_cmd.set_defaults(func=cmd_list)

    add_cmd = sub.add_parser("add", help=_("add one participant"))
    add_cmd.add_argument("folder", metavar="DIR")
    add_cmd.add_argument("--code", help=_("study code (default: the next free one, e.g. P03)"))
    add_cmd.add_argument("--role", choices=list(STUDY_ROLES), default="participant")
    add_cmd.set_defaults(func=cmd_add)

    aliases_cmd = sub.add_parser("aliases", help=_("other names a participant goes by (nicknames, maiden name), "
                                                   "found by deidentification"))
    aliases_cmd.add_argument("folder", metavar="DIR")
    aliases_cmd.add_argument("code", metavar="CODE")
    aliases_cmd.add_argument("--add", metavar="NAME", action="append", default=[], help=_("add an alias"))
    aliases_cmd.add_argument("--remove", metavar="NAME", action="append", default=[], help=_("remove an alias"))
    aliases_cmd.set_defaults(func=cmd_aliases)

    consent_cmd = subparsers.add_parser("consent", help=_("record a participant's consent"))
    consent_cmd.add_argument("folder", metavar="DIR")
    consent_cmd.add_argument("code", metavar="CODE")
    consent_cmd.add_argument("--mode", required=True, choices=list(consent.CONSENT_MODES))
    consent_cmd.add_argument("--agree", default="", metavar="ITEMS",
                             help=_("optional items agreed to, comma-separated: {items}").format(
                                 items=",".join(consent.OPTIONAL_ITEMS)))
    consent_cmd.add_argument("--form-version", type=int, metavar="V",
                             help=_("consent form version (default: the latest)"))
    consent_cmd.add_argument("--language", choices=["fr", "en"],
                             help=_("language of the consent form (default: the study's)"))
    consent_cmd.add_argument("--obtained-by", metavar="CODE",
                             help=_("the code of the team member (interviewer or observer) who obtained the consent "
                                    "(default: the study's only team member)"))
    consent_cmd.add_argument("--date", metavar="YYYY-MM-DD", help=_("when consent was given (default: now)"))
    consent_cmd.set_defaults(func=cmd_consent)

    form_cmd = subparsers.add_parser("consent-form", help=_("show or edit the consent form (each edit is a new "
                                                           "version)"))
    form_sub = form_cmd.add_subparsers(dest="consent_form_command", metavar=_("COMMAND"), required=True)
    form_show = form_sub.add_parser("show", help=_("print the latest version's text and what is left to fill in"))
    form_show.add_argument("folder", metavar="DIR")
    form_show.add_argument("--language", choices=["fr", "en"], help=_("default: the study's language"))
    form_show.set_defaults(func=cmd_consent_form_show)
    form_set = form_sub.add_parser("set", help=_("save a new version: its text from a Markdown file, its ethics "
                                                 "approval reference and date"))
    form_set.add_argument("folder", metavar="DIR")
    form_set.add_argument("--language", choices=["fr", "en"], help=_("default: the study's language"))
    form_set.add_argument("--text", metavar="FILE.md", help=_("the form's text (default: keep it)"))
    form_set.add_argument("--ethics-reference", metavar="REF")
    form_set.add_argument("--ethics-date", metavar="YYYY-MM-DD")
    form_set.set_defaults(func=cmd_consent_form_set)

    withdraw_cmd = subparsers.add_parser("withdraw", help=_("record a participant's withdrawal"))
    withdraw_cmd.add_argument("folder", metavar="DIR")
    withdraw_cmd.add_argument("code", metavar="CODE")
    withdraw_cmd.add_argument("--scope", required=True, metavar="SCOPES",
                              help=_("comma-separated: {scopes}").format(scopes=",".join(consent.WITHDRAWAL_SCOPES)))
    withdraw_cmd.add_argument("--channel", required=True, choices=list(consent.WITHDRAWAL_CHANNELS))
    withdraw_cmd.add_argument("--note", default="")
    withdraw_cmd.add_argument("--date", metavar="YYYY-MM-DD", help=_("when the withdrawal was expressed (default: now)"))
    withdraw_cmd.set_defaults(func=cmd_withdraw)


def cmd_import(args: argparse.Namespace) -> int:
    with open_study(args.folder) as study:
        result = import_participants(study, args.csv_file)
    print(_("Imported {n} participants ({answers} questionnaires, {identities} identities).").format(
        n=result.participants, answers=result.answer_sets, identities=result.identities))
    return 0


def _pairs(values: list[str], option: str) -> dict[str, str]:
    pairs = {}
    for value in values:
        column, sep, target = value.partition("=")
        if not sep or not column.strip() or not target.strip():
            raise UserError(_("{option} expects COLUMN=NAME, not {value!r}.").format(option=option, value=value))
        pairs[column.strip()] = target.strip()
    return pairs


def cmd_import_survey(args: argparse.Namespace) -> int:
    from echo_fieldwork.people.survey_import import SurveyMapping, import_survey, plan_survey_import

    mapping = SurveyMapping(code_column=args.code_column, fields=_pairs(args.map, "--map"),
                            items=_pairs(args.agree, "--agree"), consent_column=args.consent_column,
                            consent_date_column=args.consent_date_column, consent_version=args.consent_version,
                            consent_language=args.consent_language)
    with open_study(args.folder) as study:
        plan = plan_survey_import(study, args.csv_file, mapping)
        for line in plan.preview():
            print(line)
        if args.dry_run:
            print(_("Nothing imported (--dry-run)."))
            return 0
        result = import_survey(study, plan)
    print(_("Imported: {added} new participants, {answers} questionnaires, {consents} electronic consents.").format(
        added=result.participants_added, answers=result.answer_sets, consents=result.consents))
    return 0


def cmd_export_form(args: argparse.Namespace) -> int:
    from echo_fieldwork.people.form_export import write_redcap_dictionary, write_xlsform
    from echo_fieldwork.people.study_form import study_form

    if not (args.redcap or args.xlsform):
        raise UserError(_("Say what to write: --redcap FILE.csv, --xlsform FILE.xlsx or both."))
    with open_study(args.folder) as study:
        form = study_form(study)
    for target, write in ((args.redcap, lambda path: write_redcap_dictionary(form, path, args.language)),
                          (args.xlsform, lambda path: write_xlsform(form, path))):
        if target:
            print(_("Written: {path}").format(path=write(Path(target))))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_study(args.folder) as study:
        rows = list_with_status(study)
    if not rows:
        print(_("No participants yet."))
        return 0
    # Machine-readable values (codes, role and status keys) so that scripts can rely on them.
    print("code\tstudy_role\tconsent\tquestionnaire")
    for row in rows:
        print("\t".join([row.participant.code, row.participant.study_role, row.consent_status,
                         "done" if row.questionnaire_done else "missing"]))
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    with open_study(args.folder) as study:
        participant = add_participant(study, args.code or suggest_code(study, args.role), args.role)
    print(_("Added {code}.").format(code=participant.code))
    return 0


def cmd_consent(args: argparse.Namespace) -> int:
    agreed = comma_list(args.agree)
    unknown = sorted(set(agreed) - set(consent.OPTIONAL_ITEMS))
    if unknown:
        raise UserError(_("Unknown consent items: {items} (use {known}).").format(
            items=", ".join(unknown), known=", ".join(consent.OPTIONAL_ITEMS)))
    with open_study(args.folder) as study:
        participant = require(study, args.code)
        language = args.language or study.language
        if args.form_version is not None:
            form = consent.find_form(study, language, args.form_version)
        else:
            form = consent.latest_form(study, language)
        team = consent.team_codes(study)
        if args.obtained_by is None and len(team) > 1:
            raise UserError(_("Say who obtained the consent with --obtained-by and the code of a team member:"),
                            details=team)
        consent.record_consent(study, participant.id, form.id, args.mode, set(agreed),
                               obtained_by=args.obtained_by, consented_at=args.date)
    print(_("Consent of {code} recorded (form version {version}, {language}).").format(
        code=participant.code, version=form.version, language=form.language))
    return 0


def _print_left_to_fill(form: consent.ConsentForm) -> None:
    missing = consent.unfilled_placeholders(form)
    if missing:
        print(_("Left to fill in before a consent can be recorded on it:"), file=sys.stderr)
        for item in missing:
            print("  - " + item, file=sys.stderr)


def cmd_consent_form_show(args: argparse.Namespace) -> int:
    with open_study(args.folder) as study:
        form = consent.latest_form(study, args.language or study.language)
        print(form.body, end="")
        print(_("Version {version} ({language}); ethics approval: {reference}, {date}").format(
            version=form.version, language=form.language, reference=form.ethics_reference or "—",
            date=form.ethics_approval_date or "—"), file=sys.stderr)
        _print_left_to_fill(form)
    return 0


def cmd_consent_form_set(args: argparse.Namespace) -> int:
    body = None
    if args.text:
        try:
            body = Path(args.text).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise UserError(_("The file {path} cannot be read as UTF-8 text: {error}").format(
                path=args.text, error=getattr(error, "strerror", None) or error)) from None
    with open_study(args.folder) as study:
        current = consent.latest_form(study, args.language or study.language)
        form = consent.edit_form(study, current.id, body=body, ethics_reference=args.ethics_reference,
                                 ethics_approval_date=args.ethics_date)
        print(_("Consent form version {version} ({language}) saved.").format(version=form.version,
                                                                           language=form.language))
        _print_left_to_fill(form)
    return 0


def cmd_withdraw(args: argparse.Namespace) -> int:
    from echo_fieldwork.deid.deidentify import check_note_names_nobody

    scopes = comma_list(args.scope)
    with open_study(args.folder) as study:
        participant = require(study, args.code)
        check_note_names_nobody(study, args.note)
        consent.record_withdrawal(study, participant.id, args.channel, set(scopes), note=args.note,
                                  withdrawn_at=args.date)
    print(_("Withdrawal of {code} recorded.").format(code=participant.code))
    return 0


def cmd_aliases(args: argparse.Namespace) -> int:
    """Names are never printed: only how many aliases the participant now has."""
    with open_study(args.folder) as study:
        participant = require(study, args.code)
        aliases = identity.get_aliases(study, participant.id)
        removed = {" ".join(a.split()).casefold() for a in args.remove}
        unknown = removed - {a.casefold() for a in aliases}
        if unknown:
            raise UserError(_("{code} has no such alias.").format(code=participant.code))
        identity.set_aliases(study, participant.id, [a for a in aliases if a.casefold() not in removed] + args.add)
        n = len(identity.get_aliases(study, participant.id))
    print(ngettext("{code}: {n} alias; run the deidentification again to use it.",
                   "{code}: {n} aliases; run the deidentification again to use them.", n).format(code=participant.code, n=n))
    return 0
