// The Python interpreter the lab uses for its helper scripts (os-ken runner, ICMP ping).

/**
 * Debian's interpreter: it has os_ken and eventlet from python3-os-ken, and it is there wherever the lab's
 * packages are. A python3 earlier on PATH (pyenv) lacks both, so the path is absolute.
 */
export const SYSTEM_PYTHON = '/usr/bin/python3';
