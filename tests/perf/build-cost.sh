#!/usr/bin/env bash
# What the HappyHorse generator costs a build, measured the same way on one or more checkouts, runs alternating.
#
#   tests/perf/build-cost.sh [options] ROOT [ROOT...]
#   e.g. tests/perf/build-cost.sh /work/wt-base /work/main          (before and after, side by side)
#        tests/perf/build-cost.sh --bench --enum "" /work/main       (no huge enums, with the BenchmarkDotNet run)
#
# For each ROOT (a repository checkout) it reports:
#   lines    lines, bytes and files the generator emits for the catalog (manifests/HappyHorse.Generated.Models.csproj
#            built with EmitCompilerGeneratedFiles; only HappyHorse.Generated.Generator/, not other generators).
#   compile  `dotnet build --no-restore --no-incremental` of a consumer project like the catalog (documentation
#            file, AOT analyzers, the repository's Directory.Build.props) with 26 and 260 manifests (the catalog's,
#            copied with new model ids and type names as tests/HappyHorse.Generated.Benchmarks does): one warm-up
#            build, then --runs timed builds (wall s, CPU s, peak RSS), and one extra -p:ReportAnalyzer=true build
#            for ManifestGenerator's own time.
#   enum     the same consumer with one manifest whose one string field has 16,000 and 120,000 enum values (about
#            5 MB at 120,000), one build each after a small warm-up, killed after --enum-timeout seconds.
#   bench    (only with --bench; slow) tests/HappyHorse.Generated.Benchmarks, --filter '*GeneratorBenchmarks.FullRun*'
#            (26, 260, 1000 manifests through the generator driver in process, BenchmarkDotNet ShortRun, one core).
#
# Output: progress on stderr; on stdout one machine-readable line per measure, `PERF {json}`, then a markdown table.
#
# Options:
#   --runs N            timed builds per consumer (default 3)
#   --manifests "A B"   consumer sizes (default "26 260"; "" skips the step)
#   --enum "A B"        enum sizes (default "16000 120000"; "" skips the step)
#   --enum-timeout S    seconds before an enum build is killed (default 900)
#   --enum-length N     characters of each enum value (default 24; the issue's scale case is 250000 values of 40)
#   --skip-lines        no catalog line count
#   --bench             also run the BenchmarkDotNet FullRun benchmarks
#   --no-server         csc as a child process per build (UseSharedCompilation=false) instead of a compiler server
#   --no-report-analyzer  no extra ReportAnalyzer build
#   --enum-report-analyzer  the enum builds themselves with -p:ReportAnalyzer=true (ManifestGenerator's time)
#   --keep              keep the temporary directory (printed on stderr)
#
# What it builds in each ROOT first: generator/ and runtime/ in Release (the consumers reference those DLLs, as a
# package consumer would, so --no-incremental rebuilds only the consumer), the catalog in Debug (for `lines`) and,
# with --bench, the benchmark project in Release. Everything else (consumers, their obj/bin, generated files,
# BenchmarkDotNet artifacts) lives in one mktemp directory under /tmp that is removed at the end. Nothing is
# fetched from the network beyond what `dotnet restore` of the consumers takes from the usual NuGet sources/cache.
#
# Compiler: by default each ROOT gets its own compiler server (-p:UseSharedCompilation=true with a private
# -p:SharedCompilationId), overriding an environment that sets UseSharedCompilation=false; its peak RSS is read
# from /proc (VmHWM, reset before each build) and its CPU time from /proc/PID/stat. The servers are stopped (by
# their pid) at exit. With --no-server, csc is a child of the build and its memory is in /usr/bin/time's %M.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
helper="$here/perf_helper.py"

runs=3
manifest_sizes="26 260"
enum_sizes="16000 120000"
enum_timeout=900
enum_length=24
do_lines=1
do_bench=0
server=1
report_analyzer=1
enum_report_analyzer=0
keep=0
roots=()

while (($#)); do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --manifests) manifest_sizes=$2; shift 2 ;;
    --enum) enum_sizes=$2; shift 2 ;;
    --enum-timeout) enum_timeout=$2; shift 2 ;;
    --enum-length) enum_length=$2; shift 2 ;;
    --skip-lines) do_lines=0; shift ;;
    --bench) do_bench=1; shift ;;
    --no-server) server=0; shift ;;
    --no-report-analyzer) report_analyzer=0; shift ;;
    --enum-report-analyzer) enum_report_analyzer=1; shift ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) roots+=("$(cd "$1" && pwd)"); shift ;;
  esac
done
((${#roots[@]})) || { echo "usage: $0 [options] ROOT [ROOT...]  (--help for more)" >&2; exit 2; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0
tmp=$(mktemp -d /tmp/hh-build-cost.XXXXXX)
results="$tmp/results.jsonl"
: > "$results"
clk_tck=$(getconf CLK_TCK)
pipe_prefix="hhperf$$r"

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

server_pid() { # $1: root index -> pid of that root's compiler server, or nothing
  pgrep -f -- "-pipename:${pipe_prefix}$1x\$" | head -n1 || true
}

stop_server() { # $1: root index; stops that root's compiler server (this script's own) and waits for it to exit
  local pid t
  pid=$(server_pid "$1")
  [[ -n $pid ]] || return 0
  kill "$pid" 2>/dev/null || true
  for ((t = 0; t < 100; t++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

stop_servers() {
  local i
  for i in "${!roots[@]}"; do stop_server "$i"; done
}

cleanup() {
  stop_servers
  if ((keep)); then log "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

emit() { # one JSON object: to the results file and stdout as a PERF line
  echo "$1" >> "$results"
  echo "PERF $1"
}

compiler_args() { # $1: root index
  if ((server)); then
    echo "-p:UseSharedCompilation=true -p:SharedCompilationId=${pipe_prefix}$1x"
  else
    echo "-p:UseSharedCompilation=false"
  fi
}

proc_cpu_ticks() { # utime+stime of a pid
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  stat=${stat##*) }
  awk '{print $12 + $13}' <<<"$stat"
}

# timed_build INDEX DIR TIMEOUT LOG [extra msbuild args...]
# Sets REPLY to a JSON object: status ok|failed|timeout, exit, timeout_s, wall_s, cpu_s (the build's process tree:
# msbuild, and csc with --no-server), msbuild_rss_kb (/usr/bin/time %M: the largest process of that tree),
# server_rss_kb and server_cpu_s (the root's compiler server during this build), load1_before (machine load).
timed_build() {
  local i=$1 dir=$2 limit=$3 logf=$4; shift 4
  local tf="$tmp/time.$$" pid before=0 after=0 rc=0 srss=null scpu=null status load
  load=$(cut -d' ' -f1 /proc/loadavg)
  pid=$(server_pid "$i")
  if [[ -n $pid ]]; then
    echo 5 > "/proc/$pid/clear_refs" 2>/dev/null || true
    before=$(proc_cpu_ticks "$pid")
  fi
  # shellcheck disable=SC2046
  (cd "$dir" && /usr/bin/time -f '%e %M %U %S' -o "$tf" timeout -k 20 "$limit" \
      dotnet build --no-restore --no-incremental -nodeReuse:false $(compiler_args "$i") "$@" > "$logf" 2>&1) || rc=$?
  pid=$(server_pid "$i")
  if [[ -n $pid ]]; then
    srss=$(awk '/^VmHWM:/{print $2}' "/proc/$pid/status" 2>/dev/null || echo null)
    after=$(proc_cpu_ticks "$pid")
    scpu=$(awk -v a="$after" -v b="$before" -v t="$clk_tck" 'BEGIN{printf "%.2f", (a-b)/t}')
  fi
  local wall rss user sys
  read -r wall rss user sys < <(grep -E '^[0-9.]+ [0-9]+ [0-9.]+ [0-9.]+$' "$tf" | tail -n1) || true
  if ((rc == 0)); then status=ok
  elif ((rc == 124 || rc == 137)); then
    status=timeout
    # The build is gone but a compiler server would still be compiling: stop it (it is this script's own).
    stop_server "$i"
  else
    status=failed
    log "build failed (exit $rc) in $dir; last errors:"
    grep -E 'error|Error' "$logf" | grep -v '/noconfig' | cut -c1-300 | sort -u | tail -n 15 >&2 || true
  fi
  REPLY=$(printf '{"status":"%s","exit":%d,"timeout_s":%s,"wall_s":%s,"cpu_s":%.2f,"msbuild_rss_kb":%s,"server_rss_kb":%s,"server_cpu_s":%s,"load1_before":%s}' \
    "$status" "$rc" "$limit" "${wall:-0}" "$(awk -v u="${user:-0}" -v s="${sys:-0}" 'BEGIN{print u+s}')" "${rss:-0}" "${srss:-null}" "$scpu" "$load")
  log "  -> $REPLY"
}

# ---------------------------------------------------------------------------------------------------------------
declare -A runtime_dll generator_dir
log "temp dir $tmp; roots: ${roots[*]}; load: $(cut -d' ' -f1-3 /proc/loadavg)"
emit "$(printf '{"measure":"context","date":"%s","host_cpus":%d,"loadavg":"%s","sdk":"%s","compiler":"%s","runs":%d}' \
  "$(date -Is)" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(cd "${roots[0]}" && dotnet --version)" \
  "$( ((server)) && echo server || echo csc-per-build)" "$runs")"

for i in "${!roots[@]}"; do
  root=${roots[$i]}
  commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
  dirty=$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo true || echo false)
  emit "$(printf '{"measure":"root","repo":"%s","commit":"%s","dirty":%s}' "$root" "$commit" "$dirty")"
  log "[$root] building generator and runtime (Release)"
  for p in generator/HappyHorse.Generated.Generator.csproj runtime/HappyHorse.Generated.Runtime.csproj; do
    dotnet build -c Release "$root/$p" -nodeReuse:false > "$tmp/prep-$i.log" 2>&1 \
      || { tail -n 30 "$tmp/prep-$i.log" >&2; echo "could not build $root/$p" >&2; exit 1; }
  done
  runtime_dll[$i]=$(dotnet msbuild "$root/runtime/HappyHorse.Generated.Runtime.csproj" -getProperty:TargetPath -p:Configuration=Release)
  generator_dir[$i]=$(dirname "$(dotnet msbuild "$root/generator/HappyHorse.Generated.Generator.csproj" -getProperty:TargetPath -p:Configuration=Release)")
done

# 1. Lines the generator emits for the catalog.
if ((do_lines)); then
  for i in "${!roots[@]}"; do
    root=${roots[$i]}
    out="$tmp/generated-$i"
    log "[$root] catalog with EmitCompilerGeneratedFiles"
    if dotnet build --no-incremental -nodeReuse:false "$root/manifests/HappyHorse.Generated.Models.csproj" \
        -p:EmitCompilerGeneratedFiles=true "-p:CompilerGeneratedFilesOutputPath=$out" > "$tmp/lines-$i.log" 2>&1; then
      read -r files lines bytes < <(python3 "$helper" count "$out/HappyHorse.Generated.Generator")
      emit "$(printf '{"measure":"generated-lines","repo":"%s","files":%d,"lines":%d,"bytes":%d}' "$root" "$files" "$lines" "$bytes")"
    else
      tail -n 20 "$tmp/lines-$i.log" >&2
      emit "$(printf '{"measure":"generated-lines","repo":"%s","error":"catalog build failed"}' "$root")"
    fi
  done
fi

# 2. Compile of a consumer with N manifests.
for n in $manifest_sizes; do
  declare -A run_json=()
  for i in "${!roots[@]}"; do
    dir="$tmp/c$n-$i"
    python3 "$helper" consumer "${roots[$i]}" "$dir" "$n" "${runtime_dll[$i]}" "${generator_dir[$i]}"
    (cd "$dir" && dotnet restore -nodeReuse:false > "$tmp/restore.log" 2>&1) || { tail -n 20 "$tmp/restore.log" >&2; exit 1; }
    log "[${roots[$i]}] $n manifests: warm-up build"
    stop_server "$i" # a new server for each measure, so it holds no heap from the previous ones
    timed_build "$i" "$dir" 3600 "$dir/warmup.log"
    run_json[$i]=""
  done
  for ((r = 1; r <= runs; r++)); do
    for i in "${!roots[@]}"; do
      log "[${roots[$i]}] $n manifests: run $r/$runs"
      timed_build "$i" "$tmp/c$n-$i" 3600 "$tmp/c$n-$i/run$r.log"
      run_json[$i]+="${run_json[$i]:+,}$REPLY"
    done
  done
  for i in "${!roots[@]}"; do
    extra=""
    if ((report_analyzer)); then
      log "[${roots[$i]}] $n manifests: ReportAnalyzer build"
      ra_log="$tmp/c$n-$i/report-analyzer.log"
      timed_build "$i" "$tmp/c$n-$i" 3600 "$ra_log" -p:ReportAnalyzer=true -v:d
      extra=",$(python3 "$helper" analyzers "$ra_log")"
    fi
    emit "$(printf '{"measure":"compile","repo":"%s","manifests":%d,"runs":[%s]%s}' "${roots[$i]}" "$n" "${run_json[$i]}" "$extra")"
  done
  unset run_json
done

# 3. A manifest with a huge enum.
if [[ -n ${enum_sizes// /} ]]; then
  for i in "${!roots[@]}"; do
    dir="$tmp/enum-warm-$i"
    python3 "$helper" enum "${roots[$i]}" "$dir" 100 "${runtime_dll[$i]}" "${generator_dir[$i]}" "$enum_length" > /dev/null
    (cd "$dir" && dotnet restore -nodeReuse:false > "$tmp/restore.log" 2>&1) || { tail -n 20 "$tmp/restore.log" >&2; exit 1; }
  done
  for v in $enum_sizes; do
    for i in "${!roots[@]}"; do
      # A small enum first, so the compiler (server) is warm and JIT-compiled as in the compile step.
      log "[${roots[$i]}] enum warm-up (100 values)"
      stop_server "$i"
      timed_build "$i" "$tmp/enum-warm-$i" 3600 "$tmp/enum-warm-$i/warmup.log"
      dir="$tmp/enum$v-$i"
      size=$(python3 "$helper" enum "${roots[$i]}" "$dir" "$v" "${runtime_dll[$i]}" "${generator_dir[$i]}" "$enum_length")
      (cd "$dir" && dotnet restore -nodeReuse:false > "$tmp/restore.log" 2>&1) || { tail -n 20 "$tmp/restore.log" >&2; exit 1; }
      log "[${roots[$i]}] enum of $v values ($size bytes): build, timeout ${enum_timeout}s"
      gen="$dir/generated"
      ra=()
      ((enum_report_analyzer)) && ra=(-p:ReportAnalyzer=true -v:d)
      timed_build "$i" "$dir" "$enum_timeout" "$dir/build.log" -p:EmitCompilerGeneratedFiles=true "-p:CompilerGeneratedFilesOutputPath=$gen" "${ra[@]}"
      one=$REPLY
      extra=""
      ((enum_report_analyzer)) && extra=",$(python3 "$helper" analyzers "$dir/build.log")"
      glines=null gbytes=null
      if [[ -d $gen/HappyHorse.Generated.Generator ]]; then
        read -r _ glines gbytes < <(python3 "$helper" count "$gen/HappyHorse.Generated.Generator") || true
      fi
      emit "$(printf '{"measure":"enum-compile","repo":"%s","values":%d,"value_length":%d,"manifest_bytes":%d,"generated_lines":%s,"generated_bytes":%s,"runs":[%s]%s}' \
        "${roots[$i]}" "$v" "$enum_length" "$size" "$glines" "$gbytes" "$one" "$extra")"
      rm -rf "$dir"
    done
  done
fi

# 4. The generator driver alone (BenchmarkDotNet).
if ((do_bench)); then
  for i in "${!roots[@]}"; do
    root=${roots[$i]}
    art="$tmp/bdn-$i"
    log "[$root] BenchmarkDotNet FullRun (slow)"
    if (cd "$tmp" && dotnet run -c Release --project "$root/tests/HappyHorse.Generated.Benchmarks" -- \
          --filter '*GeneratorBenchmarks.FullRun*' --artifacts "$art" > "$tmp/bench-$i.log" 2>&1); then
      python3 - "$art" "$root" <<'EOF' | while read -r line; do emit "$line"; done
import csv, glob, json, sys
art, root = sys.argv[1], sys.argv[2]
for path in glob.glob(f"{art}/results/*-report.csv"):
    for row in csv.DictReader(open(path)):
        if row.get("Method") != "FullRun" or not row.get("Manifests", "").isdigit():
            continue
        print(json.dumps({"measure": "generator-benchmark", "repo": root, "manifests": int(row["Manifests"]),
                          "mean": row.get("Mean"), "stddev": row.get("StdDev"), "allocated": row.get("Allocated")}))
EOF
    else
      tail -n 30 "$tmp/bench-$i.log" >&2
      emit "$(printf '{"measure":"generator-benchmark","repo":"%s","error":"benchmark run failed"}' "$root")"
    fi
  done
fi

echo
python3 "$helper" report "$results"
