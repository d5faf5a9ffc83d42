/* hostinfo.c: (being written) */
