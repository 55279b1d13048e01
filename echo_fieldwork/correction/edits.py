"""Correcting a transcript: every operation is written to SQLite at once, in one transaction, and returns
a `Change` (the rows before and after) that `revert()` / `reapply()` use for undo and redo.

Speaker labels are attendee codes (P03, M1) or provisional labels ("S1", "unknown"), never names.
Segment flags are a comma-separated set: `speaker_set` (a person chose the speaker; pre-labelling keeps
it), `turn` (a new speaker turn starts here although the label did not change).
"""

from __future__ import annotations

import bisect
import difflib
import json
import logging
import re
import sqlite3
from dataclasses import dataclass, field, replace

from echo_fieldwork.errors import UserError, database_error
from echo_fieldwork.i18n import N_, _
from echo_fieldwork.people.participants import CODE_PATTERN
from echo_fieldwork.study.study import DB_NAME, Study
from echo_fieldwork.timeutil import format_ms, utc_now_iso
from echo_fieldwork.transcript.segments import Segment, Word, delete_segment_rows, load_segments, load_segments_by_id

log = logging.getLogger("echo_fieldwork.correction.edits")

# Transcription conventions, written in the transcript's language.
MARKERS = {
    "inaudible": {"fr": "[inaudible]", "en": "[inaudible]"},
    "crosstalk": {"fr": "[chevauchement]", "en": "[crosstalk]"},
    "laughter": {"fr": "[rires]", "en": "[laughter]"},
}
UNKNOWN_SPEAKER = "unknown"
FLAG_SPEAKER_SET = "speaker_set"
FLAG_TURN = "turn"
UNCERTAIN_THRESHOLD = 0.5
REVIEW_STATUSES = {"draft": N_("Draft"), "corrected": N_("Corrected"), "verified": N_("Verified")}


@dataclass
class Change:
    """What one user action changed: full segment rows before and after (a row absent on one side was
    inserted or deleted). `revert` writes `before` back, `reapply` writes `after`."""
    before: list[Segment] = field(default_factory=list)
    after: list[Segment] = field(default_factory=list)
    count: int = 0  # e.g. number of replacements

    @property
    def removed_ids(self) -> set[int]:
        return {s.id for s in self.before} - {s.id for s in self.after}

    @property
    def is_empty(self) -> bool:
        return rows_key(self.before) == rows_key(self.after)


def rows_key(rows: list[Segment]) -> list[tuple]:
    return sorted((s.id, s.start_ms, s.end_ms, s.speaker, s.text, s.flags, tuple(_word_tuple(w) for w in s.words))
                  for s in rows)


def _word_tuple(w: Word) -> tuple:
    return (w.start_ms, w.end_ms, w.text, w.probability)


def copy_segment(s: Segment) -> Segment:
    return replace(s, words=[replace(w) for w in s.words])


# -- reading --------------------------------------------------------------------------------------------
def get_segment(study: Study, segment_id: int) -> Segment:
    found = load_segments_by_id(study, [segment_id])
    if not found:
        raise UserError(_("This segment no longer exists."))
    return found[0]


def _neighbours(study: Study, seg: Segment) -> tuple[Segment | None, Segment | None]:
    prev_row = study.db.execute(
        "SELECT id FROM segments WHERE session_id = ? AND (start_ms < ? OR (start_ms = ? AND id < ?)) "
        "ORDER BY start_ms DESC, id DESC LIMIT 1", [seg.session_id, seg.start_ms, seg.start_ms, seg.id]).fetchone()
    next_row = study.db.execute(
        "SELECT id FROM segments WHERE session_id = ? AND (start_ms > ? OR (start_ms = ? AND id > ?)) "
        "ORDER BY start_ms, id LIMIT 1", [seg.session_id, seg.start_ms, seg.start_ms, seg.id]).fetchone()
    prev_seg = get_segment(study, prev_row[0]) if prev_row else None
    next_seg = get_segment(study, next_row[0]) if next_row else None
    return prev_seg, next_seg


# -- writing ----------------------------------------------------------------------------------------------
def _write(study: Study, before: list[Segment], after: list[Segment]) -> None:
    """Make the DB hold `after` for the rows involved (inside the caller's transaction)."""
    now = utc_now_iso()
    after_ids = {s.id for s in after if s.id is not None}
    before_ids = {s.id for s in before}
    delete_segment_rows(study.db, [s.id for s in before if s.id not in after_ids])
    for s in after:
        words = json.dumps([w.__dict__ for w in s.words], ensure_ascii=False)
        exists = s.id is not None and study.db.execute("SELECT 1 FROM segments WHERE id = ?", [s.id]).fetchone()
        if exists and s.id not in before_ids:
            # Redo of a split whose row id was taken meanwhile (e.g. by a transcription writing in parallel):
            # never overwrite someone else's segment.
            raise UserError(_("This step can no longer be redone: the transcript changed meanwhile."))
        if exists:
            study.db.execute(
                "UPDATE segments SET start_ms = ?, end_ms = ?, speaker = ?, text = ?, words = ?, flags = ?, "
                "updated_at = ? WHERE id = ?", [s.start_ms, s.end_ms, s.speaker, s.text, words, s.flags, now, s.id])
        else:
            cursor = study.db.execute(
                "INSERT INTO segments (id, session_id, start_ms, end_ms, speaker, text, words, flags, model, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [s.id, s.session_id, s.start_ms, s.end_ms, s.speaker, s.text, words, s.flags, s.model, now, now])
            s.id = cursor.lastrowid


def _commit(study: Study, before: list[Segment], after: list[Segment], action: str, count: int = 0) -> Change:
    before = [copy_segment(s) for s in before]
    after = [copy_segment(s) for s in after]
    _transaction(study, before, after, action, count)
    log.debug("edit %s: %d rows", action, len(after))
    return Change([copy_segment(s) for s in before], [copy_segment(s) for s in after], count)


def _transaction(study: Study, before: list[Segment], after: list[Segment], action: str, count: int = 0) -> None:
    try:
        with study.db.atomic():
            _write(study, before, after)
            if action:
                sessions = sorted({s.session_id for s in before + after})
                study.audit(action, "transcript", ",".join(map(str, sessions)), {"segments": len(after), "count": count})
    except UserError:
        raise
    except Exception as error:  # sqlite3 errors (e.g. a segment referenced elsewhere): nothing was changed
        log.warning("edit %s failed: %s", action or "text", type(error).__name__)
        if isinstance(error, sqlite3.OperationalError) and any(
                word in str(error).lower() for word in ("full", "readonly", "locked", "busy")):
            # The disk, not the edit: say which (full, read-only, busy) and what to do.
            raise database_error(error, study.folder / DB_NAME) from error
        raise UserError(_("The change could not be saved ({error}); the transcript was left as it was.").format(
            error=type(error).__name__)) from error


def revert(study: Study, change: Change) -> None:
    """Undo: write the rows as they were before the change (one transaction)."""
    _transaction(study, [copy_segment(s) for s in change.after], [copy_segment(s) for s in change.before], "")


def reapply(study: Study, change: Change) -> None:
    """Redo: write the rows as they were after the change (one transaction)."""
    _transaction(study, [copy_segment(s) for s in change.before], [copy_segment(s) for s in change.after], "")


# -- flags -------------------------------------------------------------------------------------------------
def flag_set(flags: str) -> set[str]:
    return {f for f in flags.split(",") if f}


def with_flag(flags: str, flag: str, on: bool = True) -> str:
    items = flag_set(flags)
    items = items | {flag} if on else items - {flag}
    return ",".join(sorted(items))


# -- text ---------------------------------------------------------------------------------------------------
def realign_words(old_words: list[Word], text: str, start_ms: int, end_ms: int) -> list[Word]:
    """Keep the timestamps and confidence of words that did not change; words a person typed get times
    interpolated between their neighbours and full confidence (a human checked them)."""
    tokens = text.split()
    if not tokens:
        return []
    old_tokens = [w.text.strip() for w in old_words]
    result: list[Word | None] = [None] * len(tokens)
    matcher = difflib.SequenceMatcher(a=old_tokens, b=tokens, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            w = old_words[block.a + k]
            result[block.b + k] = Word(w.start_ms, w.end_ms, tokens[block.b + k], w.probability)
    # Fill the gaps between known words by spreading them over the free time.
    i = 0
    while i < len(tokens):
        if result[i] is not None:
            i += 1
            continue
        j = i
        while j < len(tokens) and result[j] is None:
            j += 1
        left = result[i - 1].end_ms if i > 0 else start_ms
        right = result[j].start_ms if j < len(tokens) else end_ms
        right = max(left, right)
        step = (right - left) / (j - i)
        for k in range(i, j):
            result[k] = Word(round(left + (k - i) * step), round(left + (k - i + 1) * step), tokens[k], 1.0)
        i = j
    return [w for w in result if w is not None]


def set_text(study: Study, segment_id: int, text: str) -> Change:
    seg = get_segment(study, segment_id)
    new = copy_segment(seg)
    new.text = text
    new.words = realign_words(seg.words, text, seg.start_ms, seg.end_ms)
    return _commit(study, [seg], [new], "")  # typing is too frequent to audit each save


def insert_text(study: Study, segment_id: int, offset: int, inserted: str) -> Change:
    """Insert `inserted` (a marker, a timestamp) at a character offset, with spaces around it."""
    seg = get_segment(study, segment_id)
    offset = max(0, min(offset, len(seg.text)))
    before, after = seg.text[:offset], seg.text[offset:]
    piece = inserted
    if before and not before.endswith(" "):
        piece = " " + piece
    if after and not after.startswith(" "):
        piece = piece + " "
    return set_text(study, segment_id, before + piece + after)


def marker_text(kind: str, language: str) -> str:
    if kind not in MARKERS:
        raise UserError(_("Unknown marker {marker}.").format(marker=kind))
    return MARKERS[kind].get(language, MARKERS[kind]["en"])


def insert_marker(study: Study, segment_id: int, offset: int, kind: str) -> Change:
    """Insert `[inaudible]`, `[crosstalk]`/`[chevauchement]` or `[laughter]`/`[rires]` in the transcript's language."""
    row = study.db.execute("SELECT s.language FROM segments g JOIN sessions s ON s.id = g.session_id WHERE g.id = ?",
                           [segment_id]).fetchone()
    return insert_text(study, segment_id, offset, marker_text(kind, row[0] if row else "en"))


# -- split, merge, nudge ---------------------------------------------------------------------------------------
def _snap_offset(text: str, offset: int) -> int:
    """Move a cursor offset inside a word to the nearest space."""
    offset = max(0, min(offset, len(text)))
    if offset in (0, len(text)) or text[offset - 1].isspace() or text[offset].isspace():
        return offset
    left = text.rfind(" ", 0, offset)
    right = text.find(" ", offset)
    candidates = [p for p in (left, right) if p > 0]
    return min(candidates, key=lambda p: abs(p - offset)) if candidates else offset


def split_segment(study: Study, segment_id: int, offset: int) -> Change:
    """Split at a character offset; the time is the boundary between the words on either side (from the
    word timestamps), or proportional to the characters when the words do not match the text."""
    seg = get_segment(study, segment_id)
    offset = _snap_offset(seg.text, offset)
    left_text, right_text = seg.text[:offset].rstrip(), seg.text[offset:].lstrip()
    if not left_text or not right_text:
        raise UserError(_("Put the cursor between two words to split the segment."))
    n_left = len(left_text.split())
    words_match = len(seg.words) == len(seg.text.split()) and seg.words
    if words_match:
        left_words, right_words = seg.words[:n_left], seg.words[n_left:]
        split_ms = round((left_words[-1].end_ms + right_words[0].start_ms) / 2)
    else:
        split_ms = seg.start_ms + round((seg.end_ms - seg.start_ms) * len(left_text) / max(1, len(seg.text)))
        left_words = [w for w in seg.words if w.start_ms < split_ms]
        right_words = [w for w in seg.words if w.start_ms >= split_ms]
    split_ms = max(seg.start_ms, min(seg.end_ms, split_ms))
    first = copy_segment(seg)
    first.text, first.end_ms, first.words = left_text, split_ms, [replace(w) for w in left_words]
    second = copy_segment(seg)
    second.id = None
    second.text, second.start_ms, second.words = right_text, split_ms, [replace(w) for w in right_words]
    second.flags = with_flag(seg.flags, FLAG_TURN, False)
    return _commit(study, [seg], [first, second], "transcript.split")


def merge_with_next(study: Study, segment_id: int) -> Change:
    seg = get_segment(study, segment_id)
    _prev, nxt = _neighbours(study, seg)
    if nxt is None:
        raise UserError(_("This is the last segment: there is nothing to merge it with."))
    merged = copy_segment(seg)
    merged.text = (seg.text.rstrip() + " " + nxt.text.lstrip()).strip()
    merged.end_ms = max(seg.end_ms, nxt.end_ms)
    merged.words = [replace(w) for w in seg.words + nxt.words]
    return _commit(study, [seg, nxt], [merged], "transcript.merge")


def nudge(study: Study, segment_id: int, edge: str, delta_ms: int) -> Change:
    """Move the start or end of a segment, never before 0, past its neighbours or past its other edge."""
    seg = get_segment(study, segment_id)
    prev_seg, next_seg = _neighbours(study, seg)
    new = copy_segment(seg)
    if edge == "start":
        low = prev_seg.end_ms if prev_seg else 0
        new.start_ms = max(low, 0, min(seg.start_ms + delta_ms, seg.end_ms))
    elif edge == "end":
        high = next_seg.start_ms if next_seg else None
        value = max(seg.start_ms, seg.end_ms + delta_ms)
        new.end_ms = min(value, high) if high is not None else value
    else:
        raise ValueError(edge)
    if (new.start_ms, new.end_ms) == (seg.start_ms, seg.end_ms):
        raise UserError(_("The segment cannot move further without overlapping its neighbour."))
    return _commit(study, [seg], [new], "transcript.nudge")


# -- speakers -----------------------------------------------------------------------------------------------
def validate_speaker(label: str) -> str:
    label = label.strip()
    if not CODE_PATTERN.match(label):  # attendee codes, or provisional labels of the same shape (S1)
        raise UserError(_("The speaker label {label!r} is not valid: use a code such as P03, M1 or S2, never a "
                          "name.").format(label=label))
    return label


def assign_speaker(study: Study, segment_ids: list[int], speaker: str) -> Change:
    speaker = validate_speaker(speaker)
    before = load_segments_by_id(study, list(segment_ids))
    after = [replace(copy_segment(s), speaker=speaker, flags=with_flag(s.flags, FLAG_SPEAKER_SET)) for s in before]
    return _commit(study, before, after, "transcript.speaker")


def relabel_speaker(study: Study, session_id: int, old: str, new: str) -> Change:
    """Every segment labelled `old` gets `new` (S1 → P03) in one step."""
    new = validate_speaker(new)
    ids = [r[0] for r in study.db.execute("SELECT id FROM segments WHERE session_id = ? AND speaker = ?",
                                          [session_id, old])]
    if not ids:
        raise UserError(_("No segment is labelled {label}.").format(label=old))
    change = assign_speaker(study, ids, new)
    return change


def assign_speaker_in_range(study: Study, session_id: int, start_ms: int, end_ms: int, speaker: str) -> Change:
    """Every segment of the session lying within [start_ms, end_ms] gets `speaker` (one undoable step).
    A segment belongs to the range when its middle does: a range typed from listening is approximate,
    and a segment straddling its edge mostly belongs to the side that holds most of it."""
    if end_ms <= start_ms:
        raise UserError(_("The end of the range must come after its start."))
    ids = [r[0] for r in study.db.execute(
        "SELECT id FROM segments WHERE session_id = ? AND (start_ms + end_ms) / 2.0 >= ? AND (start_ms + end_ms) / 2.0 "
        "<= ? ORDER BY start_ms, id", [session_id, start_ms, end_ms])]
    if not ids:
        raise UserError(_("No segment lies between {start} and {end}.").format(
            start=format_ms(start_ms), end=format_ms(end_ms)))
    change = assign_speaker(study, ids, speaker)
    change.count = len(ids)
    return change


def has_speaker_log(study: Study, session_id: int) -> bool:
    return study.db.execute("SELECT 1 FROM speaker_events WHERE session_id = ? LIMIT 1", [session_id]).fetchone() is not None


def speakers_in_session(study: Study, session_id: int) -> list[str]:
    """Labels to offer: attendee codes (participants first), then labels already used in the transcript."""
    from echo_fieldwork.sessions.sessions import attendance

    labels = [code for _pid, code, _role in attendance(study, session_id)]
    for (label,) in study.db.execute("SELECT DISTINCT speaker FROM segments WHERE session_id = ? AND speaker != '' "
                                     "ORDER BY speaker", [session_id]):
        if label not in labels:
            labels.append(label)
    return labels


def prelabel_speakers(study: Study, session_id: int, *, lag_ms: int = 1000, pause_ms: int = 2000) -> Change:
    """Pre-label from the speaker log: each segment gets the speaker logged at its start (a click up to
    `lag_ms` after the start counts, note-takers click when they hear the voice), except segments whose
    speaker a person already set. With no log, a pause longer than `pause_ms` starts a new turn labelled
    "unknown"."""
    events = [(ms, code) for ms, code in study.db.execute(
        "SELECT e.recording_ms, p.code FROM speaker_events e JOIN participants p ON p.id = e.participant_id "
        "WHERE e.session_id = ? ORDER BY e.recording_ms, e.id", [session_id])]
    segments = load_segments(study, session_id)
    before, after = [], []
    times = [ms for ms, _code in events]
    previous_end = None
    for seg in segments:
        if FLAG_SPEAKER_SET in flag_set(seg.flags):
            previous_end = seg.end_ms
            continue
        new = copy_segment(seg)
        if events:
            index = bisect.bisect_right(times, seg.start_ms + lag_ms) - 1
            new.speaker = events[index][1] if index >= 0 else UNKNOWN_SPEAKER
        else:
            new.speaker = UNKNOWN_SPEAKER
            long_pause = previous_end is not None and seg.start_ms - previous_end >= pause_ms
            new.flags = with_flag(seg.flags, FLAG_TURN, long_pause)
        previous_end = seg.end_ms
        if (new.speaker, new.flags) != (seg.speaker, seg.flags):
            before.append(seg)
            after.append(new)
    return _commit(study, before, after, "transcript.prelabel", len(after))


@dataclass(frozen=True)
class SpeakerTime:
    speaker: str
    ms: int
    share: float  # 0..1 of all speech in the transcript


def talk_time(study: Study, session_id: int) -> list[SpeakerTime]:
    rows = [(speaker or UNKNOWN_SPEAKER, int(ms)) for speaker, ms in study.db.execute(
        "SELECT speaker, SUM(end_ms - start_ms) FROM segments WHERE session_id = ? GROUP BY speaker", [session_id])]
    merged: dict[str, int] = {}
    for speaker, ms in rows:
        merged[speaker] = merged.get(speaker, 0) + ms
    total = sum(merged.values())
    return sorted((SpeakerTime(s, ms, ms / total if total else 0.0) for s, ms in merged.items()),
                  key=lambda t: (-t.ms, t.speaker))


# -- search and replace ---------------------------------------------------------------------------------------
def _pattern(find: str, case_sensitive: bool, whole_word: bool) -> re.Pattern:
    if not find:
        raise UserError(_("Type the text to find."))
    body = re.escape(find)
    if whole_word:
        body = rf"(?<!\w){body}(?!\w)"
    return re.compile(body, 0 if case_sensitive else re.IGNORECASE)


def find_matches(segments: list[Segment], find: str, *, case_sensitive: bool = False,
                 whole_word: bool = False) -> list[tuple[int, int, int]]:
    """(segment index, start char, end char) of every match, in order."""
    pattern = _pattern(find, case_sensitive, whole_word)
    return [(i, m.start(), m.end()) for i, s in enumerate(segments) for m in pattern.finditer(s.text)]


def _replace_where(study: Study, where: str, params: list, find: str, replacement: str, case_sensitive: bool,
                   whole_word: bool, action: str) -> Change:
    pattern = _pattern(find, case_sensitive, whole_word)
    ids = [r[0] for r in study.db.execute(f"SELECT id, text FROM segments WHERE {where}", params)
           if pattern.search(r[1])]
    before = load_segments_by_id(study, ids)
    after, count = [], 0
    for seg in before:
        text, n = pattern.subn(lambda _m: replacement, seg.text)
        count += n
        new = copy_segment(seg)
        new.text = text
        new.words = realign_words(seg.words, text, seg.start_ms, seg.end_ms)
        after.append(new)
    return _commit(study, before, after, action, count)


def replace_in_transcript(study: Study, session_id: int, find: str, replacement: str, *,
                          case_sensitive: bool = False, whole_word: bool = False) -> Change:
    """Replace every match in one transcript; `change.count` is the number of replacements."""
    return _replace_where(study, "session_id = ?", [session_id], find, replacement, case_sensitive, whole_word,
                          "transcript.replace")


def replace_in_study(study: Study, find: str, replacement: str, *, case_sensitive: bool = False,
                     whole_word: bool = False) -> tuple[Change, dict[int, int]]:
    """Replace in all of the study's transcripts (e.g. a name or a term); counts per session id."""
    change = _replace_where(study, "1 = 1", [], find, replacement, case_sensitive, whole_word, "transcript.replace_all")
    pattern = _pattern(find, case_sensitive, whole_word)
    counts: dict[int, int] = {}
    for seg in change.before:
        counts[seg.session_id] = counts.get(seg.session_id, 0) + len(pattern.findall(seg.text))
    return change, counts


# -- uncertain words -------------------------------------------------------------------------------------------
def next_uncertain_word(segments: list[Segment], segment_index: int, word_index: int = -1,
                        threshold: float = UNCERTAIN_THRESHOLD) -> tuple[int, int] | None:
    """The next word after (segment_index, word_index) whose probability is below `threshold`, wrapping
    around once; None when there is none."""
    n = len(segments)
    for step in range(n + 1):
        i = (segment_index + step) % n if n else 0
        if not n:
            return None
        start = word_index + 1 if step == 0 else 0
        for j in range(start, len(segments[i].words)):
            if segments[i].words[j].probability < threshold:
                return i, j
    return None


# -- review status -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReviewStatus:
    status: str
    by: str
    at: str | None


def review_status(study: Study, session_id: int) -> ReviewStatus:
    row = study.db.execute("SELECT review_status, status_by, status_at FROM transcripts WHERE session_id = ?",
                           [session_id]).fetchone()
    return ReviewStatus(*row) if row else ReviewStatus("draft", "", None)


def set_review_status(study: Study, session_id: int, status: str, *, actor: str | None = None) -> ReviewStatus:
    if status not in REVIEW_STATUSES:
        raise UserError(_("Unknown correction status {status!r}: use draft, corrected or verified.").format(status=status))
    if not study.db.execute("SELECT 1 FROM segments WHERE session_id = ? LIMIT 1", [session_id]).fetchone():
        raise UserError(_("This session has no transcript yet."))
    actor = actor or study.actor
    old = review_status(study, session_id)
    now = utc_now_iso()
    with study.db.atomic():
        study.db.execute("INSERT OR IGNORE INTO transcripts (session_id) VALUES (?)", [session_id])
        study.db.execute("UPDATE transcripts SET review_status = ?, status_by = ?, status_at = ? WHERE session_id = ?",
                         [status, actor, now, session_id])
        study.audit("transcript.status", "session", session_id, {"from": old.status, "to": status}, actor=actor)
    return ReviewStatus(status, actor, now)


@dataclass(frozen=True)
class TranscriptSummary:
    session_id: int
    code: str
    kind: str
    date: str
    segments: int
    status: ReviewStatus


def transcript_summaries(study: Study) -> list[TranscriptSummary]:
    """Sessions that have a transcript, with their segment count and review status."""
    rows = study.db.execute(
        "SELECT s.id, s.code, s.kind, s.date, COUNT(g.id), COALESCE(t.review_status, 'draft'), "
        "COALESCE(t.status_by, ''), t.status_at FROM sessions s JOIN segments g ON g.session_id = s.id "
        "LEFT JOIN transcripts t ON t.session_id = s.id GROUP BY s.id ORDER BY s.date, s.code").fetchall()
    return [TranscriptSummary(r[0], r[1], r[2], r[3], r[4], ReviewStatus(r[5], r[6], r[7])) for r in rows]


def commit_rows(study: Study, before: list[Segment], after: list[Segment], action: str, count: int = 0) -> Change:
    """Replace the rows `before` by `after` as one undoable, audited step (e.g. a merged hand-off)."""
    return _commit(study, before, after, action, count)
