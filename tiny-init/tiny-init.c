/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tiny-init.c: the init of the initrd boot-benchmark --kernel uses when no
 * --initrd is given.  It prints the ready marker on the console and powers
 * the VM off at once, so that a boot measures the kernel alone.
 *
 * Built without libc (raw x86_64 system calls, -nostdlib -static -Os) so that
 * it stays a few hundred bytes of code: the paper's smallest init was 22 KB.
 * "bootperf_hold=1" on the kernel command line (the kernel passes unknown
 * name=value words to init's environment) keeps the VM up after the marker,
 * which the tests use to reach a timeout. */
#if !defined(__x86_64__)
#error "the tiny init is written for x86_64 Linux"
#endif

#define SYS_write 1
#define SYS_open 2
#define SYS_pause 34
#define SYS_exit 60
#define SYS_reboot 169

#define O_WRONLY 1
#define O_NOCTTY 0400

#define REBOOT_MAGIC1 0xfee1dead
#define REBOOT_MAGIC2 0x28121969
#define REBOOT_CMD_POWER_OFF 0x4321fedc
#define REBOOT_CMD_RESTART 0x01234567

static long
syscall3 (long n, long a, long b, long c)
{
  long ret;
  __asm__ volatile ("syscall"
                    : "=a"(ret)
                    : "a"(n), "D"(a), "S"(b), "d"(c)
                    : "rcx", "r11", "memory");
  return ret;
}

static long
syscall4 (long n, long a, long b, long c, long d)
{
  long ret;
  register long r10 __asm__ ("r10") = d;
  __asm__ volatile ("syscall"
                    : "=a"(ret)
                    : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
                    : "rcx", "r11", "memory");
  return ret;
}

static const char marker[] = "bootperf-tiny-init: ready\n";

static int
is_hold (const char *s)
{
  const char *want = "bootperf_hold=1";
  while (*want && *s == *want)
    s++, want++;
  return *want == '\0' && *s == '\0';
}

/* Called from _start with the initial stack pointer: argc, argv..., NULL,
 * envp..., NULL. */
__attribute__ ((used)) static void
tiny_main (long *sp)
{
  long argc = sp[0];
  char **envp = (char **)(sp + 1 + argc + 1);
  int hold = 0;
  for (; *envp; envp++)
    if (is_hold (*envp))
      hold = 1;

  /* The kernel opens /dev/console as fds 0-2 when the initrd has it; open it
   * again in case it did not. */
  long fd = syscall3 (SYS_open, (long)"/dev/console", O_WRONLY | O_NOCTTY, 0);
  if (fd < 0)
    fd = 1;
  syscall3 (SYS_write, fd, (long)marker, sizeof marker - 1);

  if (hold)
    for (;;)
      syscall3 (SYS_pause, 0, 0, 0);

  /* Power off (pc, q35 and microvm all have ACPI power off); should that
   * return, a reset ends QEMU too under -no-reboot. */
  syscall4 (SYS_reboot, REBOOT_MAGIC1, REBOOT_MAGIC2, REBOOT_CMD_POWER_OFF, 0);
  syscall4 (SYS_reboot, REBOOT_MAGIC1, REBOOT_MAGIC2, REBOOT_CMD_RESTART, 0);
  syscall3 (SYS_exit, 1, 0, 0);
}

__asm__ (".text\n"
         ".global _start\n"
         "_start:\n"
         "  xor %rbp, %rbp\n"
         "  mov %rsp, %rdi\n"
         "  and $-16, %rsp\n"
         "  call tiny_main\n"
         "  hlt\n");
