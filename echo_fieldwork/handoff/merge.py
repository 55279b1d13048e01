"""Taking a corrected transcript back: a three-way merge, segment by segment, against the transcript as sent.

The base is what the study sent (kept in the study, `handoff.exchange`); "mine" is the study's transcript
now; "theirs" is the returned one. Segments keep their ids across the trip, so each segment of the base is
compared on both sides: changed on one side only, that side wins; changed on both sides in different ways
(or changed on one, deleted on the other), it is a conflict shown side by side, and nothing is decided
without the user (`keep mine`, `keep theirs`, or an edited text). A segment new on one side (a split, a
stretch transcribed again) goes with the base segment it lies in: it is taken with it, or part of its
conflict. The whole merge is one undoable step (`correction.edits.Change`) and one audit entry; the
package id is remembered, so the same package is never merged twice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from echo_fieldwork.correction.edits import Change, commit_rows, copy_segment, realign_words, rows_key
from echo_fieldwork.errors import UserError
from echo_fieldwork.handoff.exchange import OUT, RECEIVED, base_of, study_id, workspace_info
from echo_fieldwork.handoff.package import PackageError, read_package
from echo_fieldwork.i18n import _
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import format_ms, utc_now_iso
from echo_fieldwork.transcript.segments import Segment, Word, load_segments

KEEP_MINE, KEEP_THEIRS, EDIT = "mine", "theirs", "edit"


@dataclass
class Conflict:
    """One base segment changed on both sides: the rows each side has in its place (0, 1 or several)."""
    base: Segment
    mine: list[Segment]
    theirs: list[Segment]

    @property
    def start_ms(self) -> int:
        return self.base.start_ms

    def label(self) -> str:
        return format_ms(self.base.start_ms)


@dataclass
class Resolution:
    choice: str                 # KEEP_MINE, KEEP_THEIRS or EDIT
    text: str = ""              # the edited text (EDIT)


@dataclass
class MergePlan:
    """What receiving a package would do; nothing is written until `apply_merge`."""
    session_id: int
    code: str
    package_id: str
    returned_by: str
    before: list[Segment] = field(default_factory=list)     # rows replaced without conflict …
    after: list[Segment] = field(default_factory=list)      # … by these
    conflicts: list[Conflict] = field(default_factory=list)
    taken: int = 0                                          # base segments taken from theirs
    kept: int = 0                                           # base segments changed only here
    manifest: dict = field(default_factory=dict)

    @property
    def theirs_ids(self) -> set[int]:
        return {s.id for s in self.after if s.id is not None}


def _segment(row: dict, session_id: int, *, keep_id: bool = True) -> Segment:
    words = json.loads(row.get("words") or "[]") if isinstance(row.get("words"), str) else row.get("words", [])
    return Segment(row["id"] if keep_id else None, session_id, row["start_ms"], row["end_ms"], row["text"],
                   row.get("speaker", ""), [Word(**w) for w in words], row.get("flags", ""), row.get("model", ""))


def _same(a: Segment | None, b: Segment | None) -> bool:
    if a is None or b is None:
        return a is b
    return rows_key([replace(a, id=0)]) == rows_key([replace(b, id=0)])


def _home(row: Segment, base: dict[int, Segment]) -> int | None:
    """The base segment a new row lies in (by its middle), or None."""
    middle = (row.start_ms + row.end_ms) / 2
    for seg in base.values():
        if seg.start_ms <= middle <= seg.end_ms:
            return seg.id
    return None


def read_return(study: Study, package: Path | str, passphrase: str) -> dict:
    """The manifest of a return package meant for this study and still awaited; a clear refusal otherwise."""
    if workspace_info(study) is not None:
        raise UserError(_("This is a correction workspace: receive the package in the study that sent it."))
    manifest, _tracks = read_package(Path(package), passphrase)
    if manifest.get("kind") != "return":
        raise PackageError(_("This package is a session sent for correction, not a corrected transcript: open it "
                             "as a workspace (File ▸ Open a correction package)."))
    if manifest["origin_study_id"] != study_id(study):
        raise UserError(_("This corrected transcript was sent by another study; it was not received here."))
    received = study.meta(RECEIVED + manifest["package_id"])
    if received:
        raise UserError(_("This corrected transcript of {code} was already received ({at}); nothing was "
                          "changed.").format(code=manifest["code"], at=received))
    record = base_of(study, int(manifest["session_id"]))
    if record is None or record["package_id"] != manifest["package_id"]:
        raise UserError(_("This package of {code} is not the one the study is waiting for (the session was sent "
                          "again, or its hand-off was cancelled); nothing was changed.").format(code=manifest["code"]))
    return manifest


def plan_merge(study: Study, manifest: dict) -> MergePlan:
    sid = int(manifest["session_id"])
    record = base_of(study, sid)
    base = {row["id"]: _segment(row, sid) for row in record["base"]}
    mine = {s.id: s for s in load_segments(study, sid)}
    theirs = {row["id"]: _segment(row, sid) for row in manifest["segments"]}
    plan = MergePlan(sid, manifest["code"], manifest["package_id"], manifest.get("returned_by", ""), manifest=manifest)
    mine_new: dict[int | None, list[Segment]] = {}
    for seg in mine.values():
        if seg.id not in base:
            mine_new.setdefault(_home(seg, base), []).append(seg)
    theirs_new: dict[int | None, list[Segment]] = {}
    for seg in theirs.values():
        if seg.id not in base:
            theirs_new.setdefault(_home(seg, base), []).append(replace(copy_segment(seg), id=None))
    conflicting: set[int] = set()
    for bid, b in sorted(base.items(), key=lambda item: (item[1].start_ms, item[0])):
        m, t = mine.get(bid), theirs.get(bid)
        m_changed, t_changed = not _same(m, b), not _same(t, b)
        if not t_changed:
            continue
        if not m_changed:
            plan.taken += 1
            if m is not None:
                plan.before.append(m)
            if t is not None:
                plan.after.append(copy_segment(t))
        elif not _same(m, t):
            conflicting.add(bid)
            plan.conflicts.append(Conflict(b, ([m] if m else []) + mine_new.get(bid, []),
                                           ([t] if t else []) + theirs_new.get(bid, [])))
    plan.kept = sum(1 for bid, b in base.items() if not _same(mine.get(bid), b) and _same(theirs.get(bid), b))
    for home, rows in theirs_new.items():
        if home not in conflicting:
            plan.after.extend(rows)
    # A row deleted here and taken from theirs again cannot keep its id (another segment may have it now).
    for seg in plan.after:
        if seg.id is not None and seg.id not in mine:
            seg.id = None
    return plan


def _resolved_rows(conflict: Conflict, resolution: Resolution) -> list[Segment]:
    if resolution.choice == KEEP_MINE:
        return [copy_segment(s) for s in conflict.mine]
    if resolution.choice == KEEP_THEIRS:
        rows = [copy_segment(s) for s in conflict.theirs]
    elif resolution.choice == EDIT:
        sides = conflict.theirs + conflict.mine
        text = " ".join(resolution.text.split())
        if not text:
            return []
        model = conflict.theirs[0] if conflict.theirs else (conflict.mine[0] if conflict.mine else conflict.base)
        start = min(s.start_ms for s in sides) if sides else conflict.base.start_ms
        end = max(s.end_ms for s in sides) if sides else conflict.base.end_ms
        rows = [replace(copy_segment(model), id=conflict.base.id, start_ms=start, end_ms=end, text=text,
                        words=realign_words(model.words, text, start, end))]
    else:
        raise ValueError(resolution.choice)
    mine_ids = {s.id for s in conflict.mine}
    for seg in rows:
        if seg.id is not None and seg.id not in mine_ids:
            seg.id = None
    return rows


def apply_merge(study: Study, plan: MergePlan, resolutions: dict[int, Resolution] | None = None) -> Change:
    """Write the merge in one transaction (one undoable step, audited). Every conflict needs a resolution
    (by index in `plan.conflicts`); otherwise nothing is written."""
    resolutions = resolutions or {}
    missing = [c for i, c in enumerate(plan.conflicts) if i not in resolutions]
    if missing:
        raise UserError(_("{count} segment(s) of {code} were changed both here and by the assistant; choose a "
                          "version for each (keep mine, keep theirs or edit). Nothing was changed.").format(
                              count=len(missing), code=plan.code),
                        details=[_("at {time}").format(time=c.label()) for c in missing])
    before = list(plan.before)
    after = [copy_segment(s) for s in plan.after]
    counts = {KEEP_MINE: 0, KEEP_THEIRS: 0, EDIT: 0}
    for index, conflict in enumerate(plan.conflicts):
        resolution = resolutions[index]
        counts[resolution.choice] += 1
        if resolution.choice != KEEP_MINE:
            before.extend(conflict.mine)
            after.extend(_resolved_rows(conflict, resolution))
    manifest = plan.manifest
    sid = plan.session_id
    with study.db.atomic():
        change = commit_rows(study, before, after, "handoff.merge", len(after))
        _merge_review(study, plan)
        study.db.execute("DELETE FROM study WHERE key = ?", [OUT + str(sid)])
        study.set_meta(RECEIVED + plan.package_id, utc_now_iso())
        study.audit("handoff.receive", "session", sid, {
            "code": plan.code, "package": plan.package_id, "taken": plan.taken, "kept": plan.kept,
            "conflicts": len(plan.conflicts), "keep_mine": counts[KEEP_MINE], "keep_theirs": counts[KEEP_THEIRS],
            "edited": counts[EDIT], "returned_by": manifest.get("returned_by", "")})
    return change


def _merge_review(study: Study, plan: MergePlan) -> None:
    """Bring back the assistant's deidentification decisions for the segments taken from them and the field
    notes the study has as they had them, the study's new identifiers and keep words, and the review itself
    when the merged transcript and notes are exactly theirs."""
    from echo_fieldwork.deid.deidentify import text_fingerprint

    manifest, sid = plan.manifest, plan.session_id
    deid = manifest["deid"]
    for row in deid["identifiers"]:
        study.db.execute("INSERT OR IGNORE INTO deid_identifiers (text, category, tag, created_at) VALUES (?, ?, ?, ?)",
                         [row["text"], row["category"], row["tag"], row["created_at"]])
    for row in deid["keep_words"]:
        study.db.execute("INSERT OR IGNORE INTO deid_keep_words (word, created_at) VALUES (?, ?)",
                         [row["word"], row["created_at"]])
    # A segment of the merged transcript whose text is theirs takes their proposals and decisions (the
    # offsets hold for that text); a segment kept as it is here keeps ours.
    by_content: dict[tuple, list[int]] = {}
    for row in manifest["segments"]:
        by_content.setdefault((row["start_ms"], row["end_ms"], row["speaker"], row["text"]), []).append(row["id"])
    proposals: dict[int, list[dict]] = {}
    for r in deid["replacements"]:
        proposals.setdefault(r["segment_id"], []).append(r)
    for seg in load_segments(study, sid):
        candidates = by_content.get((seg.start_ms, seg.end_ms, seg.speaker, seg.text))
        if not candidates:
            continue
        their_id = seg.id if seg.id in candidates else candidates[0]
        candidates.remove(their_id)
        study.db.execute("DELETE FROM deid_replacements WHERE segment_id = ?", [seg.id])
        for r in proposals.get(their_id, []):
            study.db.execute(
                "INSERT INTO deid_replacements (session_id, segment_id, start_char, end_char, original, category, "
                "tag, detector, status, reviewed_by, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [sid, seg.id, r["start_char"], r["end_char"], r["original"], r["category"], r["tag"],
                 r["detector"], r["status"], r["reviewed_by"], r["reviewed_at"]])
    # A note with the same text here as there takes their decisions (offsets hold); one changed here keeps ours.
    their_notes = {row["id"]: row["text"] for row in manifest.get("field_notes", [])}
    our_notes = dict(study.db.execute("SELECT id, text FROM field_notes WHERE session_id = ?", [sid]).fetchall())
    same_notes = [note_id for note_id, text in our_notes.items() if their_notes.get(note_id) == text]
    for note_id in same_notes:
        study.db.execute("DELETE FROM deid_replacements WHERE note_id = ?", [note_id])
        for r in deid["replacements"]:
            if r.get("note_id") == note_id:
                study.db.execute(
                    "INSERT INTO deid_replacements (session_id, note_id, start_char, end_char, original, category, "
                    "tag, detector, status, reviewed_by, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [sid, note_id, r["start_char"], r["end_char"], r["original"], r["category"], r["tag"],
                     r["detector"], r["status"], r["reviewed_by"], r["reviewed_at"]])
    merged = [(s.start_ms, s.end_ms, s.speaker, s.text) for s in load_segments(study, sid)]
    theirs = sorted((r["start_ms"], r["end_ms"], r["speaker"], r["text"]) for r in manifest["segments"])
    meta = deid["meta"]
    # An older package carries no notes: its review is taken only for a session without notes.
    notes_as_theirs = our_notes == their_notes
    if merged == theirs and notes_as_theirs and meta.get("deid_run"):
        # The transcript is exactly the one the assistant ran and reviewed the deidentification on.
        fingerprint = text_fingerprint(study, sid)
        study.set_meta(f"deid_run.{sid}", meta["deid_run"])
        study.set_meta(f"deid_ner_missing.{sid}", meta.get("deid_ner_missing", ""))
        if meta.get("deid_text"):
            study.set_meta(f"deid_text.{sid}", fingerprint)
        review = deid["review"]
        if review and meta.get("deid_review_text"):
            study.db.execute("INSERT OR REPLACE INTO deid_reviews (session_id, reviewed_by, reviewed_at, override, "
                             "override_reason) VALUES (?, ?, ?, ?, ?)",
                             [sid, review[0]["reviewed_by"], review[0]["reviewed_at"], review[0]["override"],
                              review[0]["override_reason"]])
            study.set_meta(f"deid_review_text.{sid}", fingerprint)
    # The review status (draft, corrected, verified): theirs, unless it was changed here meanwhile too.
    transcript = manifest["transcript"]
    current = (study.db.execute("SELECT review_status FROM transcripts WHERE session_id = ?", [sid]).fetchone()
               or ["draft"])[0]
    sent = (base_of(study, sid) or {}).get("review_status", "draft")
    if transcript and current == sent and transcript[0]["review_status"] != current:
        study.db.execute("INSERT OR IGNORE INTO transcripts (session_id) VALUES (?)", [sid])
        study.db.execute("UPDATE transcripts SET review_status = ?, status_by = ?, status_at = ? WHERE session_id = ?",
                         [transcript[0]["review_status"], transcript[0]["status_by"], transcript[0]["status_at"], sid])


def receive(study: Study, package: Path | str, passphrase: str, *, keep: str | None = None) -> tuple[MergePlan, Change]:
    """Receive a return package headlessly: without `keep`, a conflict refuses the whole merge (listed);
    with keep="mine"/"theirs", every conflict is resolved that way."""
    manifest = read_return(study, package, passphrase)
    plan = plan_merge(study, manifest)
    resolutions = {i: Resolution(keep) for i in range(len(plan.conflicts))} if keep else {}
    return plan, apply_merge(study, plan, resolutions)
