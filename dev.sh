#!/usr/bin/env bash
# One entry point for developers and CI: `./dev.sh app` launches the app, `./dev.sh test` runs the tests.
# Each does all set-up it needs on a fresh clone (system packages when root, a virtualenv, the app).
set -euo pipefail
cd "$(dirname "$0")"
VENV=.venv
# What the app needs at run time (PortAudio, Qt's X11/Wayland libraries, fonts), and what the tests add:
# a PulseAudio server with a null sink, test speech (espeak-ng, sox, ffmpeg), LibreOffice to render DOCX,
# strace to see from outside that no process touches the network (tests/test_no_network_strace.py).
APP_PACKAGES=(libportaudio2 libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libfontconfig1
  libdbus-1-3 fonts-dejavu)
TEST_PACKAGES=(pulseaudio pulseaudio-utils libasound2-plugins espeak-ng sox ffmpeg libreoffice-writer-nogui
  poppler-utils strace)

install_system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || { echo "Not a Debian-like system: install ${*} yourself." >&2; return 0; }
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "Missing system packages (install them as root): ${missing[*]}" >&2; return 0; }
    sudo="sudo"
  fi
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_python() {
  local extras="$1" stamp="$VENV/.installed-$1"
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  # Reinstall only when the project's dependencies changed.
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    "$VENV/bin/pip" install -q --disable-pip-version-check --upgrade pip
    "$VENV/bin/pip" install -q --disable-pip-version-check -e ".[$extras]"
    touch "$stamp"
  fi
}

start_audio() {
  # A PulseAudio server with a null sink: its monitor is a real capture device for PortAudio.
  export PULSE_RUNTIME_PATH="${PULSE_RUNTIME_PATH:-/tmp/echo-fieldwork-pulse}"
  mkdir -p "$PULSE_RUNTIME_PATH"
  if ! pactl info >/dev/null 2>&1; then
    pulseaudio --daemonize=yes --exit-idle-time=-1 --system=false --disallow-exit \
      -n --load="module-native-protocol-unix" --load="module-null-sink sink_name=echo_test" \
      >/dev/null 2>&1 || true
    for _ in $(seq 50); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  pactl set-default-sink echo_test >/dev/null 2>&1 || true
  pactl set-default-source echo_test.monitor >/dev/null 2>&1 || true
}

case "${1:-}" in
  app)
    shift
    install_system_packages "${APP_PACKAGES[@]}"
    install_python "ner"
    exec "$VENV/bin/echo-fieldwork" "$@"
    ;;
  test)
    shift
    install_system_packages "${APP_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
    install_python "ner,test"
    start_audio
    export QT_QPA_PLATFORM=offscreen
    # Lint first (pyflakes, import order, bugbear; configured in pyproject.toml): cheap, and it fails fast.
    "$VENV/bin/ruff" check .
    exec "$VENV/bin/python" -m pytest "$@"
    ;;
  bundle)
    # Build the standalone Linux bundle (PyInstaller) and smoke-test it offline: see tests_bundle/smoke.sh.
    shift
    install_system_packages "${APP_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
    install_python "ner,build"
    PYTHON="$VENV/bin/python" exec tests_bundle/smoke.sh "$@"
    ;;
  *)
    echo "usage: ./dev.sh app | ./dev.sh test [pytest args] | ./dev.sh bundle" >&2
    exit 2
    ;;
esac
