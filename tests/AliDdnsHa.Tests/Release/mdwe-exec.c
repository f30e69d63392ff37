/* Runs a program with the kernel's memory-deny-write-execute policy (PR_SET_MDWE), the mechanism behind systemd's
 * MemoryDenyWriteExecute=yes: no mapping may be writable and executable, none may become executable later. The
 * release test runs the NativeAOT binary through it; a JIT (dotnet aliddnsha.dll) cannot run under it. */
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

#ifndef PR_SET_MDWE
#define PR_SET_MDWE 65
#endif
#ifndef PR_GET_MDWE
#define PR_GET_MDWE 66
#endif
#define PR_MDWE_REFUSE_EXEC_GAIN 1UL

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: mdwe-exec PROGRAM [ARGUMENT...]\n");
        return 2;
    }
    if (prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0UL, 0UL, 0UL) != 0 || prctl(PR_GET_MDWE, 0UL, 0UL, 0UL, 0UL) != 1) {
        perror("mdwe-exec: PR_SET_MDWE");
        return 3;
    }
    execv(argv[1], argv + 1);
    perror("mdwe-exec: execv");
    return 127;
}
