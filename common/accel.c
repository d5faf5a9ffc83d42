/* accel.c: (being written) */
