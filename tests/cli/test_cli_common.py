"""What every command shares: how a list option is read, and how a study is opened."""

import logging
from pathlib import Path

from echo_fieldwork import logs
from echo_fieldwork.cli.main import comma_list, open_study
from echo_fieldwork.people import identity
from echo_fieldwork.people.participants import add_participant


def test_comma_list_drops_blanks_and_spaces():
    assert comma_list(" P01, P02,,P03 ,") == ["P01", "P02", "P03"]
    assert comma_list("") == []


def test_a_command_opening_a_study_masks_its_names_in_the_log(study, fresh_log):
    participant = add_participant(study, "P01", "participant")
    identity.set_identity(study, identity.Identity(participant.id, full_name="Gisèle Ouellette"))
    folder = study.folder
    study.close()
    with open_study(str(folder)) as opened:
        logging.getLogger("echo_fieldwork.test").warning("a careless line about %s", "Gisèle Ouellette")
        assert opened.folder == folder
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(Path(fresh_log).glob("echo-fieldwork.log*")))
    assert "a careless line about" in text and logs.MASK in text
    assert "Ouellette" not in text and "Gisèle" not in text
