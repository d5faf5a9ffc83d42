/* progress.c: (being written) */
