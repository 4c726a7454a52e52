"""The Jinja2 environment for product pages: GOV.UK Frontend macros plus the product's helpers."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from datetime import date
from typing import Any

from django.contrib.staticfiles.storage import staticfiles_storage
from django.forms.models import ModelChoiceIteratorValue
from django.urls import reverse
from django.utils.functional import Promise
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader, PrefixLoader
from markupsafe import Markup

from iro.accounts.access import link_allowed, user_can
from iro.core import templating
from iro.web.navigation import nav_items, navigation


class PageEnvironment(Environment):
    """Jinja with each template's globals one flat dict. Jinja's own is a ChainMap over the
    environment's, kept live for globals added later; every name a GOV.UK macro looks up, and
    every macro it imports inside itself, then walked the chain, which on the child's page was
    a third of the time spent drawing its forms. The globals are all set below, before any
    template is loaded, so nothing is missed."""

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}

    def getattr(self, obj: Any, attribute: str) -> Any:
        # `params.label` on a plain dict: Jinja tries the attribute first, which a dict has
        # not (unless it is one of dict's own, such as `items`), raises, then takes the item.
        # The same answer without the exception, for the thousand lookups a page's forms make.
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


_DICT_ATTRIBUTES = frozenset(dir(dict))


# A number no record's key reaches, to find where the key goes in a reversed URL.
_KEY_MARK = 918273645546372819


def row_url(name: str) -> Callable[[int], str]:
    """The URL of each row of a table, for a view whose one argument is an integer key:
    reversed once for the table, then each row's key put in its place (Django's reverse for
    every row of a 50-row list was a tenth of drawing it)."""
    head, _, tail = reverse(name, args=[_KEY_MARK]).partition(str(_KEY_MARK))

    def for_key(key: int) -> str:
        return f"{head}{int(key)}{tail}"

    return for_key


class FieldRenderer:
    """Draw a form field with the GOV.UK macros (`component` in web/macros.html), remembering
    the HTML of fields that hold no one's data. A macro's output depends only on its parameters,
    so the same parameters give the same HTML; the date input, radios and textarea of a child's
    quick oversight form were an eighth of drawing the child's page. Only an unbound field whose
    value is empty, a date or a choice is remembered: never anything a person typed or a
    record's text."""

    LIMIT = 2048

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.drawn: dict[Any, Markup] = {}

    def __call__(self, bound: Any, overrides: dict[str, Any] | None = None) -> Markup:
        params = templating.field_params(bound, **(overrides or {}))
        key = _frozen(params) if _holds_no_data(bound) else _UNKNOWN
        if key is not _UNKNOWN:
            html = self.drawn.get(key)
            if html is not None:
                return html
        # The macro returns Markup: the environment escapes as it draws.
        macros: Any = self.env.get_template("web/macros.html").module
        html = macros.component(params)
        if key is not _UNKNOWN:
            if len(self.drawn) >= self.LIMIT:
                self.drawn.clear()
            self.drawn[key] = html
        return html


def _holds_no_data(bound: Any) -> bool:
    if bound.form.is_bound:
        return False
    value = bound.value()
    return value in (None, "", [], ()) or isinstance(value, date | bool | int)


def _frozen(value: Any) -> Any:
    """A hashable copy of macro parameters that keeps Markup apart from plain text (they draw
    differently); _UNKNOWN, at every level, when any value inside is of a kind not known to draw
    the same way each time (returning None for a dict made its items' values vanish from the key,
    so radios of one set of records were drawn for another's)."""
    if isinstance(value, dict):
        items = [(k, _frozen(v)) for k, v in value.items()]
        return _UNKNOWN if any(v is _UNKNOWN for _, v in items) else ("d", tuple(sorted(items)))
    if isinstance(value, list | tuple):
        frozen = tuple(_frozen(v) for v in value)
        return _UNKNOWN if any(v is _UNKNOWN for v in frozen) else ("l", frozen)
    if isinstance(value, Markup):
        return ("m", str(value))
    if value is None or type(value) in (str, int, bool, float):
        return value
    if isinstance(value, Promise):  # a lazy translation
        return ("s", str(value))
    if isinstance(value, ModelChoiceIteratorValue):  # a record's choice draws as its key
        key = getattr(value, "value", None)  # its attribute is not in the stubs
        return ("c", key) if type(key) in (str, int) else _UNKNOWN
    return _UNKNOWN


_UNKNOWN = object()


def environment(**options: Any) -> Environment:
    govuk = PrefixLoader(
        {"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")}
    )
    options["loader"] = ChoiceLoader([options.pop("loader"), govuk])
    # The GOV.UK macros test optional parameters that may be absent.
    options["undefined"] = ChainableUndefined
    options.pop("autoescape", None)
    env = PageEnvironment(autoescape=True, **options)
    env.globals.update(
        {
            "static": staticfiles_storage.url,
            "url": lambda name, *args, **kwargs: reverse(
                name, args=args or None, kwargs=kwargs or None
            ),
            "row_url": row_url,
            **templating.GLOBALS,
            "nav_items": nav_items,
            "navigation": navigation,
            "user_can": user_can,
            "link_allowed": link_allowed,
        }
    )
    env.globals["field_html"] = FieldRenderer(env)
    env.filters.update(templating.FILTERS)
    return env
