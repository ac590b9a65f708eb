"""The runner the Python PDF suites share: runs a test module's unittest
cases (or those named on the command line) with the module's TMP set to a
fresh folder, and ends with the plain 'N passed, N failed' line."""

import os
import shutil
import sys
import tempfile
import unittest


def run(module, prefix):
    """Runs module's tests; returns the exit status for sys.exit."""
    if not os.access(module.QUIRE, os.X_OK):
        print('quire binary not found: ' + module.QUIRE)
        return 99
    module.TMP = tempfile.mkdtemp(prefix=prefix)
    try:
        loader = unittest.TestLoader()
        names = sys.argv[1:]
        suite = (loader.loadTestsFromNames(names, module) if names
                 else loader.loadTestsFromModule(module))
        res = unittest.TextTestRunner(verbosity=2,
                                      stream=sys.stdout).run(suite)
    finally:
        shutil.rmtree(module.TMP, ignore_errors=True)
    failed = len(res.failures) + len(res.errors) + \
        len(res.unexpectedSuccesses)
    xfail = len(res.expectedFailures)
    passed = res.testsRun - failed - len(res.skipped) - xfail
    if xfail:
        print('%d expected failure(s): known bugs in quire' % xfail)
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0
