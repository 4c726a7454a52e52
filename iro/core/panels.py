"""Panels that other apps add to shared pages, so a page such as the child's record can show
reviews, oversight, disputes and the child's voice without one app importing all the others.

An app adds `iro/<app>/panels.py` defining any of:
- `child_panel(request, child) -> Panel | None` — a section on the child's page;
- `my_work_panel(request, iro) -> Panel | None` — a section on an IRO's "My children" page;
- `review_panel(request, review) -> Panel | None` — a section on a review's page;
- `allocation_panel(request, child) -> Panel | None` — a section beside the IRO allocation form;
- `service_home_panel(request, None) -> Panel | None` — a notice on the service's start page
  for managers ("Reviews due").
Each must issue a constant number of queries.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.apps import apps
from django.http import HttpRequest


@dataclass
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50


@cache
def _providers(hook: str) -> tuple[Callable[..., Panel | None], ...]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("iro."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.panels")
        except ModuleNotFoundError:
            continue
        provider = getattr(module, hook, None)
        if provider is not None:
            found.append(provider)
    return tuple(found)


def collect(hook: str, request: HttpRequest, subject: Any) -> list[Panel]:
    panels = [p for p in (provider(request, subject) for provider in _providers(hook)) if p]
    return sorted(panels, key=lambda p: p.order)
