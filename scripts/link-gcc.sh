#!/bin/sh
# The linker for native builds (.cargo/config.toml): the C compiler driving
# mold when mold is installed (scripts/install.sh installs Debian's package),
# otherwise the system linker. The server and test binaries are large; mold
# links them several times faster than GNU ld (docs/testing.md, "Build times").
if command -v mold >/dev/null 2>&1; then
  exec cc -fuse-ld=mold "$@"
fi
exec cc "$@"
