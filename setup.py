"""Build hook: the wheel carries GraphiQL's and the explorer's browser files, when they are here.

Everything else about the build is in pyproject.toml. The browser files come from the npm
packages ``make serve`` installs into ``web/node_modules`` (never from a CDN); a wheel built
with them serves GraphiQL and /explore with no checkout beside it. Built without them, the
pages say what is missing, as in a checkout without npm.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

NODE_MODULES = Path(__file__).resolve().parent / "web" / "node_modules"
# The names clio.web.VENDOR_FILES serves; tests/cli/test_wheel.py checks the two agree.
VENDOR_FILES = {
    "react.js": "react/umd/react.production.min.js",
    "react-dom.js": "react-dom/umd/react-dom.production.min.js",
    "graphiql.js": "graphiql/graphiql.min.js",
    "graphiql.css": "graphiql/graphiql.min.css",
    "cytoscape.js": "cytoscape/dist/cytoscape.min.js",
}


class BuildWithBrowserFiles(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return  # an editable install serves web/node_modules itself
        target = Path(self.build_lib) / "clio" / "static" / "vendor"
        for name, relative in VENDOR_FILES.items():
            if (NODE_MODULES / relative).is_file():
                target.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(NODE_MODULES / relative, target / name)


setup(cmdclass={"build_py": BuildWithBrowserFiles})
