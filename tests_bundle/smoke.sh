#!/usr/bin/env bash
# Smoke test of the built Linux bundle, run by .ci/run after the test suite.
# Runs dist/echo-fieldwork/echo-fieldwork as a new user would, with the network unavailable and without the
# development virtualenv: create a study, add consenting participants and a focus group, import a short
# French recording, transcribe it with the bundled model, deidentify, export a DOCX; then start the GUI
# offscreen up to the main window. Prints the bundle size and start-up time.
#   tests_bundle/smoke.sh            # build, then test
#   SKIP_BUILD=1 tests_bundle/smoke.sh
#   SMOKE_NO_UNSHARE=1 ...           # test the fallback network guard instead of unshare -n
#   SMOKE_NO_STRACE=1 ...            # skip the strace check (where ptrace is not allowed)
# unshare -n only prevents network use; every run is also traced with strace (when installed) and the logs read
# by tools/strace_network.py, so that an attempt (onnxruntime's telemetry, a DNS lookup) fails the smoke test.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY="${PYTHON:-$ROOT/.venv/bin/python}"
EXE="$ROOT/dist/echo-fieldwork/echo-fieldwork"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  "$PY" build_installer.py
fi
[ -x "$EXE" ] || { echo "smoke: no bundle at $EXE" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
STUDY="$WORK/Etude_pilote"

# No network: a new network namespace when we may create one (root in CI), else the bundle's audit hook.
if [ "${SMOKE_NO_UNSHARE:-0}" != 1 ] && unshare -n true 2>/dev/null; then
  OFFLINE=(unshare -n)
  echo "smoke: network cut with unshare -n"
else
  OFFLINE=()
  DENY=ECHO_FIELDWORK_DENY_NETWORK=1
  echo "smoke: unshare unavailable; the bundle's audit hook refuses network access"
fi

# Network use seen from outside: each run of the bundle writes an strace log under $WORK/traces.
STRACE=""
if [ "${SMOKE_NO_STRACE:-0}" != 1 ]; then
  STRACE=$(command -v strace || true)
  [ -n "$STRACE" ] || echo "smoke: strace not installed: network use is prevented but not checked" >&2
fi
mkdir -p "$WORK/traces"
traced() {  # the command prefix that traces one run (nothing without strace)
  [ -z "$STRACE" ] || echo "$STRACE -f -qq -e trace=%network,openat -e signal=none -o $(mktemp "$WORK/traces/XXXXXX")"
}

# A clean environment: nothing from the developer's virtualenv or Python path can help the bundle.
bundle() {
  # shellcheck disable=SC2046  # traced prints words to split ($WORK is a mktemp path without spaces)
  env -i PATH=/usr/bin:/bin HOME="$WORK" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
    ECHO_FIELDWORK_HOME="$WORK/app-home" ${DENY:-} "${OFFLINE[@]}" $(traced) "$EXE" "$@"
}

elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }'; }

step() {
  local label=$1 started=$EPOCHREALTIME; shift
  echo "smoke: $label"
  bundle "$@"
  echo "smoke:   $label took $(elapsed "$started") s"
}

# A short French recording, as an MP3 (decoded by the bundled PyAV).
espeak-ng -v fr+m3 -s 150 -w "$WORK/speech.wav" \
  "Bonjour à tous. Merci d'être venus aujourd'hui pour parler de la télémédecine. Je travaille avec Sophie Gagnon à Montréal."
ffmpeg -loglevel error -y -i "$WORK/speech.wav" -ar 22050 -ac 1 "$WORK/groupe.mp3"

bundle --version
step "init" init "$STUDY" --title "Étude pilote" --language fr
step "participants" participants add "$STUDY" --code P01
bundle participants add "$STUDY" --code P02 >/dev/null
# The consent form is the team's own: its fields are filled in before anyone can consent on it.
cp "$ROOT/tests/data/consent_filled_fr.md" "$WORK/consentement.md"
FORM=(--language fr --text "$WORK/consentement.md" --ethics-reference MP-21-2026-1234 --ethics-date 2026-01-15)
step "consent form" consent-form set "$STUDY" "${FORM[@]}"
step "consent" consent "$STUDY" P01 --mode oral --agree audio,quotes
bundle consent "$STUDY" P02 --mode oral --agree audio,quotes >/dev/null
step "sessions add" sessions add "$STUDY" --code FG1 --kind focus-group --date 2026-11-27 --mode in-person \
  --attendees P01,P02
step "sessions import-audio" sessions import-audio "$STUDY" --session FG1 "$WORK/groupe.mp3"
step "transcribe (bundled base model, first use)" transcribe "$STUDY" FG1
step "deidentify --accept" deidentify "$STUDY" FG1 --accept | tee "$WORK/deidentify.txt"
step "export docx" export "$STUDY" FG1 --format docx --out "$WORK/exports"

# An encrypted study from the bundle: SQLCipher, sealed recordings, the child decrypting them in memory.
ENCRYPTED="$WORK/chiffree"
printf 'une phrase de passe pour le test\n' > "$WORK/passphrase.txt"
KEY=(--passphrase-file "$WORK/passphrase.txt")  # the bundle runs in a clean environment: the file, not the variable
step "init --encrypt" init "$ENCRYPTED" --title "Étude chiffrée" --language fr --encrypt "${KEY[@]}"
bundle participants add "$ENCRYPTED" --code P01 "${KEY[@]}" >/dev/null
bundle consent-form set "$ENCRYPTED" "${FORM[@]}" "${KEY[@]}" >/dev/null
bundle consent "$ENCRYPTED" P01 --mode oral --agree audio,quotes "${KEY[@]}" >/dev/null
bundle sessions add "$ENCRYPTED" --code GD1 --kind focus-group --date 2026-11-27 --mode in-person --attendees P01 \
  "${KEY[@]}" >/dev/null
step "encrypted import-audio" sessions import-audio "$ENCRYPTED" --session GD1 "$WORK/groupe.mp3" "${KEY[@]}"
step "encrypted transcribe" transcribe "$ENCRYPTED" GD1 "${KEY[@]}"
if grep -rlaE "RIFF|SQLite format|Bonjour" "$ENCRYPTED" --exclude=study.lock; then
  echo "smoke: plaintext found in the encrypted study" >&2; exit 1
fi
bundle participants list "$ENCRYPTED" >/dev/null 2>&1 && { echo "smoke: an encrypted study opened without its passphrase" >&2; exit 1; }
echo "smoke: the encrypted study holds no plaintext and needs its passphrase"

DOCX=$(find "$WORK/exports" "$STUDY/exports" -name '*.docx' 2>/dev/null | head -1)
[ -n "$DOCX" ] || { echo "smoke: no DOCX was exported" >&2; exit 1; }
"$PY" - "$DOCX" <<'EOF'
import sys, docx
text = "\n".join(p.text for p in docx.Document(sys.argv[1]).paragraphs).lower()
assert any(word in text for word in ("bonjour", "merci", "télémédecine", "travaille")), text[:500]
assert "gagnon" not in text, "a name survived deidentification"
print("smoke: the DOCX holds the French transcript, deidentified")
EOF

# Diagnostics from the bundle: every library loads, the model is found.
bundle diagnostics > "$WORK/diagnostics.txt"
if grep -E "not available|not listed|not found" "$WORK/diagnostics.txt"; then
  echo "smoke: the bundle's diagnostics report a missing part" >&2; exit 1
fi
grep -E "^(faster-whisper|ctranslate2|onnxruntime|Model):" "$WORK/diagnostics.txt" | sed 's/^/smoke:   /'

# The bundle's log: no error, and named-entity detection ran when spaCy is bundled.
LOG="$WORK/app-home/log/echo-fieldwork.log"
if grep -E " (ERROR|CRITICAL) " "$LOG"; then echo "smoke: errors in the app log" >&2; exit 1; fi
if [ -d "$ROOT/dist/echo-fieldwork/_internal/spacy" ]; then
  # "Sophie Gagnon" and "Montréal" are not in the study: only named-entity detection can find them.
  if grep "NER skipped" "$LOG" || grep -q "^FG1: 0 proposals (" "$WORK/deidentify.txt"; then
    echo "smoke: spaCy is bundled but named-entity detection found nothing" >&2; exit 1
  fi
fi

# Qt's own French (standard buttons, file dialogs): the catalogs ui/i18n_qt.py loads are in the bundle.
for qm in qtbase_fr.qm qtmultimedia_fr.qm; do
  [ -n "$(find "$ROOT/dist/echo-fieldwork" -name "$qm" -size +1k | head -1)" ] ||
    { echo "smoke: $qm is missing from the bundle (Qt's dialogs would read in English)" >&2; exit 1; }
done

# The GUI, offscreen, up to the main window.
started=$EPOCHREALTIME
output=$(env -i PATH=/usr/bin:/bin HOME="$WORK" LANG=C.UTF-8 LANGUAGE=fr QT_QPA_PLATFORM=offscreen \
  ECHO_FIELDWORK_HOME="$WORK/app-home" ECHO_FIELDWORK_SMOKE_TEST=1 ${DENY:-} "${OFFLINE[@]}" "$EXE" --study "$STUDY")
wall=$(elapsed "$started")
echo "$output"
echo "$output" | grep -q "main window shown.*visible=True, study open=True" ||
  { echo "smoke: the main window did not show the study" >&2; exit 1; }

# The GUI again, traced this time (strace would slow the start-up measured above).
if [ -n "$STRACE" ]; then
  # shellcheck disable=SC2046
  env -i PATH=/usr/bin:/bin HOME="$WORK" LANG=C.UTF-8 LANGUAGE=fr QT_QPA_PLATFORM=offscreen \
    ECHO_FIELDWORK_HOME="$WORK/app-home" ECHO_FIELDWORK_SMOKE_TEST=1 ${DENY:-} "${OFFLINE[@]}" $(traced) "$EXE" \
    --study "$STUDY" >/dev/null
  for log in "$WORK"/traces/*; do
    "$PY" "$ROOT/tools/strace_network.py" "$log" || { echo "smoke: network use seen by strace" >&2; exit 1; }
  done
  echo "smoke: strace saw no network use in $(ls "$WORK/traces" | wc -l) runs of the bundle"
fi
if [ -e "$WORK/.cache/Microsoft" ]; then
  echo "smoke: onnxruntime wrote its telemetry files under \$HOME/.cache/Microsoft" >&2; exit 1
fi

megabytes() { du -sb "$1" | awk '{ printf "%.0f", $1 / 1e6 }'; }
tarball=$(ls "$ROOT"/dist/echo-fieldwork-linux-*.tar.gz 2>/dev/null | head -1 || true)
echo "smoke: bundle size $(megabytes "$ROOT/dist/echo-fieldwork") MB${tarball:+, tarball $(megabytes "$tarball") MB}"
echo "smoke: start-up to the main window ${wall} s (process launch to quit)"
echo "smoke: OK"
