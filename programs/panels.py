"""Panels that other apps add to programs' pages (see ``core.registry``): the club page
shows, for example, the club's evaluation results, which ``evaluations`` adds."""

from core.registry import Panel, Registry

club_panels: Registry[Panel] = Registry("club page panels")
