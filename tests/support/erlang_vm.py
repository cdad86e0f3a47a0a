"""One Erlang VM per test session, driven over stdin/stdout (`choreo_eval_server`)."""

from __future__ import annotations

import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from choreo_erl.backends.erlang.build import STRICT_FLAGS

FIXTURES = Path(__file__).resolve().parents[2] / "erlang_fixtures"

__all__ = ["STRICT_FLAGS", "ErlangVM", "erlc", "erlc_in_two"]


def erlc(files: list[Path], out: Path, strict: bool = True) -> subprocess.CompletedProcess:
    flags = STRICT_FLAGS if strict else ()
    return subprocess.run(["erlc", *flags, "-o", str(out), *map(str, files)],
                          capture_output=True, text=True)


def erlc_in_two(src: Path, out: Path) -> None:
    """Every `.erl` of `src` built strictly into `out` by two erlc at once (the machine's
    two cores: the random choreographies of the differential tests are many)."""
    files = sorted(src.glob("*.erl"))
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda half: erlc(half, out), [files[0::2], files[1::2]]))
    for res in results:
        assert res.returncode == 0, res.stdout + res.stderr


class ErlangVM:
    def __init__(self, code_paths: list[Path], extra_args: list[str] | None = None) -> None:
        eval_dir = code_paths[0]
        res = erlc([FIXTURES / "choreo_eval_server.erl"], eval_dir, strict=False)
        if res.returncode != 0:
            raise RuntimeError(res.stdout + res.stderr)
        args = ["erl", "-noshell", *(extra_args or [])]
        for p in code_paths:
            args += ["-pa", str(p)]
        args += ["-eval", "choreo_eval_server:main()"]
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, bufsize=1)
        self.lock = threading.Lock()
        self.noise: list[str] = []

    def _request(self, line: str, timeout: float) -> tuple[bool, str]:
        assert "\n" not in line
        with self.lock:
            assert self.proc.stdin and self.proc.stdout
            self.proc.stdin.write(line + "\n")
            self.proc.stdin.flush()
            timer = threading.Timer(timeout, self.proc.kill)
            timer.start()
            try:
                while True:
                    out = self.proc.stdout.readline()
                    if not out:
                        err = self.proc.stderr.read() if self.proc.stderr else ""
                        raise RuntimeError(f"the Erlang VM stopped or timed out: {err[-2000:]}")
                    if out.startswith("@@ok "):
                        return True, out[5:].rstrip("\n")
                    if out.startswith("@@error "):
                        return False, out[8:].rstrip("\n")
                    self.noise.append(out)
            finally:
                timer.cancel()

    def eval(self, expr: str, timeout: float = 60) -> str:
        """Evaluate an Erlang expression; returns its value printed with ~p."""
        ok, text = self._request("E " + " ".join(expr.split("\n")), timeout)
        if not ok:
            raise ErlangError(text)
        return text

    def eval_ok(self, expr: str, timeout: float = 60) -> bool:
        return self.eval(expr, timeout) == "true"

    def run_example(self, run: str, result: str, timeout: float = 60) -> tuple[bool, int, str]:
        """Run a `% run:` line with tracing: (matches `% result:`, messages sent, result)."""
        run, result = (" ".join(x.split("\n")) for x in (run, result))
        ok, text = self._request(f"X {run}\t{result}", timeout)
        if not ok:
            raise ErlangError(text)
        equal, sends, shown = text.split(" ", 2)
        return equal == "true", int(sends), shown

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class ErlangError(Exception):
    pass
