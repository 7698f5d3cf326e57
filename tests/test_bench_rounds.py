"""benchmarks/rounds.py: the fastest of interleaved rounds, on fake timers."""
from benchmarks.rounds import fastest, timed


def test_fastest_takes_each_runs_minimum_over_interleaved_rounds():
    calls = []

    def run(name, seconds):
        times = iter(seconds)

        def one():
            calls.append(name)
            return next(times)
        return one

    result = fastest([run("polex", [9.0, 7.5, 8.0]), run("spacy", [12.0, 13.0, 11.5])], rounds=3)
    assert result == [7.5, 11.5]
    assert calls == ["polex", "spacy"] * 3


def test_timed_returns_the_seconds_its_work_took(monkeypatch):
    clock = iter([100.0, 102.25])
    monkeypatch.setattr("benchmarks.rounds.time.perf_counter", lambda: next(clock))
    done = []
    assert timed(lambda: done.append(1))() == 2.25
    assert done == [1]
