"""The Jinja2 environment for product pages: GOV.UK Frontend macros plus the product's helpers."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any

from django.contrib.staticfiles.storage import staticfiles_storage
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader, PrefixLoader

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
    env.filters.update(templating.FILTERS)
    return env
