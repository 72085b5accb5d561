"""The GIL is released while scoring, and Ctrl-C stops a long call."""

import os
import signal
import threading
import time

import pytest

import stance


def many_texts(n_copies):
    return stance.sample_texts() * n_copies


def test_other_python_threads_run_while_scoring():
    engine = stance.Engine(threads=1)
    texts = many_texts(300)
    ticks = []
    done = threading.Event()

    def tick():
        while not done.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=tick)
    t.start()
    started = time.perf_counter()
    engine.score(texts)
    ended = time.perf_counter()
    done.set()
    t.join()
    during = [x for x in ticks if started < x < ended]
    # With the GIL held for the whole call the ticker could not run until it returned.
    assert ended - started > 0.05
    assert len(during) >= 5


@pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="needs POSIX signals")
def test_keyboard_interrupt_stops_a_long_call():
    engine = stance.Engine(threads=1)
    # An eighth of the call must last well past the 50 ms at which the waiting thread polls for
    # signals, or a fast machine stops "late" only by the poll interval: grow the input until
    # it does.
    copies = 400
    while True:
        texts = many_texts(copies)
        started = time.perf_counter()
        engine.score(texts[: len(texts) // 8])
        eighth = time.perf_counter() - started
        if eighth >= 0.4 or copies >= 400 * 64:
            break
        copies *= 2
    timer = threading.Timer(eighth / 2, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    started = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        engine.score(texts)
    # Stopped within a few batches, long before the eight eighths were done.
    assert time.perf_counter() - started < 4 * eighth
    timer.join()
