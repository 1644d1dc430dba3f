// Makes this AMD machine look like the VMs that advertise CPUID leaf 0x8000001D (cache topology) but answer it with
// zeros, so that oneDNN's wrong AVX-512 convolutions can be reproduced and AutoDL's cap and self-check tested here.
//
// Linux's CPUID faulting (arch_prctl ARCH_SET_CPUID, /proc/cpuinfo flag "cpuid_fault") turns every CPUID instruction
// of the process into a SIGSEGV. The handler runs the real CPUID with faulting briefly off, zeroes leaf 0x8000001D,
// and steps over the instruction. .NET installs its own SIGSEGV handler after this library's constructor; sigaction
// is wrapped so that .NET's handler is kept as the next one and receives every fault that is not a CPUID.
// Faulting is per thread and inherited by threads and forks; exec resets it, and LD_PRELOAD sets it up again.
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <dlfcn.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

static int (*libc_sigaction)(int, const struct sigaction *, struct sigaction *);
static struct sigaction next_handler;
static int faulting;

static long cpuid_faulting(int off) { return syscall(SYS_arch_prctl, ARCH_SET_CPUID, off); }

static void on_segv(int signal, siginfo_t *info, void *context) {
  greg_t *registers = ((ucontext_t *)context)->uc_mcontext.gregs;
  const unsigned char *ip = (const unsigned char *)registers[REG_RIP];
  if (ip[0] == 0x0F && ip[1] == 0xA2) {
    uint32_t leaf = (uint32_t)registers[REG_RAX], subleaf = (uint32_t)registers[REG_RCX], a, b, c, d;
    cpuid_faulting(1);
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(leaf), "c"(subleaf));
    cpuid_faulting(0);
    if (leaf == 0x8000001D) a = b = c = d = 0;
    registers[REG_RAX] = a;
    registers[REG_RBX] = b;
    registers[REG_RCX] = c;
    registers[REG_RDX] = d;
    registers[REG_RIP] += 2;
    return;
  }
  if ((next_handler.sa_flags & SA_SIGINFO) && next_handler.sa_sigaction) {
    next_handler.sa_sigaction(signal, info, context);
  } else if (!(next_handler.sa_flags & SA_SIGINFO) && next_handler.sa_handler != SIG_DFL && next_handler.sa_handler != SIG_IGN) {
    next_handler.sa_handler(signal);
  } else {
    struct sigaction fallback;
    memset(&fallback, 0, sizeof fallback);
    fallback.sa_handler = SIG_DFL;
    libc_sigaction(SIGSEGV, &fallback, NULL);
    raise(SIGSEGV);
  }
}

int sigaction(int signal, const struct sigaction *action, struct sigaction *old) {
  if (!libc_sigaction) libc_sigaction = dlsym(RTLD_NEXT, "sigaction");
  if (faulting && signal == SIGSEGV) {
    if (old) *old = next_handler;
    if (action) next_handler = *action;
    return 0;
  }
  return libc_sigaction(signal, action, old);
}

__attribute__((constructor)) static void start(void) {
  libc_sigaction = dlsym(RTLD_NEXT, "sigaction");
  struct sigaction handler;
  memset(&handler, 0, sizeof handler);
  handler.sa_sigaction = on_segv;
  handler.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  libc_sigaction(SIGSEGV, &handler, &next_handler);
  if (cpuid_faulting(0) != 0) {
    perror("empty-cache-leaf: arch_prctl(ARCH_SET_CPUID) (no CPUID faulting here)");
    return;
  }
  faulting = 1;
}
