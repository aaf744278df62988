#!/usr/bin/env bash
# cfv-man.sh CFV DATE > cfv.1
# The manual page cfv(1), written from the built cfv's own help texts (one
# source: `cfv --help` and `cfv help COMMAND` for every command it lists),
# so the page covers every subcommand and never disagrees with --help.
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: cfv-man.sh CFV DATE" >&2; exit 2; }
cfv=$1 date=$2

# Text to roff, verbatim: backslashes and minus signs escaped, a line
# starting with a control character neutralised.
roff() { sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }
# A help text as an indented, unfilled block.
block() { printf '.RS 4\n.nf\n'; roff; printf '.fi\n.RE\n'; }

version=$("$cfv" --version | sed -n '1s/^cfv \([^ ]*\).*/\1/p')
main=$("$cfv" --help)
commands=$(awk '/^Commands:/ { on = 1; next } /^$/ { on = 0 } on && $1 != "help" { print $1 }' <<<"$main")
[[ -n $commands ]] || { echo "cfv-man.sh: no commands in '$cfv --help'" >&2; exit 1; }

cat <<ROFF
.TH CFV 1 "$date" "cfv $version" "User Commands"
.SH NAME
cfv \\- validate, inspect, build, replay and triage CFF v1 channel files
.SH SYNOPSIS
.B cfv
.I COMMAND
.RI [ OPTIONS ]
.RI [ ARGS ]
.br
.B cfv help
.I COMMAND
.br
.B cfv \\-\\-version
.SH DESCRIPTION
cfv is the content gate for CFF v1 channel files: a strict validator
generated from the format's grammar, with the sensor replica, fuzzing
support and crash triage around it.
The Template Type Definitions it checks against are built into it;
.B \\-\\-defs
.I FILE
names others.
.PP
ROFF
block <<<"$main"
echo '.SH COMMANDS'
for c in $commands; do
  printf '.SS "cfv %s"\n' "$c"
  "$cfv" help "$c" | block
done
cat <<'ROFF'
.SH EXIT STATUS
0: no errors; 1: errors found (what counts is each command's, above);
2: a usage, input or I/O error, said in one line on standard error.
.SH FILES
.TP
.I /usr/libexec/cfv/cfv\-replica\-child
the faithful replica that
.B cfv triage
runs in a child process (found relative to the
.B cfv
executable, so an installed tree can be moved).
.SH SEE ALSO
.BR git (1),
.BR pre\-commit (1);
the documentation in
.IR /usr/share/doc/cfv/ .
ROFF
