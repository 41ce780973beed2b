"""Panels that other apps add to the meeting page (see ``core.registry``): reports adds
the signed records of certified minutes."""

from core.registry import Panel, Registry

meeting_panels: Registry[Panel] = Registry("meeting page panels")
