"""What the Python PDF suites share: the runner, which runs a test
module's unittest cases (or those named on the command line) with the
module's TMP set to a fresh folder and ends with the plain 'N passed, N
failed' line; and qpdf_problems, which every PDF quire writes must pass."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest


def qpdf_problems(path):
    """What `qpdf --check` finds wrong with path (errors or warnings),
    or None when it finds nothing."""
    r = subprocess.run(['qpdf', '--check', path], capture_output=True,
                       text=True)
    out = r.stdout + r.stderr
    if r.returncode == 0 and 'WARNING' not in out.upper() and \
            'No syntax or stream encoding errors' in out:
        return None
    return 'qpdf --check %s: exit %d\n%s' % (path, r.returncode, out)


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
