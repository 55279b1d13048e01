"""The "windows" strategy's bookkeeping (engine.windows_in_order, engine.left_out): which decoded
segments belong to which window, and which speech a window's decoding left out. Pure functions, fed
with spans and words as faster-whisper returns them; the real decoding is in test_transcription.py."""

from types import SimpleNamespace

from echo_fieldwork.transcription.engine import SAMPLE_RATE, left_out, plan_windows, speech_map_ms, windows_in_order


def span(start_s: float, end_s: float) -> dict:
    return {"start": int(start_s * SAMPLE_RATE), "end": int(end_s * SAMPLE_RATE)}


def word(start: float, end: float) -> SimpleNamespace:
    return SimpleNamespace(start=start, end=end, word=" mot", probability=0.9)


def segment(*words) -> SimpleNamespace:
    return SimpleNamespace(start=words[0].start, end=words[-1].end, words=list(words), text="")


def test_a_window_whose_decoding_ended_early_leaves_its_last_utterances_out():
    # One window: three utterances; the decoder wrote words for the first only (then ended the window).
    spans = [span(0, 8), span(9, 17), span(18, 27)]
    words = [word(0.2 + i, 0.9 + i) for i in range(8)]
    assert left_out(spans, words) == [span(9, 17), span(18, 27)]


def test_speech_covered_by_words_pauses_and_short_stretches_are_not_holes():
    spans = [span(0, 10)]
    words = [word(0.1, 0.6), word(0.7, 1.2), word(2.5, 3.0), word(3.1, 9.8)]  # a 1.3-s pause: < 1 s uncovered
    assert left_out(spans, words) == []
    # a stretch of 3 s without words in the middle: left out (with the margin around the words)
    words = [word(0.1, 2.0), word(5.0, 9.8)]
    assert left_out(spans, words) == [span(2.5, 4.5)]
    assert left_out([span(0, 0.8)], []) == []  # too short to be worth a decoding


def test_each_window_comes_out_with_its_segment_at_once_even_when_a_window_got_nothing():
    windows = [[span(0, 10), span(12, 29)], [span(30, 58)], [span(60, 85)], [span(90, 95)]]
    first, third = segment(word(0.5, 5.0), word(13.0, 28.0)), segment(word(61.0, 80.0))
    pairs = windows_in_order(iter([first, third]), windows)
    assert next(pairs) == (windows[0], [first])  # before the next segment is asked for
    assert list(pairs) == [(windows[1], []), (windows[2], [third]), (windows[3], [])]


def test_an_unexpected_second_segment_of_a_window_is_kept_alone():
    windows = [[span(0, 29)], [span(30, 58)]]
    first, again, second = segment(word(0.5, 5.0)), segment(word(20.0, 28.0)), segment(word(31.0, 50.0))
    assert list(windows_in_order([first, again, second], windows)) == [
        (windows[0], [first]), ([], [again]), (windows[1], [second])]


def test_the_speech_map_is_in_ms_of_the_recording():
    assert speech_map_ms([span(1, 2.5)], offset_samples=10 * SAMPLE_RATE) == ((11_000, 12_500),)


def test_windows_group_consecutive_speech_up_to_30_s_like_the_batched_pipeline():
    import numpy as np
    from faster_whisper.vad import collect_chunks

    speech = [span(0, 12), span(13, 25), span(26, 31), span(40, 75), span(80, 90), span(91, 100)]
    windows = plan_windows(speech, 30 * SAMPLE_RATE)
    assert windows == [speech[0:3], [speech[3]], speech[4:6]]  # 29 s; 35 s alone; 19 s
    # the same audio windows as faster-whisper's own grouping (whose metadata is not usable: it misses
    # the first span of every window after the first)
    audio = np.arange(100 * SAMPLE_RATE, dtype=np.float32)
    pieces, _metadata = collect_chunks(audio, speech, max_duration=30)
    pieces = [piece for piece in pieces if len(piece)]  # it opens with an empty one when a span is > 30 s
    assert len(pieces) == len(windows)
    for piece, spans in zip(pieces, windows):
        assert np.array_equal(piece, np.concatenate([audio[s["start"]:s["end"]] for s in spans]))
