#!/bin/sh
# The official node image's entrypoint behaviour, for the locally made base image
# (make-base-image.sh): when the first argument is an option (`-e ...`, `--version`), is not a
# command on PATH, or is a file that is not executable (`app.js`), run it with node; otherwise
# run the command as given (`npm ci`, `bash`).
set -e
if [ "${1#-}" != "$1" ] || [ -z "$(command -v "$1")" ] || { [ -f "$1" ] && ! [ -x "$1" ]; }; then
  set -- node "$@"
fi
exec "$@"
