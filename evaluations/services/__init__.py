"""Writes of the evaluations app, one module per area: rubrics (building, publishing,
versioning), scoring (score sheets and photos from phones), results (the chair's
finalisation), rounds (committee, itinerary, assignments)."""
