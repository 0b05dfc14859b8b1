# epochs-common.sh: shared by scripts/solve-epochs and scripts/verify-epochs (sourced, not run).

# list_epochs DIR LIST: the bid sets DIR/NAME.json (not NAME.allocation.json),
# sorted, into LIST; fails when there are none.
list_epochs() {
	find "$1" -maxdepth 1 -name '*.json' ! -name '*.allocation.json' | LC_ALL=C sort >"$2"
	[ -s "$2" ]
}

# pending DIR SUFFIX TODO [ALLOC_DIR]: the epochs of $list still to do into
# TODO: those without a result DIR/NAME.SUFFIX that says exit 0 and is newer
# than the bid set (and than ALLOC_DIR/NAME.allocation.json if given). The
# result files, not job numbers, decide: epochs may be added at any time.
pending() {
	: >"$3"
	while IFS= read -r _f; do
		_n=$(basename "$_f" .json)
		_r="$1/$_n.$2"
		if [ -s "$_r" ] && [ "$(cut -f 2 "$_r")" = 0 ] && [ "$_r" -nt "$_f" ] &&
		    { [ -z "${4:-}" ] || [ "$_r" -nt "$4/$_n.allocation.json" ]; }; then
			continue
		fi
		printf '%s\n' "$_f" >>"$3"
	done <"$list"
}

# run_jobs TODO JOBLOG JOBS SSHLOGIN BAR CMD...: CMD ARG for every line of
# TODO, as GNU parallel jobs (all local cores by default); the job log
# JOBLOG accumulates the jobs of every run.
run_jobs() {
	_todo=$1 _log=$2 _jobs=$3 _ssh=$4 _bar=$5
	shift 5
	[ -s "$_todo" ] || return 0
	[ -e "$_log" ] || printf 'Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n' >"$_log"
	set -- --will-cite --joblog "+$_log" --halt never \
	    ${_jobs:+--jobs "$_jobs"} ${_ssh:+--sshlogin "$_ssh"} $_bar "$@"
	parallel "$@" :::: "$_todo"
}

# progress_bar MODE: parallel's option for --progress MODE, or fails.
progress_bar() {
	case $1 in
	auto) if [ -t 2 ]; then echo --bar; fi ;;
	always) echo --bar ;;
	never) ;;
	*) return 1 ;;
	esac
}

# summary TOOL DIR SUFFIX HEADER: the table of every epoch of $list from its
# result file DIR/NAME.SUFFIX (tab-separated, the exit code second), a count,
# and each failure's reason (the last line of DIR/NAME.log that is not
# JSON). Returns 1 when an epoch failed or has no result.
summary() {
	_tool=$1 _dir=$2 _sfx=$3
	{
		printf '%s\n' "$4"
		while IFS= read -r _f; do
			_n=$(basename "$_f" .json)
			if [ -s "$_dir/$_n.$_sfx" ]; then
				cat "$_dir/$_n.$_sfx"
			else
				printf '%s\tnone\n' "$_n"
			fi
		done <"$list"
	} | awk -F '\t' -v tool="$_tool" -v dir="$_dir" '
		{ for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } }
		NF > nf { nf = NF }
		NR > 1 { total++; if ($2 == "0") ok++; else bad[++nbad] = $1 }
		END {
			for (r = 1; r <= NR; r++) {
				line = ""
				for (i = 1; i <= nf; i++)
					line = line sprintf(i < nf ? "%-" w[i] "s  " : "%s", cell[r, i])
				sub(/ +$/, "", line)
				print line
			}
			printf "%s: %d epochs: %d ok, %d failed; results in %s\n", tool, total, ok, nbad, dir
			for (k = 1; k <= nbad; k++) {
				why = "no result (the job did not run)"
				lf = dir "/" bad[k] ".log"
				while ((getline l < lf) > 0)
					if (l !~ /^\{/) why = l
				close(lf)
				printf "%s: failed: %s: %s\n", tool, bad[k], why
			}
			exit nbad > 0
		}'
}
