# Runs a command under a seccomp filter as the unit's SystemCallFilter= with SystemCallErrorNumber=EPERM
# sets one up: the system calls named in the file (one per line) are allowed, every other fails with EPERM.
# Needs python3-seccomp; the caller sets no_new_privs (setpriv --no-new-privs).
#   python3 seccomp-exec.py ALLOWED_FILE PROGRAM ARGS...
import os
import sys

import seccomp

names = open(sys.argv[1]).read().split()
f = seccomp.SyscallFilter(defaction=seccomp.ERRNO(1))
unknown = []
for n in names:
    try:
        f.add_rule(seccomp.ALLOW, n)
    except Exception:  # a name this libseccomp does not know (a newer kernel's call)
        unknown.append(n)
sys.stderr.write("seccomp: %d system calls allowed, not known here: %s\n" % (len(names) - len(unknown), " ".join(unknown)))
f.load()
os.execv(sys.argv[2], sys.argv[2:])
