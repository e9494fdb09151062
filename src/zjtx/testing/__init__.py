"""Testing kit for zjtx and its plug-ins (needs the optional extra ``zjtx[testing]``).

* :mod:`zjtx.testing.strategies`: hypothesis strategies for enterprises, rosters and every
  threshold of a rule set;
* :mod:`zjtx.testing.conformance`: the plug-in conformance checks
  (``test_conformance = conformance_tests("yunnan")``);
* :mod:`zjtx.testing.pytest_plugin`: the opt-in pytest plugin (``--zjtx-conformance=PLUGIN``).

Listing ``pytest_plugins = ["zjtx.testing"]`` in a test module (or the root ``conftest.py``) loads
the pytest plugin. The core library never imports this package.
"""

#: Listing this package as a pytest plugin loads the plugin module.
pytest_plugins = ["zjtx.testing.pytest_plugin"]
