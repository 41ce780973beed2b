"""What evaluations adds to other apps' pages."""

from core.registry import panel
from evaluations.selectors import club_evaluation_history
from programs.panels import club_panels


@panel(club_panels, "evaluation_results", "evaluations/_club_results_panel.html")
def club_results_panel(*, club, user) -> dict:
    """The club's finalised evaluation results, newest round first."""
    return {"results": club_evaluation_history(club=club, user=user)}
