#!/usr/bin/env bash
# Runs each Dockerfile's build stage as written, without Docker: copies exactly the files its
# COPY lines name into an empty folder and runs its RUN lines there. Use it after changing a
# Dockerfile or the module layout (a Docker engine is not needed).
#   docker/check-build-stages.sh [server-cpu|server-cuda|trainer ...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(server-cpu server-cuda trainer)
for name in "${names[@]}"; do
  file="$root/docker/$name.Dockerfile"
  work="$(mktemp -d)"
  echo "==> $name: build stage in $work"
  # the build stage: from the first FROM ... AS build to the next FROM
  awk '/^FROM .* AS build/{on=1; next} /^FROM /{on=0} on' "$file" | while read -r cmd rest; do
    case "$cmd" in
      COPY)
        set -- $rest
        args=("$@")
        dest="${args[-1]}"
        for src in "${args[@]:0:${#args[@]}-1}"; do
          if [ "$dest" = "./" ]; then
            cp -r "$root/$src" "$work/"
          else
            mkdir -p "$work/$(dirname "${dest%/}")"
            cp -r "$root/${src%/}" "$work/${dest%/}"
          fi
        done ;;
      RUN)
        (cd "$work" && bash -c "$rest") ;;
    esac
  done
  echo "==> $name: build stage OK"
  rm -rf "$work"
done
