#!/usr/bin/env bash
# The outbox benchmark: Eventline and its peers side by side, in one run, against one Kafka
# broker (in the driver's JVM) and the PostgreSQL server at 127.0.0.1:5432 (a fresh database per
# system and scenario, dropped afterwards). Prints one line per run and the tables at the end.
#
#   eventline-bench-outbox/run.sh [--key=value ...]
#
# Options (later ones override the defaults below):
#   --scenarios=producer,backlog,steady500,steady2000,overhead,fencing
#   --systems=a,b,...            systems for every scenario; --systems.backlog=..., --systems.steady=...
#                                for one kind; built in: eventline, gruelbox, modulith
#   --system.NAME="ARGS"         an Eventline variant: --workers= --batch= --linger= --retention=keep|delete
#                                --polling-above=N|max --busy-linger=ms
#                                --kafka.<producer property>= (experiments: --poll=ms --notify=off)
#   --jar.NAME=PATH              run variant NAME from another build of eventline-bench-outbox.jar
#                                (an earlier commit: before and after in the same run)
#   --repeat=3 --seconds=30 --events=50000 --records=500000 --size=1024 --aggregates=1000 --writers=4
#   --out=FILE (tables as markdown)  --logs=DIR (runner logs)  --jfr=true (JFR in every runner)
#   --jvm="-Xms256m -Xmx1g" (runner JVM options)
# Set SKIP_BUILD=true to use the jars already built.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-}" != "true" ]]; then
  ./mvnw -q -pl eventline-bench-outbox,eventline-bench-peer-gruelbox,eventline-bench-peer-modulith -am \
    package -DskipTests
fi
exec java -Xms1g -Xmx1g -jar eventline-bench-outbox/target/eventline-bench-outbox.jar \
  --root=. \
  --scenarios=producer,backlog,steady500,steady2000,overhead,fencing \
  --systems=eventline,gruelbox,modulith \
  --systems.backlog=eventline,eventline-tuned,gruelbox,modulith \
  --systems.steady=eventline,eventline-delete,gruelbox,modulith \
  --system.eventline-tuned="--retention=delete --batch=1000 --linger=5 --kafka.batch.size=262144" \
  --system.eventline-delete="--retention=delete" \
  "$@"
