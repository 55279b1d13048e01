"""`echo-fieldwork transcribe DIR [SESSION…]`, `echo-fieldwork models list|add PATH|benchmark [MODEL]`."""

from __future__ import annotations

import argparse
import sys
import threading

from echo_fieldwork.cli.main import open_study
from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import format_ms

BAR_WIDTH = 30


def register(subparsers: argparse._SubParsersAction) -> None:
    transcribe = subparsers.add_parser("transcribe", help=_("transcribe sessions on this computer"))
    transcribe.add_argument("folder", metavar="DIR")
    transcribe.add_argument("sessions", metavar="SESSION", nargs="*",
                            help=_("session codes (default: every session without a finished transcript)"))
    transcribe.add_argument("--model", metavar=_("NAME|PATH"), help=_("Whisper model name or folder"))
    transcribe.add_argument("--language", metavar="fr|en|auto",
                            help=_("language spoken (default: the session's language)"))
    transcribe.add_argument("--range", metavar=_("FROM-TO"), dest="time_range",
                            help=_("transcribe again only this stretch of one session, e.g. 12:30-13:05"))
    transcribe.set_defaults(func=cmd_transcribe)

    models = subparsers.add_parser("models", help=_("list, add or benchmark Whisper models"))
    models_sub = models.add_subparsers(dest="models_command", metavar=_("COMMAND"))
    listing = models_sub.add_parser("list", help=_("list the models available"))
    listing.set_defaults(func=cmd_models_list)
    add = models_sub.add_parser("add", help=_("add a Whisper model folder (CTranslate2 format)"))
    add.add_argument("path", metavar="PATH")
    add.add_argument("--no-benchmark", action="store_true",
                     help=_("do not benchmark the model on the built-in French sample after adding it"))
    add.set_defaults(func=cmd_models_add)
    benchmark = models_sub.add_parser(
        "benchmark", help=_("time a model on the built-in one-minute French sample and measure its errors"))
    benchmark.add_argument("model", metavar=_("NAME|PATH"), nargs="?",
                           help=_("model name or folder (default: the model chosen for transcription)"))
    benchmark.set_defaults(func=cmd_models_benchmark)
    models.set_defaults(func=cmd_models_list)


def parse_range(text: str) -> tuple[int, int]:
    """'12:30-13:05', '1:02:03-1:02:40' or '750-785' (seconds) → (start ms, end ms)."""
    def seconds(part: str) -> float:
        value = 0.0
        for piece in part.strip().split(":"):
            value = value * 60 + float(piece)
        return value

    try:
        low, high = (seconds(p) for p in text.split("-", 1))
    except ValueError:
        raise UserError(_("Cannot read the time range {text!r}; write it like 12:30-13:05.").format(text=text)) from None
    if not 0 <= low < high:
        raise UserError(_("The time range {text!r} is empty.").format(text=text))
    return int(low * 1000), int(high * 1000)


def _sessions_to_do(study: Study, codes: list[str]) -> list[int]:
    from echo_fieldwork.sessions.sessions import require_session

    if codes:
        return [require_session(study, code).id for code in codes]
    rows = study.db.execute(
        "SELECT s.id FROM sessions s WHERE EXISTS (SELECT 1 FROM recordings r WHERE r.session_id = s.id) AND "
        "NOT EXISTS (SELECT 1 FROM transcription_jobs j WHERE j.session_id = s.id AND j.status = 'done' "
        "AND j.range_start_ms IS NULL) ORDER BY s.date, s.code")
    return [row[0] for row in rows]


class ProgressBar:
    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.code = ""

    def __call__(self, progress) -> None:
        filled = int(BAR_WIDTH * progress.fraction)
        eta = format_ms(int(progress.eta_s * 1000)) if progress.eta_s is not None else "--:--"
        line = _("{code} [{bar}] {percent:3.0f}% of {total}  ETA {eta}").format(
            code=self.code, bar="#" * filled + "-" * (BAR_WIDTH - filled), percent=100 * progress.fraction,
            total=format_ms(progress.total_ms), eta=eta)
        self.stream.write("\r" + line)
        self.stream.flush()

    def end(self) -> None:
        self.stream.write("\n")
        self.stream.flush()


def cmd_transcribe(args: argparse.Namespace) -> int:
    from echo_fieldwork.sessions.sessions import get_session
    from echo_fieldwork.settings import Settings
    from echo_fieldwork.transcription.job_queue import enqueue, fail_unstarted, recover_interrupted
    from echo_fieldwork.transcription.protocol import EngineOptions
    from echo_fieldwork.transcription.runner import TranscriptionCancelled, transcribe_session

    settings = Settings()
    failures = 0
    with open_study(args.folder) as study:
        recover_interrupted(study.db)
        range_ms = parse_range(args.time_range) if args.time_range else None
        if range_ms and len(args.sessions) != 1:
            raise UserError(_("--range needs exactly one session code."))
        session_ids = _sessions_to_do(study, args.sessions)
        if not session_ids:
            print(_("Nothing to transcribe."))
            return 0
        job_ids = enqueue(study.db, session_ids, model=args.model or "", language=args.language, range_ms=range_ms)
        options = EngineOptions(model=args.model, language=args.language)
        cancel = threading.Event()
        for session_id, job_id in zip(session_ids, job_ids):
            code = get_session(study, session_id).code
            bar = ProgressBar()
            bar.code = code
            try:
                result = transcribe_session(study, session_id, options=options, settings=settings, job_id=job_id,
                                            on_progress=bar, cancel=cancel)
            except KeyboardInterrupt:
                bar.end()
                cancel.set()
                raise
            except TranscriptionCancelled:
                bar.end()
                raise
            except UserError as error:
                fail_unstarted(study.db, job_id, error.message)
                bar.end()
                print(_("Error: {message}").format(message=f"{code}: {error}"), file=sys.stderr)
                failures += 1
                continue
            bar.end()
            print(_("{code}: {count} segments added.").format(code=code, count=result.segments_added))
    if failures:
        raise UserError(_("{count} session(s) could not be transcribed.").format(count=failures))
    return 0


def cmd_models_list(args: argparse.Namespace) -> int:
    from echo_fieldwork.settings import Settings
    from echo_fieldwork.transcription.benchmark import remembered
    from echo_fieldwork.transcription.models import list_models

    settings = Settings()
    for info in list_models(settings):
        result = remembered(settings, info)
        measured = result.short() if result else _("not measured")
        print(f"{info.name}\t{info.size_bytes / 1e6:.0f} MB\t{info.languages_label}\t{measured}\t{info.path}")
    return 0


def cmd_models_add(args: argparse.Namespace) -> int:
    from echo_fieldwork.settings import Settings
    from echo_fieldwork.transcription.models import add_model_folder

    info = add_model_folder(Settings(), args.path)
    print(_("Model {name} added ({size:.0f} MB, {languages}).").format(
        name=info.name, size=info.size_bytes / 1e6, languages=info.languages_label))
    if args.no_benchmark:
        return 0
    return cmd_models_benchmark(argparse.Namespace(model=info.name))


def cmd_models_benchmark(args: argparse.Namespace) -> int:
    from echo_fieldwork.settings import Settings
    from echo_fieldwork.transcription.benchmark import benchmark_model, sample_audio
    from echo_fieldwork.transcription.models import resolve_model

    settings = Settings()
    info = resolve_model(args.model, settings)
    print(_("Benchmarking {name} on the built-in French sample ({file})…").format(
        name=info.name, file=sample_audio().name), file=sys.stderr, flush=True)
    result = benchmark_model(info, settings)  # Ctrl+C stops the child too
    print(_("{name}: {summary}").format(name=result.model, summary=result.summary()))
    return 0
