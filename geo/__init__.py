"""The pure core of the frontline map: models, gazetteer, geoparsing, zones, stores.

Nothing in this package imports streamlit or folium.
"""
