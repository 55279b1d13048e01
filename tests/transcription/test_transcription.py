"""Real transcription with the real base model on French speech made by espeak-ng."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import threading

import pytest

from echo_fieldwork.errors import UserError
from echo_fieldwork.transcript.segments import load_segments
from echo_fieldwork.transcription.engine import looks_repetitive, plan_chunks
from echo_fieldwork.transcription.job_queue import get_job
from echo_fieldwork.transcription.protocol import EngineOptions, Request, SegmentDecoded
from echo_fieldwork.transcription.runner import (
    TranscriptionCancelled,
    TranscriptionFailed,
    transcribe_session,
)
from tests.conftest import REPO_ROOT
from tests.transcription.helpers import add_audio, make_session

REPO = str(REPO_ROOT)


def _children() -> list:
    return [p for p in multiprocessing.active_children() if p.name == "echo-fieldwork-transcription"]


def _assert_no_overlap(segments) -> None:
    for before, after in zip(segments, segments[1:]):
        assert after.start_ms >= before.end_ms, (before, after)


@pytest.mark.slow
def test_french_words_come_back_with_times_and_probabilities(study, use_base_model, short_speech) -> None:
    session_id = make_session(study)
    add_audio(study, session_id, short_speech)
    seen = []
    result = transcribe_session(study, session_id, on_progress=seen.append)
    segments = load_segments(study, session_id)
    text = " ".join(s.text for s in segments).lower()
    assert "bonjour" in text and "programme" in text
    words = [w for s in segments for w in s.words]
    assert len(words) >= 10
    assert all(0 <= w.start_ms <= w.end_ms and 0 < w.probability <= 1 for w in words)
    assert all(s.model == "base" for s in segments)
    row = study.db.execute("SELECT settings, avg_logprob FROM segments LIMIT 1").fetchone()
    assert json.loads(row[0])["language"] == "fr" and row[1] is not None
    job = get_job(study.db, result.job_id)
    assert job.status == "done" and job.progress_ms == job.duration_ms
    assert seen[-1].status == "done" and seen[-1].fraction == 1.0 and seen[-1].last_lines
    assert result.network_attempts == [] and result.language == "fr"
    assert study.db.execute("SELECT COUNT(*) FROM transcripts WHERE session_id = ?", [session_id]).fetchone()[0] == 1


def test_resume_after_the_child_is_killed_has_no_gap_or_duplicate(study, long_speech) -> None:
    reference_id = make_session(study, "E01")
    add_audio(study, reference_id, long_speech, "e01.wav")
    transcribe_session(study, reference_id)
    reference = load_segments(study, reference_id)

    session_id = make_session(study, "E02")
    add_audio(study, session_id, long_speech, "e02.wav")
    killed = []

    def kill_after_first_segment(progress) -> None:
        if progress.last_lines and not killed:
            for child in _children():
                os.kill(child.pid, signal.SIGKILL)
                killed.append(child.pid)

    with pytest.raises(TranscriptionFailed, match="exit status -9") as error:
        transcribe_session(study, session_id, on_progress=kill_after_first_segment)
    assert "resume" in str(error.value)
    partial = load_segments(study, session_id)
    assert 1 <= len(partial) < len(reference)
    failed = study.db.execute("SELECT status FROM transcription_jobs WHERE session_id = ?", [session_id]).fetchone()
    assert failed[0] == "failed"

    transcribe_session(study, session_id)  # resume
    resumed = load_segments(study, session_id)
    assert [s.id for s in resumed[:len(partial)]] == [s.id for s in partial]  # the first part was kept
    _assert_no_overlap(resumed)
    # No stretch decoded twice: word times (not adjusted on storing) never go back, and the word count
    # is the uninterrupted run's, give or take what Whisper decodes differently when it starts from the
    # resume point instead of from a silence (a few words; a duplicated segment would show above).
    words = [w for s in resumed for w in s.words]
    assert all(b.start_ms >= a.start_ms for a, b in zip(words, words[1:]))
    reference_words = sum(len(s.words) for s in reference)
    assert abs(len(words) - reference_words) <= max(3, reference_words // 12)
    assert abs(len(resumed) - len(reference)) <= 1
    # Same coverage: every stretch the uninterrupted run transcribed is transcribed after the resume.
    for segment in reference:
        middle = (segment.start_ms + segment.end_ms) // 2
        assert any(s.start_ms - 300 <= middle <= s.end_ms + 300 for s in resumed), segment
    assert abs(resumed[0].start_ms - reference[0].start_ms) < 300
    assert abs(resumed[-1].end_ms - reference[-1].end_ms) < 500


def test_cancel_stops_the_child_and_keeps_the_work(study, long_speech) -> None:
    session_id = make_session(study)
    add_audio(study, session_id, long_speech)
    cancel = threading.Event()
    pids = []

    def cancel_after_first_segment(progress) -> None:
        if progress.last_lines:
            pids.extend(c.pid for c in _children())
            cancel.set()

    with pytest.raises(TranscriptionCancelled):
        transcribe_session(study, session_id, on_progress=cancel_after_first_segment, cancel=cancel)
    assert pids and not _children()
    assert load_segments(study, session_id)
    status = study.db.execute("SELECT status FROM transcription_jobs").fetchone()[0]
    assert status == "cancelled"


def test_corrupt_audio_gives_a_clear_error(study, tmp_path) -> None:
    session_id = make_session(study)
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF\x00\x00\x00\x00WAVEthis is not audio at all" * 50)
    add_audio_row(study, session_id, bad)
    with pytest.raises(TranscriptionFailed, match="bad.wav cannot be read"):
        transcribe_session(study, session_id)
    job = study.db.execute("SELECT status, error FROM transcription_jobs").fetchone()
    assert job[0] == "failed" and "cannot be read" in job[1]
    assert load_segments(study, session_id) == []


def add_audio_row(study, session_id, path) -> None:
    import shutil

    from echo_fieldwork.sessions import sessions

    shutil.copyfile(path, study.audio_dir / path.name)
    sessions.add_recording_row(study, session_id, f"audio/{path.name}", source="imported", status="complete",
                               sample_rate=16000, duration_ms=5000)


def test_bad_model_or_missing_audio_refused_before_starting(study, tmp_path, short_speech) -> None:
    session_id = make_session(study)
    with pytest.raises(UserError, match="no recording"):
        transcribe_session(study, session_id)
    add_audio(study, session_id, short_speech)
    (tmp_path / "empty-model").mkdir()
    with pytest.raises(UserError, match="files are missing"):
        transcribe_session(study, session_id, options=EngineOptions(engine="whisper", model=str(tmp_path / "empty-model")))
    assert study.db.execute("SELECT COUNT(*) FROM transcription_jobs").fetchone()[0] == 0


@pytest.mark.slow
def test_auto_language_detects_french(study, use_base_model, short_speech) -> None:
    session_id = make_session(study)
    add_audio(study, session_id, short_speech)
    result = transcribe_session(study, session_id, options=EngineOptions(language="auto"))
    assert result.language == "fr"
    assert json.loads(study.db.execute("SELECT settings FROM segments").fetchone()[0])["language"] == "fr"


def test_retranscribe_a_range_leaves_the_rest_untouched(study, long_speech) -> None:
    session_id = make_session(study)
    add_audio(study, session_id, long_speech)
    transcribe_session(study, session_id)
    before = load_segments(study, session_id)
    low, high = 10_000, 20_000
    transcribe_session(study, session_id, range_ms=(low, high))
    after = load_segments(study, session_id)
    touched = [s for s in before if s.end_ms > low and s.start_ms < high]
    kept = [s for s in before if s not in touched]
    assert touched and {s.id for s in kept} <= {s.id for s in after}
    new = [s for s in after if s.id not in {k.id for k in kept}]
    assert new and min(s.start_ms for s in new) >= min(s.start_ms for s in touched) - 10
    assert max(s.end_ms for s in new) <= max(s.end_ms for s in touched)
    _assert_no_overlap(after)


def test_the_network_guard_blocks_and_records_connections() -> None:
    # The guard is installed in every transcription child; check here, in a throwaway process, that it
    # really refuses a connection (the transcription tests assert the child reported no attempt).
    code = ("import socket\nfrom echo_fieldwork.transcription import engine as e\ne.install_network_guard()\n"
            "try:\n    socket.create_connection(('127.0.0.1', 9), timeout=1)\nexcept PermissionError:\n"
            "    print('blocked', e._network_attempts)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": REPO})
    assert out.stdout.startswith("blocked") and "socket." in out.stdout


def test_repetition_loops_are_detected() -> None:
    assert looks_repetitive("toutoutoutoutoutoutoutoutoutoutou")
    assert looks_repetitive("Je suis d'accord. Je suis d'accord. Je suis d'accord. Je suis d'accord.")
    assert looks_repetitive("et puis et puis et puis et puis on est partis")
    assert not looks_repetitive("Bonjour, je travaille comme infirmière à l'hôpital depuis dix ans.")
    assert not looks_repetitive("non non non")
    assert not looks_repetitive("Oui, oui. C'est ça, on a beaucoup appris pendant le programme.")


def test_chunks_are_cut_in_silences() -> None:
    speech = [{"start": 0, "end": 100}, {"start": 200, "end": 300}, {"start": 600, "end": 700}]
    assert plan_chunks(speech, 1000, 300) == [(0, 450), (450, 1000)]
    assert plan_chunks([], 1000, 300) == []


@pytest.mark.slow
def test_study_vocabulary_helps_whisper_spell_jargon(study, use_base_model, tmp_path) -> None:
    from echo_fieldwork.transcription.runner import set_vocabulary
    from tests.transcription.helpers import PHRASES, espeak_wav

    with pytest.raises(UserError, match="too long"):
        set_vocabulary(study, ["mot"] * 1 + [f"terme{i}" for i in range(200)])
    assert set_vocabulary(study, ["télémentorat", " ", "télémentorat", "CIUSSS  du Nord"]) == [
        "télémentorat", "CIUSSS du Nord"]
    session_id = make_session(study)
    add_audio(study, session_id, espeak_wav(PHRASES[1], tmp_path / "jargon.wav", tmp_path))
    transcribe_session(study, session_id)
    segments = load_segments(study, session_id)
    assert "télémentorat" in " ".join(s.text for s in segments).lower()
    settings = json.loads(study.db.execute("SELECT settings FROM segments").fetchone()[0])
    assert settings["vocabulary_terms"] == 2


def test_a_looping_segment_is_decoded_again_with_safer_settings() -> None:
    from types import SimpleNamespace

    import numpy as np

    from echo_fieldwork.transcription.engine import Decoder

    def seg(text):
        return SimpleNamespace(text=text, start=1.0, end=3.0, words=[], avg_logprob=-0.2, no_speech_prob=0.01)

    class ScriptedDecoder(Decoder):
        def __init__(self, safer_text):  # no model: decode() is scripted
            self.calls, self.safer_text = [], safer_text

        def decode(self, audio, speech, safer=False):
            self.calls.append(safer)
            yield seg(self.safer_text if safer else "toutoutoutoutoutoutoutoutoutoutou")

    audio = np.zeros(16000 * 4, dtype=np.float32)
    speech = [{"start": 0, "end": len(audio)}]
    fixed = list(ScriptedDecoder("Tout à fait.").decode_guarded(audio, speech, 16000))
    assert [(m.text, m.flags, m.start_ms) for m in fixed] == [("Tout à fait.", "redecoded", 2000)]
    still = ScriptedDecoder("toutoutoutoutoutoutoutoutoutoutou")
    flagged = list(still.decode_guarded(audio, speech, 0))
    assert [m.flags for m in flagged] == ["repetition"] and still.calls == [False, False, True]


@pytest.mark.slow
def test_safer_settings_decode_real_speech(short_speech) -> None:
    from echo_fieldwork.transcription.engine import Decoder, load_audio
    from tests.transcription.fixtures import base_model_path

    decoder = Decoder(Request((), str(base_model_path()), "fr", 0, None, "",
                              EngineOptions(workers=1, cpu_threads=2, device="cpu")))
    audio = load_audio([str(short_speech)])
    segments = list(decoder.decode(audio, [{"start": 0, "end": len(audio)}], safer=True))
    assert "bonjour" in " ".join(s.text for s in segments).lower()


@pytest.mark.slow
def test_batched_strategy_also_returns_the_words(study, use_base_model, long_speech) -> None:
    session_id = make_session(study)
    add_audio(study, session_id, long_speech)
    transcribe_session(study, session_id, options=EngineOptions(strategy="batched", batch_size=2))
    segments = load_segments(study, session_id)
    _assert_no_overlap(segments)
    text = " ".join(s.text for s in segments).lower()
    assert text.count("bonjour") == 2 and text.count("recommande") == 2  # no phrase left out
    assert json.loads(study.db.execute("SELECT settings FROM segments").fetchone()[0])["strategy"] == "batched"


NO_NETWORK_RUN = """
import sys
from pathlib import Path
from echo_fieldwork.transcription import engine as transcription_engine
transcription_engine.install_network_guard()  # this (parent) process too; the child installs its own
from echo_fieldwork.study.study import Study
from echo_fieldwork.transcription.runner import transcribe_session
with Study.open(Path(sys.argv[1])) as study:
    result = transcribe_session(study, int(sys.argv[2]))
print("segments", result.segments_added, "child", result.network_attempts,
      "parent", transcription_engine._network_attempts)
"""


@pytest.mark.slow
def test_a_whole_transcription_attempts_no_network(study, use_base_model, short_speech, app_home) -> None:
    """Sockets blocked and audited in both processes, and (where allowed) no network namespace at all."""
    import shutil

    session_id = make_session(study)
    add_audio(study, session_id, short_speech)
    folder = study.folder
    study.close()
    command = [sys.executable, "-c", NO_NETWORK_RUN, str(folder), str(session_id)]
    if shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0:
        command = ["unshare", "-n", *command]
    out = subprocess.run(command, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": REPO, "ECHO_FIELDWORK_HOME": str(app_home)})
    assert out.returncode == 0, out.stderr[-2000:]
    words = out.stdout.split()
    assert words[0] == "segments" and int(words[1]) >= 1
    assert out.stdout.strip().endswith("child [] parent []")


def test_segments_from_an_exhausted_fallback_are_flagged_uncertain() -> None:
    from types import SimpleNamespace

    from echo_fieldwork.transcription.engine import exhausted_fallback

    assert exhausted_fallback(SimpleNamespace(temperature=1.0, avg_logprob=-1.3))
    assert not exhausted_fallback(SimpleNamespace(temperature=1.0, avg_logprob=-0.4))
    assert not exhausted_fallback(SimpleNamespace(temperature=0.0, avg_logprob=-1.3))


def test_segments_whose_words_the_decoder_doubted_are_flagged_uncertain() -> None:
    from types import SimpleNamespace

    import numpy as np

    from echo_fieldwork.transcription.engine import Decoder, low_confidence, needs_fallback

    def window(*probabilities):
        words = [SimpleNamespace(start=i, end=i + 0.5, word=" mot", probability=p) for i, p in enumerate(probabilities)]
        return SimpleNamespace(start=0.0, end=len(words), text="mot " * len(words), words=words, avg_logprob=-0.3,
                               no_speech_prob=0.01, compression_ratio=1.2, temperature=0.0)

    assert low_confidence(window(0.9, 0.4, 0.6)) and not low_confidence(window(0.9, 0.6, 0.99))
    assert not low_confidence(SimpleNamespace(words=[]))  # no word timings: nothing to judge by
    messages = list(Decoder.guard(None, np.zeros(16000 * 4, dtype=np.float32), [window(0.95, 0.9), window(0.3, 0.7)],
                                  0, needs_fallback))
    assert [m.flags for m in messages] == ["", "uncertain"]


@pytest.mark.slow
def test_a_cuda_error_falls_back_to_the_cpu(short_speech) -> None:
    # No GPU here: stand in for a CUDA model that fails mid-decoding (the edge we cannot run), then check
    # that decoding carries on with the real model on the CPU.
    from echo_fieldwork.transcription.engine import Decoder, load_audio
    from tests.transcription.fixtures import base_model_path

    class FailingCudaModel:
        def transcribe(self, *args, **kwargs):
            raise RuntimeError("CUDA failed with error out of memory")

    decoder = Decoder.__new__(Decoder)
    decoder.request = Request((), str(base_model_path()), "fr", 0, None, "", EngineOptions(workers=1))
    decoder.settings, decoder.language = decoder.request.options, "fr"
    decoder.device, decoder.model, decoder._lock = "cuda", FailingCudaModel(), threading.Lock()
    audio = load_audio([str(short_speech)])
    segments = list(decoder.decode(audio, [{"start": 0, "end": len(audio)}]))
    assert decoder.device == "cpu" and "bonjour" in " ".join(s.text for s in segments).lower()


def test_a_recording_row_without_duration_still_shows_true_progress(study, short_speech) -> None:
    import shutil

    from echo_fieldwork.sessions import sessions

    session_id = make_session(study)
    shutil.copyfile(short_speech, study.audio_dir / "e01.wav")
    sessions.add_recording_row(study, session_id, "audio/e01.wav", source="imported", status="complete",
                               sample_rate=16000, duration_ms=0)
    seen = []
    result = transcribe_session(study, session_id, on_progress=seen.append)
    job = get_job(study.db, result.job_id)
    assert job.duration_ms > 5000 and job.progress_ms == job.duration_ms
    assert seen[-1].total_ms == job.duration_ms and seen[-1].fraction == 1.0


def test_a_hung_child_is_stopped_and_the_job_resumes_after_it(study, long_speech,
                                                               monkeypatch) -> None:
    session_id = make_session(study)
    add_audio(study, session_id, long_speech)
    # Test-only hook: after its first segment the child sends nothing more, not even heartbeats.
    monkeypatch.setenv("ECHO_FIELDWORK_TEST_CHILD_STALL", "hang")
    quick = EngineOptions(heartbeat_s=0.5, stall_timeout_s=3)
    pids = []
    with pytest.raises(TranscriptionFailed, match="stopped responding for 3 seconds") as error:
        transcribe_session(study, session_id, options=quick,
                           on_progress=lambda p: pids.extend(c.pid for c in _children()))
    assert "resume after the last stored segment" in str(error.value)
    assert pids and not _children()  # the hung child was terminated, not left behind
    partial = load_segments(study, session_id)
    assert len(partial) == 1
    job = study.db.execute("SELECT status, error FROM transcription_jobs WHERE session_id = ?",
                           [session_id]).fetchone()
    assert job[0] == "failed" and "stopped responding" in job[1]

    monkeypatch.delenv("ECHO_FIELDWORK_TEST_CHILD_STALL")
    result = transcribe_session(study, session_id, options=quick)  # resume
    assert get_job(study.db, result.job_id).status == "done"
    resumed = load_segments(study, session_id)
    assert len(resumed) > 1 and resumed[0].id == partial[0].id
    _assert_no_overlap(resumed)
    words = [w for s in resumed for w in s.words]
    assert all(b.start_ms >= a.start_ms for a, b in zip(words, words[1:]))  # nothing decoded twice
    # No gap: the resumed part starts right where the stored segment ended.
    assert resumed[1].start_ms - partial[0].end_ms < 3000


def test_heartbeats_keep_a_slow_child_alive(study, short_speech, monkeypatch) -> None:
    session_id = make_session(study)
    add_audio(study, session_id, short_speech)
    # Test-only hook: the child sleeps longer than the stall timeout after its first segment, while its
    # heartbeat thread keeps talking.
    monkeypatch.setenv("ECHO_FIELDWORK_TEST_CHILD_STALL", "slow:4")
    result = transcribe_session(study, session_id, options=EngineOptions(heartbeat_s=0.5, stall_timeout_s=2))
    assert get_job(study.db, result.job_id).status == "done"
    assert load_segments(study, session_id)


def test_the_stall_hook_is_ignored_outside_the_test_suite(monkeypatch) -> None:
    from echo_fieldwork.transcription.engine import Channel

    monkeypatch.setenv("ECHO_FIELDWORK_TEST_CHILD_STALL", "hang")
    monkeypatch.delenv("ECHO_FIELDWORK_TEST_MODE")
    sent = []

    class Pipe:
        def send(self, message):
            sent.append(message)

    segment = SegmentDecoded(0, 1000, "Bonjour.")
    Channel(Pipe(), heartbeat_s=5.0).send(segment)  # would sleep for ever if the hook were honoured
    assert sent == [segment]


# -- the default strategy: windows cut into sentences, seeded fallback, every run recorded -----------------------
def _word(start: float, end: float, text: str):
    from types import SimpleNamespace

    return SimpleNamespace(start=start, end=end, word=text, probability=0.9)


def test_a_decoded_window_is_cut_into_sentences_at_sentence_ends_and_pauses() -> None:
    from types import SimpleNamespace

    from echo_fieldwork.transcription.engine import split_sentences

    words = [_word(0.0, 0.4, " Bonjour"), _word(0.5, 0.9, " à"), _word(1.0, 1.5, " tous."),  # sentence end
             _word(1.7, 2.0, " Alors"), _word(2.1, 2.6, " voilà"),
             _word(4.0, 4.5, " ensuite"), _word(4.6, 5.0, " oui")]                           # 1.4-s pause
    window = SimpleNamespace(start=0.0, end=5.0, text="…", words=words, avg_logprob=-0.3, no_speech_prob=0.02,
                             temperature=0.0)
    pieces = split_sentences(window)
    assert [(p.text, p.start, p.end) for p in pieces] == [
        ("Bonjour à tous.", 0.0, 1.5), ("Alors voilà", 1.7, 2.6), ("ensuite oui", 4.0, 5.0)]
    assert all(p.avg_logprob == -0.3 and len(p.words) >= 2 for p in pieces)
    # A long run of speech without a full stop is still cut: at a comma past ¾ of the limit, else at it.
    talk = [_word(i * 0.5, i * 0.5 + 0.4, " mot," if i == 32 else " mot") for i in range(90)]
    lengths = [p.end - p.start for p in split_sentences(SimpleNamespace(**{**vars(window), "words": talk}))]
    assert len(lengths) == 3 and lengths[0] == pytest.approx(16.4) and max(lengths) <= 20.5
    # No word timings (or one word): the window stays whole.
    bare = SimpleNamespace(**{**vars(window), "words": []})
    assert split_sentences(bare) == [bare]


def test_a_suspicious_window_is_decoded_again_and_otherwise_cut_into_sentences() -> None:
    from types import SimpleNamespace

    import numpy as np

    from echo_fieldwork.transcription.engine import Decoder, needs_fallback, split_sentences

    good = SimpleNamespace(start=0.0, end=2.6, text="Bonjour à tous. Alors voilà", avg_logprob=-0.3,
                           no_speech_prob=0.01, compression_ratio=1.2, temperature=0.0,
                           words=[_word(0.0, 0.4, " Bonjour"), _word(0.5, 1.5, " à tous."),
                                  _word(1.7, 2.6, " Alors voilà")])
    unlikely = SimpleNamespace(start=3.0, end=6.0, text="Euh quelque chose", avg_logprob=-1.4, no_speech_prob=0.1,
                               compression_ratio=1.1, temperature=0.0, words=[])

    class ScriptedDecoder(Decoder):
        def __init__(self):  # no model: decode() is scripted
            self.windows = []

        def decode(self, audio, speech, safer=False):
            self.windows.append((speech[0]["start"], speech[0]["end"], safer))
            yield SimpleNamespace(start=0.1, end=2.9, text="Et puis quelque chose.", words=[], avg_logprob=-0.5,
                                  no_speech_prob=0.1, temperature=0.2)

    decoder = ScriptedDecoder()
    audio = np.zeros(16000 * 7, dtype=np.float32)
    messages = list(decoder.guard(audio, [good, unlikely], 16000, needs_fallback, split=split_sentences))
    assert [(m.text, m.start_ms, m.flags) for m in messages] == [
        ("Bonjour à tous.", 1000, ""), ("Alors voilà", 2700, ""), ("Et puis quelque chose.", 1100, "redecoded")]
    assert decoder.windows == [(3 * 16000 - 1600, 6 * 16000 + 1600, False)]  # only the unlikely window


def test_every_segment_records_the_run_that_made_it(study) -> None:
    from echo_fieldwork import __version__
    from echo_fieldwork.transcript.segments import decoding_runs
    from tests.transcription.fixtures import long_speech_path

    session_id = make_session(study)
    add_audio(study, session_id, long_speech_path())
    first = transcribe_session(study, session_id)
    second = transcribe_session(study, session_id, range_ms=(10_000, 20_000))
    runs = decoding_runs(study, session_id)
    assert {run.settings["job"] for run in runs} == {first.job_id, second.job_id}
    assert sum(run.segments for run in runs) == len(load_segments(study, session_id))
    settings = next(run.settings for run in runs if run.settings["job"] == second.job_id)
    defaults = EngineOptions()
    assert settings["app_version"] == __version__ and settings["faster_whisper"] == "fake"
    assert (settings["strategy"], settings["beam_size"], settings["seed"]) == (
        defaults.strategy, defaults.beam_size, defaults.seed) == ("windows", 3, 1)
    assert settings["min_silence_ms"] == defaults.min_silence_ms and settings["device"] == "cpu"
    assert runs[0].start_ms < 10_000 and any(10_000 <= run.start_ms < 20_000 for run in runs)


def test_a_real_run_records_the_model_checksum_and_engine_versions(tmp_path) -> None:
    import hashlib
    from importlib.metadata import version

    from echo_fieldwork.transcription.models import KNOWN_SHA256, model_sha256
    from echo_fieldwork.transcription.runner import run_settings
    from tests.transcription.fixtures import base_model_path

    settings = run_settings(EngineOptions(engine="whisper"), "fr", "base", str(base_model_path()), 7, 2)
    assert settings["model_sha256"] == KNOWN_SHA256["base"]
    assert (settings["faster_whisper"], settings["ctranslate2"]) == (version("faster-whisper"), version("ctranslate2"))
    # Another model is hashed once; the checksum is remembered by size and time, and follows the file.
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "model.bin").write_bytes(b"weights")
    first = model_sha256(folder)
    assert first == model_sha256(folder) == hashlib.sha256(b"weights").hexdigest()
    assert (folder / ".verified.json").is_file()
    (folder / "model.bin").write_bytes(b"other weights")
    assert model_sha256(folder) != first


SEEDED_SAMPLING = """
import sys
from echo_fieldwork.transcription.engine import load_audio, seed_sampling
from faster_whisper import WhisperModel
seed_sampling(int(sys.argv[3]))
model = WhisperModel(sys.argv[1], device="cpu", compute_type="int8", cpu_threads=1, local_files_only=True)
segments, _info = model.transcribe(load_audio([sys.argv[2]]), language="fr", temperature=1.0, best_of=2,
                                   beam_size=1, condition_on_previous_text=False)
print("|".join(s.text for s in segments))
"""


@pytest.mark.slow
def test_sampling_at_high_temperature_is_repeatable_with_the_seed(short_speech) -> None:
    """The temperature fallback samples at random: each run is a fresh child process, like these."""
    from tests.transcription.fixtures import base_model_path

    def sample(seed: int) -> str:
        out = subprocess.run([sys.executable, "-c", SEEDED_SAMPLING, str(base_model_path()), str(short_speech),
                              str(seed)], capture_output=True, text=True, timeout=120,
                             env={**os.environ, "PYTHONPATH": REPO})
        assert out.returncode == 0, out.stderr[-2000:]
        return out.stdout.strip()

    texts = [sample(1), sample(1), sample(2), sample(3)]
    assert texts[0] and texts[0] == texts[1]
    assert len(set(texts)) > 1  # the seed does decide: temperature 1.0 draws differ between seeds


@pytest.mark.slow
def test_the_default_strategy_returns_sentences_with_words(study, use_base_model, long_speech) -> None:
    session_id = make_session(study)
    add_audio(study, session_id, long_speech)
    transcribe_session(study, session_id)
    segments = load_segments(study, session_id)
    _assert_no_overlap(segments)
    text = " ".join(s.text for s in segments).lower()
    assert text.count("bonjour") == 2 and text.count("recommande") == 2  # no phrase left out
    assert len(segments) >= 4 and all(s.words for s in segments)
    assert all(s.words[0].start_ms >= s.start_ms - 1 and s.words[-1].end_ms <= s.end_ms + 1 for s in segments)
