"""Builds assets/fonts/TitilliumWeb-{Regular,Bold,Italic}.ttf from the npm package
@fontsource/titillium-web (woff2, split into unicode subsets): each style's `latin` and
`latin-ext` files are decompressed to TrueType and merged into one font.

    cd /tmp && npm pack @fontsource/titillium-web@5.3.0 && tar xzf fontsource-titillium-web-5.3.0.tgz
    pip install fonttools brotli
    python3 /path/to/assets/fonts/build.py /tmp/package /path/to/assets/fonts
"""

import sys
from pathlib import Path

from fontTools.merge import Merger, Options
from fontTools.ttLib import TTFont

STYLES = [("400", "normal", "Regular"), ("700", "normal", "Bold"), ("400", "italic", "Italic")]
SUBSETS = ["latin", "latin-ext"]


def main(package: Path, out: Path) -> None:
    for weight, style, name in STYLES:
        parts = []
        for subset in SUBSETS:
            font = TTFont(package / "files" / f"titillium-web-{subset}-{weight}-{style}.woff2")
            font.flavor = None
            part = out / f".{subset}-{name}.ttf"
            font.save(part)
            parts.append(str(part))
        merged = Merger(options=Options(drop_tables=[])).merge(parts)
        merged.save(out / f"TitilliumWeb-{name}.ttf")
        for part in parts:
            Path(part).unlink()
        print(f"wrote TitilliumWeb-{name}.ttf")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
