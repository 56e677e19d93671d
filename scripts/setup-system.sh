#!/usr/bin/env bash
# System packages the project needs, installed by the project itself (called by the Makefile).
# Python >= 3.10 with venv, and Tesseract for OCR.
set -euo pipefail
need=()
python3 -c 'import sys; assert sys.version_info >= (3, 10)' 2>/dev/null || need+=(python3)
python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
# OCR for scanned notices (PNG, JPEG, TIFF, image-only PDF pages).
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr tesseract-ocr-eng)
if [ ${#need[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${need[@]}"
  else
    echo "setup-system: please install: ${need[*]}" >&2
    exit 1
  fi
fi
