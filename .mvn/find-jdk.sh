# Sourced by ./mvnw, ./tocsin and .ci/run: exports JAVA_HOME for a JDK >= 21.
# The machine's default java may be older (17 here); we look for a newer one beside it.
tocsin_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
tocsin_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" \
      $( [ -n "$(command -v javac 2>/dev/null)" ] && dirname "$(dirname "$(readlink -f "$(command -v javac)")")" ) \
      /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(tocsin_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}
if ! TOCSIN_JDK=$(tocsin_find_jdk); then
  echo "Tocsin needs a JDK 21 or newer; none found (looked at JAVA_HOME, PATH and /usr/lib/jvm). Install one, or set JAVA_HOME." >&2
  return 1 2>/dev/null || exit 1
fi
export JAVA_HOME="$TOCSIN_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
