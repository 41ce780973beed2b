"""Governor dashboards: a province's standing on every program, and all provinces side by side.

``periods`` reads the FY/quarter choice, ``province`` and ``national`` aggregate in
the database (a fixed number of queries whatever the amount of data), ``widgets``
lists the sections of the province dashboard (one builder + one template each).
"""
