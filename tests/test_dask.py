"""The Dask engine gives exactly the facts, order and error records of a local run."""

from __future__ import annotations

import shutil

import pytest

from conftest import SEEDS

pytest.importorskip("distributed", reason="the dask extra is not installed (pip install 'clusterfacts[dask]')")


def _batch(tmp_path):
    batch = tmp_path / "batch"
    shutil.copytree(SEEDS, batch)
    (batch / "gold.jsonl").unlink()
    (batch / "empty.txt").write_bytes(b"")
    return batch


def test_local_cluster_matches_the_local_run(tmp_path):
    from distributed import LocalCluster

    from clusterfacts import api
    from clusterfacts import dask as dask_engine

    batch = _batch(tmp_path)
    local = list(api.iter_documents([str(batch)]))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = list(dask_engine.iter_results([str(batch)], scheduler=cluster.scheduler_address))
    assert remote == local
    assert [type(item).__name__ for item in remote].count("ErrorRecord") == 1


def test_fsspec_urls_read_like_local_paths(tmp_path):
    from clusterfacts import api
    from clusterfacts import dask as dask_engine

    batch = _batch(tmp_path)
    by_url = [dask_engine._run_remote_or_local(s, None) for s in dask_engine.sources([f"file://{batch}"])]
    local = list(api.iter_documents([str(batch)]))
    assert [r.doc.id if hasattr(r, "doc") else r.doc_id for r in by_url] == [
        r.doc.id if hasattr(r, "doc") else r.doc_id for r in local]
    assert [getattr(r, "facts", None) and [f.quantity for f in r.facts] for r in by_url] == [
        getattr(r, "facts", None) and [f.quantity for f in r.facts] for r in local]
