"""The pipeline on a real Dask cluster: a scheduler and two workers started
from the venv's console scripts on 127.0.0.1. The tables equal a local run's
(and so do those of a run on two local worker processes), a killed worker costs nothing, a wrong address is a one-line error, and
switching between local and cluster leaves `dvc status` clean.

The scheduler and the workers unpickle the classes the client sends by
importing `pipeline`, and the workers read `models/` from their folder: they
run in one copy of the code made for this module, from which every project
here is copied too. (Run from the checkout, they imported whatever it held at
that moment: a file saved during the run made the scheduler fail with "Error
during deserialization of the task graph".)"""
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from conftest import dvc, new_project, venv_env
from test_run_faults import start_corpus, tracked

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def code(tmp_path_factory) -> Path:
    return new_project(tmp_path_factory.mktemp("code"))


def start_dask(code: Path, log: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([str(BIN / "dask"), *args, "--no-dashboard", "--host", "127.0.0.1"], cwd=code,
                            env=venv_env(PYTHONPATH=str(code)), stdout=open(log, "w"), stderr=subprocess.STDOUT,
                            start_new_session=True)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, code):
    logs = tmp_path_factory.mktemp("dask")
    address = f"tcp://127.0.0.1:{free_port()}"
    scheduler = start_dask(code, logs / "scheduler.log", "scheduler", "--port", address.rsplit(":", 1)[1])
    workers = {name: start_dask(code, logs / f"{name}.log", "worker", address, "--nthreads", "1", "--name", name)
               for name in ("w0", "w1")}
    from distributed import Client

    with Client(address, timeout=60) as client:
        client.wait_for_workers(2, timeout=120)
    yield address, workers, logs
    for proc in [*workers.values(), scheduler]:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        proc.wait()


def polex(project: Path, *args: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", "run", *args], cwd=project,
                          env=venv_env(COLUMNS="200", **env), capture_output=True, text=True)


@pytest.fixture(scope="module")
def local_run(tmp_path_factory, code):
    project = new_project(tmp_path_factory.mktemp("local"), code)
    start_corpus(project, 12)
    run = polex(project)
    assert run.returncode == 0, run.stderr
    return project


def test_a_scheduler_that_cannot_be_reached_is_a_one_line_error(tmp_path):
    project = new_project(tmp_path / "p")
    start_corpus(project, 1)
    run = polex(project, "--scheduler", "tcp://127.0.0.1:9")
    assert run.returncode == 1
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr  # no traceback
    assert run.stderr.startswith("error: cannot reach the Dask scheduler at tcp://127.0.0.1:9: ")
    assert not (project / "outputs").exists()  # no silent fall-back to a local run
    from_env = polex(project, POLEX_SCHEDULER="tcp://127.0.0.1:9")
    assert (from_env.returncode, from_env.stderr.startswith("error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")) == (1, True)


@pytest.mark.slow
def test_a_cluster_run_that_loses_a_worker_gives_the_local_run_s_tables_and_switching_reruns_nothing(
        cluster, code, local_run, tmp_path):
    from distributed import Client

    address, workers, logs = cluster
    project = new_project(tmp_path / "p", code)
    start_corpus(project, 12)
    log = tmp_path / "run.log"
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "run", "--scheduler", address], cwd=project,
                            env=venv_env(COLUMNS="200", POLEX_VERBOSE="1"), stdout=open(log, "w"), stderr=subprocess.STDOUT)
    while "Running stage 'extract'" not in log.read_text() and proc.poll() is None:
        time.sleep(0.05)
    with Client(address, timeout=60) as client:  # the first worker seen holding an extract batch is killed
        names = {a: w["name"] for a, w in client.scheduler_info()["workers"].items()}
        holding = []
        while not holding and proc.poll() is None:
            holding = [names[a] for a, keys in client.processing().items() if keys]
            time.sleep(0.05)
    assert holding, log.read_text()
    os.killpg(workers[holding[0]].pid, signal.SIGKILL)
    assert proc.wait() == 0, log.read_text()
    assert tracked(project) == tracked(local_run)
    assert "up to date" in dvc(project, "status").stdout
    again = polex(project)  # local now: nothing is stale
    assert again.returncode == 0 and "processed" not in again.stderr, again.stderr
    assert "up to date" in dvc(project, "status").stdout


@pytest.mark.slow
def test_a_run_on_two_local_worker_processes_gives_the_local_run_s_tables(code, local_run, tmp_path):
    """extract.n_process 2: the stage's work is unpickled in spawned processes,
    which never import the `__main__` that `python -m` ran (it failed so)."""
    project = new_project(tmp_path / "p", code)
    params = yaml.safe_load((project / "params.yaml").read_text())
    params["extract"]["n_process"] = 2
    (project / "params.yaml").write_text(yaml.safe_dump(params))
    start_corpus(project, 12)
    run = polex(project, PYTHONHASHSEED="3")
    assert run.returncode == 0, run.stderr
    assert tracked(project) == tracked(local_run)


@pytest.mark.slow
def test_local_cluster_workers_leave_the_gil_to_the_documents():
    import dask
    from distributed import Client

    from pipeline.cluster import start_local

    with start_local("local:1") as cluster, Client(cluster) as client:
        assert list(client.run(dask.config.get, "distributed.worker.profile.enabled").values()) == [False]
        assert list(client.run(os.environ.get, "MALLOC_TRIM_THRESHOLD_").values()) == [None]
