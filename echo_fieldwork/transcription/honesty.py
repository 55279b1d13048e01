"""Honest output: no text where no one spoke, and `[inaudible]` where the decoder only guessed.

Applied by the child to every decoded segment (`honest`), whatever the strategy, after the engine's own
fallback. The rules, measured in docs/performance.md ("Honest output"):

- **Nothing heard**: Whisper's own rule (its `no_speech_threshold` 0.6 with `log_prob_threshold` -1.0):
  a segment the model judged probably silent *and* decoded with a low probability is dropped.
- **Phantom lines**: Whisper learned subtitle credits from films; on noise it writes them. A credit line
  ("Sous-titres réalisés par la communauté d'Amara.org", "Sous-titrage ST' 501") is never speech in an
  interview: always dropped. A closing line that people also really say ("Merci d'avoir regardé",
  "Merci de votre attention", "Merci.") is dropped only when the decoder doubted it (no-speech
  probability, segment or word probabilities low).
- **Inaudible**: a segment whose words the decoder guessed (mean word probability under
  `INAUDIBLE_MEAN_PROBABILITY`, or under `INAUDIBLE_UNLIKELY_MEAN_PROBABILITY` in a window decoded with a
  log-probability under `LOG_PROB_THRESHOLD`, or a loop the fallback could not undo in such a window) is stored with the text `[inaudible]` and the flag `inaudible`; its
  words (times, the machine's guess and probabilities) are kept, so the editor shows the guess and the
  transcriber can restore it after listening. `[inaudible]` is the marker of both French and English
  transcription conventions, so it is not translated: it is transcript text, exported as such.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from echo_fieldwork.transcription.protocol import SegmentDecoded

INAUDIBLE = "[inaudible]"
INAUDIBLE_FLAG = "inaudible"

# Whisper's defaults (transcribe(no_speech_threshold=0.6, log_prob_threshold=-1.0)).
NO_SPEECH_THRESHOLD = 0.6
LOG_PROB_THRESHOLD = -1.0
# Chosen by measuring (docs/performance.md): no dev-set segment is under 0.6 (the lowest is 0.67); on the
# same speech made quiet, the segments under 0.45 had 97 % of their words wrong, under 0.6 93 %.
INAUDIBLE_MEAN_PROBABILITY = 0.45
# …and under this one when the window's log-probability is also under LOG_PROB_THRESHOLD.
INAUDIBLE_UNLIKELY_MEAN_PROBABILITY = 0.6
# A closing line is dropped as a phantom when one of these says the decoder doubted it.
PHANTOM_NO_SPEECH = 0.3
PHANTOM_MEAN_PROBABILITY = 0.6

# Subtitle credits: never said in an interview. Matched on the normalised text (see `_normalised`).
_CREDITS = [re.compile(pattern) for pattern in (
    r"\bamara\s*org\b",
    r"^sous titr\w*\s+(st \d|st$|realise|fait par|par\b|societe radio canada)",
    r"^(subtitles|subtitled|captions|captioned) by\b",
)]
# Closing lines of videos, which people may also say: dropped only with doubt.
_CLOSINGS = {
    "merci", "merci beaucoup", "merci a tous", "merci a vous", "merci d avoir regarde",
    "merci d avoir regarde cette video", "merci de votre attention", "merci pour votre attention",
    "merci de nous avoir suivis", "merci d avoir ecoute", "abonnez vous", "n oubliez pas de vous abonner",
    "a bientot", "au revoir", "a la prochaine", "sous titres", "thank you", "thanks for watching",
    "thank you for watching", "thank you very much", "please subscribe", "bye",
}


def _normalised(text: str) -> str:
    """Lower case, accents off, punctuation and apostrophes as spaces, spaces single."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[’'`´]", " ", text)
    text = re.sub(r"[^\w\s:]", " ", text)
    return " ".join(text.split())


def mean_word_probability(seg: SegmentDecoded) -> float | None:
    return sum(w.probability for w in seg.words) / len(seg.words) if seg.words else None


def nothing_heard(seg: SegmentDecoded) -> bool:
    """Whisper's rule: probably no speech, and what was decoded is unlikely."""
    return seg.no_speech_prob > NO_SPEECH_THRESHOLD and seg.avg_logprob < LOG_PROB_THRESHOLD


def is_credit(text: str) -> bool:
    normalised = _normalised(text)
    return any(pattern.search(normalised) for pattern in _CREDITS)


def is_closing(text: str) -> bool:
    return _normalised(text).replace(":", "").strip() in _CLOSINGS


def doubted(seg: SegmentDecoded) -> bool:
    mean = mean_word_probability(seg)
    return (seg.no_speech_prob >= PHANTOM_NO_SPEECH or seg.avg_logprob < LOG_PROB_THRESHOLD
            or (mean is not None and mean < PHANTOM_MEAN_PROBABILITY))


def is_phantom(seg: SegmentDecoded) -> bool:
    """A line Whisper writes over silence or noise: a subtitle credit, or a doubted closing line."""
    return is_credit(seg.text) or (is_closing(seg.text) and doubted(seg))


def inaudible(seg: SegmentDecoded) -> bool:
    """Guessed: the words' mean probability is very low, or low in a window decoded as unlikely; or a loop
    the fallback could not undo (flag `repetition`) in a window decoded as unlikely."""
    mean = mean_word_probability(seg)
    if mean is None:
        return False
    unlikely = seg.avg_logprob < LOG_PROB_THRESHOLD
    return (mean < INAUDIBLE_MEAN_PROBABILITY or (unlikely and mean < INAUDIBLE_UNLIKELY_MEAN_PROBABILITY)
            or (unlikely and seg.flags == "repetition"))


def judged(seg: SegmentDecoded) -> SegmentDecoded | None:
    """The segment as it should be stored: None when no one spoke (or only punctuation came out), `[inaudible]`
    when the words were only guessed, else the segment as decoded."""
    if not re.search(r"\w", seg.text) or nothing_heard(seg) or is_phantom(seg):  # "…": no words at all
        return None
    if inaudible(seg):
        return replace(seg, text=INAUDIBLE, flags=INAUDIBLE_FLAG)
    return seg


def honest(messages):
    """Pass the child's messages on, each decoded segment judged (dropped, marked, or as it was)."""
    for message in messages:
        if isinstance(message, SegmentDecoded):
            message = judged(message)
            if message is None:
                continue
        yield message
