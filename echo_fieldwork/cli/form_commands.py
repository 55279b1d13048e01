"""`echo-fieldwork forms show|set|bundled`: the study's questionnaire (bundled, YAML or XLSForm), headless."""

from __future__ import annotations

import argparse
from pathlib import Path

from echo_fieldwork.cli.main import open_study
from echo_fieldwork.i18n import _
from echo_fieldwork.people import study_form


def register(subparsers: argparse._SubParsersAction) -> None:
    forms = subparsers.add_parser("forms", help=_("show or choose the study's questionnaire"))
    sub = forms.add_subparsers(dest="forms_command", metavar=_("COMMAND"), required=True)
    show = sub.add_parser("show", help=_("show the questionnaire in use, its fields and earlier versions"))
    show.add_argument("folder", metavar="DIR")
    show.set_defaults(func=cmd_show)
    choose = sub.add_parser("set", help=_("use a questionnaire: a YAML file, an XLSForm spreadsheet (.xlsx) or "
                                          "a bundled one by name"))
    choose.add_argument("folder", metavar="DIR")
    choose.add_argument("source", metavar=_("FILE|NAME"),
                        help=_("a .yaml or .xlsx file, or a bundled questionnaire: {names}").format(
                            names=", ".join(study_form.BUNDLED)))
    choose.set_defaults(func=cmd_set)
    check = sub.add_parser("check", help=_("check a questionnaire file without changing any study"))
    check.add_argument("source", metavar="FILE")
    check.set_defaults(func=cmd_check)


def choose_source(study, source: str) -> study_form.StudyForm:
    """A bundled questionnaire by name, else a file."""
    if source in study_form.BUNDLED and not Path(source).exists():
        return study_form.choose_bundled(study, source)
    return study_form.choose_file(study, source)


def _print_fields(form, language: str) -> None:
    for item in form.fields:
        required = _(" (required)") if item.required else ""
        print(f"  {item.name:<24} {item.type:<16} {item.label(language)}{required}")


def cmd_show(args: argparse.Namespace) -> int:
    with open_study(args.folder) as study:
        choice = study_form.current_choice(study)
        print(_("Questionnaire: {description}").format(description=study_form.describe(choice, study.language)))
        if not choice.id:
            print(_("(not chosen yet: the study uses the form it was created with)"))
        print(_("Answer sets recorded with it: {n}").format(n=study_form.answer_count(study, choice.form.id)))
        print(_("Fields:"))
        _print_fields(choice.form, study.language)
        earlier = study_form.history(study)[:-1]
        if earlier:
            print(_("Earlier questionnaires:"))
            for item in earlier:
                print("  " + _("{when}, by {who}: {description}").format(
                    when=item.chosen_at, who=item.chosen_by, description=study_form.describe(item, study.language)))
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    with open_study(args.folder) as study:
        choice = choose_source(study, args.source)
        print(_("The study now uses: {description}").format(description=study_form.describe(choice, study.language)))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    _kind, _content, form = study_form.read_form_file(args.source)
    print(_("The form {form_id}, version {version}, is valid: {n} fields.").format(
        form_id=form.id, version=form.version, n=len(form.fields)))
    _print_fields(form, None)
    return 0
