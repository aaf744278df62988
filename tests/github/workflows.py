#!/usr/bin/env python3
"""workflows.py SOURCE_DIR: what the GitHub and ClusterFuzzLite files must say.

- every job that sets `permissions` keeps contents: read and actions: read,
  and a job that uploads SARIF has security-events: write;
- every run_fuzzers step with output-sarif is followed by an upload-sarif of
  cifuzz-sarif/results.sarif, skipped for forks' pull requests;
- a coverage job (sanitizer coverage, mode coverage) exists, so PR mode can
  select the targets a change reaches; the PR matrix's sanitizers are the
  project's;
- the content gate uses this repository's action; the action skips the
  upload for forks and asks for nothing it does not use;
- .clusterfuzzlite/project.yaml has main_repo; the Dockerfile keeps CMake < 4.
Exit 0 pass, 1 fail (each finding on stderr), 77 when PyYAML is missing."""
import pathlib
import re
import sys

try:
    import yaml
except ImportError:
    print("SKIPPED: PyYAML is not installed (Debian: python3-yaml)", file=sys.stderr)
    sys.exit(77)

src = pathlib.Path(sys.argv[1])
problems = []


def load(rel):
    return yaml.safe_load((src / rel).read_text())


def steps_using(job, prefix):
    return [s for s in job.get("steps", []) if str(s.get("uses", "")).startswith(prefix)]


for wf in sorted((src / ".github/workflows").glob("*.yml")):
    doc = load(wf.relative_to(src))
    for name, job in doc["jobs"].items():
        where = f"{wf.name}: job {name}"
        uploads = steps_using(job, "github/codeql-action/upload-sarif")
        perms = job.get("permissions")
        if perms is not None:
            for key in ("contents", "actions"):
                if perms.get(key) not in ("read", "write"):
                    problems.append(f"{where}: permissions drop {key}: read")
        if uploads and (perms or {}).get("security-events") != "write":
            problems.append(f"{where}: uploads SARIF without security-events: write")
        steps = job.get("steps", [])
        for i, step in enumerate(steps):
            if str(step.get("uses", "")).startswith("google/clusterfuzzlite/actions/run_fuzzers") and \
                    step.get("with", {}).get("output-sarif"):
                later = [s for s in steps[i + 1:]
                         if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif")]
                if not later or later[0]["with"].get("sarif_file") != "cifuzz-sarif/results.sarif":
                    problems.append(f"{where}: writes SARIF but never uploads cifuzz-sarif/results.sarif")

fuzz = load(".github/workflows/fuzz.yml")
cov = fuzz["jobs"].get("coverage")
if not cov or not any(s.get("with", {}).get("mode") == "coverage" and
                      s.get("with", {}).get("sanitizer") == "coverage"
                      for s in steps_using(cov, "google/clusterfuzzlite/actions/run_fuzzers")):
    problems.append("fuzz.yml: no coverage job (run_fuzzers mode: coverage, sanitizer: coverage)")
pr_upload = steps_using(fuzz["jobs"]["pr"], "github/codeql-action/upload-sarif")
if not pr_upload or "fork" not in str(pr_upload[0].get("if", "")):
    problems.append("fuzz.yml: the pr job uploads SARIF from forks' pull requests too")
project = load(".clusterfuzzlite/project.yaml")
if not project.get("main_repo"):
    problems.append(".clusterfuzzlite/project.yaml: no main_repo")
extra = set(fuzz["jobs"]["pr"]["strategy"]["matrix"]["sanitizer"]) - set(project["sanitizers"])
if extra:
    problems.append(f"fuzz.yml: the pr job fuzzes with {sorted(extra)}, not in project.yaml")
docker = (src / ".clusterfuzzlite/Dockerfile").read_text()
if not re.search(r"cmake>=3\.20,<4", docker):
    problems.append(".clusterfuzzlite/Dockerfile: CMake not kept below 4 (PCRE2 10.42 needs it)")

gate = load(".github/workflows/content-gate.yml")
if not any(s.get("uses") == "./" for j in gate["jobs"].values() for s in j.get("steps", [])):
    problems.append("content-gate.yml: does not use this repository's action (uses: ./)")
action = load("action.yml")
up = [s for s in action["runs"]["steps"] if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif")]
if not up or "fork" not in str(up[0].get("if", "")):
    problems.append("action.yml: uploads SARIF from forks' pull requests too")

for p in problems:
    print("FAIL:", p, file=sys.stderr)
if problems:
    sys.exit(1)
print("workflows, action and ClusterFuzzLite files say what they must")
