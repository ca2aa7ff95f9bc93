"""Scale-out on Dask: the same facts, ordering and error records as a local run.

``extract_bag`` reads local paths or any fsspec URL (s3://, gs://, …) and
returns a dask bag of DocumentResult and ErrorRecord items in input order.
Workers import clusterfacts once; OpenCC, jieba and spaCy are cached per
worker process, not loaded per document.
"""

from __future__ import annotations

from typing import Iterable

from . import api
from .errors import NOT_FOUND, DocumentError
from .ingest import SUFFIXES, Source, check_type, expand, from_bytes
from .models import DocumentResult, ErrorRecord

_REMOTE_MARK = "://"


def _require_dask():
    try:
        import dask.bag
        import fsspec
    except ImportError as error:  # pragma: no cover - exercised only without the extra
        raise ImportError("the dask engine needs the optional extra: pip install 'clusterfacts[dask]'") from error
    return dask.bag, fsspec


def sources(paths: Iterable[str], root: str | None = None) -> list[Source]:
    """Local inputs expand as in a local run; URLs expand through fsspec (folders and globs)."""
    _bag, fsspec = _require_dask()
    found: list[Source] = []
    for item in paths:
        if _REMOTE_MARK not in item:
            found.extend(expand([item], root=root))
            continue
        fs, base = fsspec.core.url_to_fs(item)
        protocol = item.split(_REMOTE_MARK, 1)[0]
        if fs.isdir(base):
            names = sorted(p for p in fs.find(base) if any(p.lower().endswith(s) for s in SUFFIXES))
            prefix = (root or base).rstrip("/") + "/"
        else:
            names = sorted(fs.glob(base)) if any(c in base for c in "*?[") else [base]
            prefix = (root or base.rsplit("/", 1)[0]).rstrip("/") + "/"
        for name in names:
            relative = name[len(prefix):] if name.startswith(prefix) else name.rsplit("/", 1)[-1]
            doc_id = relative.rsplit(".", 1)[0] if "." in relative.rsplit("/", 1)[-1] else relative
            found.append(Source(f"{protocol}{_REMOTE_MARK}{name}", doc_id))
    return found


def _run_remote_or_local(source: Source, lang: str | None) -> DocumentResult | ErrorRecord:
    if _REMOTE_MARK not in source.path:
        return api._run(source, lang)
    _bag, fsspec = _require_dask()
    try:
        check_type(source)
        try:
            with fsspec.open(source.path, "rb") as handle:
                data = handle.read()
        except (FileNotFoundError, OSError) as error:
            raise DocumentError(NOT_FOUND, f"cannot read: {error}", source.path) from error
        return api.process(from_bytes(source, data), lang=lang)
    except DocumentError as error:
        return ErrorRecord(path=source.path, code=error.code, message=error.message, doc_id=source.doc_id)


def extract_bag(paths: Iterable[str], *, root: str | None = None, lang: str | None = None, partition_size: int = 64):
    """A dask bag of DocumentResult | ErrorRecord, one item per document, in input order."""
    bag, _fsspec = _require_dask()
    items = sources(paths, root=root)
    if not items:
        return bag.from_sequence([], npartitions=1)
    return bag.from_sequence(items, partition_size=partition_size).map(_run_remote_or_local, lang)


def iter_results(
    paths: Iterable[str], *, scheduler: str | None = None, workers: int | None = None,
    root: str | None = None, lang: str | None = None,
):
    """Compute ``extract_bag`` on a cluster and stream the results in input order.

    ``scheduler`` is the address of a running scheduler (``tcp://host:8786``);
    without one a LocalCluster of ``workers`` processes is started for the
    run. Partitions are submitted together and yielded in order as each
    completes, so memory holds only what is computed but not yet consumed.
    """
    from distributed import Client, LocalCluster

    result_bag = extract_bag(paths, root=root, lang=lang)
    cluster = None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                    dashboard_address=None)
    try:
        with Client(scheduler or cluster) as client:
            futures = client.compute(result_bag.to_delayed())
            for future in futures:
                yield from future.result()
                future.release()
    finally:
        if cluster is not None:
            cluster.close()
