"""A query runs on a second thread only while a core is idle, and finds the same passages either way."""

import os
import sys
import time

import numpy as np
import pytest

from assistant.retrieval import embeddings


@pytest.fixture
def machine(monkeypatch):
    """Pretend cores and tasks running: `machine(cores, running)`."""
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.setattr(embeddings, "_last_team_end", -1.0)  # no query on two threads just ended

    def set_up(cores: int, running: int | None):
        monkeypatch.setattr(embeddings, "usable_cores", lambda: cores)
        monkeypatch.setattr(embeddings, "running_now", lambda: running)

    return set_up


def test_a_query_takes_a_second_core_only_while_it_is_idle(machine):
    machine(2, 1)  # only the caller runs
    assert embeddings.query_threads() == 2
    machine(2, 2)  # another task holds the other core: a second thread would wait for it at every step
    assert embeddings.query_threads() == 1
    machine(2, 7)
    assert embeddings.query_threads() == 1


def test_a_query_right_after_one_on_two_threads_does_not_count_that_query_s_own_spinning_thread(machine,
                                                                                                monkeypatch):
    machine(2, 2)
    monkeypatch.setattr(embeddings, "_last_team_end", time.monotonic())  # its second thread still spins
    assert embeddings.query_threads() == 2
    monkeypatch.setattr(embeddings, "_last_team_end", time.monotonic() - 10 * embeddings.SPIN_S)
    assert embeddings.query_threads() == 1  # long asleep: the running task is someone else


def test_one_usable_core_or_an_unknown_load_means_one_thread(machine):
    machine(1, 1)
    assert embeddings.query_threads() == 1
    machine(2, None)  # no /proc/loadavg (not Linux): as before, one thread
    assert embeddings.query_threads() == 1


def test_a_many_core_machine_still_gives_a_short_query_at_most_two_threads(machine):
    machine(16, 1)
    assert embeddings.query_threads() == embeddings.QUERY_THREADS_MAX == 2


def test_omp_num_threads_caps_the_query_threads(machine, monkeypatch):
    machine(2, 1)
    monkeypatch.setenv("OMP_NUM_THREADS", "1")  # what the load benchmark and the test servers set
    assert embeddings.query_threads() == 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/loadavg is Linux's")
def test_the_running_tasks_and_usable_cores_are_read_from_this_machine():
    assert embeddings.running_now() >= 1  # the caller itself is running
    assert 1 <= embeddings.usable_cores() <= (os.cpu_count() or 1)


def test_one_or_two_threads_give_the_same_vector_so_the_same_hits():
    model = embeddings.get_model()
    text = "Lead lên xuống thất thường, tắt quảng cáo là hết khách thì nên làm gì trước?"
    try:
        embeddings._use_threads(1)
        one = model.query(text)
        embeddings._use_threads(2)
        two = model.query(text)
    finally:
        embeddings._use_threads(1)
    assert np.allclose(one, two, atol=1e-6)
