#!/usr/bin/env python3
"""Helper for tests/perf/build-cost.sh: writes consumer projects and formats the results.

  perf_helper.py consumer ROOT OUT MANIFESTS RUNTIME_DLL GENERATOR_DIR
      A consumer project like manifests/HappyHorse.Generated.Models.csproj in OUT: the catalog's profiles, and
      MANIFESTS model manifests (in OUT/manifests/) made by copying the catalog's (copy k > 0 goes to copies/k/ with model id
      "<id>-copyk" and type name "<TypeName>Copyk", as tests/HappyHorse.Generated.Benchmarks does).
  perf_helper.py enum ROOT OUT VALUES RUNTIME_DLL GENERATOR_DIR [LENGTH]
      A consumer project with one manifest whose one string field has VALUES enum values of LENGTH characters
      (default 24), and its profile.
  perf_helper.py count DIR
      Prints "<files> <lines> <bytes>" of every file under DIR.
  perf_helper.py analyzers LOG
      Prints ManifestGenerator's and the analyzers' times from a -p:ReportAnalyzer=true -v:d build log.
  perf_helper.py report RESULTS.jsonl
      Prints the markdown table of the results file the script wrote (one JSON object a line).
"""

import json
import os
import re
import shutil
import statistics
import sys
from xml.sax.saxutils import escape

ENUM_PROFILE = "gateway-images"


def project_xml(root, runtime_dll, generator_dir):
    """The catalog's compile settings and manifest feeding, with the runtime and generator as built files.

    Referencing the built DLLs (not ProjectReferences) keeps `--no-incremental` from cleaning and rebuilding the
    runtime and the generator on every run: only the consumer's csc is measured, as a package consumer has it.
    """
    root = os.path.abspath(root)
    x = lambda s: escape(s, {'"': "&quot;"})
    extra_props = os.path.join(root, "generator", "build", "HappyHorse.Generated.props")
    return f"""<Project Sdk="Microsoft.NET.Sdk">
  <!-- Written by tests/perf/perf_helper.py: the catalog project's settings, fed from {x(root)}. -->
  <Import Project="{x(extra_props)}" Condition="Exists('{x(extra_props)}')" />
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <AssemblyName>HappyHorse.Generated.Models</AssemblyName>
    <RootNamespace>HappyHorse.Generated.Models</RootNamespace>
    <GenerateDocumentationFile>true</GenerateDocumentationFile>
    <IsAotCompatible>true</IsAotCompatible>
    <HappyHorseNamespace>HappyHorse.Generated.Models</HappyHorseNamespace>
    <IsPackable>false</IsPackable>
  </PropertyGroup>
  <ItemGroup>
    <HappyHorseManifest Include="manifests/**/*.json" Exclude="manifests/**/*.profile.json;manifests/schema/**" />
    <HappyHorseProfile Include="manifests/*.profile.json" />
  </ItemGroup>
  <ItemGroup>
    <Reference Include="{x(runtime_dll)}" />
    <Analyzer Include="{x(os.path.join(generator_dir, '*.dll'))}" />
  </ItemGroup>
  <Import Project="{x(os.path.join(root, 'runtime', 'HappyHorse.Generated.Runtime.Dependencies.props'))}" />
  <Import Project="{x(os.path.join(root, 'generator', 'build', 'HappyHorse.Generated.targets'))}" />
</Project>
"""


def write_project(root, out, runtime_dll, generator_dir):
    os.makedirs(os.path.join(out, "manifests"), exist_ok=True)
    with open(os.path.join(out, "Consumer.csproj"), "w") as f:
        f.write(project_xml(root, runtime_dll, generator_dir))
    # The repository's build settings (warnings as errors, analysis level, central package versions, SDK).
    root = os.path.abspath(root)
    for name in ("Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props"):
        src = os.path.join(root, name)
        if os.path.exists(src):
            with open(os.path.join(out, name), "w") as f:
                f.write(f'<Project>\n  <Import Project="{escape(src)}" />\n</Project>\n')
    for name in ("global.json", "nuget.config", "NuGet.config", "NuGet.Config"):
        src = os.path.join(root, name)
        if os.path.exists(src):
            shutil.copy(src, os.path.join(out, name))
    schema = os.path.join(root, "manifests", "schema")
    if os.path.isdir(schema):
        shutil.copytree(schema, os.path.join(out, "manifests", "schema"), dirs_exist_ok=True)
    return os.path.join(out, "manifests")


def catalog_files(root):
    folder = os.path.join(root, "manifests")
    names = sorted(n for n in os.listdir(folder) if n.endswith(".json"))
    profiles = [n for n in names if n.endswith(".profile.json")]
    models = [n for n in names if not n.endswith(".profile.json")]
    return folder, profiles, models


def renamed(text, copy):
    text = re.sub(r'^  "model": "([^"]*)"', lambda m: f'  "model": "{m.group(1)}-copy{copy}"', text, flags=re.M)
    return re.sub(r'^  "typeName": "([^"]*)"', lambda m: f'  "typeName": "{m.group(1)}Copy{copy}"', text, flags=re.M)


def consumer(root, out, manifests, runtime_dll, generator_dir):
    out = write_project(root, out, runtime_dll, generator_dir)
    folder, profiles, models = catalog_files(root)
    for p in profiles:
        shutil.copy(os.path.join(folder, p), os.path.join(out, p))
    for i in range(manifests):
        name = models[i % len(models)]
        copy = i // len(models)
        with open(os.path.join(folder, name)) as f:
            text = f.read()
        if copy == 0:
            dest = os.path.join(out, name)
        else:
            dest = os.path.join(out, "copies", str(copy), name)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            text = renamed(text, copy)
        with open(dest, "w") as f:
            f.write(text)


def enum_value(i, length):
    """The i-th value, `enum-value-000042-option` padded with `-x` to length characters (at least the 24 of the base)."""
    value = f"enum-value-{i:06d}-option"
    return value + ("-x" * length)[: max(0, length - len(value))]


def enum_consumer(root, out, values, runtime_dll, generator_dir, length=24):
    out = write_project(root, out, runtime_dll, generator_dir)
    folder, profiles, _ = catalog_files(root)
    shutil.copy(os.path.join(folder, ENUM_PROFILE + ".profile.json"), out)
    # ~40 bytes a value as the file is indented, so 120,000 values make a ~5 MB manifest.
    manifest = {
        "$schema": "./schema/manifest.schema.json",
        "model": f"huge-enum-{values}",
        "typeName": f"HugeEnum{values}",
        "title": f"Huge enum ({values} values)",
        "description": f"A manifest with one string field whose enum has {values} values.",
        "profile": ENUM_PROFILE,
        "result": "image",
        "operations": [
            {
                "id": "text-to-image",
                "typeName": "TextToImage",
                "description": "Generates an image.",
                "fields": [
                    {
                        "name": "style",
                        "type": "string",
                        "required": True,
                        "enum": [enum_value(i, length) for i in range(1, values + 1)],
                        "description": "One of many styles.",
                    }
                ],
            }
        ],
    }
    path = os.path.join(out, f"huge-enum-{values}.json")
    with open(path, "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(os.path.getsize(path))


def count(directory):
    files = lines = size = 0
    for dirpath, _, names in os.walk(directory):
        for n in names:
            with open(os.path.join(dirpath, n), "rb") as f:
                data = f.read()
            files += 1
            size += len(data)
            lines += data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
    print(files, lines, size)


def fmt_s(v):
    return f"{float(v):.2f}"


def fmt_mb(kb):
    return f"{int(kb) / 1024:.0f}"


def human_bytes(n):
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB"


def total_cpu(run):
    return run.get("cpu_s", 0) + (run.get("server_cpu_s") or 0)


def report(path):
    """RESULTS: one JSON object a line (the PERF lines without their prefix)."""
    rows = [json.loads(line) for line in open(path) if line.strip()]
    print("| repo | measure | result | wall s, each run | CPU s, each run | peak RSS MB, each run (build / compiler server) |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        m = r["measure"]
        repo = r.get("repo", "")
        if r.get("error"):
            print(f"| {repo} | {m} | {r['error']} | | | |")
        elif m == "generated-lines":
            print(f"| {repo} | catalog generated code | {r['lines']:,} lines, {r['bytes']:,} bytes, {r['files']} files | | | |")
        elif m in ("compile", "enum-compile"):
            if m == "compile":
                what = f"compile, {r['manifests']} manifests"
            else:
                what = f"compile, enum of {r['values']:,} values ({human_bytes(r['manifest_bytes'])} manifest)"
            runs = r.get("runs", [])
            done = [x for x in runs if x.get("status") == "ok"]
            if done and len(done) == len(runs):
                walls = [x["wall_s"] for x in done]
                cpus = [total_cpu(x) for x in done]
                if len(walls) > 1:
                    result = f"mean {statistics.mean(walls):.2f} s wall, {statistics.mean(cpus):.1f} s CPU"
                else:
                    result = f"{walls[0]:.2f} s wall, {cpus[0]:.1f} s CPU"
            else:
                b = [x for x in runs if x.get("status") != "ok"][0]
                result = f"did not finish in {b['timeout_s']} s" if b["status"] == "timeout" else f"failed (exit {b.get('exit')})"
            if r.get("generator_s") is not None:
                result += f"; ManifestGenerator {r['generator_s']:.2f} s"
            if r.get("generated_lines") is not None:
                result += f"; generated {r['generated_lines']:,} lines, {human_bytes(r['generated_bytes'])}"
            walls = ", ".join(fmt_s(x["wall_s"]) for x in runs)
            cpus = ", ".join(f"{total_cpu(x):.1f}" for x in runs)
            rss = ", ".join(f"{fmt_mb(x['msbuild_rss_kb'])} / {fmt_mb(x['server_rss_kb']) if x.get('server_rss_kb') else '-'}" for x in runs)
            print(f"| {repo} | {what} | {result} | {walls} | {cpus} | {rss} |")
        elif m == "generator-benchmark":
            alloc = f", allocated {r['allocated']}" if r.get("allocated") else ""
            print(f"| {repo} | generator FullRun, {r['manifests']} manifests (BenchmarkDotNet, in process, 1 core) | mean {r['mean']}{alloc} | | | |")


def analyzers(path):
    """The ReportAnalyzer figures of a detailed build log, as JSON members (no braces) to append to a PERF line."""
    text = open(path, errors="replace").read()

    def num(pattern):
        m = re.search(pattern, text, re.M)
        return float(m.group(1)) if m else None

    out = {
        "generator_s": num(r"^\s*<?([0-9.]+)\s+\S+\s+HappyHorse\.Generated\.Generator\.ManifestGenerator\s*$"),
        "manifest_analyzer_s": num(r"^\s*<?([0-9.]+)\s+\S+\s+HappyHorse\.Generated\.Generator\.ManifestAnalyzer\b"),
        "all_generators_s": num(r"Total generator execution time: ([0-9.]+) seconds"),
        "all_analyzers_s": num(r"Total analyzer execution time: ([0-9.]+) seconds"),
    }
    print(json.dumps(out)[1:-1])


def main(argv):
    cmd = argv[1]
    if cmd == "consumer":
        consumer(argv[2], argv[3], int(argv[4]), argv[5], argv[6])
    elif cmd == "enum":
        enum_consumer(argv[2], argv[3], int(argv[4]), argv[5], argv[6], int(argv[7]) if len(argv) > 7 else 24)
    elif cmd == "count":
        count(argv[2])
    elif cmd == "analyzers":
        analyzers(argv[2])
    elif cmd == "report":
        report(argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
