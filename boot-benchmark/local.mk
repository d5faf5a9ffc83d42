bin_PROGRAMS += boot-benchmark/boot-benchmark
boot_benchmark_boot_benchmark_SOURCES = boot-benchmark/boot-benchmark.c
boot_benchmark_boot_benchmark_LDADD = $(BOOTPERF_LIBS)
