"""One Database shared by threads: mixed writes and reads stay consistent; calls release the GIL."""

from __future__ import annotations

import threading
import time

from quiverdb import Database

THREADS = 8
SECONDS = 2.0


def test_eight_threads_mixed_creates_updates_reads(plants: Database) -> None:
    db = plants
    errors: list[BaseException] = []
    alive: dict[int, dict[str, object]] = {}
    alive_lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def work(worker: int) -> None:
        try:
            start.wait()
            deadline = time.monotonic() + SECONDS
            k = 0
            while time.monotonic() < deadline:
                label = f"w{worker}-{k}"
                costs = [float(worker), float(k)]
                eid = db.create_element(
                    "Plant", label=label, capacity=float(k), cost=costs, tag=[label, "shared"]
                )
                db.update_element("Plant", eid, capacity=float(k) + 0.5)
                assert db.read_scalar_float_by_id("Plant", "capacity", eid) == float(k) + 0.5
                assert db.read_vector_floats_by_id("Plant", "cost", eid) == costs
                assert db.number_of_elements("Plant") >= 1
                db.read_scalar_floats("Plant", "capacity")
                if k % 3 == 2:
                    db.delete_element("Plant", eid)
                else:
                    with alive_lock:
                        alive[eid] = {"label": label, "capacity": float(k) + 0.5, "cost": costs}
                k += 1
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    workers = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    assert errors == []
    assert len(alive) > THREADS
    ids = db.read_element_ids("Plant")
    assert sorted(ids) == sorted(alive)
    assert db.number_of_elements("Plant") == len(alive)
    labels = dict(zip(ids, db.read_scalar_strings("Plant", "label"), strict=True))
    capacities = dict(zip(ids, db.read_scalar_floats("Plant", "capacity"), strict=True))
    costs = dict(zip(ids, db.read_vector_floats("Plant", "cost"), strict=True))
    for eid, expected in alive.items():
        assert labels[eid] == expected["label"]
        assert capacities[eid] == expected["capacity"]
        assert costs[eid] == expected["cost"]
    tags = db.read_set_strings("Plant", "tag")
    assert all(len(t) == 2 and "shared" in t for t in tags)


def test_core_calls_release_the_gil(plants: Database) -> None:
    """A Python thread keeps running while another thread waits in a long core call."""
    counter = 0
    stop = threading.Event()

    def count() -> None:
        nonlocal counter
        while not stop.is_set():
            counter += 1

    slow_sql = (
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) "
        "SELECT count(*) FROM c"
    )
    thread = threading.Thread(target=count)
    thread.start()
    try:
        time.sleep(0.05)
        before = counter
        began = time.perf_counter()
        assert plants.query_integer(slow_sql) == 3000000
        elapsed = time.perf_counter() - began
        during = counter - before
        # The same wait spent in time.sleep (which releases the GIL) gives the reference rate.
        before = counter
        time.sleep(elapsed)
        reference = counter - before
    finally:
        stop.set()
        thread.join()
    assert elapsed > 0.02
    assert during > reference * 0.2, (during, reference)
