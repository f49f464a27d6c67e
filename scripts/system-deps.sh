#!/usr/bin/env bash
# Installs the Debian packages that the tests (or, with `bench`, the benchmarks) need, if missing.
# Called by `npm test` and `npm run bench`; does nothing when everything is present.
#   scripts/system-deps.sh          test tools: xmllint, chromium, pdftotext, libpysal's example data, PostgreSQL 15
#   scripts/system-deps.sh bench    additionally PostgreSQL with PostGIS and GeoPandas (geo peers)
set -euo pipefail

need=()
have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

have_cmd xmllint  || need+=(libxml2-utils)     # manifest.xml against Microsoft's XSDs
have_cmd chromium || need+=(chromium)          # task pane and report in a real browser (playwright-core)
have_cmd pdftotext || need+=(poppler-utils)    # the report's PDF is read back in tests
have_pkg python3-libpysal || need+=(python3-libpysal)   # real polygons for the geo tests
have_pkg postgresql-15 || need+=(postgresql-15)        # storage tests on PostgreSQL (scripts/test-postgres.sh)
if [ "${1:-}" = "bench" ]; then
  have_pkg postgresql-15-postgis-3 || need+=(postgresql-15-postgis-3)
  have_pkg python3-geopandas || need+=(python3-geopandas)
  have_pkg python3-rtree || need+=(python3-rtree)       # geopandas 0.12 needs it for sjoin
fi

[ ${#need[@]} -eq 0 ] && exit 0

echo "Installiere Debian-Pakete: ${need[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if have_cmd sudo; then SUDO="sudo -n"; else
    echo "Fehlende Pakete (${need[*]}) und keine Root-Rechte: bitte mit apt-get installieren." >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
