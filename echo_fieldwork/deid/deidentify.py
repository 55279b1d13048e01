"""Deidentification of transcripts and field notes: proposals stored per session, reviewed, then applied to exports.

Detection (see `deid_detect`) proposes replacements in the transcript's segments and in the session's
field notes; they are stored in `deid_replacements` (pointing into one segment or one note) with the
original text and its tag — that table is the key and the log, and it never leaves the study.
A participant's name becomes their code (`[P03]`); other people, places, organisations and programs
become tags numbered consistently across the whole study (`[personne 2]`, `[établissement 1]`); the
wording follows the transcript's language. A session (its transcript and its notes, one review) may be
exported once it is reviewed, or after an explicit override with a reason; both are written to the audit log.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass

from echo_fieldwork.deid import detect as deid_detect
from echo_fieldwork.deid import entities as deid_entities
from echo_fieldwork.deid import known_names as deid_known_names
from echo_fieldwork.deid import words as deid_words
from echo_fieldwork.deid.index import NameIndex
from echo_fieldwork.deid.words import Detection
from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import N_, Catalog, _, ngettext, translator
from echo_fieldwork.people.forms import fold
from echo_fieldwork.people.identity import aliases_for_deidentification, names_for_deidentification
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import utc_now_iso
from echo_fieldwork.transcript.segments import load_segments

log = logging.getLogger("echo_fieldwork.deid.deidentify")

IDENTIFIER_CATEGORIES = {
    "person": N_("Person"),
    "place": N_("Place"),
    "organisation": N_("Organisation"),
    "program": N_("Program"),
}
CATEGORY_LABELS = {
    "known": N_("Known name"),
    **IDENTIFIER_CATEGORIES,
    "email": N_("E-mail address"),
    "phone": N_("Phone number"),
    "postal_code": N_("Postal code"),
    "date_of_birth": N_("Date of birth"),
    "date": N_("Full date"),
    "address": N_("Street address"),
    "health_number": N_("Health insurance number"),
    "url": N_("Web address"),
}
STATUSES = ("proposed", "accepted", "rejected")


def tag_label(tr: Catalog, category: str) -> str:
    """The word a tag is made of, in the document's language."""
    labels = {
        "person": tr.pgettext("deidentification tag", "person"),
        "place": tr.pgettext("deidentification tag", "place"),
        "organisation": tr.pgettext("deidentification tag", "organisation"),
        "program": tr.pgettext("deidentification tag", "program"),
        "email": tr.pgettext("deidentification tag", "e-mail"),
        "phone": tr.pgettext("deidentification tag", "phone"),
        "postal_code": tr.pgettext("deidentification tag", "postal code"),
        "date_of_birth": tr.pgettext("deidentification tag", "date of birth"),
        "date": tr.pgettext("deidentification tag", "date"),
        "address": tr.pgettext("deidentification tag", "address"),
        "health_number": tr.pgettext("deidentification tag", "health insurance number"),
        "url": tr.pgettext("deidentification tag", "web address"),
    }
    return labels.get(category, tr.pgettext("deidentification tag", "removed"))


def _numbered_tag_pattern(category: str) -> re.Pattern:
    words = {tag_label(translator(lang), category) for lang in ("fr", "en")}
    return re.compile(r"^(?:" + "|".join(re.escape(w) for w in words) + r") (\d+)$")


@dataclass
class Replacement:
    id: int
    session_id: int
    segment_id: int
    start_char: int
    end_char: int
    original: str
    category: str
    tag: str
    detector: str
    status: str
    note_id: int | None = None  # set (and segment_id None) for a proposal in a field note


_REPLACEMENT_COLUMNS = ("id, session_id, segment_id, start_char, end_char, original, category, tag, detector, status, "
                        "note_id")


@dataclass
class ReviewState:
    state: str          # 'not_run', 'pending', 'reviewed', 'overridden', 'stale', 'empty'
    pending: int = 0

    @property
    def exportable(self) -> bool:
        return self.state in ("reviewed", "overridden", "empty")

    def label(self) -> str:
        """A short word for tables."""
        return {"not_run": _("Not run"), "pending": _("To review"), "reviewed": _("Reviewed"),
                "overridden": _("Override"), "stale": _("Changed since review"), "empty": _("No transcript")}[self.state]

    def reason(self, session_code: str) -> str:
        return {
            "not_run": _("{code}: deidentification has not been run on this transcript."),
            "pending": ngettext("{code}: the deidentification has not been reviewed ({n} proposal to decide).",
                                "{code}: the deidentification has not been reviewed ({n} proposals to decide).",
                                self.pending),
            "stale": _("{code}: the transcript changed after its deidentification was run or reviewed; run it "
                       "and review it again."),
            "reviewed": _("{code}: deidentification reviewed."),
            "overridden": _("{code}: exported without a deidentification review (override recorded)."),
            "empty": _("{code}: no transcript."),
        }[self.state].format(code=session_code, n=self.pending)


# -- the study's list of identifiers ----------------------------------------------------------------
def add_identifier(study: Study, text: str, category: str, tag: str = "") -> int:
    text, tag = text.strip(), tag.strip().strip("[]").strip()
    if not deid_words.WORD.search(text):
        raise UserError(_("An identifier needs at least one word."))
    if category not in IDENTIFIER_CATEGORIES:
        raise UserError(_("Unknown identifier category {category!r}.").format(category=category))
    existing = study.db.execute("SELECT id FROM deid_identifiers WHERE text = ? AND category = ?",
                                [text, category]).fetchone()
    if existing:
        return int(existing[0])
    with study.db.atomic():
        cursor = study.db.execute("INSERT INTO deid_identifiers (text, category, tag, created_at) VALUES (?, ?, ?, ?)",
                                  [text, category, tag, utc_now_iso()])
        study.audit("deid.identifier.add", "deid_identifier", cursor.lastrowid, {"category": category})
    return cursor.lastrowid


def list_identifiers(study: Study) -> list[tuple[int, str, str, str]]:
    """(id, text, category, tag), in the order added."""
    return [tuple(r) for r in study.db.execute("SELECT id, text, category, tag FROM deid_identifiers ORDER BY id")]


def remove_identifier(study: Study, identifier_id: int) -> None:
    with study.db.atomic():
        study.db.execute("DELETE FROM deid_identifiers WHERE id = ?", [identifier_id])
        study.audit("deid.identifier.remove", "deid_identifier", identifier_id)


def name_index(study: Study) -> NameIndex:
    codes = dict(study.db.execute("SELECT id, code FROM participants").fetchall())
    aliases = aliases_for_deidentification(study)
    full_names = names_for_deidentification(study)
    names: dict[str, list[str]] = {}
    for pid in sorted(set(full_names) | set(aliases)):
        if pid in codes:
            names[codes[pid]] = ([full_names[pid]] if pid in full_names else []) + aliases.get(pid, [])
    return NameIndex.build(names, [(t, c, g) for _id, t, c, g in list_identifiers(study)], list_keep_words(study))


# -- the study's keep list: words never proposed ------------------------------------------------------
def add_keep_word(study: Study, word: str) -> None:
    word = " ".join(word.split())
    if not deid_words.WORD.search(word):
        raise UserError(_("A word to keep needs at least one letter."))
    with study.db.atomic():
        cursor = study.db.execute("INSERT OR IGNORE INTO deid_keep_words (word, created_at) VALUES (?, ?)",
                                  [word, utc_now_iso()])
        if cursor.rowcount:
            study.audit("deid.keep.add", "deid_keep_word", cursor.lastrowid)


def list_keep_words(study: Study) -> list[str]:
    return [r[0] for r in study.db.execute("SELECT word FROM deid_keep_words ORDER BY word COLLATE NOCASE")]


def remove_keep_word(study: Study, word: str) -> None:
    row = study.db.execute("SELECT id FROM deid_keep_words WHERE word = ?", [" ".join(word.split())]).fetchone()
    if row is None:
        raise UserError(_("{word!r} is not on the study's keep list.").format(word=word))
    with study.db.atomic():
        study.db.execute("DELETE FROM deid_keep_words WHERE id = ?", [row[0]])
        study.audit("deid.keep.remove", "deid_keep_word", row[0])


def keep_proposed_text(study: Study, replacement_ids: list[int]) -> int:
    """The review screen's "never propose this again in this study": each proposal's text goes on the keep
    list, and it and the study's undecided proposals of the same text are rejected (the text is kept).
    A participant's name cannot go on the keep list from a proposal: it is rejected where it is not a name.
    Returns how many proposals were rejected."""
    chosen = [get_replacement(study, rid) for rid in replacement_ids]
    if any(r.category == "known" for r in chosen):
        raise UserError(_("A participant's name cannot go on the keep list from here: reject it where it is not "
                          "a name."))
    texts = {fold(r.original) for r in chosen}
    ids = sorted({r.id for r in chosen} | {r.id for r in _all_replacements(study)
                                          if r.status == "proposed" and fold(r.original) in texts})
    with study.db.atomic():
        for r in chosen:
            add_keep_word(study, r.original)
        set_status(study, ids, "rejected")
    return len(ids)


def transcript_language(study: Study, session_id: int) -> str:
    row = study.db.execute(
        "SELECT COALESCE(t.language, s.language) FROM sessions s LEFT JOIN transcripts t ON t.session_id = s.id "
        "WHERE s.id = ?", [session_id]).fetchone()
    return row[0] if row and row[0] in ("fr", "en") else study.language


# -- tags -----------------------------------------------------------------------------------------
class TagBook:
    """Same original → same tag everywhere in the study; new ones take the next free number."""

    def __init__(self, study: Study, language: str, *, allocate: bool = True) -> None:
        self.tr = translator(language)
        self.allocate = allocate
        self.known: dict[tuple[str, str], str] = {}
        self.highest: dict[str, int] = {}
        for category, original, tag in study.db.execute(
                "SELECT category, original, tag FROM deid_replacements WHERE status != 'rejected' AND detector != 'known' "
                "ORDER BY id"):
            self.known.setdefault((category, fold(original)), tag)
            match = _numbered_tag_pattern(category).match(tag) if category in deid_words.NUMBERED_CATEGORIES else None
            if match:
                self.highest[category] = max(self.highest.get(category, 0), int(match.group(1)))

    def tag_for(self, detection: Detection) -> str:
        if detection.category == "known":
            return detection.code
        if detection.tag:
            return detection.tag
        category = detection.category
        if category not in deid_words.NUMBERED_CATEGORIES:
            return tag_label(self.tr, category)
        existing = self.known.get((category, fold(detection.original)))
        if existing:
            match = _numbered_tag_pattern(category).match(existing)
            # Re-word a numbered tag in this transcript's language; keep a hand-written one as it is.
            return f"{tag_label(self.tr, category)} {match.group(1)}" if match else existing
        if not self.allocate:
            return tag_label(self.tr, category)
        number = self.highest.get(category, 0) + 1
        self.highest[category] = number
        tag = f"{tag_label(self.tr, category)} {number}"
        self.known[(category, fold(detection.original))] = tag
        return tag


def apply(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Replace (start, end, tag) spans by `[tag]`, from the end so earlier offsets stay valid."""
    for start, end, tag in sorted(spans, reverse=True):
        text = text[:start] + f"[{tag}]" + text[end:]
    return text


def deidentify_text(study: Study, text: str, language: str, index: NameIndex | None = None) -> str:
    """Deidentify a short text that has no stored proposals (the study's title, a passage the researcher
    then confirms as a quote): every detection is applied; tags reuse the study's numbering, unknown ones
    stay unnumbered. Field notes are not deidentified here: they are reviewed with the transcript."""
    index = index or name_index(study)
    book = TagBook(study, language, allocate=False)
    detections = deid_detect.detect_texts([text], index, language)[0]
    return apply(text, [(d.start, d.end, book.tag_for(d)) for d in detections])


def people_named_in(study: Study, text: str, language: str) -> tuple[list[tuple[str, str]], str]:
    """The study's people that a free text kept in the study names (a withdrawal note), found by the same
    detection as transcripts on known names and aliases (misspelt, inflected), without guessing (no NER): every
    hit is someone in the identity table. Returns (name as written, code) for each hit and the text with each
    name replaced by the person's code, to propose instead; ([], text) when the text names nobody."""
    found = [d for d in deid_detect.detect_texts([text], name_index(study), language, use_ner=False)[0] if d.code]
    coded = text
    for detection in sorted(found, key=lambda d: d.start, reverse=True):
        coded = coded[:detection.start] + detection.code + coded[detection.end:]
    return [(d.original, d.code) for d in found], coded


class NoteNamesPeople(UserError):
    """A note kept in the study names people of the study; `suggestion` is the same note with their codes."""

    def __init__(self, message: str, suggestion: str) -> None:
        super().__init__(message)
        self.suggestion = suggestion


def check_note_names_nobody(study: Study, note: str) -> None:
    """A withdrawal note stays in the study, outside the identity table: refuse (NoteNamesPeople) one that
    names a person of the study, without repeating the name, proposing the note with codes."""
    hits, coded = people_named_in(study, note, study.language) if note.strip() else ([], note)
    people = len({code for _name, code in hits})
    if people:
        raise NoteNamesPeople(ngettext(
            "The note names {n} person of the study; names stay in the identity table, so nothing was saved. "
            "Write the note with codes, for example: {suggestion}",
            "The note names {n} people of the study; names stay in the identity table, so nothing was saved. "
            "Write the note with codes, for example: {suggestion}", people).format(n=people, suggestion=coded),
            coded)


# -- detection stored as proposals ---------------------------------------------------------------------
def _note_texts(study: Study, session_id: int) -> dict[int, str]:
    """note id -> text, for the session's notes that have text (a note may be a tag alone)."""
    return dict(study.db.execute("SELECT id, text FROM field_notes WHERE session_id = ? AND text != '' ORDER BY id",
                                 [session_id]).fetchall())


def _source_text(study: Study, replacement: Replacement) -> str:
    """The text a proposal points into: its segment's or its note's."""
    if replacement.note_id is not None:
        row = study.db.execute("SELECT text FROM field_notes WHERE id = ?", [replacement.note_id]).fetchone()
    else:
        row = study.db.execute("SELECT text FROM segments WHERE id = ?", [replacement.segment_id]).fetchone()
    return row[0] if row else ""


def run_detection(study: Study, session_id: int, *, use_ner: bool = True) -> dict[str, int]:
    """Detect in every segment and every field note; keep earlier decisions still valid, drop stale ones,
    add new proposals. Returns counts: new, kept, dropped."""
    language = transcript_language(study, session_id)
    segments = load_segments(study, session_id)
    notes = _note_texts(study, session_id)
    # (segment id, note id, text) for every text detection runs on.
    sources = [(s.id, None, s.text) for s in segments] + [(None, nid, text) for nid, text in notes.items()]
    index = name_index(study)
    missing = ner_missing(language, use_ner=use_ner)
    speakers = [s.speaker or None for s in segments] + [None] * len(notes)
    detections = deid_detect.detect_texts([text for _s, _n, text in sources], index, language, use_ner=use_ner,
                                          speakers=speakers)
    existing = list_replacements(study, session_id)
    texts = {s.id: s.text for s in segments}

    def current(r: Replacement) -> str:
        return notes.get(r.note_id, "") if r.note_id is not None else texts.get(r.segment_id, "")

    stale = [r for r in existing if current(r)[r.start_char:r.end_char] != r.original]
    valid = [r for r in existing if r not in stale]
    book = TagBook(study, language)
    new_rows = []
    for (segment_id, note_id, _text), found in zip(sources, detections):
        taken = [r for r in valid if r.segment_id == segment_id and r.note_id == note_id]
        for d in found:
            overlapping = [r for r in taken if d.start < r.end_char and d.end > r.start_char]
            # A text edited around a proposal ("Amélie" became "Amélie Tremblay"): the longer detection takes
            # the place of the shorter proposals it contains, unless the reviewer kept one of them.
            if overlapping and all(r.status != "rejected" and d.start <= r.start_char and r.end_char <= d.end
                                   and d.end - d.start > r.end_char - r.start_char for r in overlapping):
                stale += overlapping
                taken = [r for r in taken if r not in overlapping]
                valid = [r for r in valid if r not in overlapping]
            elif overlapping:
                continue
            new_rows.append([session_id, segment_id, note_id, d.start, d.end, d.original, d.category,
                             book.tag_for(d), d.detector])
    with study.db.atomic():
        for r in stale:
            study.db.execute("DELETE FROM deid_replacements WHERE id = ?", [r.id])
        for row in new_rows:
            study.db.execute(
                "INSERT INTO deid_replacements (session_id, segment_id, note_id, start_char, end_char, original, "
                "category, tag, detector) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
        if new_rows or stale:
            study.db.execute("DELETE FROM deid_reviews WHERE session_id = ? AND override = 0", [session_id])
        study.set_meta(f"deid_run.{session_id}", utc_now_iso())
        study.set_meta(f"deid_ner_missing.{session_id}", "1" if missing else "")
        study.set_meta(f"deid_text.{session_id}", text_fingerprint(study, session_id))
        study.audit("deid.detect", "session", session_id,
                    {"new": len(new_rows), "kept": len(valid), "dropped": len(stale), "ner": use_ner and not missing})
    log.info("session %s: %d new proposals, %d kept, %d dropped", session_id, len(new_rows), len(valid), len(stale))
    return {"new": len(new_rows), "kept": len(valid), "dropped": len(stale), "ner_missing": int(missing)}


def ner_missing(language: str, *, use_ner: bool = True) -> bool:
    """NER was asked for but spaCy or its French model cannot be loaded (a broken install, a bundle built
    with --no-ner): other people and organisations are then found only by the study's own lists and
    the shipped lists of places and institutions."""
    return use_ner and language == "fr" and not deid_entities.ner_available()


def ran_without_ner(study: Study, session_id: int) -> bool:
    """The last detection on this transcript wanted NER and did not have it: only a hand review will do."""
    return study.meta(f"deid_ner_missing.{session_id}") == "1"


def ner_missing_message() -> str:
    return _("Named-entity recognition is not installed (spaCy and its French model {model}): other people, "
             "places and organisations were searched only in the study's lists and the app's lists of places and "
             "institutions. Review these transcripts by hand; "
             "exports without a review by hand are blocked.").format(model=deid_entities.SPACY_MODEL)


def list_replacements(study: Study, session_id: int, status: str | None = None) -> list[Replacement]:
    """The session's proposals: the transcript's in segment order, then the field notes' in note order."""
    sql = f"SELECT {_REPLACEMENT_COLUMNS} FROM deid_replacements WHERE session_id = ?"
    params: list = [session_id]
    if status:
        sql += " AND status = ?"
        params.append(status)
    return [Replacement(*row) for row in study.db.execute(
        sql + " ORDER BY note_id IS NOT NULL, segment_id, note_id, start_char", params)]


def get_replacement(study: Study, replacement_id: int) -> Replacement:
    row = study.db.execute(f"SELECT {_REPLACEMENT_COLUMNS} FROM deid_replacements WHERE id = ?",
                           [replacement_id]).fetchone()
    if row is None:
        raise UserError(_("Unknown replacement."))
    return Replacement(*row)


def context(study: Study, replacement: Replacement, width: int = 60) -> tuple[str, str, str]:
    """(text before, the original, text after) within the segment or the note, for the review screen."""
    text = _source_text(study, replacement)
    before = text[max(0, replacement.start_char - width):replacement.start_char]
    after = text[replacement.end_char:replacement.end_char + width]
    return before, text[replacement.start_char:replacement.end_char], after


# -- review ---------------------------------------------------------------------------------------------
def set_status(study: Study, replacement_ids: list[int], status: str) -> None:
    if status not in STATUSES:
        raise UserError(_("Unknown status {status!r}.").format(status=status))
    if not replacement_ids:
        return
    now = utc_now_iso()
    with study.db.atomic():
        sessions = set()
        for rid in replacement_ids:
            sessions.add(get_replacement(study, rid).session_id)
            study.db.execute("UPDATE deid_replacements SET status = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ?",
                             [status, study.actor, now, rid])
        for session_id in sessions:
            study.audit(f"deid.{status}", "session", session_id, {"replacements": sorted(replacement_ids)})


def change_tag(study: Study, replacement_id: int, tag: str) -> None:
    tag = tag.strip().strip("[]").strip()
    if not tag:
        raise UserError(_("A tag cannot be empty."))
    if deid_known_names.count_name_hits(tag, name_index(study)):
        raise UserError(_("A tag cannot contain a known name."))
    replacement = get_replacement(study, replacement_id)
    with study.db.atomic():
        study.db.execute("UPDATE deid_replacements SET tag = ?, status = 'accepted', reviewed_by = ?, reviewed_at = ? "
                         "WHERE id = ?", [tag, study.actor, utc_now_iso(), replacement_id])
        study.audit("deid.change_tag", "session", replacement.session_id, {"replacement": replacement_id})


def change_tags(study: Study, replacement_ids: list[int], tag: str) -> None:
    """Give one tag to several proposals at once (all or none; each is accepted), e.g. every occurrence of a text."""
    if len(replacement_ids) == 1:
        change_tag(study, replacement_ids[0], tag)
        return
    tag = tag.strip().strip("[]").strip()
    if not tag:
        raise UserError(_("A tag cannot be empty."))
    if deid_known_names.count_name_hits(tag, name_index(study)):
        raise UserError(_("A tag cannot contain a known name."))
    replacements = [get_replacement(study, rid) for rid in replacement_ids]
    now = utc_now_iso()
    with study.db.atomic():
        for r in replacements:
            study.db.execute("UPDATE deid_replacements SET tag = ?, status = 'accepted', reviewed_by = ?, "
                             "reviewed_at = ? WHERE id = ?", [tag, study.actor, now, r.id])
        for session_id in sorted({r.session_id for r in replacements}):
            study.audit("deid.change_tag", "session", session_id,
                        {"replacements": sorted(r.id for r in replacements if r.session_id == session_id)})


def same_text(study: Study, session_id: int, replacement_ids: list[int]) -> list[int]:
    """The session's proposals (transcript and field notes) whose text is one of these proposals' texts,
    accents and case aside ("Amélie", "amelie"): the review screen's "every occurrence of this text"."""
    texts = {fold(get_replacement(study, rid).original) for rid in replacement_ids}
    return [r.id for r in list_replacements(study, session_id) if fold(r.original) in texts]


def add_identifier_everywhere(study: Study, text: str, category: str, tag: str = "", *,
                              use_ner: bool = True) -> int:
    """Add `text` to the study's identifiers, give its tag to the proposals already made for the same
    text, and detect again in every transcript; returns the number of new proposals."""
    add_identifier(study, text, category, tag)
    tag = tag.strip().strip("[]").strip()
    if tag:
        same = [r for r in _all_replacements(study) if fold(r.original) == fold(text.strip()) and r.status != "rejected"]
        with study.db.atomic():
            for r in same:
                study.db.execute("UPDATE deid_replacements SET tag = ?, category = ? WHERE id = ?", [tag, category, r.id])
    total = 0
    for session_id in sessions_to_deidentify(study):
        total += run_detection(study, session_id, use_ner=use_ner)["new"]
    return total


def sessions_to_deidentify(study: Study) -> list[int]:
    """Sessions with a transcript or with field notes that have text, in id order."""
    return [row[0] for row in study.db.execute(
        "SELECT session_id FROM segments UNION SELECT session_id FROM field_notes WHERE text != '' ORDER BY 1")]


def add_as_identifier_everywhere(study: Study, replacement_id: int, category: str | None = None,
                                 tag: str = "", *, use_ner: bool = True) -> int:
    """The review screen's "add as identifier everywhere" for one proposal (a rejected one is accepted)."""
    replacement = get_replacement(study, replacement_id)
    category = category or (replacement.category if replacement.category in IDENTIFIER_CATEGORIES else "person")
    if replacement.status == "rejected":
        set_status(study, [replacement_id], "accepted")
    return add_identifier_everywhere(study, replacement.original, category, tag, use_ner=use_ner)


def _all_replacements(study: Study) -> list[Replacement]:
    return [Replacement(*row) for row in study.db.execute(
        f"SELECT {_REPLACEMENT_COLUMNS} FROM deid_replacements ORDER BY id")]


def mark_reviewed(study: Study, session_id: int, *, by_hand: bool = True) -> int:
    """Record the review; proposals left undecided are accepted (the safe side). Returns how many were.
    `by_hand=False` (accepting everything unseen, `deidentify --accept`) is refused when NER was missing."""
    pending = [r.id for r in list_replacements(study, session_id, "proposed")]
    if not by_hand and ran_without_ner(study, session_id):
        raise UserError(ner_missing_message())
    if not study.meta(f"deid_run.{session_id}"):
        raise UserError(_("Run the deidentification before marking it reviewed."))
    if _changed_since_detection(study, session_id):
        raise UserError(_("The transcript changed after the deidentification ran; run it again before marking "
                          "it reviewed."))
    with study.db.atomic():
        set_status(study, pending, "accepted")
        study.db.execute("INSERT OR REPLACE INTO deid_reviews (session_id, reviewed_by, reviewed_at, override, "
                         "override_reason) VALUES (?, ?, ?, 0, '')", [session_id, study.actor, utc_now_iso()])
        study.set_meta(f"deid_review_text.{session_id}", text_fingerprint(study, session_id))
        study.audit("deid.review", "session", session_id, {"accepted_pending": len(pending)})
    return len(pending)


def override_review(study: Study, session_id: int, reason: str) -> None:
    """Allow an export without review: explicit, with a reason, logged."""
    reason = reason.strip()
    if not reason:
        raise UserError(_("An override needs a reason."))
    if ran_without_ner(study, session_id):
        raise UserError(ner_missing_message())
    with study.db.atomic():
        study.db.execute("INSERT OR REPLACE INTO deid_reviews (session_id, reviewed_by, reviewed_at, override, "
                         "override_reason) VALUES (?, ?, ?, 1, ?)", [session_id, study.actor, utc_now_iso(), reason])
        study.audit("deid.override", "session", session_id, {"reason_length": len(reason)})
    log.warning("session %s: deidentification review overridden", session_id)


def text_fingerprint(study: Study, session_id: int) -> str:
    """A hash of the transcript's and the field notes' text: proposals (character offsets) and reviews hold
    only for the text they were made on, so a note written or edited after the review makes it stale.
    Content, not clock time, so that two changes in one millisecond still count. A session without notes
    hashes as it did before notes were reviewed."""
    digest = hashlib.sha256()
    for segment_id, speaker, text in study.db.execute(
            "SELECT id, speaker, text FROM segments WHERE session_id = ? ORDER BY id", [session_id]):
        digest.update(f"{segment_id}\x1f{speaker}\x1f{text}\x1e".encode("utf-8"))
    for note_id, text in _note_texts(study, session_id).items():
        digest.update(f"note\x1f{note_id}\x1f{text}\x1e".encode("utf-8"))
    return digest.hexdigest()


def _changed_since_detection(study: Study, session_id: int) -> bool:
    return study.meta(f"deid_text.{session_id}") != text_fingerprint(study, session_id)


def review_state(study: Study, session_id: int) -> ReviewState:
    if study.db.execute("SELECT 1 FROM segments WHERE session_id = ? LIMIT 1", [session_id]).fetchone() is None \
            and not _note_texts(study, session_id):
        return ReviewState("empty")
    review = study.db.execute("SELECT reviewed_at, override FROM deid_reviews WHERE session_id = ?",
                              [session_id]).fetchone()
    if review and review[1]:
        return ReviewState("overridden")
    pending = study.db.execute("SELECT COUNT(*) FROM deid_replacements WHERE session_id = ? AND status = 'proposed'",
                               [session_id]).fetchone()[0]
    if not study.meta(f"deid_run.{session_id}"):
        return ReviewState("not_run")
    current = text_fingerprint(study, session_id)
    if current != study.meta(f"deid_text.{session_id}") or (
            review is not None and current != study.meta(f"deid_review_text.{session_id}")):
        return ReviewState("stale", pending)
    if review is None:
        return ReviewState("pending", pending)
    return ReviewState("reviewed")


def segment_replacements(study: Study, session_id: int) -> dict[int, list[tuple[int, int, str]]]:
    """segment id -> spans to replace (everything not rejected), for the export model."""
    texts = dict(study.db.execute("SELECT id, text FROM segments WHERE session_id = ?", [session_id]).fetchall())
    return _spans(study, session_id, texts, lambda r: r.segment_id)


def note_replacements(study: Study, session_id: int) -> dict[int, list[tuple[int, int, str]]]:
    """field note id -> spans to replace (everything not rejected), for the export model."""
    return _spans(study, session_id, _note_texts(study, session_id), lambda r: r.note_id)


def _spans(study: Study, session_id: int, texts: dict[int, str], source) -> dict[int, list[tuple[int, int, str]]]:
    spans: dict[int, list[tuple[int, int, str]]] = {}
    misplaced = 0
    for r in list_replacements(study, session_id):
        key = source(r)
        if r.status == "rejected" or key is None:
            continue
        if texts.get(key, "")[r.start_char:r.end_char] != r.original:
            misplaced += 1  # the text moved under it; the export's final scan still guards known names
            continue
        spans.setdefault(key, []).append((r.start_char, r.end_char, r.tag))
    if misplaced:
        log.warning("session %s: %d replacement(s) no longer match their text", session_id, misplaced)
    return spans


def rejected_name_keys(study: Study, session_ids: list[int]) -> dict[str, int]:
    """Known-name keys the reviewer decided to keep (e.g. "claire" the adjective), with their counts:
    the final scan of an export allows exactly those."""
    allowed: dict[str, int] = {}
    index = name_index(study)
    for session_id in session_ids:
        for r in list_replacements(study, session_id, "rejected"):
            for key, n in deid_known_names.count_name_hits(r.original, index).items():
                allowed[key] = allowed.get(key, 0) + n
    return allowed


# -- answers that leave the study (free-text case variables) --------------------------------------------
def deidentify_answer(study: Study, text: str, language: str, index: NameIndex | None = None) -> str:
    """Deidentify a questionnaire answer put in an export (a free-text case variable, e.g. an employer):
    any text the study's reviews replace in a transcript or a note (not rejected) gets the very tag it
    has there, matched whole-word and case-insensitively, so that "CIUSSS de l'Estrie" is the same tag in
    the answers as in the words; then everything detection finds, as in `deidentify_text`."""
    index = index or name_index(study)
    book = TagBook(study, language, allocate=False)
    reviewed: list[Detection] = []
    for original, category, tag, detector, _first in study.db.execute(
            "SELECT original, category, tag, detector, MIN(id) FROM deid_replacements WHERE status != 'rejected' "
            "GROUP BY original, category ORDER BY length(original) DESC").fetchall():
        if len(original.strip()) < 3:
            continue
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in original.split()) + r"(?!\w)", re.I)
        for match in pattern.finditer(text):
            # The stored tag, as the transcript's export writes it (`segment_replacements`).
            reviewed.append(Detection(match.start(), match.end(), match.group(), category, detector, code=tag, tag=tag))
    detected = deid_detect.detect_texts([text], index, language)[0]
    # A reviewed word inside a longer person's name that detection finds here gives way to it: "Isabelle" reviewed in
    # a transcript must not leave the "O'Connor" of "Dr Isabelle O'Connor" behind.
    reviewed = [r for r in reviewed if not any(
        d.category in ("known", "person") and d.start <= r.start and r.end <= d.end and d.end - d.start > r.end - r.start
        for d in detected)]
    spans = [(d.start, d.end, book.tag_for(d)) for d in deid_detect.merge(reviewed, detected)]
    return apply(text, spans)
