bin_PROGRAMS += boot-benchmark-range/boot-benchmark-range
boot_benchmark_range_boot_benchmark_range_SOURCES = boot-benchmark-range/boot-benchmark-range.c
boot_benchmark_range_boot_benchmark_range_LDADD = $(BOOTPERF_LIBS)
