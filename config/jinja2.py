"""The Jinja2 environment for product pages: GOV.UK Frontend macros plus the product's helpers."""

from __future__ import annotations

from typing import Any

from django.contrib.staticfiles.storage import staticfiles_storage
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader, PrefixLoader

from iro.accounts.access import link_allowed, user_can
from iro.core import templating
from iro.web.navigation import nav_items, navigation


def environment(**options: Any) -> Environment:
    govuk = PrefixLoader(
        {"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")}
    )
    options["loader"] = ChoiceLoader([options.pop("loader"), govuk])
    # The GOV.UK macros test optional parameters that may be absent.
    options["undefined"] = ChainableUndefined
    options.pop("autoescape", None)
    env = Environment(autoescape=True, **options)
    env.globals.update(
        {
            "static": staticfiles_storage.url,
            "url": lambda name, *args, **kwargs: reverse(
                name, args=args or None, kwargs=kwargs or None
            ),
            **templating.GLOBALS,
            "nav_items": nav_items,
            "navigation": navigation,
            "user_can": user_can,
            "link_allowed": link_allowed,
        }
    )
    env.filters.update(templating.FILTERS)
    return env
