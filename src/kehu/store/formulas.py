"""The core's formulas (core.urgency) rendered as SQL: column expressions that build SQL text and
its parameters as the formula combines them, so SQLite computes what Python computes."""

from __future__ import annotations


class Sql:
    """An SQL expression with its parameters, combined by the operators the formulas use."""

    __slots__ = ("text", "params")

    def __init__(self, text: str, params: list | tuple = ()):
        self.text, self.params = text, list(params)

    def _binary(self, op: str, other, reverse: bool = False) -> Sql:
        other = other if isinstance(other, Sql) else constant(other)
        left, right = (other, self) if reverse else (self, other)
        return Sql(f"({left.text} {op} {right.text})", left.params + right.params)

    def __add__(self, other):
        return self._binary("+", other)

    def __radd__(self, other):
        return self._binary("+", other, reverse=True)

    def __mul__(self, other):
        return self._binary("*", other)

    def __rmul__(self, other):
        return self._binary("*", other, reverse=True)

    def __and__(self, other):
        return self._binary("AND", other)

    def __rand__(self, other):
        return self._binary("AND", other, reverse=True)

    def __eq__(self, other):
        return self._binary("=", other)  # an SQL expression, not a Python comparison

    def __gt__(self, other):
        return self._binary(">", other)

    def __ge__(self, other):
        return self._binary(">=", other)

    __hash__ = None


def constant(value) -> Sql:
    """A constant of a formula: whole numbers and words written into the SQL (so SQLite plans
    the query as if typed), other numbers (the configurable weights) as parameters."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return Sql("?", [value])
    return Sql(str(value) if isinstance(value, int) else "'" + value.replace("'", "''") + "'")


class SqlOps:
    """The formulas' operations (core.urgency.Values) in SQL."""

    @staticmethod
    def least(a, b) -> Sql:
        a, b = (x if isinstance(x, Sql) else constant(x) for x in (a, b))
        return Sql(f"min({a.text}, {b.text})", a.params + b.params)

    @staticmethod
    def when(condition: Sql, weight: float) -> Sql:
        if not isinstance(condition, Sql):  # a condition that is always false (or true) here
            return Sql("?", [weight if condition else 0.0])
        return Sql(f"CASE WHEN {condition.text} THEN ? ELSE 0.0 END", condition.params + [weight])

    @staticmethod
    def lookup(key: Sql, weights: dict) -> Sql:
        if not weights:
            return Sql("0.0")
        cases = " ".join("WHEN ? THEN ?" for _ in weights)
        return Sql(f"CASE {key.text} {cases} ELSE 0.0 END", key.params + [x for pair in weights.items() for x in pair])

    @staticmethod
    def one_of(value: Sql, values) -> Sql:
        if isinstance(values, range) and values.step == 1:
            return Sql(f"{value.text} BETWEEN {values.start} AND {values.stop - 1}", value.params)
        listed = [constant(v) for v in values]
        return Sql(f"{value.text} IN ({', '.join(v.text for v in listed)})", value.params + [p for v in listed for p in v.params])

    @staticmethod
    def or_zero(value: Sql) -> Sql:
        return Sql(f"coalesce({value.text}, 0)", value.params)


SQL = SqlOps()
