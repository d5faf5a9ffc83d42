/* appliance.c: (being written) */
