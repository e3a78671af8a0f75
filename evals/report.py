"""Eval reports: what produced them (metadata), a readable table, and deltas against a baseline."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import subprocess
from pathlib import Path
from typing import Any

from core.config import REPO_ROOT

REPORTS_DIR = Path(__file__).resolve().parent / "reports"
DEFAULT_REPORT = REPORTS_DIR / "latest.json"
PROMPTS_DIR = REPO_ROOT / "prompts"

# Headline metrics in display order; True when higher is better.
HEADLINE: dict[str, bool] = {
    "answer_accuracy": True,
    "answer_accuracy_150_words": True,
    "citation_support": True,
    "abstention_accuracy": True,
    "false_refusal_rate": False,
    "hit_at_5": True,
    "mrr": True,
    "latency_p50_ms": False,
    "latency_p95_ms": False,
    "pass_rate": True,
}
_SECRET_KEY = re.compile(r"key|secret|token|password", re.IGNORECASE)
_URL_CREDENTIALS = re.compile(r"//[^/@\s]+@")


def settings_snapshot(settings: Any) -> dict[str, Any]:
    """The settings as JSON, minus anything that could be a credential."""
    if settings is None or not hasattr(settings, "model_dump"):
        return {}
    values: dict[str, Any] = settings.model_dump(mode="json")
    out: dict[str, Any] = {}
    for name, value in values.items():
        if _SECRET_KEY.search(name):
            continue
        out[name] = _URL_CREDENTIALS.sub("//***@", value) if isinstance(value, str) else value
        if name.endswith("_dir") and isinstance(value, str):
            out[name] = _repo_relative(value)  # reports are committed: no machine paths in them
    return out


def _repo_relative(path: str) -> str:
    try:
        return Path(path).resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return "(outside the checkout)"


def git_commit() -> str | None:
    """The checkout's HEAD (read-only), or None outside git / before the first commit."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True,
            timeout=10, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    commit = done.stdout.strip()
    return commit if done.returncode == 0 and commit else None


def prompt_hashes() -> dict[str, str]:
    """Hash of each prompt file: assistant.prompts.prompt_hash when it can, else the file bytes."""
    hashes: dict[str, str] = {}
    for path in sorted(PROMPTS_DIR.glob("*.md")):
        hashes[path.stem] = _prompt_hash(path)
    return hashes


def _prompt_hash(path: Path) -> str:
    try:
        from assistant.prompts import prompt_hash

        return str(prompt_hash(path.stem))
    except Exception:  # the answerer's helper missing or failing must not stop the report
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _embedder_name(service: Any) -> str | None:
    embedder = getattr(service, "embedder", None)
    name = getattr(embedder, "name", None)
    if name is None:
        name = getattr(getattr(service, "settings", None), "embedder", None)
    return str(name) if name is not None else None


def run_metadata(
    service: Any, cases_path: Path, cases_hash: str, limit: int | None
) -> dict[str, Any]:
    settings = getattr(service, "settings", None)
    return {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cases_file": _display_path(cases_path),
        "cases_sha256": cases_hash,
        "limit": limit,
        "embedder": _embedder_name(service),
        "answerer": "llm" if getattr(service, "chat_model", None) is not None else "extractive",
        "settings": settings_snapshot(settings),
        "git_commit": git_commit(),
        "prompt_hashes": prompt_hashes(),
    }


def _display_path(path: Path) -> str:
    resolved = path.resolve()
    if resolved.is_relative_to(REPO_ROOT):
        return resolved.relative_to(REPO_ROOT).as_posix()
    return str(path)


def write_report(report: dict[str, Any], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def load_report(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"cannot read report {path}: {exc}") from exc
    if not isinstance(data, dict) or "summary" not in data:
        raise ValueError(f"{path} is not an eval report (no 'summary')")
    return data


def _fmt(name: str, value: Any) -> str:
    if value is None:
        return "-"
    if name.endswith("_ms"):
        return f"{value:.0f} ms"
    return f"{100 * value:.1f}%"


def _group_rows(title: str, groups: dict[str, dict[str, Any]]) -> list[str]:
    rows = [f"\n{title:<22}{'cases':>6}{'pass':>9}{'accuracy':>10}{'hit@5':>9}"]
    for name, g in groups.items():
        rows.append(f"  {name:<20}{g['cases']:>6}{_fmt('', g['pass_rate']):>9}"
                    f"{_fmt('', g['answer_accuracy']):>10}{_fmt('', g['hit_at_5']):>9}")
    return rows


def format_table(report: dict[str, Any]) -> str:
    """A plain-text summary: headline metrics, per-shape and per-persona rows, failing cases."""
    summary, meta = report["summary"], report.get("meta", {})
    lines = [f"Eval: {summary['cases']} cases from {meta.get('cases_file', '?')} "
             f"(embedder {meta.get('embedder')}, answerer {meta.get('answerer')})"]
    lines += [f"  {name:<22}{_fmt(name, summary.get(name)):>10}" for name in HEADLINE]
    lines += _group_rows("by shape", report.get("by_shape", {}))
    lines += _group_rows("by persona", report.get("by_persona", {}))
    failures = report.get("failures", [])
    lines.append(f"\nfailing cases: {len(failures)}")
    lines += [f"  {f['id']}: {'; '.join(f['reasons'])}" for f in failures]
    return "\n".join(lines)


def compare_reports(report: dict[str, Any], baseline: dict[str, Any]) -> str:
    """Headline deltas and per-case changes against a baseline report, as text."""
    lines: list[str] = []
    if report.get("meta", {}).get("cases_sha256") != baseline.get("meta", {}).get("cases_sha256"):
        lines.append("note: the cases files differ; compare shared case ids only with care")
    lines.append(f"{'metric':<22}{'baseline':>10}{'now':>10}{'delta':>10}")
    for name, higher_better in HEADLINE.items():
        old, new = baseline["summary"].get(name), report["summary"].get(name)
        delta = "" if old is None or new is None else _delta(name, new - old, higher_better)
        lines.append(f"{name:<22}{_fmt(name, old):>10}{_fmt(name, new):>10}{delta:>10}")
    old_pass = {c["id"]: c.get("passed") for c in baseline.get("cases", [])}
    new_pass = {c["id"]: c.get("passed") for c in report.get("cases", [])}
    shared = sorted(old_pass.keys() & new_pass.keys())
    fixed = [i for i in shared if new_pass[i] and not old_pass[i]]
    broken = [i for i in shared if old_pass[i] and not new_pass[i]]
    lines.append(f"now passing: {', '.join(fixed) or '-'}")
    lines.append(f"now failing: {', '.join(broken) or '-'}")
    return "\n".join(lines)


def _delta(name: str, diff: float, higher_better: bool) -> str:
    text = f"{diff:+.0f} ms" if name.endswith("_ms") else f"{100 * diff:+.1f}"
    worse = diff < 0 if higher_better else diff > 0
    return text + (" !" if worse and abs(diff) > 1e-9 else "")
