#!/usr/bin/env bash
# System packages the project needs, installed by the project itself (called by the Makefile).
# Python >= 3.10 with venv, Tesseract for OCR, Chromium for the review desk's browser tests,
# LibreOffice (headless, with its python3-uno bridge) for .doc/.rtf/.odt.
# Idempotent: installs only what is missing, and does nothing (silently) when nothing is.
# Not root: says what it would install and asks before using sudo; under CI=true or without a
# terminal it never prompts (sudo -n, which fails instead of asking for a password).
set -euo pipefail
need=()
python3 -c 'import sys; assert sys.version_info >= (3, 10)' 2>/dev/null || need+=(python3)
python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
# OCR for scanned notices (PNG, JPEG, TIFF, image-only PDF pages): Tesseract's English and Welsh
# language packs (Welsh councils publish bilingual notices: --ocr-lang eng+cym).
if command -v tesseract >/dev/null 2>&1; then
  langs=$'\n'"$(tesseract --list-langs 2>/dev/null || true)"$'\n'  # one pack per line, after a heading
  for pack in eng cym; do
    [[ "$langs" == *$'\n'"$pack"$'\n'* ]] || need+=("tesseract-ocr-$pack")
  done
else
  need+=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-cym)
fi
# A real browser for the review desk's tests (driven by Playwright, never `playwright install`).
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# LibreOffice headless (no GUI) converts legacy .doc, .rtf and .odt to .docx for the Word reader.
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
# Its UNO bridge keeps one LibreOffice warm per process (a .doc in ~0.5 s instead of a start-up of
# seconds each); without it the soffice command converts. Asked of dpkg, where there is one.
if command -v dpkg-query >/dev/null 2>&1; then
  uno=$(dpkg-query -W -f='${Status}' python3-uno 2>/dev/null || true)
  [[ "$uno" == *"ok installed"* ]] || need+=(python3-uno)
fi
[ ${#need[@]} -eq 0 ] && exit 0

say() { echo "setup-system: $*" >&2; }
if ! command -v apt-get >/dev/null 2>&1; then
  say "please install: ${need[*]}"
  exit 1
fi
say "missing system packages: ${need[*]}"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    say "not root and no sudo: as root, run: apt-get install -y ${need[*]}"
    exit 1
  fi
  if [ "${CI:-}" = "true" ] || [ ! -t 0 ]; then
    say "installing them with: sudo -n apt-get install -y ${need[*]}"
    sudo=(sudo -n)
  else
    printf 'setup-system: install them with "sudo apt-get install -y %s"? [y/N] ' "${need[*]}" >&2
    read -r answer || answer=""
    case "$answer" in
      y|Y|yes|YES) sudo=(sudo) ;;
      *) say "not installed: install them yourself, then run make again"; exit 1 ;;
    esac
  fi
fi
apt=(apt-get -o DPkg::Lock::Timeout=900)
"${sudo[@]}" "${apt[@]}" update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq "${need[@]}"
