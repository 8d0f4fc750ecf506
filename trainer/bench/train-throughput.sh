#!/usr/bin/env bash
# Side by side: training samples/s of the seed tower in DJL (this project) and in Python PyTorch,
# same net, batch, optimizer and threads. Needs Debian's python3-torch for the PyTorch half.
#   trainer/bench/train-throughput.sh [--optimizer adam|sgd|rmsprop] [--threads N] [--batch-size N]
# Prints both figures and their ratio; writes trainer/target/bench/train-throughput.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
OPT=adam THREADS=$(nproc) BATCH=32
while [ $# -gt 0 ]; do
  case "$1" in
    --optimizer) OPT=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --batch-size) BATCH=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
JAR=trainer/target/siamese-trainer.jar
[ -f "$JAR" ] || ./mvnw -B -q -pl trainer -am package -DskipTests
PY=/usr/bin/python3
"$PY" -c 'import torch' 2>/dev/null || { echo "python3-torch is missing (apt-get install python3-torch)" >&2; exit 2; }
mkdir -p trainer/target/bench
D=trainer/target/bench
java -Dai.djl.pytorch.num_threads="$THREADS" -jar "$JAR" bench-train --optimizer "$OPT" \
  --batch-size "$BATCH" --json "$D/djl.json" 2>/dev/null
"$PY" trainer/bench/pytorch_seed_tower.py --optimizer "$OPT" --threads "$THREADS" \
  --batch-size "$BATCH" --json "$D/pytorch.json"
"$PY" - "$D" <<'PYEOF'
import json, sys
d = sys.argv[1]
djl = json.load(open(f"{d}/djl.json"))
pt = json.load(open(f"{d}/pytorch.json"))
ratio = djl["samples_per_second"] / pt["samples_per_second"]
print(f"DJL / PyTorch: {ratio:.2f}")
json.dump({"djl": djl, "pytorch": pt, "ratio": ratio}, open(f"{d}/train-throughput.json", "w"), indent=2)
PYEOF
