/* interrupt.c: (being written) */
