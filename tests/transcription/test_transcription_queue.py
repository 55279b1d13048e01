"""The persistent queue: several sessions, restart recovery, failures recorded, keep-awake reported."""

from __future__ import annotations

from echo_fieldwork.study.study import Study
from echo_fieldwork.transcript.segments import load_segments
from echo_fieldwork.transcription.job_queue import (
    KeepAwake,
    QueueRunner,
    cancel_queued,
    enqueue,
    list_jobs,
    recover_interrupted,
    retry,
)
from tests.transcription.helpers import add_audio, make_session


def test_queue_runs_several_sessions_and_records_failures(study, short_speech) -> None:
    first = make_session(study, "E01")
    add_audio(study, first, short_speech, "e01.wav")
    without_audio = make_session(study, "E02")
    third = make_session(study, "E03")
    add_audio(study, third, short_speech, "e03.wav")
    ids = enqueue(study.db, [first, without_audio, third])
    assert enqueue(study.db, [first]) == ids[:1]  # not queued twice
    finished, awake = [], []
    runner = QueueRunner(study, on_job_finished=lambda *a: finished.append(a),
                         on_keep_awake=lambda active, reason: awake.append((active, reason)))
    assert runner.run() == 2
    assert [(job_id, status) for job_id, status, _m in finished] == [(ids[0], "done"), (ids[1], "failed"),
                                                                      (ids[2], "done")]
    assert "no recording" in finished[1][2]
    jobs = {j.id: j for j in list_jobs(study.db)}
    assert jobs[ids[1]].status == "failed" and "no recording" in jobs[ids[1]].error
    assert load_segments(study, first) and load_segments(study, third)
    assert len(awake) == 1 and (awake[0][0] or awake[0][1])  # kept awake, or told why not


def test_queue_survives_a_restart(study, short_speech) -> None:
    session_id = make_session(study)
    add_audio(study, session_id, short_speech)
    [job_id] = enqueue(study.db, [session_id])
    study.db.execute("UPDATE transcription_jobs SET status = 'running' WHERE id = ?", [job_id])  # app crashed
    folder = study.folder
    study.close()
    with Study.open(folder) as reopened:
        assert recover_interrupted(reopened.db) == 1
        assert [j.status for j in list_jobs(reopened.db)] == ["queued"]
        assert QueueRunner(reopened).run() == 1
        assert list_jobs(reopened.db)[0].status == "done"


def test_cancel_and_retry_queued_jobs(study) -> None:
    session_id = make_session(study)
    [job_id] = enqueue(study.db, [session_id])
    cancel_queued(study.db, job_id)
    assert list_jobs(study.db)[0].status == "cancelled"
    retry(study.db, job_id)
    assert list_jobs(study.db)[0].status == "queued"


def test_keep_awake_reports_whether_it_works() -> None:
    with KeepAwake() as awake:
        assert awake.active or awake.reason
    assert not awake.active


def test_queueing_a_stopped_session_again_resumes_its_job(study) -> None:
    session_id = make_session(study)
    [job_id] = enqueue(study.db, [session_id])
    study.db.execute("UPDATE transcription_jobs SET status = 'failed', error = 'x' WHERE id = ?", [job_id])
    assert enqueue(study.db, [session_id], language="fr") == [job_id]
    job = list_jobs(study.db)[0]
    assert (job.status, job.error, job.language) == ("queued", "", "fr")
    [range_job] = enqueue(study.db, [session_id], range_ms=(0, 1000))
    assert range_job != job_id and len(list_jobs(study.db)) == 2
