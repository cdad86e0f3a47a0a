"""The Erlang half of the benchmark: build the contestants, run `choreo_bench` in one VM.

Generated code comes from the acceptance examples `ping_pong.chor` and
`shipping.chor` (read from `../shared/examples`, as the tests do), compiled by
the same `compile_file` the CLI uses and built with the strict `erlc` flags; the
hand-written rivals are in `erlang_fixtures/bench/`, the driver in `bench/erlang/`.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
from collections.abc import Callable
from pathlib import Path

from choreo_erl.backends.erlang.build import erlc

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CHOREO_SHARED", ROOT.parent / "shared"))
EXAMPLES = SHARED / "examples"
FIXTURES = ROOT / "erlang_fixtures" / "bench"
DRIVER = ROOT / "bench" / "erlang"


class ErlangBenchError(Exception):
    pass


def build(work: Path) -> Path:
    """Compile the examples and build everything into `work/ebin`."""
    from choreo_erl.pipeline import compile_file

    src, ebin = work / "src", work / "ebin"
    src.mkdir(parents=True, exist_ok=True)
    ebin.mkdir(parents=True, exist_ok=True)
    for name in ("ping_pong", "shipping"):
        for module, text in compile_file(EXAMPLES / f"{name}.chor").items():
            (src / module).write_text(text, encoding="utf-8")
    erlc(sorted(src.glob("*.erl")), ebin, strict=True)
    erlc(sorted(FIXTURES.glob("*.erl")) + sorted(DRIVER.glob("*.erl")), ebin, strict=True)
    erlc([EXAMPLES / "shipping_carol_impl.erl"], ebin, strict=False)
    return ebin


def run_driver(ebin: Path, work: Path, config: dict, timeout: float,
               erl_args: tuple[str, ...] = ()) -> dict:
    """Run `choreo_bench:main/1` with `config` (a flat dict of ints and strings)."""
    config_file, out_file = work / "config.term", work / "out.json"
    fields = ", ".join(f"{k} => {_term(v)}" for k, v in config.items())
    config_file.write_text("#{" + fields + "}.\n", encoding="utf-8")
    out_file.unlink(missing_ok=True)
    # stderr is left to the terminal: the driver reports its progress there.
    res = subprocess.run(["erl", *erl_args, "-noshell", "-pa", str(ebin), "-run",
                          "choreo_bench", "main",
                          str(config_file), str(out_file)],
                         stdout=subprocess.PIPE, text=True, timeout=timeout)
    if res.returncode != 0 or not out_file.exists():
        raise ErlangBenchError(f"choreo_bench failed ({res.returncode}):\n{res.stdout[-3000:]}")
    return json.loads(out_file.read_text(encoding="utf-8"))


def _term(value) -> str:
    if isinstance(value, int):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def runtime_bench(work: Path, config: dict, log: Callable[[str], None]) -> dict:
    ebin = build(work)
    log("erlang: built; running the comparisons in one VM")
    raw = run_driver(ebin, work, config, timeout=540)
    return summarize(raw)


def summarize(raw: dict) -> dict:
    """Medians, rates and ratios (generated / hand-written; above 1 is slower)."""
    out: dict = {"system": raw["system"], "raw": raw}
    pp = raw["ping_pong"]
    out["ping_pong"] = _compare(pp["times_us"], pp["rounds"], "rounds_per_s")
    out["ping_pong"].update(rounds=pp["rounds"], repeats=pp["repeats"])
    for key in ("shipping_sequential", "shipping_concurrent"):
        b = raw[key]
        out[key] = _compare(b["times_us"], b["sessions"], "sessions_per_s")
        out[key].update(sessions=b["sessions"], repeats=b["repeats"])
    mem = raw["memory"]
    out["memory"] = {"sessions": mem["sessions"], "repeats": mem["repeats"]}
    for name, samples in mem["samples"].items():
        out["memory"][name] = {
            "bytes_per_session": statistics.median(s["bytes_per_session"] for s in samples),
            "processes_per_session": statistics.median(
                s["processes_per_session"] for s in samples)}
    g, h = out["memory"]["generated"], out["memory"]["gen_server"]
    out["memory"]["ratio"] = g["bytes_per_session"] / h["bytes_per_session"]
    return out


def _compare(times_us: dict[str, list[int]], work_units: int, rate: str) -> dict:
    out: dict = {"contestants": {}}
    for name, ts in times_us.items():
        med = statistics.median(ts)
        out["contestants"][name] = {"median_ms": med / 1000, rate: work_units / (med / 1e6)}
    gen = times_us["generated"]
    for rival in times_us:
        if rival == "generated":
            continue
        # Each generated run against the rival's run of the same round: adjacent in
        # time, so they share the machine's load; the median of those ratios.
        pairs = [g / r for g, r in zip(gen, times_us[rival], strict=True)]
        out[f"ratio_vs_{rival}"] = statistics.median(pairs)
        out[f"ratio_vs_{rival}_of_medians"] = (statistics.median(gen)
                                               / statistics.median(times_us[rival]))
    return out


def scale_bench(work: Path, sessions: int, log: Callable[[str], None]) -> dict:
    """`--scale N`: N concurrent shipping sessions on one node (3 processes each)."""
    ebin = build(work)
    # Room for 3 processes per session and the VM's own.
    limit = max(262_144, 3 * sessions + 100_000)
    log(f"erlang: {sessions} concurrent sessions (+P {limit})")
    return run_driver(ebin, work, {"scale": sessions}, timeout=3600,
                      erl_args=("+P", str(limit)))


def flood_bench(work: Path, junk: int, log: Callable[[str], None], rounds: int = 100_000,
                repeats: int = 5) -> dict:
    """`--flood N`: ping_pong alone and while N junk messages go to Pong, interleaved,
    and the hand-written gen_server rival (dropping junk silently) alike: how much a
    flood costs any gen_server on this machine, beside what it costs the generated one."""
    ebin = build(work)
    log(f"erlang: ping_pong of {rounds} rounds under a flood of {junk} junk messages")
    raw = run_driver(ebin, work, {"flood": junk, "flood_rounds": rounds,
                                  "flood_repeats": repeats}, timeout=3600)
    t = raw["times_us"]
    def ratio(num: str, den: str) -> float:
        return statistics.median(a / b for a, b in zip(t[num], t[den], strict=True))

    return {**raw, "median_ms": {k: statistics.median(v) / 1000 for k, v in t.items()},
            "ratio_flooded_vs_alone": ratio("flooded", "alone"),
            "ratio_of_medians": statistics.median(t["flooded"]) / statistics.median(t["alone"]),
            "hw_ratio_flooded_vs_alone": ratio("hw_flooded", "hw_alone"),
            "ratio_flooded_vs_hw_flooded": ratio("flooded", "hw_flooded")}
