"""MetricsData: the right kind of payload for its type, non-empty series of the declared
element type, categories that match, an index that exists and has the same shape.

Follows the official ``_validate_metrics_data`` branch for branch: EXTERNAL_FILE data is
judged as a file whatever its flags say; otherwise ``is_per_category`` decides between
grouped and plain; ``is_indexed`` (the flag, not the type) decides whether the index is
checked. A type number the format does not know falls, as there, into "status series".
"""

from __future__ import annotations

from typing import Any

from tui.model.enums import MetricsDataType
from tui.validate import access
from tui.validate.context import Context, few, quote, show_id, uuid_ok
from tui.validate.pairs import _HOLDS, disagreement, type_label

EXTERNAL_FILE = MetricsDataType.EXTERNAL_FILE_DATA_TYPE
_MEMBER = {1: "doubles", 6: "doubles", 2: "timestamps", 7: "timestamps", 3: "uuids", 8: "uuids"}
_MEMBER |= {4: "strings", 9: "strings"}


def expected_member(data_type: int) -> str:
    """The Series member a data type must hold (statuses for anything unlisted)."""
    return _MEMBER.get(data_type, "statuses")


def check(ctx: Context) -> None:
    names: dict[str, int] = {}
    for position, data in enumerate(ctx.data_messages):
        if data.name in names:
            ctx.error(
                ctx.data(position, "name"),
                f"name {quote(data.name)} is also the name of data #{names[data.name]}",
                "unique-data-names",
                "give every MetricsData its own name",
            )
        else:
            names[data.name] = position
        if data.data_type == EXTERNAL_FILE:
            _file(ctx, position, data)
        elif data.is_per_category:
            _grouped(ctx, position, data)
        else:
            _plain(ctx, position, data)
        if data.is_indexed:
            _index(ctx, position, data)
        _flags(ctx, position, data)


def _file(ctx: Context, position: int, data: Any) -> None:
    if not data.HasField("external_file"):
        ctx.error(
            ctx.data(position, "external_file"),
            f"the type is EXTERNAL_FILE but the data holds {_HOLDS[data.WhichOneof('data')]}",
            "data-shape",
            "use ExternalFileMetricsData(name, filename) for files",
        )
    elif not data.external_file.path:
        ctx.error(
            ctx.data(position, "external_file.path"),
            "the external file has an empty path",
            "external-file-path",
            "give the file's path relative to the directory of metrics.binproto",
        )


def _grouped(ctx: Context, position: int, data: Any) -> None:
    if not data.HasField("series_per_category"):
        ctx.error(
            ctx.data(position, "series_per_category"),
            f"is_per_category is set but the data holds {_HOLDS[data.WhichOneof('data')]}",
            "data-shape",
            "write grouped data with GroupedMetricsData, or clear is_per_category",
        )
    mapping = access.keys(ctx, position)
    for key in _category_order(data, mapping):
        field = f"series_per_category.category_to_series[{quote(key, 40)}]"
        _series(ctx, position, data, key, field, f"category {quote(key, 40)}")
    listed = list(data.category_names)
    where = ctx.data(position, "category_names")
    if not listed:
        ctx.error(
            where,
            "category_names is empty",
            "category-names",
            "list every category of the grouped data in category_names",
        )
    elif set(listed) != set(mapping):
        missing = sorted(set(listed) - set(mapping))
        extra = sorted(set(mapping) - set(listed))
        parts = []
        if missing:
            parts.append(f"{few(missing)} listed but have no series")
        if extra:
            parts.append(f"{few(extra)} have series but are not listed")
        ctx.error(
            where,
            "category_names and the series disagree: " + "; ".join(parts),
            "category-names",
            "category_names must name exactly the categories of series_per_category",
        )


def _category_order(data: Any, mapping: list[str]) -> list[str]:
    listed = [name for name in dict.fromkeys(data.category_names) if name in mapping]
    return listed + sorted(set(mapping) - set(listed))


def _plain(ctx: Context, position: int, data: Any) -> None:
    if not data.HasField("series"):
        ctx.error(
            ctx.data(position, "series"),
            f"the data holds {_HOLDS[data.WhichOneof('data')]} instead of a series",
            "data-shape",
            "write a series, or set is_per_category for grouped data",
        )
        return
    _series(ctx, position, data, None, "series", "the series")


def _series(
    ctx: Context, position: int, data: Any, category: str | None, field: str, what: str
) -> None:
    member = access.member(ctx, position, category)
    if member is None:
        if position not in ctx.corrupt:
            ctx.error(
                ctx.data(position, field),
                f"{what} has no element type and no elements",
                "series-not-empty",
                _EMPTY,
            )
        return
    if access.length(ctx, position, category) == 0:
        ctx.error(ctx.data(position, field), f"{what} is empty", "series-not-empty", _EMPTY)
    wanted = expected_member(data.data_type)
    if member != wanted:
        ctx.error(
            ctx.data(position, field),
            f"{what} holds {member} but the data type {type_label(data.data_type)} needs {wanted}",
            "series-type",
            "make the data type match the elements (the SDK infers it from them)",
        )


_EMPTY = "the official validator rejects empty series: drop the data or write its values"


def _index(ctx: Context, position: int, data: Any) -> None:
    text = data.index_data_id.id.data
    if not uuid_ok(text):
        ctx.error(
            ctx.data(position, "index_data_id"),
            f"is_indexed is set but the index id {show_id(text)} is not a valid UUID",
            "valid-uuid",
            "set index_data to the series that indexes this one",
        )
        return
    found = ctx.data_by_text.get(text)
    if found is None:
        ctx.error(
            ctx.data(position, "index_data_id"),
            f"the index {show_id(text)} is not in the file",
            "index-exists",
            "write the index series too (the SDK writes it with the data), or clear is_indexed",
        )
        return
    index_position, index = found
    for reason in disagreement(ctx, (position, data), found, "this data", "its index"):
        ctx.error(
            ctx.data(position, "index_data_id"),
            reason,
            "index-shape",
            "an index has one key per element of the data",
        )
    if data.index_data_type != index.data_type:
        ctx.error(
            ctx.data(position, "index_data_type"),
            f"index_data_type is {type_label(data.index_data_type)} but the index "
            f"{quote(index.name)} is {type_label(index.data_type)}",
            "index-type",
            "set index_data_type to the index's data type",
        )
    if index_position == position:
        ctx.warn(
            ctx.data(position, "index_data_id"),
            "the data is its own index",
            "index-not-indexed",
            _PLAIN_INDEX,
        )
    elif index.is_indexed:
        ctx.warn(
            ctx.data(position, "index_data_id"),
            f"the index {quote(index.name)} is itself indexed",
            "index-not-indexed",
            _PLAIN_INDEX,
        )


_PLAIN_INDEX = "an index should be a plain series of keys (viewers do not follow chains)"


def _flags(ctx: Context, position: int, data: Any) -> None:
    """The indexed flag and the INDEXED_ types should agree; nothing official checks it."""
    typed = 6 <= data.data_type <= 10
    if typed and not data.is_indexed:
        ctx.warn(
            ctx.data(position, "is_indexed"),
            f"the type is {type_label(data.data_type)} but is_indexed is not set, "
            "so the data has no index",
            "indexed-flag",
            "set is_indexed and index_data_id, or use the plain type",
        )
    elif data.is_indexed and not typed and data.data_type != EXTERNAL_FILE:
        ctx.warn(
            ctx.data(position, "is_indexed"),
            f"is_indexed is set but the type {type_label(data.data_type)} is not an INDEXED_ one",
            "indexed-flag",
            "use the INDEXED_ variant of the type, or clear is_indexed",
        )
