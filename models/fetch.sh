#!/bin/sh
# Fetches @vladmandic/face-api from the npm registry at the version and
# integrity hash pinned in package-lock.json (npm ci refuses a mismatch).
# Its model/face_recognition_model.bin is converted into dlib's face
# recognition network at build time; its demo/sample*.jpg make the demo video.
set -eu
cd "$(dirname "$0")"
pkg=node_modules/@vladmandic/face-api
if [ -f "$pkg/package.json" ] && grep -q '"version": "1.7.15"' "$pkg/package.json"; then
  exit 0
fi
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
test -f "$pkg/model/face_recognition_model.bin"
