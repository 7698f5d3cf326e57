"""The pipeline on a real Dask cluster: a scheduler and two workers started
from the venv's console scripts on 127.0.0.1. The tables equal a local run's,
a killed worker costs nothing, a wrong address is a one-line error, and
switching between local and cluster leaves `dvc status` clean."""
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import dvc, new_project, venv_env
from test_run_faults import start_corpus, tracked

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_worker(address: str, name: str, log: Path) -> subprocess.Popen:
    return subprocess.Popen([str(BIN / "dask"), "worker", address, "--nthreads", "1", "--name", name,
                             "--no-dashboard", "--host", "127.0.0.1"], env=venv_env(), stdout=open(log, "w"),
                            stderr=subprocess.STDOUT, start_new_session=True)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    logs = tmp_path_factory.mktemp("dask")
    address = f"tcp://127.0.0.1:{free_port()}"
    scheduler = subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                                  "--no-dashboard"], env=venv_env(), stdout=open(logs / "scheduler.log", "w"),
                                 stderr=subprocess.STDOUT, start_new_session=True)
    workers = [start_worker(address, f"w{i}", logs / f"w{i}.log") for i in range(2)]
    from distributed import Client

    with Client(address, timeout=60) as client:
        client.wait_for_workers(2, timeout=120)
    yield address, workers, logs
    for proc in workers + [scheduler]:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        proc.wait()


def polex(project: Path, *args: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", "run", *args], cwd=project,
                          env=venv_env(COLUMNS="200", **env), capture_output=True, text=True)


@pytest.fixture(scope="module")
def local_run(tmp_path_factory):
    project = new_project(tmp_path_factory.mktemp("local"))
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
        cluster, local_run, tmp_path):
    address, workers, logs = cluster
    project = new_project(tmp_path / "p")
    start_corpus(project, 12)
    log = tmp_path / "run.log"
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "run", "--scheduler", address], cwd=project,
                            env=venv_env(COLUMNS="200", POLEX_VERBOSE="1"), stdout=open(log, "w"), stderr=subprocess.STDOUT)
    while "Running stage 'extract'" not in log.read_text() and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, log.read_text()
    time.sleep(1.0)  # the workers are loading the model for their first batches
    os.killpg(workers[0].pid, signal.SIGKILL)
    assert proc.wait() == 0, log.read_text()
    assert tracked(project) == tracked(local_run)
    assert "up to date" in dvc(project, "status").stdout
    again = polex(project)  # local now: nothing is stale
    assert again.returncode == 0 and "processed" not in again.stderr, again.stderr
    assert "up to date" in dvc(project, "status").stdout


@pytest.mark.slow
def test_local_cluster_workers_leave_the_gil_to_the_documents():
    import dask
    from distributed import Client

    from pipeline.cluster import start_local

    with start_local("local:1") as cluster, Client(cluster) as client:
        assert list(client.run(dask.config.get, "distributed.worker.profile.enabled").values()) == [False]
        assert list(client.run(os.environ.get, "MALLOC_TRIM_THRESHOLD_").values()) == [None]
