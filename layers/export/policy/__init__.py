"""Export policy, applied once to the content before any format is made: ``opsec``
(coarsened positions, held-back recent events) and ``licence`` (the licence guard).
Pure rules over plain data: no folium, no browser."""
